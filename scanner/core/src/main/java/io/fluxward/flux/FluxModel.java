package io.fluxward.flux;

import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.BuildProblem;
import io.fluxward.kustomize.ClusterScope;
import io.fluxward.kustomize.FluxRoot;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.UnparseableFiles;
import io.fluxward.schema.BundledSchemas;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Flux view of the repository: sources, appliers (Kustomizations and HelmReleases, one instance
 * per chain of parents that applies them), what each applies, on which cluster, and the
 * {@code dependsOn} graph. Names resolve per cluster ("scope"): an applier resolves {@code dependsOn}
 * among the appliers of its own cluster when its entry point is known, else among all of the repository.
 * Immutable once built; safe to share between rules running in parallel.
 */
public final class FluxModel {

    /** The repository's Flux model, computed on first use. */
    public static final Facet<FluxModel> FACET = Facet.of("flux", m -> new FluxModelBuilder(m).build());

    /** Objects of at least this many nodes have their node set kept for {@link #holds}. */
    private static final int BIG_OBJECT = 1_000;

    private final RepositoryModel repository;
    private final List<Applier> appliers;
    private final List<SourceDef> sources;
    private final List<ObjectRef> repoSources;
    private final List<ObjectRef> otherTrees;
    private final List<FluxRoot> repoRoots;
    private final boolean truncated;
    private final Map<KubeObject, List<Applier>> byManifest = new HashMap<>();
    private final Map<String, List<Applier>> global = new HashMap<>();
    private final Map<String, Map<String, List<Applier>>> scoped = new HashMap<>();
    private final Map<Applier, String> scopeOf = new IdentityHashMap<>();
    private final Set<String> completeScopes = new LinkedHashSet<>();
    private final Set<String> completeClusters = new LinkedHashSet<>();
    private volatile Set<String> templated;
    private volatile SourcePlaces sourcePlaces;
    private final Map<Applier, List<Applier>> dependencies = new IdentityHashMap<>();
    private final Map<Applier, List<Applier>> dependents = new IdentityHashMap<>();
    private final Map<String, List<Placement>> placementsByCluster = new LinkedHashMap<>();
    private final Map<Applier, List<Placement>> placementsByApplier = new IdentityHashMap<>();
    private final Map<String, List<Applier>> byTarget = new LinkedHashMap<>();
    private final Map<Applier, Set<Applier>> closures = new ConcurrentHashMap<>();
    private final HelmfileBootstrap helmfiles;
    private final Set<Applier> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ConfigObjects configObjects;
    private final Map<Applier, Optional<KnownCharts.CrdPolicy>> crdPolicies = new ConcurrentHashMap<>();
    /** The node sets of big objects, by object root (identity). */
    private final Map<YNode, Set<YNode>> treeNodes = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Set<String> clusterScopedCustomKinds;

    FluxModel(RepositoryModel repository, List<Applier> appliers, List<SourceDef> sources, List<ObjectRef> repoSources,
              List<ObjectRef> otherTrees, List<FluxRoot> repoRoots, boolean truncated, ConfigObjects configObjects) {
        this.repository = repository;
        this.repoRoots = List.copyOf(repoRoots);
        this.configObjects = configObjects;
        this.clusterScopedCustomKinds = clusterScopedCustomKinds(repository);
        this.appliers = List.copyOf(appliers);
        this.sources = List.copyOf(sources);
        this.repoSources = List.copyOf(repoSources);
        this.otherTrees = List.copyOf(otherTrees);
        this.truncated = truncated;
        this.helmfiles = HelmfileBootstrap.of(repository);
        index();
        findExcluded();
    }

    private void index() {
        Set<String> incompleteScopes = new LinkedHashSet<>();
        Set<String> incompleteClusters = new LinkedHashSet<>();
        for (Applier a : appliers) {
            byManifest.computeIfAbsent(a.manifest(), k -> new ArrayList<>()).add(a);
            global.computeIfAbsent(key(a.kind().kindName(), a.name()), k -> new ArrayList<>()).add(a);
            String scope = a.host().id();
            scopeOf.put(a, scope);
            scoped.computeIfAbsent(scope, k -> new HashMap<>())
                    .computeIfAbsent(key(a.kind().kindName(), a.name()), k -> new ArrayList<>()).add(a);
            if (a.host().bootstrap()) {
                completeScopes.add(scope);
            }
            completeClusters.add(a.target().id());
            byTarget.computeIfAbsent(a.target().id(), k -> new ArrayList<>()).add(a);
            if (a.kind() == Applier.Kind.KUSTOMIZATION && !a.fullyVisible()) {
                // What this Kustomization applies is not (fully) known: appliers or namespaces may hide there.
                incompleteScopes.add(a.target().id());
                incompleteClusters.add(a.target().id());
            }
        }
        if (truncated) {
            incompleteScopes.addAll(completeScopes);
            incompleteClusters.addAll(completeClusters);
        }
        for (Applier a : appliers) {
            if (!a.root().host().bootstrap()) {
                // Applied from outside the repository: other things may be applied to that cluster too.
                incompleteClusters.add(a.target().id());
            }
        }
        completeScopes.removeAll(incompleteScopes);
        completeClusters.removeAll(incompleteClusters);
        for (Applier a : appliers) {
            List<Applier> deps = new ArrayList<>();
            for (ObjectRef ref : a.dependsOn()) {
                if (ref.concrete()) {
                    deps.addAll(resolve(a, ref, a.kind()));
                }
            }
            dependencies.put(a, deps);
            for (Applier d : deps) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(a);
            }
            List<Placement> placed = placements(a);
            placementsByApplier.put(a, placed);
            placementsByCluster.computeIfAbsent(a.target().id(), k -> new ArrayList<>()).addAll(placed);
        }
    }

    /**
     * Roots applied from outside that lie under a folder another tree's Kustomization builds without
     * them. Bootstrap trees are accepted first, then the others from the largest; a root is excluded
     * when a folder built by an accepted tree contains it.
     */
    private void findExcluded() {
        Map<Applier, List<Applier>> trees = new LinkedHashMap<>();
        for (Applier a : appliers) {
            trees.computeIfAbsent(a.root(), k -> new ArrayList<>()).add(a);
        }
        List<Applier> roots = new ArrayList<>(trees.keySet());
        roots.sort(java.util.Comparator.comparing((Applier r) -> !r.host().bootstrap())
                .thenComparing(r -> -trees.get(r).size()));
        List<String> builtDirs = new ArrayList<>();
        for (Applier root : roots) {
            boolean under = !root.host().bootstrap() && builtDirs.stream()
                    .anyMatch(d -> io.fluxward.snapshot.Paths.isUnder(root.manifest().path(), d));
            if (under) {
                excluded.add(root);
                continue;
            }
            for (Applier a : trees.get(root)) {
                if (a.build().isPresent() && a.dir().isPresent()) {
                    builtDirs.add(a.dir().get());
                }
            }
        }
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }

    private List<Placement> placements(Applier a) {
        List<Placement> out = new ArrayList<>();
        // Where transformer plugins (not run) may rename or move what a build emits, its objects' places are unknown:
        // ownership and ordering rules stay quiet about them rather than judge names the cluster never sees.
        Optional<Build> build = a.build().filter(b -> !b.transformedUnseen());
        for (Resource r : build.map(Build::resources).orElse(List.of())) {
            // Flux substitutes its postBuild variables after the build, before it applies: the object lands where the
            // values say. A value not known leaves the text as written (with its ${VAR}), which rules do not judge.
            Vars vars = a.childVars().appliedTo(r.content());
            // kustomize gives kinds it does not know a namespace; the API server ignores it for cluster-scoped ones.
            String ns = clusterScoped(r.group(), r.kind()) ? "" : vars.expand(r.namespace()).orElse(r.namespace());
            out.add(new Placement(a, r.origin(), r.content(), r.group(), r.kind(), ns, vars.expand(r.name()).orElse(r.name()),
                    r.provenance()));
        }
        String releaseNs = a.targetNamespace().known() ? a.targetNamespace().value() : a.namespace();
        for (KubeObject o : a.embedded()) {
            String ns = clusterScoped(o.group(), o.kind()) ? ""
                    : o.namespace().isEmpty() ? releaseNs : o.namespace();
            out.add(new Placement(a, o, o.node(), o.group(), o.kind(), ns, o.name(),
                    io.fluxward.kustomize.Provenance.NONE));
        }
        return out;
    }

    public RepositoryModel repository() {
        return repository;
    }

    /** Every applier instance, entry points first, each followed by what it applies (breadth first). */
    public List<Applier> appliers() {
        return appliers;
    }

    /** The instances of one manifest (one per chain of parents that applies it). */
    public List<Applier> instances(KubeObject manifest) {
        return byManifest.getOrDefault(manifest, List.of());
    }

    /** Sources defined in the repository (manifests, FluxInstance syncs, ArtifactGenerators, HelmRelease charts). */
    public List<SourceDef> sources() {
        return sources;
    }

    public List<SourceDef> findSources(ObjectRef ref) {
        return sources.stream().filter(s -> s.matches(ref)).toList();
    }

    /**
     * Where an object missing on a cluster is instead, for messages ({@code dependsOn} targets, {@code substituteFrom}
     * objects): {@code exists only for another cluster (path)}, or defined in a file nothing applies (an archive).
     */
    public static String definedElsewhere(String path, boolean applied) {
        return applied ? "exists only for another cluster (" + path + ")"
                : "is defined only in " + path + ", which nothing in the repository applies";
    }

    /**
     * The Flux Kustomizations whose path is a folder of this repository's own source, with that folder: the
     * kustomize rules judge their patches and components there ({@code Kustomize.problems}).
     */
    public List<FluxRoot> repoRoots() {
        return repoRoots;
    }

    /** Every build problem of the repository's kustomizations, Flux roots of this repository's source included. */
    public List<BuildProblem> buildProblems() {
        return repository.facet(Kustomize.FACET).problems(repoRoots);
    }

    /**
     * True when {@code ref} names, concretely, a source kind that exists neither in the repository (written,
     * generated, or the repository's own source) nor under {@code externals.sources}, that no Flux Operator
     * ResourceSet templates and that no YAML file which does not parse may hold: FW-F008's "not defined in the
     * repository", which the graph draws as missing.
     */
    public boolean danglingSource(ObjectRef ref) {
        return ref.concrete() && !ref.name().isEmpty() && FluxApi.SOURCE_KINDS.contains(ref.kind())
                && !templatedSourceKinds().contains(ref.kind()) && !isRepoSource(ref) && findSources(ref).isEmpty()
                && !repository.config().external("sources", ref.kind(), ref.namespace(), ref.name())
                // FW-G001 on that file, the cause, already fails the scan.
                && repository.facet(UnparseableFiles.FACET).mayHold(ref.kind(), ref.name()).isEmpty();
    }

    /**
     * The sources on {@code cluster} that {@code ref} names, where Flux looks a {@code sourceRef} up: those the
     * appliers applying to that cluster put there (their builds, HelmRelease values), with the namespace and name
     * the build gives them and their own file; the source a FluxInstance sync makes for its Kustomization on the
     * FluxInstance's cluster; the artifacts of an ArtifactGenerator applied there; the HelmChart of a HelmRelease
     * living there. The same source defined once per cluster gives each cluster its own definition.
     */
    public List<SourceDef> sourcesOn(Cluster cluster, ObjectRef ref) {
        return sourcePlaces().byCluster.getOrDefault(cluster, List.of()).stream().filter(s -> s.matches(ref)).toList();
    }

    /** The clusters that hold a source {@code ref} names ({@link #sourcesOn}), in the order of the appliers. */
    public List<Cluster> clustersWith(ObjectRef ref) {
        List<Cluster> out = new ArrayList<>();
        sourcePlaces().byCluster.forEach((c, defs) -> {
            if (defs.stream().anyMatch(s -> s.matches(ref))) {
                out.add(c);
            }
        });
        return out;
    }

    /**
     * Sources the repository defines that reach no cluster fluxward knows: written in a file nothing in the
     * repository applies (by hand, or by a tree whose build is not known).
     */
    public List<SourceDef> unplacedSources(ObjectRef ref) {
        return sourcePlaces().unplaced.stream().filter(s -> s.matches(ref)).toList();
    }

    /**
     * True when the source {@code ref} names is not on the cluster {@code a} lives on, although the repository
     * defines it: {@code a}'s cluster is completely known ({@link #scopeComplete}) and nothing puts the source
     * there ({@link #sourcesOn}), while another cluster has it or it is written in a file nothing applies. The
     * source of the cluster's own entry point (its bootstrap made it), one under {@code externals.sources} and a
     * kind a ResourceSet templates are never missing; a source defined nowhere is {@link #danglingSource}.
     */
    public boolean sourceMissingOn(Applier a, ObjectRef ref) {
        if (!ref.concrete() || ref.name().isEmpty() || !FluxApi.SOURCE_KINDS.contains(ref.kind()) || !scopeComplete(a)
                || findSources(ref).isEmpty() || !sourcesOn(a.host(), ref).isEmpty()
                || templatedSourceKinds().contains(ref.kind())
                || repository.config().external("sources", ref.kind(), ref.namespace(), ref.name())) {
            return false;
        }
        Applier root = a.root();
        boolean entrySource = root.host().equals(a.host()) && root.sourceRef()
                .filter(r -> r.kind().equals(ref.kind()) && r.matches(ref.namespace(), ref.name())).isPresent();
        return !entrySource;
    }

    /** Where the repository's sources are: per cluster, and those that reach none. */
    private record SourcePlaces(Map<Cluster, List<SourceDef>> byCluster, List<SourceDef> unplaced) {
    }

    private SourcePlaces sourcePlaces() {
        SourcePlaces out = sourcePlaces;
        if (out == null) {
            Map<Cluster, List<SourceDef>> on = new LinkedHashMap<>();
            Set<KubeObject> placed = new HashSet<>();
            for (Applier a : appliers) {
                for (Placement p : placementsBy(a)) {
                    KubeObject o = p.origin();
                    if (FluxApi.isSource(o)) {
                        String url = FluxApi.sourceUrl(p.content(), "");
                        on.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(new SourceDef(p.kind(), p.namespace(),
                                p.name(), Optional.of(o), url, SourceDef.Origin.MANIFEST));
                        placed.add(o);
                    } else if (FluxApi.isArtifactGenerator(o)) {
                        for (YNode artifact : p.content().at("spec", "artifacts").items()) {
                            artifact.get("name").text().ifPresent(n -> on.computeIfAbsent(a.target(), k -> new ArrayList<>())
                                    .add(new SourceDef(FluxApi.EXTERNAL_ARTIFACT, p.namespace(), n, Optional.of(o), "",
                                            SourceDef.Origin.ARTIFACT_GENERATOR)));
                        }
                        placed.add(o);
                    }
                }
                if (a.synthetic() && a.sourceRef().isPresent()) {
                    ObjectRef r = a.sourceRef().get();
                    on.computeIfAbsent(a.host(), k -> new ArrayList<>()).add(new SourceDef(r.kind(), r.namespace(), r.name(),
                            Optional.of(a.manifest()), "", SourceDef.Origin.FLUX_INSTANCE));
                    placed.add(a.manifest());
                }
                if (a.kind() == Applier.Kind.HELM_RELEASE && a.get("spec", "chart", "spec").isPresent()
                        && !a.namespace().isEmpty()) {
                    String ns = a.sourceRef().map(ObjectRef::namespace).orElse(a.namespace());
                    on.computeIfAbsent(a.host(), k -> new ArrayList<>()).add(new SourceDef(FluxApi.HELM_CHART, ns,
                            a.namespace() + "-" + a.name(), Optional.of(a.manifest()), "",
                            SourceDef.Origin.HELM_CHART_OF_RELEASE));
                    placed.add(a.manifest());
                }
            }
            List<SourceDef> unplaced = sources.stream().filter(s -> s.manifest().filter(placed::contains).isEmpty()).toList();
            out = new SourcePlaces(on, unplaced);
            sourcePlaces = out;
        }
        return out;
    }

    /** Source kinds a Flux Operator ResourceSet templates (their names are not known before rendering). */
    private Set<String> templatedSourceKinds() {
        Set<String> out = templated;
        if (out == null) {
            out = new HashSet<>();
            for (KubeObject o : repository.objects()) {
                if (FluxApi.isResourceSet(o)) {
                    for (YNode r : o.get("spec", "resources").items()) {
                        r.get("kind").text().ifPresent(out::add);
                    }
                    if (o.get("spec", "resourcesTemplate").isPresent()) {
                        out.addAll(FluxApi.SOURCE_KINDS);
                    }
                }
            }
            templated = out;
        }
        return out;
    }

    /** True when {@code ref} is the repository's own source, whose paths are folders of the scanned tree. */
    public boolean isRepoSource(ObjectRef ref) {
        if (!FluxApi.TREE_SOURCE_KINDS.contains(ref.kind())) {
            return false;
        }
        return repoSources.stream().anyMatch(r -> (r.kind().isEmpty() || r.kind().equals(ref.kind()))
                && r.matches(ref.namespace(), ref.name()));
    }

    /**
     * True when {@code ref} names, by kind, namespace and name, a tree source that the repository defines (every
     * definition of it) with the URL of another repository, or of another branch, tag or commit of this one: its paths
     * are not folders of the scanned tree, even where a folder of that name exists here. Neither this nor {@link
     * #isRepoSource} holds for a source whose tree is not known (not defined here, or no URL to compare).
     */
    public boolean isOtherTree(ObjectRef ref) {
        return !isRepoSource(ref) && otherTrees.stream().anyMatch(r -> r.kind().equals(ref.kind())
                && r.matches(ref.namespace(), ref.name()));
    }

    /** The repository's own sources ({@code kind} empty for the configured one: any tree source kind). */
    public List<ObjectRef> repoSources() {
        return repoSources;
    }

    /** True when the model stopped growing at its bound (a diamond-shaped tree): rules should not conclude absence. */
    public boolean truncated() {
        return truncated;
    }

    /** The scope names resolve in: the cluster the applier itself lives on. */
    public String scope(Applier a) {
        return scopeOf.get(a);
    }

    /**
     * True when {@code a} lives on a cluster fluxward sees completely: its entry point applies its own
     * folder (a bootstrap Kustomization or FluxInstance) and every Kustomization that fills the cluster
     * could be built. Only then is a name missing there really missing on that cluster.
     */
    public boolean scopeComplete(Applier a) {
        String scope = scopeOf.get(a);
        return scope != null && completeScopes.contains(scope);
    }

    /**
     * Appliers of {@code kind} that {@code ref} surely names, in the cluster of {@code from}; when none is there and
     * that cluster is not completely known, anywhere in the repository that may be that cluster (never on another
     * cluster whose entry point is known, {@code mayShareCluster}). An applier whose namespace is unknown (applied from
     * outside the repository without one) is never taken to be in the namespace the reference defaults to, unless the
     * referrer has none either and both are applied together (entry points of the same folder): then they land in the
     * same namespace, whichever it is.
     */
    public List<Applier> resolve(Applier from, ObjectRef ref, Applier.Kind kind) {
        List<Applier> inScope = inScope(from, ref, kind).filter(c -> surely(from, ref, c)).toList();
        return !inScope.isEmpty() || scopeComplete(from) ? inScope
                : resolveAnywhere(ref, kind).stream().filter(c -> mayShareCluster(from, c)).toList();
    }

    /**
     * True unless {@code from} and {@code c} surely live on different clusters: the entry points of both are known
     * (bootstrap Kustomizations or FluxInstances of the repository) and differ, neither reached through a
     * {@code kubeConfig} (which may name the cluster another entry point bootstraps). A cluster's controllers
     * resolve names among that cluster's objects only, whether or not fluxward sees all of it: what another
     * known cluster defines never stands in for what is missing on this one.
     */
    private static boolean mayShareCluster(Applier from, Applier c) {
        Cluster a = from.host();
        Cluster b = c.host();
        return a.id().equals(b.id()) || !a.bootstrap() || !b.bootstrap() || a.isRemote() || b.isRemote();
    }

    /**
     * Appliers of {@code kind} with the name {@code ref} names but in another (known) namespace, looked up where
     * {@link #resolve} looks: for a message naming the namespace a reference lacks.
     */
    public List<Applier> namesakes(Applier from, ObjectRef ref, Applier.Kind kind) {
        java.util.function.Predicate<Applier> namesake = c -> c.name().equals(ref.name()) && !c.namespace().isEmpty()
                && !c.namespace().equals(ref.namespace());
        List<Applier> inScope = inScope(from, ref, kind).filter(namesake).toList();
        return !inScope.isEmpty() || scopeComplete(from) ? inScope
                : global.getOrDefault(key(kind.kindName(), ref.name()), List.of()).stream().filter(namesake)
                        .filter(c -> mayShareCluster(from, c)).toList();
    }

    /**
     * Appliers of {@code kind} that {@code ref} surely names on clusters other than the one of {@code from}, or in files
     * nothing applies, when {@code from}'s cluster is known ({@link #resolve} found none there): where a missing
     * target is instead. Empty when that cluster is not known, as any of them may be on it.
     */
    public List<Applier> resolveElsewhere(Applier from, ObjectRef ref, Applier.Kind kind) {
        if (!scopeComplete(from) && !from.host().bootstrap()) {
            return List.of();
        }
        String scope = scopeOf.get(from);
        return resolveAnywhere(ref, kind).stream().filter(c -> !scopeOf.get(c).equals(scope)).toList();
    }

    /** Appliers of {@code kind} that {@code ref} surely names (namespaces known and equal), anywhere in the repository. */
    public List<Applier> resolveAnywhere(ObjectRef ref, Applier.Kind kind) {
        return global.getOrDefault(key(kind.kindName(), ref.name()), List.of()).stream()
                .filter(c -> ref.matchesKnown(c.namespace(), c.name())).toList();
    }

    /**
     * Appliers of {@code kind} with the name {@code ref} names that it may or may not name, because their namespace or
     * the reference's is unknown (an object applied from outside the repository without one). Looked up as
     * {@link #resolve} does.
     */
    public List<Applier> resolveUncertain(Applier from, ObjectRef ref, Applier.Kind kind) {
        java.util.function.Predicate<Applier> uncertain = c -> ref.matches(c.namespace(), c.name()) && !surely(from, ref, c);
        List<Applier> inScope = inScope(from, ref, kind).filter(uncertain).toList();
        return !inScope.isEmpty() || scopeComplete(from) ? inScope
                : global.getOrDefault(key(kind.kindName(), ref.name()), List.of()).stream().filter(uncertain)
                        .filter(c -> mayShareCluster(from, c)).toList();
    }

    private static boolean surely(Applier from, ObjectRef ref, Applier c) {
        return ref.matchesKnown(c.namespace(), c.name())
                || ref.name().equals(c.name()) && ref.namespace().isEmpty() && from.namespace().isEmpty()
                && c.namespace().isEmpty() && from.parent().isEmpty() && c.parent().isEmpty()
                && from.host().id().equals(c.host().id());
    }

    private java.util.stream.Stream<Applier> inScope(Applier from, ObjectRef ref, Applier.Kind kind) {
        return scoped.getOrDefault(scopeOf.get(from), Map.of()).getOrDefault(key(kind.kindName(), ref.name()), List.of())
                .stream();
    }

    /** The appliers {@code a} depends on (resolved, same kind). */
    public List<Applier> dependencies(Applier a) {
        return dependencies.getOrDefault(a, List.of());
    }

    /** The appliers that depend on {@code a}. */
    public List<Applier> dependents(Applier a) {
        return dependents.getOrDefault(a, List.of());
    }

    /** Everything {@code a} depends on, directly or transitively. */
    public Set<Applier> closure(Applier a) {
        Set<Applier> cached = closures.get(a);
        if (cached != null) {
            return cached;
        }
        Set<Applier> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Applier> todo = new ArrayDeque<>(dependencies(a));
        while (!todo.isEmpty()) {
            Applier d = todo.poll();
            if (seen.add(d)) {
                todo.addAll(dependencies(d));
            }
        }
        Set<Applier> result = Collections.unmodifiableSet(seen);
        closures.put(a, result);
        return result;
    }

    /**
     * True when Flux applies what {@code a} applies only once {@code other} is ready: {@code other} is an
     * ancestor of {@code a}, or it (or one of its ancestors) is in the {@code dependsOn} closure of
     * {@code a} or of one of {@code a}'s ancestors.
     */
    public boolean orderedAfter(Applier a, Applier other) {
        List<Applier> ancestors = a.ancestors();
        if (ancestors.contains(other)) {
            return true;
        }
        Set<Applier> waits = Collections.newSetFromMap(new IdentityHashMap<>());
        waits.addAll(closure(a));
        for (Applier p : ancestors) {
            waits.addAll(closure(p));
        }
        if (waits.contains(other)) {
            return true;
        }
        for (Applier q : other.ancestors()) {
            if (waits.contains(q)) {
                return true;
            }
        }
        return false;
    }

    /**
     * False for dead code: an applier nothing applies although it lies in a folder that a
     * Kustomization of one of the repository's entry points builds, so that folder's kustomization
     * leaves it out on purpose (a commented-out {@code - ./app/ks.yaml}). What its parents would patch
     * into it is unknown, so checks of its effective content stay quiet. Appliers applied from
     * outside the repository elsewhere (by hand, by a bootstrap not in the repository) count as applied.
     */
    public boolean applied(Applier a) {
        return !excluded.contains(a.root());
    }

    /** What the repository's helmfiles install before Flux runs (bootstrap). */
    public HelmfileBootstrap helmfiles() {
        return helmfiles;
    }

    /** Appliers whose target is {@code cluster}. */
    public List<Applier> appliersOn(Cluster cluster) {
        return byTarget.getOrDefault(cluster.id(), List.of());
    }

    /** Everything applied to {@code cluster} (Kustomization builds, HelmRelease embedded objects). */
    public List<Placement> placementsOn(Cluster cluster) {
        return placementsByCluster.getOrDefault(cluster.id(), List.of());
    }

    /** What {@code a} applies. */
    public List<Placement> placementsBy(Applier a) {
        return placementsByApplier.getOrDefault(a, List.of());
    }

    /** Everything applied anywhere, grouped by cluster. */
    public Map<String, List<Placement>> placementsByCluster() {
        return Collections.unmodifiableMap(placementsByCluster);
    }

    /**
     * True when fluxward sees everything applied to {@code cluster}: its entry point is known and every
     * Kustomization applying to it builds completely from the repository.
     */
    public boolean clusterComplete(Cluster cluster) {
        return completeClusters.contains(cluster.id());
    }

    /**
     * Where a node of an applier's effective object is written: in its manifest, or (for a node a
     * parent's patch put there) in the parent's file or a kustomization file. Falls back to the manifest's
     * {@code kind:} line.
     */
    public Location locate(Applier a, YNode node) {
        if (!node.isPresent()) {
            return a.synthetic() ? a.manifest().locationOf(a.syncNode()) : a.manifest().location();
        }
        // A synthetic Kustomization is made of its owner's sync and inline patches: every node is of the owner's file.
        if (a.synthetic() || holds(a.manifest().node(), node)) {
            return new Location(a.manifest().path(), node.span());
        }
        // A key a JSON patch added is made with the span of the value it adds: it is where that value is.
        Optional<String> patchFile = a.rendered().fileOf(node)
                .or(() -> Provenance.valueOfKey(a.content(), node).flatMap(v -> a.rendered().fileOf(v)));
        if (patchFile.isPresent()) {
            // Put there by a patch of the build that emits it (an inline one has no document of its own to search).
            return new Location(patchFile.get(), node.span());
        }
        List<String> preferred = new ArrayList<>();
        a.ancestors().forEach(p -> preferred.add(p.manifest().path()));
        return Provenance.find(repository, node, preferred).orElse(a.manifest().location());
    }

    /** {@link Provenance#contains}; the nodes of a big object are collected once (asked per finding, it was quadratic). */
    private boolean holds(YNode root, YNode node) {
        if (root.expandedSize() < BIG_OBJECT) {
            return Provenance.contains(root, node);
        }
        return treeNodes.computeIfAbsent(root, Provenance::nodes).contains(node);
    }

    /** Where a node of a placed object is written (its own file, else a patch). */
    public Location locate(Placement p, YNode node) {
        if (!node.isPresent()) {
            return p.origin().location();
        }
        Optional<String> patchFile = p.provenance().fileOf(node);
        if (patchFile.isPresent()) {
            // Put there by a patch (an inline one has no document of its own to search): its spans are that file's.
            return new Location(patchFile.get(), node.span());
        }
        if (holds(p.origin().node(), node)) {
            return new Location(p.origin().path(), node.span());
        }
        List<String> preferred = new ArrayList<>();
        preferred.add(p.by().manifest().path());
        p.by().ancestors().forEach(q -> preferred.add(q.manifest().path()));
        return Provenance.find(repository, node, preferred).orElse(p.origin().location());
    }

    /** The chart a HelmRelease installs: {@code chart.spec.chart}, else the last segment of its chartRef source URL. */
    public Optional<String> chartName(Applier release) {
        Optional<String> direct = release.get("spec", "chart", "spec", "chart").text();
        if (direct.isPresent()) {
            String c = direct.get();
            return Optional.of(c.substring(c.lastIndexOf('/') + 1));
        }
        if (release.sourceRef().isEmpty() || !release.get("spec", "chartRef").isPresent()) {
            return Optional.empty();
        }
        for (SourceDef s : findSources(release.sourceRef().get())) {
            if (s.kind().equals(FluxApi.HELM_CHART)) {
                Optional<String> chart = s.manifest().flatMap(m -> m.get("spec", "chart").text());
                if (chart.isPresent()) {
                    return chart;
                }
            } else if (!s.url().isEmpty()) {
                String u = s.url().replaceAll("/+$", "");
                return Optional.of(u.substring(u.lastIndexOf('/') + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a HelmRelease of a known chart installs its CRDs on its target cluster, with its merged values
     * ({@link HelmValues}); empty for another chart, or when the switch depends on values fluxward cannot read.
     */
    public Optional<KnownCharts.CrdPolicy> crdPolicy(Applier release) {
        if (release.kind() != Applier.Kind.HELM_RELEASE) {
            return Optional.empty();
        }
        return crdPolicies.computeIfAbsent(release, r -> chartName(r).flatMap(KnownCharts::byName)
                .flatMap(c -> KnownCharts.policy(c, r, values(r))));
    }

    /** A HelmRelease's values: inline and from the {@code valuesFrom} objects of the repository. */
    public HelmValues values(Applier release) {
        return HelmValues.of(release, configObjects, new YamlParser(repository.config().limits().yaml()));
    }

    /**
     * True when the API server keeps objects of this kind without a namespace: a built-in cluster-scoped kind, or
     * a CRD of the repository or a bundled (Flux, External Secrets) one with {@code scope: Cluster}.
     */
    public boolean clusterScoped(String group, String kind) {
        return ClusterScope.isClusterScoped(group, kind) || clusterScopedCustomKinds.contains(group + "/" + kind)
                || BundledSchemas.get().clusterScoped(group, kind);
    }

    private static Set<String> clusterScopedCustomKinds(RepositoryModel model) {
        Set<String> out = new HashSet<>();
        model.objects("apiextensions.k8s.io", "CustomResourceDefinition").map(KubeObject::node).forEach(crd -> {
            if (crd.at("spec", "scope").textOr("").equals("Cluster")) {
                crdDefines(crd).ifPresent(gk -> out.add(gk[0] + "/" + gk[1]));
            }
        });
        return out;
    }

    /** {@code spec.group}/{@code spec.names.kind} of a CustomResourceDefinition object. */
    public static Optional<String[]> crdDefines(YMap crd) {
        String group = crd.at("spec", "group").textOr("");
        String kind = crd.at("spec", "names", "kind").textOr("");
        return group.isEmpty() || kind.isEmpty() ? Optional.empty() : Optional.of(new String[] {group, kind});
    }
}
