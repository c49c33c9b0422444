package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fluxward.cli.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The CI templates run: their shell steps, in order, with the environment GitHub Actions or GitLab gives them, on a
 * checkout like theirs (GitHub's detached merge commit of a pull request, GitLab's merge request head), running the
 * fluxward under test instead of the one the build step makes. A repository with a finding from before (a plaintext
 * Secret on main) must not fail every pull request: pass or fail follows what the change adds.
 */
class CiTemplatesRunTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
    private static final String ZEROS = "0000000000000000000000000000000000000000";

    @TempDir
    Path tmp;

    /** What one run of the steps did. */
    record Job(Map<String, Integer> exits, String log) {
        boolean failed() {
            return exits.values().stream().anyMatch(e -> e != 0);
        }

        int exit(String step) {
            assertThat(exits).as(log).containsKey(step);
            return exits.get(step);
        }
    }

    /**
     * origin: main with a ConfigMap and an old plaintext Secret (debt), branch clean (an edit of the ConfigMap) and
     * branch leak (a new plaintext Secret). Returns the developer's clone.
     */
    private TestRepo origin() {
        TestRepo dev = TestRepo.init(tmp, "dev");
        dev.write("apps/settings.yaml", CONFIG_MAP).write("apps/legacy.yaml", PLAIN).add(".").commit("base, with debt");
        dev.ok("init", "-q", "--bare", "-b", "main", tmp.resolve("origin.git").toString());
        dev.ok("remote", "add", "origin", tmp.resolve("origin.git").toString());
        dev.ok("push", "-q", "origin", "main");
        dev.ok("checkout", "-q", "-b", "clean");
        dev.write("apps/settings.yaml", CONFIG_MAP.replace("debug", "info")).add(".").commit("clean change");
        dev.ok("push", "-q", "origin", "clean");
        dev.ok("checkout", "-q", "-b", "leak", "main");
        dev.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".").commit("a new plaintext Secret");
        dev.ok("push", "-q", "origin", "leak");
        dev.ok("checkout", "-q", "main");
        return dev;
    }

    /** A fresh clone of origin with all branches (fetch-depth: 0) at {@code name}. */
    private TestRepo clone(TestRepo dev, String name) {
        Path ws = tmp.resolve(name);
        dev.ok("clone", "-q", tmp.resolve("origin.git").toString(), ws.toString());
        TestRepo clone = dev.at(ws);
        clone.ok("config", "user.email", "ci@example.com");
        clone.ok("config", "user.name", "CI");
        clone.ok("config", "commit.gpgsign", "false");
        return clone;
    }

    /** GitHub's checkout of a pull request: the detached merge commit of the branch into the base. */
    private TestRepo pullRequestCheckout(TestRepo dev, String branch) {
        TestRepo ws = clone(dev, "ws-pr-" + branch);
        ws.ok("checkout", "-q", "--detach", "origin/main");
        ws.ok("merge", "-q", "--no-ff", "--no-verify", "origin/" + branch, "-m", "Merge " + branch + " into main");
        return ws;
    }

    /** The fluxward under test, as the build step's $FLUXWARD would be. */
    private Path launcher() throws IOException {
        Path launcher = tmp.resolve("bin/fluxward");
        if (!Files.exists(launcher)) {
            Files.createDirectories(launcher.getParent());
            Files.writeString(launcher, "#!/bin/sh\nexec " + Fluxward.command() + " \"$@\"\n");
            assertThat(launcher.toFile().setExecutable(true)).isTrue();
        }
        return launcher;
    }

    private static Object load(String path) throws IOException {
        return new Load(LoadSettings.builder().build()).loadFromString(Files.readString(TestPaths.root().resolve(path)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    /** {@code ${{ X }}} replaced by {@code expressions.get(X)}; an expression the test does not know fails it. */
    private static String expand(String text, Map<String, String> expressions) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = expressions.get(m.group(1));
            if (value == null) {
                fail("the simulation does not know the expression " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Runs the shell steps (all but the build) of a workflow job or composite action as a GitHub runner does: bash
     * -e, the workflow's and the step's env, GITHUB_OUTPUT read back into {@code steps.ID.outputs.NAME}.
     */
    private Job runGithubSteps(TestRepo ws, List<Map<String, Object>> steps, Map<String, String> env,
                               Map<String, String> expressions) throws IOException {
        Path runner = Files.createDirectories(tmp.resolve("runner-" + ws.dir.getFileName()));
        Path output = runner.resolve("output");
        Map<String, String> base = new TreeMap<>(env);
        base.put("FLUXWARD", launcher().toString());
        base.put("RUNNER_TEMP", runner.toString());
        base.put("GITHUB_STEP_SUMMARY", runner.resolve("summary.md").toString());
        base.put("GITHUB_ENV", runner.resolve("env").toString());
        base.put("GITHUB_OUTPUT", output.toString());
        Map<String, String> known = new TreeMap<>(expressions);
        Map<String, Integer> exits = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        for (Map<String, Object> step : steps) {
            if (!step.containsKey("run") || "build".equals(step.get("id"))) {
                continue;
            }
            String name = String.valueOf(step.getOrDefault("id", step.get("name")));
            Map<String, String> stepEnv = new TreeMap<>(base);
            map(step.get("env")).forEach((k, v) -> stepEnv.put(k, expand(String.valueOf(v), known)));
            Files.writeString(output, "");
            String script = (String) step.get("run");
            assertThat(script).doesNotContain("${{");
            TestRepo.Run run = ws.run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script), stepEnv);
            exits.put(name, run.exit());
            log.append("== ").append(name).append(" exit ").append(run.exit()).append('\n').append(run.all());
            for (String line : Files.readAllLines(output)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    known.put("steps." + step.get("id") + ".outputs." + line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return new Job(exits, log.toString());
    }

    /** The workflow's job on a pull request ({@code base} main) or a push ({@code before}: the earlier tip). */
    private Job workflow(TestRepo ws, String event, String before) throws IOException {
        Map<String, Object> wf = map(load("ci-templates/github/fluxward.yml"));
        Map<String, String> env = new TreeMap<>();
        map(wf.get("env")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        env.put("GITHUB_EVENT_NAME", event);
        Map<String, String> expressions = new TreeMap<>();
        expressions.put("github.base_ref", event.equals("pull_request") ? "main" : "");
        expressions.put("github.event.before", before);
        return runGithubSteps(ws, steps(map(map(wf.get("jobs")).get("fluxward")).get("steps")), env, expressions);
    }

    private static String sarif(TestRepo ws) throws IOException {
        return Files.readString(ws.dir.getParent().resolve("runner-" + ws.dir.getFileName()).resolve("fluxward.sarif"));
    }

    @Test
    void workflowFailsAPullRequestOnWhatItAddsNotOnOlderFindings() throws Exception {
        TestRepo dev = origin();
        TestRepo clean = pullRequestCheckout(dev, "clean");
        Job cleanJob = workflow(clean, "pull_request", "");
        assertThat(cleanJob.failed()).as(cleanJob.log()).isFalse();
        // The report still has the old finding: code scanning and the summary show the debt.
        assertThat(sarif(clean)).contains("FW-S001").contains("apps/legacy.yaml");
        assertThat(Files.readString(clean.dir.getParent().resolve("runner-" + clean.dir.getFileName())
                .resolve("summary.md"))).contains("FW-S001");

        TestRepo leak = pullRequestCheckout(dev, "leak");
        Job leakJob = workflow(leak, "pull_request", "");
        assertThat(leakJob.exit("check")).as(leakJob.log()).isEqualTo(1);
        assertThat(leakJob.log()).contains("::error file=apps/leak.yaml").doesNotContain("::error file=apps/legacy.yaml")
                .doesNotContain("hunter2");
        assertThat(leakJob.exit("scan")).as(leakJob.log()).isZero();
        assertThat(sarif(leak)).contains("apps/leak.yaml").contains("apps/legacy.yaml");
    }

    @Test
    void workflowOnPushesComparesWithTheEarlierTipOrUsesTheBaseline() throws Exception {
        TestRepo dev = origin();
        String before = dev.head();
        // The clean branch merged and pushed to main.
        TestRepo pushed = clone(dev, "ws-push");
        pushed.ok("merge", "-q", "--no-ff", "--no-verify", "origin/clean", "-m", "merge clean");
        Job job = workflow(pushed, "push", before);
        assertThat(job.failed()).as(job.log()).isFalse();

        TestRepo leaked = clone(dev, "ws-push-leak");
        leaked.ok("merge", "-q", "--no-ff", "--no-verify", "origin/leak", "-m", "merge leak");
        Job leakJob = workflow(leaked, "push", before);
        assertThat(leakJob.exit("check")).as(leakJob.log()).isEqualTo(1);
        assertThat(leakJob.log()).contains("::error file=apps/leak.yaml").doesNotContain("::error file=apps/legacy.yaml");

        // Nothing to compare with (a new branch's first push): every finding counts, less the baseline's.
        TestRepo first = clone(dev, "ws-first");
        Job firstJob = workflow(first, "push", ZEROS);
        assertThat(firstJob.exit("check")).as(firstJob.log()).isEqualTo(1);
        assertThat(firstJob.log()).contains("no earlier commit").contains("::error file=apps/legacy.yaml");
        Fluxward.Result created = Fluxward.run("baseline", "create", "--path", first.dir.toString(),
                first.dir.resolve(".fluxward-baseline.json").toString());
        assertThat(created.exit()).as(created.err()).isZero();
        first.add(".fluxward-baseline.json").commit("accept the debt");
        Job accepted = workflow(first, "push", ZEROS);
        assertThat(accepted.failed()).as(accepted.log()).isFalse();
    }

    /** The composite action, with these inputs over its defaults. */
    private Job action(TestRepo ws, Map<String, String> inputs) throws IOException {
        Map<String, Object> action = map(load("ci-templates/github/action/action.yml"));
        Map<String, String> expressions = new TreeMap<>();
        map(action.get("inputs")).forEach((k, v) -> expressions.put("inputs." + k,
                String.valueOf(map(v).getOrDefault("default", ""))));
        inputs.forEach((k, v) -> expressions.put("inputs." + k, v));
        return runGithubSteps(ws, steps(map(action.get("runs")).get("steps")), Map.of("GITHUB_EVENT_NAME",
                "pull_request"), expressions);
    }

    @Test
    void actionFailsOnWhatDiffBaseAddsAndTakesABaseline() throws Exception {
        TestRepo dev = origin();
        TestRepo clean = pullRequestCheckout(dev, "clean");
        Job cleanJob = action(clean, Map.of("diff-base", "origin/main"));
        assertThat(cleanJob.exit("Result")).as(cleanJob.log()).isZero();
        assertThat(Files.readString(clean.dir.resolve("fluxward.sarif"))).contains("apps/legacy.yaml");

        TestRepo leak = pullRequestCheckout(dev, "leak");
        Job leakJob = action(leak, Map.of("diff-base", "origin/main"));
        assertThat(leakJob.exit("Result")).as(leakJob.log()).isEqualTo(1);
        assertThat(leakJob.log()).contains("::error file=apps/leak.yaml").doesNotContain("::error file=apps/legacy.yaml");

        // Without diff-base every finding counts, less the baseline's: the repository's, or the one named.
        TestRepo whole = clone(dev, "ws-whole");
        assertThat(action(whole, Map.of()).exit("Result")).isEqualTo(1);
        Path named = tmp.resolve("accepted.json");
        Fluxward.Result created = Fluxward.run("baseline", "create", "--path", whole.dir.toString(), named.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        Job withNamed = action(whole, Map.of("baseline", named.toString()));
        assertThat(withNamed.exit("Result")).as(withNamed.log()).isZero();
        Files.copy(named, whole.dir.resolve(".fluxward-baseline.json"));
        Job withDefault = action(whole, Map.of());
        assertThat(withDefault.exit("Result")).as(withDefault.log()).isZero();
        // A named baseline that is not there is an error (exit 2), not a silent full check.
        assertThat(action(whole, Map.of("baseline", tmp.resolve("missing.json").toString())).exit("Result"))
                .isEqualTo(2);
    }

    /**
     * The action's build step, used twice in one job (a folder each): the second use reuses the first's checkout and
     * build instead of failing to clone into the same folder; another version gets a folder of its own.
     */
    @Test
    void actionBuildStepRunsMoreThanOnceInAJob() throws Exception {
        // A stand-in for github.com/fluxward/fluxward, and a mvn that only makes the jar (and logs its runs).
        TestRepo upstream = TestRepo.init(tmp, "upstream");
        upstream.write("fluxward", "#!/bin/sh\necho stand-in\n").write("pom.xml", "<project/>\n");
        assertThat(upstream.dir.resolve("fluxward").toFile().setExecutable(true)).isTrue();
        upstream.add(".").commit("release");
        upstream.ok("tag", "v0.1.0");
        upstream.write("pom.xml", "<project></project>\n").add(".").commit("next");
        upstream.ok("tag", "v0.2.0");
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path mvnLog = tmp.resolve("mvn.log");
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = -f ] && pom=$2; shift; done\n"
                + "echo \"$pom\" >> '" + mvnLog + "'\nmkdir -p \"${pom%/*}/scanner/cli/target\"\n"
                + ": > \"${pom%/*}/scanner/cli/target/fluxward.jar\"\n");
        assertThat(bin.resolve("mvn").toFile().setExecutable(true)).isTrue();

        Map<String, Object> action = map(load("ci-templates/github/action/action.yml"));
        Map<String, Object> build = steps(map(action.get("runs")).get("steps")).stream()
                .filter(s -> "build".equals(s.get("id"))).findFirst().orElseThrow();
        String script = ((String) build.get("run")).replace("https://github.com/fluxward/fluxward.git",
                upstream.dir.toUri().toString());
        Path runner = Files.createDirectories(tmp.resolve("runner"));
        Path githubEnv = runner.resolve("env");
        List<String> versions = List.of("v0.1.0", "v0.1.0", "v0.2.0");
        for (String version : versions) {
            Map<String, String> env = Map.of("RUNNER_TEMP", runner.toString(), "GITHUB_ENV", githubEnv.toString(),
                    "FLUXWARD_VERSION", version, "PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
            TestRepo.Run run = upstream.run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script), env);
            assertThat(run.exit()).as(version + "\n" + run.all()).isZero();
        }
        List<String> set = Files.readAllLines(githubEnv);
        assertThat(set).hasSize(3);
        for (int i = 0; i < set.size(); i++) {
            assertThat(set.get(i)).startsWith("FLUXWARD=");
            Path launcher = Path.of(set.get(i).substring("FLUXWARD=".length()));
            assertThat(Files.isExecutable(launcher)).as(set.get(i)).isTrue();
            assertThat(launcher.getParent().resolve("pom.xml")).content()
                    .isEqualTo(versions.get(i).equals("v0.1.0") ? "<project/>\n" : "<project></project>\n");
        }
        assertThat(set.get(0)).isEqualTo(set.get(1)).isNotEqualTo(set.get(2));
        assertThat(Files.readAllLines(mvnLog)).hasSize(2);
    }

    /** The GitLab job's script entries, in one checkout, with these CI variables. */
    private Job gitlab(TestRepo ws, Map<String, String> ci) throws IOException {
        Map<String, Object> job = map(map(load("ci-templates/gitlab/fluxward.gitlab-ci.yml")).get("fluxward"));
        Map<String, String> env = new TreeMap<>(ci);
        map(job.get("variables")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        Map<String, Integer> exits = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        List<Object> script = new ArrayList<>((List<?>) job.get("script"));
        for (int i = 0; i < script.size(); i++) {
            String entry = String.valueOf(script.get(i)).replace("/tmp/fluxward/fluxward", launcher().toString());
            TestRepo.Run run = ws.run(List.of("sh", "-e", "-c", entry), env);
            exits.put("script " + i, run.exit());
            log.append("== script ").append(i).append(" exit ").append(run.exit()).append('\n').append(run.all());
            if (run.exit() != 0) {
                break; // GitLab stops the job at the first failing command
            }
        }
        return new Job(exits, log.toString());
    }

    @Test
    void gitlabJobFailsAMergeRequestOnWhatItAdds() throws Exception {
        TestRepo dev = origin();
        String mainTip = dev.head();
        for (String branch : List.of("clean", "leak")) {
            // A merge request pipeline runs on the source branch's head.
            TestRepo ws = clone(dev, "ws-mr-" + branch);
            ws.ok("checkout", "-q", "--detach", "origin/" + branch);
            Job job = gitlab(ws, Map.of("CI_PIPELINE_SOURCE", "merge_request_event", "CI_MERGE_REQUEST_IID", "7",
                    "CI_MERGE_REQUEST_DIFF_BASE_SHA", mainTip, "CI_COMMIT_BEFORE_SHA", ZEROS));
            assertThat(job.failed()).as(job.log()).isEqualTo(branch.equals("leak"));
            assertThat(Files.readString(ws.dir.resolve("gl-code-quality-report.json"))).contains("apps/legacy.yaml");
            if (branch.equals("leak")) {
                assertThat(job.log()).contains("apps/leak.yaml").doesNotContain("hunter2");
            }
        }
        // The default branch after a push: compared with the commit before it.
        TestRepo pushed = clone(dev, "ws-gl-push");
        pushed.ok("merge", "-q", "--no-ff", "--no-verify", "origin/clean", "-m", "merge clean");
        Job push = gitlab(pushed, Map.of("CI_PIPELINE_SOURCE", "push", "CI_COMMIT_BEFORE_SHA", mainTip));
        assertThat(push.failed()).as(push.log()).isFalse();
    }
}
