package io.fluxward.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.FileModel;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the real kustomize: every folder with a kustomization file in
 * {@code testdata/} and in the shared corpus that {@code kubectl kustomize} builds offline must render
 * the same set of (group, kind, namespace, name) in fluxward. kubectl runs with a timeout, without
 * network (git limited to local files, HTTP through a dead proxy) and with
 * {@code --load-restrictor LoadRestrictionsNone}, as Flux builds. Folders kubectl cannot build are
 * excluded with kubectl's reason; the summary is written to {@code target/kustomize-differential.txt}.
 */
class KustomizeDifferentialTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final int PARALLEL = 3;
    private static final long TIMEOUT_SECONDS = 30;

    /** One folder to compare. */
    private record Folder(Path repo, String dir) {
        String display() {
            return repo.getFileName() + "/" + (dir.isEmpty() ? "." : dir);
        }
    }

    /** kubectl's output for one folder: the ids, or why it failed. */
    private record KubectlResult(TreeSet<String> ids, String error) {
    }

    @Test
    void fluxwardRendersWhatKustomizeRenders() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL
                + ": differential test against kustomize skipped");
        List<Path> repos = new ArrayList<>(repositories(TestPaths.testdata()));
        Optional<Path> corpus = TestPaths.shared().map(s -> s.resolve("corpus")).filter(Files::isDirectory);
        if (corpus.isPresent()) {
            try (Stream<Path> s = Files.list(corpus.get())) {
                s.filter(Files::isDirectory).sorted().forEach(repos::add);
            }
        }
        // -Dkustomize.diff.only=NAME limits the run to repositories whose folder name contains NAME (for debugging).
        String only = System.getProperty("kustomize.diff.only", "");
        repos.removeIf(r -> !r.getFileName().toString().contains(only));
        RuleSet rules = RuleSet.load(List.of());
        Map<Folder, Build> ours = new TreeMap<>((a, b) -> a.display().compareTo(b.display()));
        long fluxwardNanos = 0;
        for (Path repo : repos) {
            long start = System.nanoTime();
            RepositoryModel model = new Scanner(rules).model(new WorkTreeSnapshot(repo), Config.empty(),
                    ScanOptions.defaults(), new ArrayList<Note>());
            Kustomize k = model.facet(Kustomize.FACET);
            for (FileModel f : k.kustomizationFiles()) {
                if (!Kustomize.isComponent(f)) {
                    String dir = f.file().directory();
                    ours.put(new Folder(repo, dir), k.build(dir));
                }
            }
            fluxwardNanos += System.nanoTime() - start;
        }
        long kubectlStart = System.nanoTime();
        Map<Folder, KubectlResult> theirs = runKubectl(new ArrayList<>(ours.keySet()));
        long kubectlNanos = System.nanoTime() - kubectlStart;

        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> exclusions = new TreeMap<>();
        List<String> excluded = new ArrayList<>();
        int compared = 0;
        int predictedFailures = 0;
        for (Map.Entry<Folder, Build> e : ours.entrySet()) {
            KubectlResult kubectl = theirs.get(e.getKey());
            Build build = e.getValue();
            if (kubectl.error() != null) {
                String reason = reason(kubectl.error());
                exclusions.merge(reason, 1, Integer::sum);
                boolean predicted = build.fails() || !build.complete();
                predictedFailures += predicted ? 1 : 0;
                excluded.add(e.getKey().display() + ": " + reason + (predicted ? "" : "  [fluxward saw no problem]"));
                continue;
            }
            if (build.transformedUnseen()) {
                // fluxward does not run transformer plugins and says so: rules stay quiet about this build's objects.
                exclusions.merge("transformer plugins (not run by fluxward, which marks the build)", 1, Integer::sum);
                excluded.add(e.getKey().display() + ": transformer plugins");
                continue;
            }
            compared++;
            TreeSet<String> mine = new TreeSet<>();
            build.resources().forEach(r -> mine.add(r.group() + "/" + r.kind() + "/" + r.namespace() + "/" + r.name()));
            if (!mine.equals(kubectl.ids())) {
                TreeSet<String> missing = new TreeSet<>(kubectl.ids());
                missing.removeAll(mine);
                TreeSet<String> extra = new TreeSet<>(mine);
                extra.removeAll(kubectl.ids());
                mismatches.add(e.getKey().display() + "\n    only kustomize: " + missing + "\n    only fluxward:  " + extra);
            }
        }
        StringBuilder summary = new StringBuilder();
        summary.append(String.format("folders: %d, compared: %d, excluded: %d (fluxward predicted %d of them)%n",
                ours.size(), compared, ours.size() - compared, predictedFailures));
        summary.append(String.format("fluxward model+render: %.1f s, kubectl kustomize (%d parallel): %.1f s%n",
                fluxwardNanos / 1e9, PARALLEL, kubectlNanos / 1e9));
        summary.append("exclusions by reason:\n");
        exclusions.forEach((r, n) -> summary.append(String.format("  %4d  %s%n", n, r)));
        summary.append("excluded folders:\n");
        excluded.forEach(x -> summary.append("  ").append(x).append('\n'));
        summary.append("mismatches: ").append(mismatches.size()).append('\n');
        mismatches.forEach(m -> summary.append("  ").append(m).append('\n'));
        Path out = TestPaths.root().resolve("scanner/cli/target/kustomize-differential.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary.toString(), StandardCharsets.UTF_8);
        System.out.print(summary.substring(0, summary.indexOf("excluded folders:")));
        assertThat(compared).as("folders compared with kustomize").isPositive();
        assertThat(mismatches).as("folders where fluxward and kustomize render different objects").isEmpty();
    }

    /** Fixture repositories: every case folder, and every folder of a {@code testdata/kustomize-*} set. */
    private static List<Path> repositories(Path testdata) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> top = Files.list(testdata)) {
            for (Path group : top.filter(Files::isDirectory).sorted().toList()) {
                String name = group.getFileName().toString();
                if (name.equals("cases")) {
                    try (Stream<Path> rules = Files.list(group)) {
                        for (Path rule : rules.filter(Files::isDirectory).sorted().toList()) {
                            try (Stream<Path> cases = Files.list(rule)) {
                                cases.filter(Files::isDirectory).sorted().forEach(out::add);
                            }
                        }
                    }
                } else if (name.startsWith("kustomize-")) {
                    try (Stream<Path> sets = Files.list(group)) {
                        sets.filter(Files::isDirectory).sorted().forEach(out::add);
                    }
                } else {
                    out.add(group);
                }
            }
        }
        return out;
    }

    private static Map<Folder, KubectlResult> runKubectl(List<Folder> folders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            Map<Folder, Future<KubectlResult>> futures = new TreeMap<>((a, b) -> a.display().compareTo(b.display()));
            for (Folder f : folders) {
                futures.put(f, pool.submit(() -> kubectl(f)));
            }
            Map<Folder, KubectlResult> out = new TreeMap<>((a, b) -> a.display().compareTo(b.display()));
            for (Map.Entry<Folder, Future<KubectlResult>> e : futures.entrySet()) {
                out.put(e.getKey(), e.getValue().get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static KubectlResult kubectl(Folder f) throws IOException, InterruptedException {
        Path dir = f.repo().resolve(f.dir().isEmpty() ? "." : f.dir());
        ProcessBuilder pb = new ProcessBuilder(KUBECTL.toString(), "kustomize", "--load-restrictor",
                "LoadRestrictionsNone", dir.toString());
        Map<String, String> env = pb.environment();
        env.put("GIT_ALLOW_PROTOCOL", "file");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("HTTP_PROXY", "http://127.0.0.1:9");
        env.put("HTTPS_PROXY", "http://127.0.0.1:9");
        env.put("http_proxy", "http://127.0.0.1:9");
        env.put("https_proxy", "http://127.0.0.1:9");
        env.remove("NO_PROXY");
        env.remove("no_proxy");
        Path stdout = Files.createTempFile("kustomize-out", ".yaml");
        Path stderr = Files.createTempFile("kustomize-err", ".txt");
        try {
            pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new KubectlResult(null, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                return new KubectlResult(null, Files.readString(stderr, StandardCharsets.UTF_8));
            }
            YamlParse parse = YamlParser.parse(Files.readString(stdout, StandardCharsets.UTF_8));
            TreeSet<String> ids = new TreeSet<>();
            for (YDocument d : parse.documents()) {
                YNode root = d.root();
                if (!root.isMap()) {
                    continue;
                }
                String apiVersion = root.get("apiVersion").textOr("");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                ids.add(group + "/" + root.get("kind").textOr("") + "/" + root.at("metadata", "namespace").textOr("")
                        + "/" + root.at("metadata", "name").textOr(""));
            }
            return new KubectlResult(ids, null);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** A short, folder-independent reason from kubectl's error output. */
    static String reason(String stderr) {
        String s = stderr.replaceAll("(?s)\\s+", " ");
        if (s.contains("git cmd") || s.contains("git@") || s.contains("http") && s.contains("proxy")
                || s.contains("failed to run '/usr/bin/git")) {
            return "remote resource (not fetched offline)";
        }
        if (s.contains("helm")) {
            return "helmCharts (needs helm and network)";
        }
        if (s.contains("must build at directory") && s.contains("missing Resource metadata")) {
            return "a resource file is not a Kubernetes object";
        }
        if (s.contains("no such file or directory") || s.contains("does not exist")) {
            return "a referenced file or folder does not exist";
        }
        if (s.contains("no matches for Id") || s.contains("failed to find unique target for patch")) {
            return "a strategic merge patch matches no resource";
        }
        if (s.contains("unknown field")) {
            return "unknown field in the kustomization";
        }
        if (s.contains("already registered id")) {
            return "the same object is included twice";
        }
        int err = s.indexOf("err=");
        String tail = err >= 0 ? s.substring(err + 4) : s;
        tail = tail.replaceAll("/[^ '\"]*", "<path>");
        return tail.length() > 140 ? tail.substring(0, 140) + "..." : tail;
    }
}
