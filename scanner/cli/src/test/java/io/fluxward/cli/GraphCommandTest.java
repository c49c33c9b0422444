package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code fluxward graph}: the nodes and edges of a fixture in every format, and DOT that Graphviz accepts. */
class GraphCommandTest {

    private static final Path REPO = TestPaths.testdata().resolve("graph/management-and-worker");
    private static final Path BUILD_FAILS = TestPaths.testdata().resolve("graph/build-fails");
    private static final Path STRAY_ERROR = TestPaths.testdata().resolve("graph/stray-error");
    private static final Path MISSING_SOURCE = TestPaths.testdata().resolve("graph/missing-source");
    private static final Path ERROR_AND_WARNING = TestPaths.testdata().resolve("graph/error-and-warning");
    private static final Path SOURCES_PER_CLUSTER = TestPaths.testdata().resolve("graph/sources-per-cluster");
    private static final Path NAMESPACELESS = TestPaths.testdata().resolve("graph/namespaceless-roots");
    private static final Path OTHER_CLUSTER_NOT_FULLY_SEEN =
            TestPaths.testdata().resolve("cases/FW-F003/fires-defined-only-for-another-cluster-not-fully-seen");
    private static final Path FOLDER_NAMESPACE =
            TestPaths.testdata().resolve("cases/FW-F013/quiet-helmrelease-moved-by-folder-namespace");

    private record Run(int code, String out, String err) {
    }

    private static Run graph(String... args) {
        return graphOf(REPO, args);
    }

    private static Run graphOf(Path repo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("graph", repo.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasTheAppliersTheirClustersSourcesAndEdges() throws Exception {
        Run run = graph("--format", "json");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode root = new ObjectMapper().readTree(run.out());
        Map<String, JsonNode> nodes = new HashMap<>();
        root.get("nodes").forEach(n -> nodes.put(n.get("kind").asText() + " " + n.get("namespace").asText() + "/"
                + n.get("name").asText(), n));
        assertThat(nodes).containsOnlyKeys("Kustomization flux-system/flux-system", "Kustomization flux-system/infra",
                "Kustomization flux-system/worker01-namespaces", "Kustomization flux-system/worker01-apps",
                "HelmRelease podinfo/podinfo", "HelmRelease monitoring/metrics-server",
                "GitRepository flux-system/flux-system", "HelmRepository podinfo/podinfo",
                "HelmRepository monitoring/metrics-server", "Kustomization flux-system/worker01-crds");
        assertThat(nodes.get("Kustomization flux-system/worker01-crds").get("missing").asBoolean()).isTrue();
        // Two clusters: the management cluster, and the worker its kubeConfig reaches.
        assertThat(root.get("clusters")).hasSize(2);
        String local = nodes.get("Kustomization flux-system/infra").get("cluster").asText();
        String remote = nodes.get("HelmRelease monitoring/metrics-server").get("cluster").asText();
        assertThat(remote).isNotEqualTo(local);
        assertThat(nodes.get("HelmRelease podinfo/podinfo").get("cluster").asText()).isEqualTo(local);
        assertThat(nodes.get("HelmRepository monitoring/metrics-server").get("cluster").asText()).isEqualTo(remote);
        assertThat(nodes.get("Kustomization flux-system/worker01-apps").get("kubeConfig").asText())
                .isEqualTo("Secret flux-system/worker01-kubeconfig");
        assertThat(nodes.get("Kustomization flux-system/worker01-apps").get("path").asText())
                .isEqualTo("./workers/worker01/apps");

        List<String> edges = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        nodes.forEach((name, n) -> names.put(n.get("id").asText(), name));
        root.get("edges").forEach(e -> edges.add(names.get(e.get("from").asText()) + " -" + e.get("type").asText() + "-> "
                + names.get(e.get("to").asText())));
        assertThat(edges).containsExactlyInAnyOrder(
                "Kustomization flux-system/flux-system -applies-> Kustomization flux-system/infra",
                "Kustomization flux-system/flux-system -applies-> Kustomization flux-system/worker01-namespaces",
                "Kustomization flux-system/flux-system -applies-> Kustomization flux-system/worker01-apps",
                "Kustomization flux-system/infra -applies-> HelmRelease podinfo/podinfo",
                "Kustomization flux-system/worker01-apps -applies-> HelmRelease monitoring/metrics-server",
                "Kustomization flux-system/worker01-apps -depends-on-> Kustomization flux-system/worker01-namespaces",
                "Kustomization flux-system/worker01-apps -depends-on-> Kustomization flux-system/worker01-crds",
                "Kustomization flux-system/flux-system -source-> GitRepository flux-system/flux-system",
                "Kustomization flux-system/infra -source-> GitRepository flux-system/flux-system",
                "Kustomization flux-system/worker01-namespaces -source-> GitRepository flux-system/flux-system",
                "Kustomization flux-system/worker01-apps -source-> GitRepository flux-system/flux-system",
                "HelmRelease podinfo/podinfo -source-> HelmRepository podinfo/podinfo",
                "HelmRelease monitoring/metrics-server -source-> HelmRepository monitoring/metrics-server");

        // worker01-apps depends on a Kustomization that does not exist: marked with its error, the target drawn missing.
        JsonNode apps = nodes.get("Kustomization flux-system/worker01-apps");
        assertThat(apps.get("errors").asInt()).isEqualTo(1);
        assertThat(apps.get("rules").toString()).contains("FW-F003");
        assertThat(nodes.get("Kustomization flux-system/infra").get("errors").asInt()).isZero();
    }

    @Test
    void mermaidDrawsClustersNodesEdgesAndErrors() {
        Run run = graph("--format", "mermaid");
        String m = run.out();
        assertThat(m).startsWith("flowchart LR\n");
        assertThat(m).contains("subgraph c1[\"cluster of Kustomization flux-system/flux-system");
        assertThat(m).contains("[\"remote cluster: kubeConfig Secret flux-system/worker01-kubeconfig\"]");
        String apps = idOf(m, "flux-system/worker01-apps<br/>");
        String namespaces = idOf(m, "flux-system/worker01-namespaces<br/>");
        assertThat(m).contains("  " + apps + " ==>|dependsOn| " + namespaces + "\n");
        assertThat(m).contains("  class " + apps + " error\n");
        assertThat(m).contains("1 error: FW-F003");
        assertThat(m).doesNotContain("class " + namespaces + " error");
    }

    /** A label lists each level's own rules: a warning's rule after "2 errors:" read as an error. */
    @Test
    void labelsCountEachLevelWithItsOwnRules() {
        String dot = graphOf(ERROR_AND_WARNING, "--format", "dot").out();
        assertThat(dot).contains("flux-system/apps\\n./apps/base\\n2 errors: FW-F003, FW-S001\\n1 warning: FW-S007\"")
                .contains("flux-system/redis\\n2 warnings: FW-S007\"");
        String mermaid = graphOf(ERROR_AND_WARNING, "--format", "mermaid").out();
        assertThat(mermaid).contains("2 errors: FW-F003, FW-S001<br/>1 warning: FW-S007");
    }

    /** {@code --baseline} as in scan: baselined findings mark no applier and do not make the exit code 1. */
    @Test
    void baselinedFindingsMarkNothingAndDoNotFail(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("baseline.json");
        StringWriter out = new StringWriter();
        int created = Main.run(new String[] {"baseline", "create", "--path", REPO.toString(), file.toString()},
                new PrintWriter(out), new PrintWriter(out));
        assertThat(created).as(out.toString()).isZero();
        assertThat(graph("--format", "mermaid").code()).isEqualTo(ExitCodes.FINDINGS);
        Run run = graph("--format", "mermaid", "--baseline", file.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.out()).doesNotContain(" error\n").doesNotContain("FW-F003");
        Run missing = graph("--baseline", dir.resolve("none.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("baseline file not found");
    }

    @Test
    void findingsInFilesTheBuildReadsMarkTheApplier() throws Exception {
        Run run = graphOf(BUILD_FAILS, "--format", "json");
        JsonNode root = new ObjectMapper().readTree(run.out());
        Map<String, JsonNode> nodes = new HashMap<>();
        root.get("nodes").forEach(n -> nodes.put(n.get("kind").asText() + " " + n.get("name").asText(), n));
        // infra's kustomization.yaml lists a file that does not exist: the whole build fails.
        assertThat(nodes.get("Kustomization infra").get("errors").asInt()).isEqualTo(1);
        assertThat(nodes.get("Kustomization infra").get("rules").toString()).contains("FW-K001");
        // apps renders a plaintext Secret.
        assertThat(nodes.get("Kustomization apps").get("errors").asInt()).isEqualTo(1);
        assertThat(nodes.get("Kustomization apps").get("rules").toString()).contains("FW-S001");
        // flux-system applies infra and apps, but their builds are not its own.
        assertThat(nodes.get("Kustomization flux-system").get("errors").asInt()).isZero();

        String m = graphOf(BUILD_FAILS, "--format", "mermaid").out();
        assertThat(m).contains("  class " + idOf(m, "flux-system/infra<br/>") + " error\n");
    }

    @Test
    void exitCodeCountsEveryFindingAsScanDoes() {
        // The only error is in a Secret no applier applies: no node is marked, the exit code still says it.
        Run run = graphOf(STRAY_ERROR, "--format", "json");
        assertThat(run.out()).doesNotContain("\"errors\" : 1");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(graphOf(STRAY_ERROR, "--fail-on", "never").code()).isEqualTo(ExitCodes.CLEAN);
        assertThat(graphOf(STRAY_ERROR, "--fail-on", "warning").code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(graphOf(STRAY_ERROR, "--no-findings").code()).isEqualTo(ExitCodes.CLEAN);
        assertThat(graphOf(STRAY_ERROR, "--fail-on", "sometimes").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(graphOf(BUILD_FAILS).code()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run run = graphOf(STRAY_ERROR, "--help");
        assertThat(run.out()).contains("--fail-on=LEVEL").contains("Exit codes")
                .contains("1   findings at or above --fail-on");
    }

    @Test
    void sourcesThatAreNotDefinedLookMissing() throws Exception {
        JsonNode root = new ObjectMapper().readTree(graphOf(MISSING_SOURCE, "--format", "json").out());
        Map<String, JsonNode> nodes = new HashMap<>();
        root.get("nodes").forEach(n -> nodes.put(n.get("kind").asText() + " " + n.get("name").asText(), n));
        assertThat(nodes.get("HelmRepository ghost").get("missing").asBoolean()).isTrue();
        // Defined in the repository, or listed under externals.sources: drawn as before.
        assertThat(nodes.get("HelmRepository podinfo").has("missing")).isFalse();
        assertThat(nodes.get("HelmRepository shared-charts").has("missing")).isFalse();
        assertThat(nodes.get("GitRepository flux-system").has("missing")).isFalse();

        String m = graphOf(MISSING_SOURCE, "--format", "mermaid", "--no-findings").out();
        String ghost = idOf(m, "flux-system/ghost<br/>(not defined)");
        assertThat(m).contains("  classDef missing ").contains("  class " + ghost + " missing\n");
        assertThat(m).doesNotContain("class " + idOf(m, "HelmRepository<br/>flux-system/podinfo") + " ");
        // Every source of that repository is defined: no source node is drawn missing (a dependsOn target is).
        assertThat(graphOf(REPO, "--format", "mermaid").out().lines().filter(l -> l.contains("[(\"")))
                .isNotEmpty().noneMatch(l -> l.contains("(not defined)"));

        String dot = graphOf(MISSING_SOURCE, "--format", "dot").out();
        assertThat(dot.lines().filter(l -> l.contains("style=dashed")).toList()).singleElement().asString()
                .contains("flux-system/ghost\\n(not defined)");
    }

    /**
     * Each cluster's source node is that cluster's own definition: clusters dev and prod (gotk-sync) and edge (a
     * FluxInstance) all define GitRepository flux-system/flux-system, and only dev applies HelmRepository podinfo, which
     * all three HelmReleases use. Before, every node took the first definition found anywhere (the FluxInstance, dev's
     * HelmRepository on prod and edge), and a Kustomization applied from outside got a copy of its own.
     */
    @Test
    void eachClusterDrawsItsOwnSources() throws Exception {
        JsonNode root = new ObjectMapper().readTree(graphOf(SOURCES_PER_CLUSTER, "--format", "json").out());
        Map<String, String> clusters = new HashMap<>();
        root.get("clusters").forEach(c -> clusters.put(c.get("label").asText().replaceAll(".*\\(clusters/([a-z]+)/.*", "$1")
                .replace("not applied from this repository: folder extras", "extras"), c.get("id").asText()));
        assertThat(clusters).containsOnlyKeys("dev", "prod", "edge", "extras");
        Map<String, JsonNode> nodes = new HashMap<>();
        root.get("nodes").forEach(n -> nodes.put(n.get("id").asText(), n));
        String git = "GitRepository/flux-system/flux-system@";
        String helm = "HelmRepository/flux-system/podinfo@";
        assertThat(nodes.get(git + clusters.get("dev")).get("file").asText())
                .isEqualTo("clusters/dev/flux-system/gotk-sync.yaml");
        assertThat(nodes.get(git + clusters.get("prod")).get("file").asText())
                .isEqualTo("clusters/prod/flux-system/gotk-sync.yaml");
        assertThat(nodes.get(git + clusters.get("prod")).get("line").asInt()).isEqualTo(4);
        assertThat(nodes.get(git + clusters.get("edge")).get("file").asText()).isEqualTo("clusters/edge/flux-instance.yaml");
        JsonNode devHelm = nodes.get(helm + clusters.get("dev"));
        assertThat(devHelm.get("file").asText()).isEqualTo("clusters/dev/sources/podinfo.yaml");
        assertThat(devHelm.has("missing")).isFalse();
        for (String other : List.of("prod", "edge")) {
            JsonNode n = nodes.get(helm + clusters.get(other));
            assertThat(n.has("file")).as(other).isFalse();
            assertThat(n.get("missing").asBoolean()).as(other).isTrue();
            assertThat(n.get("definedElsewhere").asText()).as(other).isEqualTo("clusters/dev/sources/podinfo.yaml");
        }
        // Applied from outside: its cluster is not known, so its source is the node of a cluster that has it, not a copy.
        assertThat(nodes).doesNotContainKey(git + clusters.get("extras"));
        List<String> sourceEdges = new ArrayList<>();
        root.get("edges").forEach(e -> sourceEdges.add(e.get("from").asText() + " -" + e.get("type").asText() + "-> "
                + e.get("to").asText()));
        assertThat(sourceEdges).contains("Kustomization/flux-system/extras@" + clusters.get("extras") + " -source-> " + git
                + clusters.get("dev"));

        String m = graphOf(SOURCES_PER_CLUSTER, "--format", "mermaid", "--no-findings").out();
        String prodMissing = idOf(m, "flux-system/podinfo<br/>(not on this cluster)");
        assertThat(m).contains("  class " + prodMissing + " missing\n").doesNotContain("(not defined)");
        String dot = graphOf(SOURCES_PER_CLUSTER, "--format", "dot").out();
        assertThat(dot.lines().filter(l -> l.contains("style=dashed")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("flux-system/podinfo\\n(not on this cluster)"));
    }

    @Test
    void appliersWithoutANamespaceGetTheOneTheirBuildGivesAndOnlySureDependenciesAreEdges() throws Exception {
        // Applied from outside the repository by its folder's kustomization (namespace: cert-manager): not namespaceless.
        assertThat(nodesAndDependsOn(FOLDER_NAMESPACE)).contains("HelmRelease cert-manager/cert-manager",
                "HelmRepository cert-manager/cert-manager").doesNotContain("HelmRelease /cert-manager")
                .filteredOn(l -> l.contains("-depends-on->"))
                .containsExactly("Kustomization flux-system/openbao -depends-on-> Kustomization flux-system/cert-manager"
                        + " (missing)");
        // A bootstrap root written without a namespace is in the one its own loop applies it to; namespaceless
        // entry points applied together land in one namespace; applied apart, which namespace each gets is unknown.
        assertThat(nodesAndDependsOn(NAMESPACELESS)).contains("Kustomization flux-system/flux-system",
                "Kustomization flux-system/apps -depends-on-> Kustomization flux-system/flux-system",
                "Kustomization /tools-config -depends-on-> Kustomization /tools")
                .doesNotContain("Kustomization /reports -depends-on-> Kustomization /tools");
    }

    @Test
    void dependsOnEdgesNeverCrossToAnotherKnownCluster() throws Exception {
        // prod-us applies a Kustomization of another repository (not fully seen); infra is prod-eu's only: no edge.
        // The dependsOn item is drawn to a missing node on apps' own cluster, which says where infra is instead.
        assertThat(nodesAndDependsOn(OTHER_CLUSTER_NOT_FULLY_SEEN)).contains("Kustomization flux-system/apps",
                "Kustomization flux-system/infra", "Kustomization flux-system/frontend",
                "Kustomization flux-system/apps -depends-on-> Kustomization flux-system/infra (missing)")
                .filteredOn(l -> l.contains("-depends-on->")).allMatch(l -> l.endsWith("(missing)"));
        String m = graphOf(OTHER_CLUSTER_NOT_FULLY_SEEN, "--format", "mermaid", "--no-findings").out();
        assertThat(m).contains("flux-system/infra<br/>(not on this cluster)");
    }

    /**
     * A dependsOn item naming nothing (FW-F003) is drawn, as a missing source is: an edge to a dashed "(not defined)"
     * node, so the broken chain shows; before, the edge was left out and only the dependent's error count hinted at it.
     * An item naming a Kustomization listed under externals is not missing.
     */
    @Test
    void aDependsOnTargetThatIsNotDefinedIsDrawnMissing() throws Exception {
        Path typo = TestPaths.testdata().resolve("cases/FW-F003/fires-typo");
        assertThat(nodesAndDependsOn(typo))
                .contains("Kustomization flux-system/apps -depends-on-> Kustomization flux-system/infra-controller (missing)");
        String m = graphOf(typo, "--format", "mermaid").out();
        String target = idOf(m, "flux-system/infra-controller<br/>(not defined)");
        assertThat(m).contains("  class " + target + " missing\n").contains("==>|dependsOn| " + target + "\n");
        assertThat(graphOf(typo, "--format", "dot").out().lines().filter(l -> l.contains("style=dashed")).toList())
                .singleElement().asString().contains("flux-system/infra-controller\\n(not defined)");
        assertThat(nodesAndDependsOn(TestPaths.testdata().resolve("cases/FW-F003/quiet-external")))
                .noneMatch(l -> l.contains("(missing)"));
    }

    /**
     * {@code Kind namespace/name} of every node, and {@code from -depends-on-> to} of every dependsOn edge ({@code to}
     * followed by {@code (missing)} for a target drawn missing).
     */
    private static List<String> nodesAndDependsOn(Path repo) throws IOException {
        Run run = graphOf(repo, "--format", "json", "--no-findings");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.CLEAN);
        JsonNode root = new ObjectMapper().readTree(run.out());
        Map<String, String> names = new HashMap<>();
        List<String> out = new ArrayList<>();
        root.get("nodes").forEach(n -> {
            String name = n.get("kind").asText() + " " + n.get("namespace").asText() + "/" + n.get("name").asText();
            names.put(n.get("id").asText(), name + (n.path("missing").asBoolean() ? " (missing)" : ""));
            out.add(name);
        });
        root.get("edges").forEach(e -> {
            if (e.get("type").asText().equals("depends-on")) {
                out.add(names.get(e.get("from").asText()) + " -depends-on-> " + names.get(e.get("to").asText()));
            }
        });
        return out;
    }

    /** The markdown summary draws the graph of a repository with Flux appliers, and no empty diagram without. */
    @Test
    void markdownSummaryDrawsTheGraphOnlyWhenThereIsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        assertThat(markdown(dir)).doesNotContain("```mermaid");
        assertThat(markdown(REPO)).contains("```mermaid\nflowchart LR");
    }

    private static String markdown(Path repo) {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"scan", repo.toString(), "--format", "markdown", "--fail-on", "never"}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        return out.toString();
    }

    @Test
    void aConfigThatIsNotUtf8IsReadAsScanReadsIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // graph had a reader of its own, strict UTF-8: "fluxward: Input length = 1", exit 2. scan reads the config
        // (the bad byte is FW-G001 on the file) and applies it; graph must judge the same configuration.
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
        Files.write(dir.resolve(".fluxward.yaml"), "rules:\n  FW-G002: {enabled: false}\n# caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Run run = graphOf(dir, "--format", "json");
        assertThat(run.err()).doesNotContain("Input length");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        CliRun scan = CliRun.of("scan", "--no-color", "-q", dir.toString());
        assertThat(scan.exit()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(scan.out()).contains(".fluxward.yaml:3:6: error FW-G001").doesNotContain("FW-G002");
    }

    @Test
    void noFindingsDrawsWithoutMarks() {
        Run run = graph("--format", "mermaid", "--no-findings");
        assertThat(run.code()).isEqualTo(ExitCodes.CLEAN);
        // No finding marks; what is missing (a dependsOn target here) is still drawn as such.
        assertThat(run.out()).doesNotContain(" error\n").doesNotContain("error:").contains(" missing\n");
    }

    @Test
    void dotHasTheSameGraphAndGraphvizParsesIt() throws Exception {
        Run run = graph("--format", "dot");
        String dot = run.out();
        assertThat(dot).startsWith("digraph flux {");
        assertThat(dot).contains("subgraph \"cluster_c1\"").contains("subgraph \"cluster_c2\"");
        String apps = dotIdOf(dot, "flux-system/worker01-apps\\n");
        String namespaces = dotIdOf(dot, "flux-system/worker01-namespaces\\n");
        assertThat(dot).contains("  " + apps + " -> " + namespaces + " [style=bold, color=\"#1f5fbf\", label=\"dependsOn\"];");
        assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(13);
        assertThat(dot.lines().filter(l -> l.contains("fillcolor=\"#ffdddd\"")).count()).isEqualTo(1);

        Path graphviz = graphviz();
        Assumptions.assumeTrue(graphviz != null, "Graphviz 'dot' is not installed and could not be installed: "
                + "DOT syntax check skipped");
        Process p = new ProcessBuilder(graphviz.toString(), "-Tsvg").redirectErrorStream(true).start();
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("dot -Tsvg: %s", output.lines().limit(5).toList()).isZero();
        assertThat(output).contains("<svg").contains("worker01&#45;apps");
    }

    private static String idOf(String mermaid, String label) {
        return mermaid.lines().filter(l -> l.contains(label)).findFirst().orElseThrow().strip().replaceAll("[\\[(].*", "");
    }

    private static String dotIdOf(String dot, String label) {
        return dot.lines().filter(l -> l.contains(label)).findFirst().orElseThrow().strip().split(" ")[0];
    }

    /** Graphviz's {@code dot}, installed with apt-get when missing (CI images often lack it). */
    private static Path graphviz() throws IOException, InterruptedException {
        Path found = onPath("dot");
        if (found != null) {
            return found;
        }
        if (onPath("apt-get") != null) {
            Process install = new ProcessBuilder("apt-get", "install", "-y", "-q", "graphviz")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0) {
                return onPath("dot");
            }
            install.destroyForcibly();
        }
        return null;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
