package io.fluxward.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.Main;
import io.fluxward.cli.TestPaths;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The CI templates and the pre-commit manifest: valid YAML, real current action versions, the settings that matter. */
class CiTemplatesTest {

    /**
     * The actions the templates may use, at their current major versions (named in the README):
     * checkout v6 (Nov 2025), setup-java v5 (Aug 2025), codeql-action v4 (Oct 2025).
     */
    static final Set<String> ACTIONS = Set.of("actions/checkout@v6", "actions/setup-java@v5", "actions/cache@v4",
            "github/codeql-action/upload-sarif@v4");

    private static Object load(String path) throws Exception {
        String text = Files.readString(TestPaths.root().resolve(path));
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static List<Map<String, Object>> steps(List<Object> steps) {
        List<Map<String, Object>> out = new ArrayList<>();
        steps.forEach(s -> out.add(map(s)));
        return out;
    }

    @Test
    void githubWorkflow() throws Exception {
        Map<String, Object> wf = map(load("ci-templates/github/fluxward.yml"));
        assertThat(map(wf.get("permissions"))).containsEntry("security-events", "write").containsEntry("contents", "read")
                .containsEntry("actions", "read");
        assertThat(map(wf.get("on"))).containsKey("pull_request");
        List<Map<String, Object>> steps = steps(list(map(map(wf.get("jobs")).get("fluxward")).get("steps")));
        List<Object> uses = steps.stream().filter(s -> s.containsKey("uses")).map(s -> s.get("uses")).toList();
        assertThat(uses).isNotEmpty().allMatch(ACTIONS::contains);
        Map<String, Object> checkout = steps.stream().filter(s -> "actions/checkout@v6".equals(s.get("uses")))
                .findFirst().orElseThrow();
        assertThat(map(checkout.get("with"))).containsEntry("fetch-depth", 0);
        Map<String, Object> upload = steps.stream().filter(s -> String.valueOf(s.get("uses")).contains("upload-sarif"))
                .findFirst().orElseThrow();
        assertThat(map(upload.get("with"))).containsEntry("sarif_file", "${{ runner.temp }}/fluxward.sarif")
                .containsKey("category");
        // setup-java's `cache: maven` fails a job whose repository has no pom.xml (a GitOps repository).
        steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java"))
                .forEach(s -> assertThat(map(s.get("with"))).doesNotContainKey("cache"));
        String runs = String.join("\n", steps.stream().filter(s -> s.containsKey("run")).map(s -> (String) s.get("run"))
                .toList());
        assertThat(runs).contains("--diff-base").contains("--format github").contains("--sarif \"$RUNNER_TEMP/fluxward.sarif\"")
                .contains("--format markdown").contains("GITHUB_STEP_SUMMARY");
        assertThat(runs).doesNotContain("${{");
        assertRunsTheLauncher(runs, "\"$FLUXWARD\" scan");
    }

    /** The launcher (C1, serial collector, the build's class data sharing archive): about twice as fast as java -jar. */
    private static void assertRunsTheLauncher(String commands, String launcherScan) {
        assertThat(commands).contains(launcherScan).doesNotContain("java -jar");
    }

    @Test
    void compositeAction() throws Exception {
        Map<String, Object> action = map(load("ci-templates/github/action/action.yml"));
        Map<String, Object> runs = map(action.get("runs"));
        assertThat(runs).containsEntry("using", "composite");
        StringBuilder commands = new StringBuilder();
        for (Map<String, Object> step : steps(list(runs.get("steps")))) {
            if (step.containsKey("uses")) {
                assertThat(ACTIONS).contains((String) step.get("uses"));
            } else {
                assertThat(step).containsEntry("shell", "bash");
                assertThat((String) step.get("run")).doesNotContain("${{");
                commands.append(step.get("run")).append('\n');
            }
        }
        assertRunsTheLauncher(commands.toString(), "\"$FLUXWARD\" scan");
        assertThat(map(action.get("inputs"))).containsKeys("path", "diff-base", "baseline", "sarif-file", "category",
                "fail-on");
    }

    @Test
    void gitlabJob() throws Exception {
        Map<String, Object> job = map(map(load("ci-templates/gitlab/fluxward.gitlab-ci.yml")).get("fluxward"));
        Map<String, Object> reports = map(map(job.get("artifacts")).get("reports"));
        assertThat(reports).containsEntry("codequality", "gl-code-quality-report.json");
        assertThat(String.valueOf(job.get("script"))).contains("--format gitlab")
                .contains("--output gl-code-quality-report.json").contains("--diff-base").contains("--baseline");
        // --diff-base needs the history: GitLab clones 20 or 50 commits deep by default.
        assertThat(map(job.get("variables"))).containsEntry("GIT_DEPTH", "0");
        assertRunsTheLauncher(String.valueOf(job.get("script")), "/tmp/fluxward/fluxward scan");
    }

    @Test
    void preCommitManifestAtTheRepositoryRoot() throws Exception {
        List<Object> hooks = list(load(".pre-commit-hooks.yaml"));
        List<String> ids = new ArrayList<>();
        for (Object o : hooks) {
            Map<String, Object> hook = map(o);
            ids.add((String) hook.get("id"));
            assertThat(hook).containsKeys("id", "name", "entry", "language");
            // pre-commit's `script` language: the entry is a path inside this repository. No file names: every
            // check is of the whole repository, and a long list would be split into runs that each repeat it.
            assertThat(hook).containsEntry("language", "script").containsEntry("pass_filenames", false)
                    .containsEntry("always_run", true).containsEntry("require_serial", true);
            // Not every stage (the default): no commit-msg run with the message file, no post-checkout run. These
            // names are valid in pre-commit 3.0 and later (3.2 and later also call them pre-commit, pre-merge-commit,
            // pre-push). merge-commit: git runs no pre-commit hook for a merge without conflicts.
            assertThat(list(hook.get("stages"))).containsExactly("commit", "merge-commit", "push", "manual");
            List<String> words = Arrays.asList(((String) hook.get("entry")).split(" "));
            assertThat(words.get(0)).isEqualTo("fluxward");
            assertThat(words).contains("--pre-commit-framework");
            assertThat(Files.isExecutable(TestPaths.root().resolve(words.get(0)))).isTrue();
            // The arguments are real options of `fluxward scan`, and the file names pre-commit appends are paths.
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            args.add("apps/a.yaml");
            List<picocli.CommandLine.Model.PositionalParamSpec> positionals = Main.commandLine()
                    .parseArgs(args.toArray(String[]::new)).subcommand().matchedPositionals();
            assertThat(positionals).hasSize(1);
            assertThat(positionals.get(0).stringValues()).containsExactly("apps/a.yaml");
        }
        assertThat(ids).containsExactly("fluxward", "fluxward-secrets");
    }

    @Test
    void readmeNamesTheActionVersions() throws Exception {
        String readme = Files.readString(TestPaths.root().resolve("README.md"));
        for (String action : ACTIONS) {
            assertThat(readme).contains(action);
        }
    }
}
