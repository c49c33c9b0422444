package io.fluxward.graph;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.flux.Applier;
import io.fluxward.flux.Cluster;
import io.fluxward.flux.DependsOnCheck;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.flux.SourceDef;
import io.fluxward.model.KubeObject;
import io.fluxward.secrets.Mask;
import io.fluxward.yaml.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Flux reconciliation graph of a repository, ready to draw: clusters, appliers, the sources
 * they use, {@code dependsOn} and "applies" edges, and the findings on each applier. Built from the
 * {@link FluxModel} and a scan's findings; renderers ({@link DotRenderer}, {@link MermaidRenderer},
 * {@link JsonGraphRenderer}) only format it.
 *
 * @param clusters clusters in first-seen order
 * @param nodes    appliers and sources, each in one cluster
 * @param edges    applies, dependsOn and source edges
 */
public record FluxGraph(List<ClusterNode> clusters, List<Node> nodes, List<Edge> edges) {

    /** What a node stands for. */
    public enum NodeType { KUSTOMIZATION, HELM_RELEASE, SOURCE }

    /** What an edge means. */
    public enum EdgeType {
        /** The parent's build contains the child. */
        APPLIES,
        /** {@code spec.dependsOn}: from the dependent to what it waits for. */
        DEPENDS_ON,
        /** From an applier to the source it builds from. */
        SOURCE
    }

    /**
     * A cluster box.
     *
     * @param remote true for a cluster reached through a kubeConfig
     */
    public record ClusterNode(String id, String label, boolean remote) {

        /** Labels are drawn from the repository's text: shown without credentials, as messages are. */
        public ClusterNode {
            label = Mask.redact(label);
        }
    }

    /**
     * One applier or source.
     *
     * @param id       stable id, unique in the graph
     * @param kind     Kubernetes kind
     * @param path     Kustomization {@code spec.path} ({@code ""} otherwise)
     * @param file     the manifest's file ({@code ""} for sources not defined in the repository)
     * @param line     the manifest's {@code kind:} line (0 when unknown)
     * @param errors   error findings located on this applier's manifest or in a file its build reads (not on a
     *                 child applier's manifest)
     * @param warnings warning findings located there
     * @param rules    the rule IDs of those findings (errors and warnings), sorted
     * @param errorRules   the rule IDs of the error findings, sorted
     * @param warningRules the rule IDs of the warning findings, sorted
     * @param remote   for an applier with a kubeConfig, the kubeConfig it applies with ({@code ""} otherwise)
     * @param missing  a source or {@code dependsOn} target that is referenced but not on its cluster: defined neither in
     *                 the repository nor under externals (FW-F008, FW-F003), or, on a cluster fluxward sees completely,
     *                 defined only for other clusters or in a file nothing applies
     * @param elsewhere for a node missing on its cluster that the repository defines elsewhere, that definition's
     *                  file ({@code ""} otherwise)
     */
    public record Node(String id, NodeType type, String kind, String namespace, String name, String cluster, String path,
                       String file, int line, int errors, int warnings, List<String> rules, List<String> errorRules,
                       List<String> warningRules, String remote, boolean missing, String elsewhere) {

        /** The label's texts come from manifests ({@code spec.path}, a kubeConfig's name): shown without credentials. */
        public Node {
            path = Mask.redact(path);
            remote = Mask.redact(remote);
        }

        /** The label line of a missing source: {@code (not defined)}, or {@code (not on this cluster)}. */
        public String missingLabel() {
            return elsewhere.isEmpty() ? "(not defined)" : "(not on this cluster)";
        }

        /**
         * The label lines about findings, one per level with the rules of that level only ({@code 2 errors: FW-F003,
         * FW-S001}, {@code 1 warning: FW-S007}): a warning's rule listed after the error count read as an error.
         */
        public List<String> findingLines() {
            List<String> out = new ArrayList<>();
            if (errors > 0) {
                out.add(errors + (errors == 1 ? " error: " : " errors: ") + String.join(", ", errorRules));
            }
            if (warnings > 0) {
                out.add(warnings + (warnings == 1 ? " warning: " : " warnings: ") + String.join(", ", warningRules));
            }
            return out;
        }

        /** {@code namespace/name}. */
        public String ref() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    /** A directed edge. */
    public record Edge(String from, String to, EdgeType type) {
    }

    public FluxGraph {
        clusters = List.copyOf(clusters);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * Builds the graph of a model, marking each applier with the findings located on its manifest or in a file its
     * build reads (kustomization files, the manifests it renders): a build that fails or an object that breaks
     * marks the applier that applies it. A finding on a child applier's own document marks only that child.
     */
    public static FluxGraph of(FluxModel model, Config config, List<Finding> findings) {
        Map<String, ClusterNode> clusters = new LinkedHashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        Map<Applier, String> ids = new java.util.IdentityHashMap<>();
        Map<String, List<Applier>> byId = new LinkedHashMap<>();
        for (Applier a : model.appliers()) {
            String cluster = clusterOf(a, clusters);
            String id = a.kind().kindName() + "/" + a.ref() + "@" + cluster;
            ids.put(a, id);
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(a);
        }
        Set<Finding> onAnApplier = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Finding f : findings) {
            if (model.appliers().stream().anyMatch(o -> onOwnDocument(f, o))) {
                onAnApplier.add(f);
            }
        }
        for (Map.Entry<String, List<Applier>> e : byId.entrySet()) {
            String id = e.getKey();
            Applier a = e.getValue().get(0);
            KubeObject m = a.manifest();
            int[] counts = new int[2];
            Set<String> rules = new java.util.TreeSet<>();
            Set<String> errorRules = new java.util.TreeSet<>();
            Set<String> warningRules = new java.util.TreeSet<>();
            for (Finding f : findings) {
                if (e.getValue().stream().anyMatch(x -> onOwnDocument(f, x) || !onAnApplier.contains(f) && builtBy(f, x))) {
                    if (f.level() == Level.ERROR) {
                        counts[0]++;
                        errorRules.add(f.ruleId());
                    } else if (f.level() == Level.WARNING) {
                        counts[1]++;
                        warningRules.add(f.ruleId());
                    }
                    rules.add(f.ruleId());
                }
            }
            nodes.put(id, new Node(id, a.kind() == Applier.Kind.KUSTOMIZATION ? NodeType.KUSTOMIZATION
                    : NodeType.HELM_RELEASE, a.kind().kindName(), a.namespace(), a.name(), clusterOf(a, clusters),
                    a.path().value(), m.path(), m.location().line(), counts[0], counts[1], List.copyOf(rules),
                    List.copyOf(errorRules), List.copyOf(warningRules),
                    a.kubeConfig().map(k -> k.id()).orElse(""), false, ""));
        }
        for (Applier a : model.appliers()) {
            String id = ids.get(a);
            a.parent().ifPresent(p -> edges.add(new Edge(ids.get(p), id, EdgeType.APPLIES)));
            for (Applier d : model.dependencies(a)) {
                edges.add(new Edge(id, ids.get(d), EdgeType.DEPENDS_ON));
            }
            for (ObjectRef ref : a.dependsOn()) {
                DependsOnCheck.Verdict v = DependsOnCheck.classify(config, model, a, ref);
                if (v.outcome() == DependsOnCheck.Outcome.MISSING) {
                    edges.add(new Edge(id, missingDependency(a, ref, v.others(), clusters, nodes), EdgeType.DEPENDS_ON));
                }
            }
            if (a.sourceRef().isPresent()) {
                edges.add(new Edge(id, sourceNode(model, a, a.sourceRef().get(), clusters, nodes), EdgeType.SOURCE));
            }
        }
        return new FluxGraph(new ArrayList<>(clusters.values()), new ArrayList<>(nodes.values()), new ArrayList<>(edges));
    }

    /**
     * The id of the node of the source {@code a} uses, added when new. Flux looks the source up on the cluster
     * {@code a} lives on: the node is that cluster's definition of it. When that cluster does not have it, it is
     * drawn missing there: defined nowhere (FW-F008), or defined for other clusters only (or in a file nothing
     * applies) while fluxward sees that cluster completely ({@link FluxModel#sourceMissingOn}). On a cluster not
     * completely known, a definition that reaches no cluster is taken, else the node of a cluster that has it
     * (unlike a {@code dependsOn}, see {@code FluxModel#resolve}); a source the repository does not hold (the bootstrap's,
     * an external one) is drawn without a file.
     */
    private static String sourceNode(FluxModel model, Applier a, ObjectRef ref, Map<String, ClusterNode> clusters,
                                     Map<String, Node> nodes) {
        Cluster at = a.host();
        List<SourceDef> defs = model.sourcesOn(at, ref);
        boolean missing = false;
        String elsewhere = "";
        if (defs.isEmpty()) {
            if (model.danglingSource(ref)) {
                missing = true;
            } else if (model.sourceMissingOn(a, ref)) {
                missing = true;
                List<Cluster> others = model.clustersWith(ref);
                elsewhere = (others.isEmpty() ? model.unplacedSources(ref) : model.sourcesOn(others.get(0), ref)).stream()
                        .findFirst().flatMap(SourceDef::manifest).map(KubeObject::path).orElse("");
            } else {
                defs = model.unplacedSources(ref);
                List<Cluster> others = model.clustersWith(ref);
                if (defs.isEmpty() && !model.scopeComplete(a) && !others.isEmpty()) {
                    at = others.get(0);
                    defs = model.sourcesOn(at, ref);
                }
            }
        }
        String cluster = clusterOf(at, clusters);
        String sid = ref.kind() + "/" + ref.display() + "@" + cluster;
        if (!nodes.containsKey(sid)) {
            String file = defs.isEmpty() ? "" : defs.get(0).manifest().map(KubeObject::path).orElse("");
            int line = defs.isEmpty() ? 0 : defs.get(0).manifest().map(o -> o.location().line()).orElse(0);
            nodes.put(sid, new Node(sid, NodeType.SOURCE, ref.kind(), ref.namespace(), ref.name(), cluster, "",
                    file, line, 0, 0, List.of(), List.of(), List.of(), "", missing, elsewhere));
        }
        return sid;
    }

    /**
     * The id of a dashed node for the target of a {@code dependsOn} item, on the dependent's cluster: "(not defined)",
     * or "(not on this cluster)" when another cluster or a file nothing applies defines it.
     */
    private static String missingDependency(Applier a, ObjectRef ref, List<Applier> elsewhere,
                                            Map<String, ClusterNode> clusters, Map<String, Node> nodes) {
        String cluster = clusterOf(a, clusters);
        String definedAt = elsewhere.stream().findFirst().map(o -> o.manifest().path()).orElse("");
        String id = a.kind().kindName() + "/" + ref.display() + "@" + cluster + "/missing";
        nodes.computeIfAbsent(id, k -> new Node(k, a.kind() == Applier.Kind.KUSTOMIZATION ? NodeType.KUSTOMIZATION
                : NodeType.HELM_RELEASE, a.kind().kindName(), ref.namespace(), ref.name(), cluster, "", "", 0, 0, 0,
                List.of(), List.of(), List.of(), "", true, definedAt));
        return id;
    }

    private static boolean onOwnDocument(Finding f, Applier a) {
        KubeObject m = a.manifest();
        Span span = m.span();
        return f.path().equals(m.path()) && f.line() >= span.line() && f.line() <= span.endLine();
    }

    private static boolean builtBy(Finding f, Applier a) {
        return a.build().map(b -> b.inputs().contains(f.path())).orElse(false);
    }

    private static String clusterOf(Applier a, Map<String, ClusterNode> clusters) {
        return clusterOf(a.host(), clusters);
    }

    private static String clusterOf(Cluster c, Map<String, ClusterNode> clusters) {
        return clusters.computeIfAbsent(c.id(), k -> new ClusterNode("c" + (clusters.size() + 1), label(c), c.isRemote()))
                .id();
    }

    private static String label(Cluster c) {
        if (c.isRemote()) {
            return "remote cluster: kubeConfig " + String.join(" -> ", c.via());
        }
        // Nothing in the repository applies these appliers: something outside may (another repository, a bootstrap),
        // or nothing does.
        return c.bootstrap() ? "cluster of " + c.entry() : "not applied from this repository: " + c.entry();
    }

    /** True when a node is drawn as missing (a legend line explains it). */
    public boolean hasMissing() {
        return nodes.stream().anyMatch(Node::missing);
    }

    /** Nodes with at least one error finding. */
    public List<Node> failing() {
        return nodes.stream().filter(n -> n.errors() > 0).toList();
    }
}
