package io.fluxward.flux;

import io.fluxward.config.Config;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.FluxOverrides;
import io.fluxward.kustomize.FluxRoot;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.UnparseableFiles;
import io.fluxward.model.Words;
import io.fluxward.snapshot.Paths;
import io.fluxward.sops.EncValue;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link FluxModel}: finds the repository's own sources, the entry points (appliers nothing
 * else applies, bootstrap loops first), and walks from each entry point through the Kustomizations'
 * builds, so every applier instance carries its parent, its effective content and its cluster.
 */
final class FluxModelBuilder {

    /** Bound on applier instances, against diamond-shaped trees that multiply (a note, never a hang). */
    static final int MAX_APPLIERS = 250_000;
    private static final int MAX_SELF_REFERENCE_DIRS = 20_000;
    /** Bound on re-renderings of a bootstrap Kustomization by its own build (each may change what it builds). */
    private static final int MAX_SELF_RENDERINGS = 4;

    private final RepositoryModel model;
    private final Kustomize kustomize;
    private final Config config;
    /** Applier manifests and sync owners (FluxInstances): the nodes of the "renders" graph. */
    private final Set<KubeObject> nodes = new LinkedHashSet<>();
    private final List<SourceDef> sources = new ArrayList<>();
    private final List<ObjectRef> repoSources = new ArrayList<>();
    private final List<ObjectRef> otherTrees = new ArrayList<>();
    private final ConfigObjects configObjects;
    private final List<Applier> appliers = new ArrayList<>();
    private final Set<KubeObject> bootstrapRoots = new HashSet<>();
    /** Artifact root (a folder of the repository) per OCI/Bucket repo source, {@code kind/name} to prefix. */
    private final Map<String, String> artifactRoots = new HashMap<>();
    /** {@link #rawSync} per node; cleared when artifact roots change the folders. */
    private final Map<KubeObject, Optional<RawSync>> rawSyncs = new HashMap<>();
    /** {@link #syncObjects} per sync owner and namespace. */
    private final Map<KubeObject, Map<String, SyncObjects>> syncObjects = new IdentityHashMap<>();
    /** {@link #leftOut} per source and folder. */
    private final Map<String, Optional<String>> leftOuts = new HashMap<>();
    /** The namespace a bootstrap loop applies its own root manifest to, for a root written without one. */
    private final Map<KubeObject, String> loopNamespaces = new HashMap<>();
    /** {@link #overlaid()}, computed when first needed. */
    private Map<KubeObject, List<Map.Entry<String, Resource>>> overlaid;
    private boolean truncated;
    /** Where builds apply objects (asked for manifests that some build may remove), computed on first use. */
    private io.fluxward.eso.Placement placement;

    FluxModelBuilder(RepositoryModel model) {
        this.model = model;
        this.kustomize = model.facet(Kustomize.FACET);
        this.config = model.config();
        this.configObjects = new ConfigObjects(model);
    }

    FluxModel build() {
        Set<String> patchFiles = patchFiles();
        for (KubeObject o : model.objects()) {
            // An applier that the builds reading it all remove ($patch: delete, local-config) applies nothing:
            // it is no entry point "applied from outside the repository" either.
            if (o.origin() != Origin.HELM_VALUES && !patchFiles.contains(o.path())
                    && (FluxApi.isApplier(o) || sync(o).isPresent()) && !removed(o)) {
                nodes.add(o);
            }
        }
        collectSources();
        findRepoSources();
        findArtifactRoots();
        List<KubeObject> roots = roots();
        List<List<Applier>> trees = new ArrayList<>();
        Set<KubeObject> instantiated = new HashSet<>();
        Map<KubeObject, List<Map.Entry<String, Resource>>> fromOutside = roots.stream()
                .anyMatch(r -> !bootstrapRoots.contains(r) && FluxApi.isApplier(r)) ? overlaid() : Map.of();
        for (KubeObject root : roots) {
            boolean bootstrap = bootstrapRoots.contains(root) || !FluxApi.isApplier(root);
            List<Map.Entry<String, Resource>> overlays = bootstrap ? List.of() : fromOutside.getOrDefault(root, List.of());
            if (overlays.isEmpty()) {
                List<Applier> tree = walk(root, bootstrap);
                String loopNamespace = loopNamespaces.get(root);
                if (bootstrap && loopNamespace != null && tree.get(0).namespace().isEmpty()) {
                    // A bootstrap root without a namespace is kept in the one its own loop applies it to.
                    Set<String> clusters = new HashSet<>();
                    tree.forEach(a -> clusters.add(a.target().id()));
                    configObjects.forget(clusters);
                    tree = walk(root, true, root.node(), io.fluxward.kustomize.Provenance.NONE, loopNamespace, root.name(),
                            Paths.parent(root.path()));
                }
                trees.add(tree);
            }
            for (Map.Entry<String, Resource> o : overlays) {
                trees.add(walk(root, false, o.getValue(), o.getKey()));
            }
        }
        List<List<Applier>> kept = dropTreesReachedElsewhere(trees);
        for (List<Applier> tree : kept) {
            tree.forEach(a -> instantiated.add(a.manifest()));
        }
        // Manifests the walk did not reach (an applier whose raw path differs from its substituted one, say).
        for (KubeObject o : nodes) {
            if (!instantiated.contains(o) && FluxApi.isApplier(o)) {
                List<Applier> tree = walk(o, false);
                tree.forEach(a -> instantiated.add(a.manifest()));
                kept.add(tree);
            }
        }
        for (List<Applier> tree : kept) {
            appliers.addAll(tree);
        }
        addEffectiveSources();
        FluxModel flux = new FluxModel(model, appliers, sources, repoSources, otherTrees, repoRoots(), truncated, configObjects);
        // Now that every cluster's ConfigMaps and Secrets are known, substituteFrom resolves as dependsOn does: on
        // the Kustomization's own cluster when that cluster is completely known (the walk could only guess).
        for (Applier a : appliers) {
            if (a.kind() == Applier.Kind.KUSTOMIZATION && a.build().isPresent() && a.postBuild().isMap()) {
                a.setChildVars(varsOf(a, flux, null));
            }
        }
        return flux;
    }

    /**
     * Files kustomization files use as patches: their (often partial) objects are patches, not
     * appliers of their own.
     */
    private Set<String> patchFiles() {
        Set<String> out = new HashSet<>();
        for (FileModel k : kustomize.kustomizationFiles()) {
            out.addAll(k.fact(PATCH_FILES));
        }
        return out;
    }

    /** The files a kustomization file names as patches, resolved against its folder. */
    private static final FileFact<List<String>> PATCH_FILES = FileFact.of("kustomization patch files", k -> {
        if (k.documents().isEmpty()) {
            return List.of();
        }
        YNode root = k.documents().get(0).root();
        String dir = Paths.parent(k.path());
        List<YNode> refs = new ArrayList<>();
        root.get("patches").items().forEach(i -> refs.add(i.get("path")));
        root.get("patchesJson6902").items().forEach(i -> refs.add(i.get("path")));
        refs.addAll(root.get("patchesStrategicMerge").items());
        List<String> out = new ArrayList<>();
        for (YNode ref : refs) {
            String text = ref.textOr("");
            String resolved = text.isEmpty() || text.contains("\n") ? null : Paths.resolve(dir, text);
            if (resolved != null) {
                out.add(resolved);
            }
        }
        return List.copyOf(out);
    });

    // ---- sources ------------------------------------------------------------------------------

    /** True when the builds that read the manifest as a resource all remove it: nothing applies it. */
    private boolean removed(KubeObject o) {
        if (placement == null) {
            placement = model.facet(io.fluxward.eso.Placement.FACET);
        }
        return placement.removed(o);
    }

    private void collectSources() {
        for (KubeObject o : model.objects()) {
            if ((FluxApi.isSource(o) || FluxApi.isArtifactGenerator(o) || sync(o).isPresent()) && removed(o)) {
                continue;
            }
            if (FluxApi.isSource(o)) {
                sources.add(new SourceDef(o.kind(), o.namespace(), o.name(), Optional.of(o),
                        FluxApi.sourceUrl(o.node(), ""), SourceDef.Origin.MANIFEST));
            } else if (FluxApi.isArtifactGenerator(o)) {
                for (YNode artifact : o.get("spec", "artifacts").items()) {
                    artifact.get("name").text().ifPresent(n -> sources.add(new SourceDef(FluxApi.EXTERNAL_ARTIFACT,
                            o.namespace(), n, Optional.of(o), "", SourceDef.Origin.ARTIFACT_GENERATOR)));
                }
            }
            sync(o).ifPresent(s -> sources.add(new SourceDef(s.kind(), s.namespace(o.namespace()), s.name(o.namespace()),
                    Optional.of(o), syncUrl(o, s), SourceDef.Origin.FLUX_INSTANCE)));
        }
    }

    /**
     * Sources as their namespaces and names end up after kustomize (a source a build renders is known only
     * so: its folder's {@code namespace:} or a Flux {@code namePrefix} changes it; one applied from outside, as
     * the top folders that include it render it), and the HelmCharts HelmReleases generate.
     */
    private void addEffectiveSources() {
        Set<KubeObject> rendered = new HashSet<>();
        for (Applier a : appliers) {
            for (Resource r : a.build().map(Build::resources).orElse(List.of())) {
                if (FluxApi.isSource(r.origin())) {
                    rendered.add(r.origin());
                }
            }
        }
        sources.removeIf(s -> s.origin() == SourceDef.Origin.MANIFEST && s.manifest().filter(rendered::contains).isPresent());
        // The others, applied from outside the repository: as the folders applied render them.
        Map<String, SourceDef> outside = new LinkedHashMap<>();
        sources.removeIf(s -> {
            if (s.origin() != SourceDef.Origin.MANIFEST || s.manifest().isEmpty()) {
                return false;
            }
            KubeObject m = s.manifest().get();
            List<Map.Entry<String, Resource>> renderings = overlaid().getOrDefault(m, List.of());
            for (Map.Entry<String, Resource> e : renderings) {
                Resource r = e.getValue();
                String url = FluxApi.sourceUrl(r.content(), "");
                outside.putIfAbsent(r.kind() + "/" + r.namespace() + "/" + r.name() + "\u0000" + m.path() + "\u0000"
                        + m.document(), new SourceDef(r.kind(), r.namespace(), r.name(), Optional.of(m), url,
                        SourceDef.Origin.MANIFEST));
            }
            return !renderings.isEmpty();
        });
        sources.addAll(outside.values());
        Set<String> seen = new HashSet<>();
        for (SourceDef s : sources) {
            seen.add(s.kind() + "/" + s.namespace() + "/" + s.name());
        }
        List<SourceDef> more = new ArrayList<>();
        for (Applier a : appliers) {
            for (Resource r : a.build().map(Build::resources).orElse(List.of())) {
                if (FluxApi.isSource(r.origin()) && seen.add(r.kind() + "/" + r.namespace() + "/" + r.name())) {
                    more.add(new SourceDef(r.kind(), r.namespace(), r.name(), Optional.of(r.origin()),
                            r.content().at("spec", "url").textOr(""), SourceDef.Origin.MANIFEST));
                }
            }
            if (a.kind() == Applier.Kind.HELM_RELEASE && a.get("spec", "chart", "spec").isPresent()) {
                String ns = a.sourceRef().map(ObjectRef::namespace).orElse(a.namespace());
                String chartName = a.namespace() + "-" + a.name();
                if (!a.namespace().isEmpty() && seen.add(FluxApi.HELM_CHART + "/" + ns + "/" + chartName)) {
                    more.add(new SourceDef(FluxApi.HELM_CHART, ns, chartName, Optional.of(a.manifest()), "",
                            SourceDef.Origin.HELM_CHART_OF_RELEASE));
                }
            }
        }
        sources.addAll(more);
    }

    private void findRepoSources() {
        String configured = config.fluxSource();
        int slash = configured.indexOf('/');
        ObjectRef named = ObjectRef.of("", configured.substring(0, slash), configured.substring(slash + 1));
        // Of any tree kind (a bootstrap makes a GitRepository or an OCIRepository) unless the repository
        // defines it: then of the kinds defined, so an OCIRepository of that name, defined nowhere, is not it.
        List<ObjectRef> defined = sources.stream()
                .filter(d -> FluxApi.TREE_SOURCE_KINDS.contains(d.kind()) && named.matches(d.namespace(), d.name()))
                .map(d -> ObjectRef.of(d.kind(), named.namespace(), named.name())).distinct().toList();
        repoSources.addAll(defined.isEmpty() ? List.of(named) : defined);
        // A source is the repository itself when its URL is the URL of a source already known to be the
        // repository, or when what it syncs contains its own definition (a bootstrap loop) and its URL does not
        // name another repository. A second repository laid out like this one (secrets kept under the same
        // cluster folders) has a path that exists here too, with its own definition in it, but Flux builds that
        // path from the other repository's artifact. Only a different repository name, against the repository's
        // sources of the same kind, counts as another repository: the same name under another host, owner or URL
        // form (a mirror, Azure DevOps' or Bitbucket's SSH paths) stays this one, and a Bucket's endpoint names no
        // repository. Each round judges by the URLs known before it, whatever the order of the definitions.
        List<ObjectRef> referenced = new ArrayList<>();
        for (KubeObject n : nodes) {
            RawSync raw = rawSync(n);
            if (raw != null) {
                referenced.add(ObjectRef.of(raw.kind, raw.namespace, raw.name));
            }
        }
        boolean changed = true;
        while (changed) {
            RepoUrls known = repoUrls();
            List<ObjectRef> found = new ArrayList<>();
            for (SourceDef s : sources) {
                if (!FluxApi.TREE_SOURCE_KINDS.contains(s.kind()) || isRepoSource(s.kind(), s.namespace(), s.name())
                        || referenced.stream().noneMatch(r -> r.kind().equals(s.kind()) && r.matches(s.namespace(), s.name()))) {
                    continue;
                }
                Tree tree = tree(s, known);
                ObjectRef ref = ObjectRef.of(s.kind(), s.namespace(), s.name());
                if (!found.contains(ref) && (tree == Tree.THIS || tree != Tree.OTHER_REPOSITORY && selfReferencing(s))) {
                    found.add(ref);
                }
            }
            changed = !found.isEmpty();
            repoSources.addAll(found);
        }
        // The sources defined here that surely build another tree, by the final URLs (every definition of the name).
        RepoUrls known = repoUrls();
        Map<ObjectRef, Boolean> other = new LinkedHashMap<>();
        for (SourceDef s : sources) {
            if (FluxApi.TREE_SOURCE_KINDS.contains(s.kind()) && !isRepoSource(s.kind(), s.namespace(), s.name())) {
                Tree tree = tree(s, known);
                boolean surely = tree == Tree.OTHER_REPOSITORY || tree == Tree.OTHER_REF;
                other.merge(ObjectRef.of(s.kind(), s.namespace(), s.name()), surely, Boolean::logicalAnd);
            }
        }
        other.forEach((ref, surely) -> {
            if (surely) {
                otherTrees.add(ref);
            }
        });
    }

    /** How a source's URL relates to the scanned tree. */
    private enum Tree { THIS, OTHER_REF, OTHER_REPOSITORY, UNKNOWN }

    /**
     * The URLs of the sources known to be the repository ({@code url}), the repository names in them ({@code
     * kind/name}), and for each URL the refs of those sources.
     */
    private record RepoUrls(Set<String> urls, Set<String> names, Map<String, Set<String>> refs) {
    }

    private RepoUrls repoUrls() {
        RepoUrls out = new RepoUrls(new HashSet<>(), new HashSet<>(), new HashMap<>());
        for (SourceDef s : sources) {
            String url = normalizeUrl(s.url());
            if (!url.isEmpty() && isRepoSource(s.kind(), s.namespace(), s.name())) {
                out.urls().add(url);
                out.names().add(s.kind() + "/" + url.substring(url.lastIndexOf('/') + 1));
                out.refs().computeIfAbsent(url, u -> new HashSet<>()).add(refOf(s));
            }
        }
        return out;
    }

    /**
     * THIS for the URL (and ref) of a source known to be the repository; OTHER_REF for another branch, tag or commit of
     * it (another tree, which this scan does not see); OTHER_REPOSITORY for a URL that names another repository.
     */
    private static Tree tree(SourceDef s, RepoUrls known) {
        String url = normalizeUrl(s.url());
        if (url.isEmpty()) {
            return Tree.UNKNOWN;
        }
        String treeRef = refOf(s);
        if (known.urls().contains(url)) {
            Set<String> refs = known.refs().get(url);
            return treeRef.isEmpty() || refs.contains("") || refs.contains(treeRef) ? Tree.THIS : Tree.OTHER_REF;
        }
        boolean otherRepository = !s.kind().equals(FluxApi.BUCKET)
                && known.names().stream().anyMatch(n -> n.startsWith(s.kind() + "/"))
                && !known.names().contains(s.kind() + "/" + url.substring(url.lastIndexOf('/') + 1));
        return otherRepository ? Tree.OTHER_REPOSITORY : Tree.UNKNOWN;
    }

    /** A source's {@code spec.ref} (branch, tag, semver, name, commit, digest) as one text; empty when it has none. */
    private static String refOf(SourceDef s) {
        if (s.manifest().isEmpty()) {
            return "";
        }
        YNode ref = s.manifest().get().node().get("spec").get("ref");
        StringBuilder out = new StringBuilder();
        for (String field : List.of("branch", "tag", "semver", "name", "commit", "digest")) {
            ref.get(field).text().ifPresent(v -> out.append(field).append('=').append(v).append(';'));
        }
        return out.toString();
    }

    boolean isRepoSource(String kind, String namespace, String name) {
        if (!FluxApi.TREE_SOURCE_KINDS.contains(kind)) {
            return false;
        }
        for (ObjectRef r : repoSources) {
            if ((r.kind().isEmpty() || r.kind().equals(kind)) && r.matches(namespace, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A source URL as host and path, so that spellings of one repository compare equal: without scheme, user, port,
     * trailing slash or {@code .git}, in lower case, the scp-like {@code host:path} as {@code host/path}; empty when
     * unknown (none, or a variable).
     */
    static String normalizeUrl(String url) {
        if (url.isEmpty() || url.contains("${")) {
            return "";
        }
        String u = url.strip().toLowerCase(Locale.ROOT);
        u = u.replaceFirst("^[a-z+]+://", "").replaceFirst("^[^@/]+@", "");
        u = u.replaceFirst("^([^/:]+):(?!\\d)", "$1/");
        u = u.replaceFirst("^([^/:]+):\\d+(/|$)", "$1/");
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    /** True when {@code raw} syncs source {@code s}: same kind, name and namespace (an unknown one matches any). */
    private static boolean syncs(RawSync raw, SourceDef s) {
        return raw.kind.equals(s.kind()) && ObjectRef.of(raw.kind, raw.namespace, raw.name).matches(s.namespace(), s.name());
    }

    private boolean selfReferencing(SourceDef s) {
        KubeObject definition = s.manifest().orElse(null);
        Set<KubeObject> starts = new HashSet<>();
        Deque<String> dirs = new ArrayDeque<>();
        for (KubeObject n : nodes) {
            RawSync raw = rawSync(n);
            if (raw != null && syncs(raw, s)) {
                starts.add(n);
                // The root of the tree holds every file: finding the definition there proves nothing.
                if (raw.dir != null && !raw.dir.isEmpty()) {
                    dirs.add(raw.dir);
                }
            }
        }
        Set<String> visited = new HashSet<>();
        while (!dirs.isEmpty() && visited.size() < MAX_SELF_REFERENCE_DIRS) {
            String dir = dirs.poll();
            if (!visited.add(dir) || !(dir.isEmpty() || model.isDirectory(dir))) {
                continue;
            }
            for (Resource r : kustomize.build(dir).resources()) {
                KubeObject o = r.origin();
                if (o.equals(definition) || starts.contains(o)) {
                    return true;
                }
                RawSync raw = nodes.contains(o) ? rawSync(o) : null;
                if (raw != null && raw.dir != null && !raw.dir.isEmpty()
                        && (syncs(raw, s) || isRepoSource(raw.kind, raw.namespace, raw.name))) {
                    dirs.add(raw.dir);
                }
            }
        }
        return false;
    }

    /**
     * The repository folder a path of a repository source names: the path itself for a Git source, or
     * below the artifact root for an OCI artifact or bucket pushed from a sub-folder
     * ({@code flux push artifact --path=./kubernetes}). As the controllers join it to the source's root
     * (securejoin): {@code /apps} and {@code ../apps} are {@code apps}.
     */
    private String inArtifact(String kind, String namespace, String name, String path) {
        String normalized = Paths.withinRoot(path);
        String root = artifactRoots.getOrDefault(kind + "/" + namespace + "/" + name, "");
        if (root.isEmpty()) {
            return normalized;
        }
        return normalized.isEmpty() ? root : root + "/" + normalized;
    }

    /**
     * Infers where an OCI/Bucket repo source's artifact starts: the folder under which the most
     * Kustomization paths of that source exist, when that is more than from the repository root.
     */
    private void findArtifactRoots() {
        Map<String, List<String>> pathsBySource = new LinkedHashMap<>();
        for (KubeObject n : nodes) {
            RawSync raw = rawSync(n);
            if (raw == null || raw.dir == null || raw.dir.isEmpty() || raw.kind.equals(FluxApi.GIT_REPOSITORY)
                    || !isRepoSource(raw.kind, raw.namespace, raw.name)) {
                continue;
            }
            pathsBySource.computeIfAbsent(raw.kind + "/" + raw.namespace + "/" + raw.name, k -> new ArrayList<>())
                    .add(raw.dir);
        }
        if (pathsBySource.isEmpty()) {
            return;
        }
        Set<String> dirs = new HashSet<>();
        for (FileModel f : model.files()) {
            for (String d = Paths.parent(f.path()); !d.isEmpty() && dirs.add(d); d = Paths.parent(d)) {
                // every folder of a scanned file
            }
        }
        pathsBySource.forEach((source, paths) -> {
            Map<String, Integer> score = new HashMap<>();
            int atRoot = 0;
            for (String p : paths) {
                if (dirs.contains(p)) {
                    atRoot++;
                }
                for (String d : dirs) {
                    if (d.endsWith("/" + p)) {
                        score.merge(d.substring(0, d.length() - p.length() - 1), 1, Integer::sum);
                    }
                }
            }
            int best = atRoot;
            String root = "";
            for (Map.Entry<String, Integer> e : score.entrySet()) {
                if (e.getValue() > best || e.getValue() == best && !root.isEmpty() && e.getKey().compareTo(root) < 0) {
                    best = e.getValue();
                    root = e.getKey();
                }
            }
            if (!root.isEmpty()) {
                artifactRoots.put(source, root);
            }
        });
        rawSyncs.clear();
    }

    /** The Flux Kustomizations (written in the repository) whose path is a folder of this repository's source. */
    private List<FluxRoot> repoRoots() {
        List<FluxRoot> out = new ArrayList<>();
        for (KubeObject n : nodes) {
            RawSync raw = FluxApi.isKustomization(n) ? rawSync(n) : null;
            if (raw != null && raw.dir != null && isRepoSource(raw.kind, raw.namespace, raw.name)
                    && (raw.dir.isEmpty() || model.isDirectory(raw.dir))
                    && !fromInclude(raw.kind, raw.namespace, raw.name, raw.dir)) {
                out.add(new FluxRoot(n, raw.dir, artifactIgnores(raw.kind, raw.namespace, raw.name), livesIn(n)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The namespace of Flux Kustomization {@code n}: its own, else the one every build that applies it gives it (a
     * {@code namespace} or {@code targetNamespace} on the way), else empty (not known).
     */
    private String livesIn(KubeObject n) {
        if (!n.namespace().isEmpty()) {
            return n.namespace();
        }
        Set<String> given = new HashSet<>();
        for (Applier a : appliers) {
            if (a.manifest().equals(n)) {
                given.add(a.namespace());
            }
        }
        return given.size() == 1 ? given.iterator().next() : "";
    }

    /**
     * The {@code spec.ignore} of each definition of a GitRepository ({@code ""} for none; one entry for another source
     * kind, or one the repository does not define), or nothing when one is not plain text (templated).
     */
    private List<String> artifactIgnores(String kind, String namespace, String name) {
        if (!kind.equals(FluxApi.GIT_REPOSITORY)) {
            return List.of("");
        }
        List<String> out = new ArrayList<>();
        for (YNode ignore : specIgnores(kind, namespace, name)) {
            if (ignore.isPresent() && (!ignore.hasText() || ignore.textOr("").contains("${"))) {
                return List.of();
            }
            out.add(ignore.textOr(""));
        }
        return out.isEmpty() ? List.of("") : List.copyOf(out);
    }

    /**
     * The {@code spec.ignore} of each definition of a source in the repository (missing where it has none): of its
     * manifest, or of the source a FluxInstance's sync makes, as patched.
     */
    private List<YNode> specIgnores(String kind, String namespace, String name) {
        return specFields(kind, namespace, name, "ignore");
    }

    /** Field {@code spec.<field>} of each definition of a source in the repository, as {@link #specIgnores}. */
    private List<YNode> specFields(String kind, String namespace, String name, String field) {
        List<YNode> out = new ArrayList<>();
        for (SourceDef d : sources) {
            if (d.kind().equals(kind) && d.namespace().equals(namespace) && d.name().equals(name)) {
                out.add(d.manifest().map(m -> d.origin() == SourceDef.Origin.FLUX_INSTANCE
                        ? syncObjects(m, m.namespace()).source().at("spec", field) : m.get("spec", field))
                        .orElse(YMissing.INSTANCE));
            }
        }
        return out;
    }

    /** The source and folder a node syncs, read from its manifest without substitution. */
    private record RawSync(String kind, String namespace, String name, String dir) {
    }

    private RawSync rawSync(KubeObject o) {
        return rawSyncs.computeIfAbsent(o, k -> Optional.ofNullable(readRawSync(k))).orElse(null);
    }

    private RawSync readRawSync(KubeObject o) {
        Optional<Sync> sync = sync(o);
        if (sync.isPresent()) {
            Sync s = sync.get();
            String path = syncObjects(o, o.namespace()).kustomization().at("spec", "path").textOr("");
            String kind = s.kind();
            String ns = s.namespace(o.namespace());
            String name = s.name(o.namespace());
            return new RawSync(kind, ns, name, path.contains("${") ? null : inArtifact(kind, ns, name, path));
        }
        if (!FluxApi.isKustomization(o)) {
            return null;
        }
        YNode ref = o.get("spec", "sourceRef");
        String path = o.get("spec", "path").textOr("");
        String kind = ref.get("kind").textOr("");
        String ns = ref.get("namespace").textOr(o.namespace());
        String name = ref.get("name").textOr("");
        return new RawSync(kind, ns, name, path.contains("${") ? null : inArtifact(kind, ns, name, path));
    }

    // ---- entry points -------------------------------------------------------------------------

    /** Nodes nothing else renders (in the raw graph), self-rendering bootstrap loops first, then by path. */
    private List<KubeObject> roots() {
        Map<KubeObject, Set<KubeObject>> incoming = new IdentityHashMap<>();
        Map<KubeObject, Set<KubeObject>> outgoing = new IdentityHashMap<>();
        for (KubeObject n : nodes) {
            RawSync raw = rawSync(n);
            if (raw == null || raw.dir == null || !isRepoSource(raw.kind, raw.namespace, raw.name)
                    || !(raw.dir.isEmpty() || model.isDirectory(raw.dir))
                    || leftOut(raw.kind, raw.namespace, raw.name, raw.dir).isPresent()
                    || fromInclude(raw.kind, raw.namespace, raw.name, raw.dir)) {
                continue;
            }
            for (Resource r : kustomize.build(raw.dir).resources()) {
                if (nodes.contains(r.origin())) {
                    incoming.computeIfAbsent(r.origin(), k -> new LinkedHashSet<>()).add(n);
                    outgoing.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(r.origin());
                }
            }
        }
        // A node is a root when no node outside its own loop renders it; of a loop (a bootstrap
        // Kustomization that applies its own folder), the first member in path order.
        Map<KubeObject, Set<KubeObject>> reach = new IdentityHashMap<>();
        List<KubeObject> bootstrap = new ArrayList<>();
        List<KubeObject> others = new ArrayList<>();
        for (KubeObject n : nodes) {
            Set<KubeObject> loop = reach.computeIfAbsent(n, k -> reachable(k, outgoing));
            Set<KubeObject> from = incoming.getOrDefault(n, Set.of());
            if (from.stream().anyMatch(p -> !loop.contains(p))) {
                continue;
            }
            if (!loop.contains(n)) {
                others.add(n);
                continue;
            }
            boolean first = true;
            for (KubeObject m : loop) {
                if (order(m, n) < 0 && reach.computeIfAbsent(m, k -> reachable(k, outgoing)).contains(n)) {
                    first = false;
                    break;
                }
            }
            if (first) {
                bootstrap.add(n);
            }
        }
        bootstrapRoots.addAll(bootstrap);
        List<KubeObject> out = new ArrayList<>(bootstrap);
        out.addAll(others);
        return out;
    }

    private static int order(KubeObject a, KubeObject b) {
        int c = a.path().compareTo(b.path());
        return c != 0 ? c : Integer.compare(a.document(), b.document());
    }

    private static Set<KubeObject> reachable(KubeObject start, Map<KubeObject, Set<KubeObject>> outgoing) {
        Set<KubeObject> seen = new HashSet<>();
        Deque<KubeObject> todo = new ArrayDeque<>(outgoing.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            KubeObject o = todo.poll();
            if (seen.add(o)) {
                todo.addAll(outgoing.getOrDefault(o, Set.of()));
            }
        }
        return seen;
    }

    /** A tree whose root another tree applies was not really an entry point (its raw path hid the edge). */
    private static List<List<Applier>> dropTreesReachedElsewhere(List<List<Applier>> trees) {
        List<List<Applier>> kept = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            KubeObject root = trees.get(i).get(0).manifest();
            boolean reached = false;
            for (int j = 0; j < trees.size() && !reached; j++) {
                if (j == i) {
                    continue;
                }
                for (Applier a : trees.get(j)) {
                    if (a.parent().isPresent() && a.manifest().equals(root)) {
                        reached = true;
                        break;
                    }
                }
            }
            if (!reached) {
                kept.add(trees.get(i));
            }
        }
        return kept;
    }

    /**
     * Flux appliers and sources as the top kustomization folders (those no other folder's build includes) render them,
     * for those no in-repository applier applies: a cluster overlay that includes a base of Kustomizations and patches
     * their paths or dependsOn is what is applied from outside (a bootstrap the repository does not hold), not the
     * base's raw manifests. Their own folder counts when no other top folder renders them: its patches,
     * {@code namespace} and prefixes are applied with them. Per object, each such folder and the rendered object.
     */
    private Map<KubeObject, List<Map.Entry<String, Resource>>> overlaid() {
        if (overlaid != null) {
            return overlaid;
        }
        List<String> folders = kustomize.kustomizationFiles().stream().map(k -> Paths.parent(k.path())).distinct()
                .sorted().toList();
        Set<String> included = kustomize.includedFolders(folders);
        Map<KubeObject, List<Map.Entry<String, Resource>>> out = new IdentityHashMap<>();
        Map<KubeObject, List<Map.Entry<String, Resource>>> own = new IdentityHashMap<>();
        for (String f : folders) {
            if (included.contains(f)) {
                continue;
            }
            for (Resource r : kustomize.build(f).resources()) {
                if (FluxApi.isApplier(r.origin()) || FluxApi.isSource(r.origin())) {
                    (Paths.parent(r.origin().path()).equals(f) ? own : out).computeIfAbsent(r.origin(), k -> new ArrayList<>())
                            .add(Map.entry(f, r));
                }
            }
        }
        own.forEach(out::putIfAbsent);
        overlaid = out;
        return out;
    }

    // ---- the walk -----------------------------------------------------------------------------

    private List<Applier> walk(KubeObject root, boolean bootstrap) {
        return walk(root, bootstrap, root.node(), io.fluxward.kustomize.Provenance.NONE, root.namespace(), root.name(),
                Paths.parent(root.path()));
    }

    /** @param rendered the root as a folder's build renders it (patched, renamed, moved to its namespace) */
    private List<Applier> walk(KubeObject root, boolean bootstrap, Resource rendered, String folder) {
        return walk(root, bootstrap, rendered.content(), rendered.provenance(), rendered.namespace(), rendered.name(), folder);
    }

    /**
     * @param content   the root's object: its manifest, or as a folder's build renders it
     * @param rendered  which files the patched parts of {@code content} come from
     * @param folder    the folder applied from outside the repository, naming the entry cluster when not a bootstrap
     */
    private List<Applier> walk(KubeObject root, boolean bootstrap, YMap content, io.fluxward.kustomize.Provenance rendered,
                               String namespace, String name, String folder) {
        List<Applier> tree = new ArrayList<>();
        Cluster entry = bootstrap ? null : Cluster.folder(folder);
        Applier first = FluxApi.isApplier(root)
                ? instantiate(root, content, rendered, namespace, name, null, Vars.NONE, entry)
                : synthetic(root, namespace, null, Vars.NONE, entry);
        if (bootstrap && content == root.node() && FluxApi.isKustomization(root)) {
            first = asItRendersItself(first);
        }
        Deque<Applier> todo = new ArrayDeque<>();
        todo.add(first);
        while (!todo.isEmpty()) {
            Applier a = todo.poll();
            tree.add(a);
            if (appliers.size() + tree.size() > MAX_APPLIERS) {
                truncated = true;
                break;
            }
            expand(a, todo);
        }
        return tree;
    }

    /**
     * A bootstrap Kustomization applies its own definition: from its first reconcile on, the cluster holds it as its
     * build renders it, with the patches, {@code namespace} and fields of the kustomization files on the way (the
     * bootstrap customization in {@code flux-system/kustomization.yaml} that adds {@code decryption}, say), and its own
     * {@code spec.patches}. Its fields are read from that rendering, again until it no longer changes, as long as it
     * is the same object (a {@code targetNamespace} or prefix that moves or renames it makes another one).
     */
    private Applier asItRendersItself(Applier root) {
        Applier current = root;
        for (int i = 0; i < MAX_SELF_RENDERINGS; i++) {
            String dir = buildableDir(current);
            if (dir == null) {
                return current;
            }
            Resource self = null;
            for (Resource r : kustomize.build(dir, overrides(current)).resources()) {
                if (r.origin().equals(root.manifest())) {
                    self = r;
                    break;
                }
            }
            if (self == null || !self.name().equals(current.name()) || Kustomize.sameValue(self.content(), current.content())
                    || !(current.namespace().isEmpty() || self.namespace().equals(current.namespace()))) {
                return current;
            }
            current = instantiate(root.manifest(), self.content(), self.provenance(), self.namespace(), self.name(), null,
                    Vars.NONE, null);
        }
        return current;
    }

    /**
     * The folder a Kustomization's build reads, when fluxward builds it: a known path of the repository's own source,
     * present in its artifact; else null.
     */
    private String buildableDir(Applier a) {
        Optional<ObjectRef> src = a.sourceRef();
        if (src.isEmpty() || !src.get().concrete() || !isRepoSource(src.get().kind(), src.get().namespace(), src.get().name())
                || !a.path().concrete()) {
            return null;
        }
        String dir = inArtifact(src.get().kind(), src.get().namespace(), src.get().name(), a.path().value());
        if (!(dir.isEmpty() || model.isDirectory(dir))
                || leftOut(src.get().kind(), src.get().namespace(), src.get().name(), dir).isPresent()
                || fromInclude(src.get().kind(), src.get().namespace(), src.get().name(), dir)) {
            return null;
        }
        return dir;
    }


    private void expand(Applier a, Deque<Applier> todo) {
        if (a.kind() == Applier.Kind.HELM_RELEASE) {
            a.setEmbedded(embeddedObjects(a.manifest()));
            String releaseNs = a.targetNamespace().known() ? a.targetNamespace().value() : a.namespace();
            configObjects.indexEmbedded(a.target(), a.embedded(), releaseNs);
            // Kustomizations and HelmReleases in its values (raw-manifests chart) are appliers of its target cluster,
            // in the release namespace unless they name one: dependsOn finds them, and their own refs are checked.
            for (KubeObject o : a.embedded()) {
                if (FluxApi.isApplier(o)) {
                    String ns = o.namespace().isEmpty() ? releaseNs : o.namespace();
                    addChild(a, instantiate(o, o.node(), io.fluxward.kustomize.Provenance.NONE, ns, o.name(), a, a.vars(),
                            null), todo);
                }
            }
            sync(a.manifest()).ifPresent(s -> addChild(a, synthetic(a.manifest(), releaseNs, a, a.vars(), null), todo));
            return;
        }
        Optional<ObjectRef> src = a.sourceRef();
        if (src.isEmpty() || !src.get().concrete() || !isRepoSource(src.get().kind(), src.get().namespace(), src.get().name())
                && !movedRepoSource(a, src.get())) {
            return;
        }
        if (!a.path().concrete()) {
            a.setRepo(null);
            return;
        }
        String dir = inArtifact(src.get().kind(), src.get().namespace(), src.get().name(), a.path().value());
        if (fromInclude(src.get().kind(), src.get().namespace(), src.get().name(), dir)) {
            // Another repository's content: not known, as for a path not known.
            a.setRepo(null);
            return;
        }
        a.setRepo(dir);
        if (!(dir.isEmpty() || model.isDirectory(dir))) {
            return;
        }
        Optional<String> leftOut = leftOut(src.get().kind(), src.get().namespace(), src.get().name(), dir);
        if (leftOut.isPresent()) {
            a.setLeftOut(leftOut.get());
            return;
        }
        Build base = kustomize.build(dir);
        Build effective = kustomize.build(dir, overrides(a));
        // Its substituteFrom objects may be among those its own build applies to the cluster it runs on.
        Vars vars = varsOf(a, null, a.host().equals(a.target()) ? effective : null);
        a.setBuild(dir, effective, base, vars);
        configObjects.index(a.target(), effective, vars);
        Set<KubeObject> chain = new HashSet<>();
        chain.add(a.manifest());
        a.ancestors().forEach(p -> chain.add(p.manifest()));
        for (Resource r : effective.resources()) {
            KubeObject o = r.origin();
            if (o.equals(a.manifest()) && a.kind() == Applier.Kind.KUSTOMIZATION) {
                a.setSelfTargetNamespace(Field.of(r.content().get("spec").get("targetNamespace"), vars));
            }
            if (chain.contains(o) && o.equals(a.root().manifest()) && a.root().namespace().isEmpty()) {
                vars.expand(r.namespace()).filter(ns -> !ns.isEmpty()).ifPresent(ns -> loopNamespaces.putIfAbsent(o, ns));
            }
            if (!nodes.contains(o) || chain.contains(o)) {
                continue;
            }
            Vars objectVars = vars.appliedTo(r.content());
            String ns = objectVars.expand(r.namespace()).orElse("");
            if (FluxApi.isApplier(o)) {
                addChild(a, instantiate(o, r.content(), r.provenance(), ns, objectVars.expand(r.name()).orElse(r.name()), a,
                        objectVars, null), todo);
            } else {
                addChild(a, synthetic(o, ns, a, objectVars, null), todo);
            }
        }
    }

    /**
     * The ignore rule (or {@code spec.sparseCheckout}) that leaves a GitRepository's folder out of its artifact, when
     * every file below it is left out. A source defined several times (once per cluster, say) counts only when every
     * definition leaves it out; a {@code spec.ignore} or {@code spec.sparseCheckout} with a variable is not known.
     */
    private Optional<String> leftOut(String kind, String namespace, String name, String dir) {
        if (dir.isEmpty() || !kind.equals(FluxApi.GIT_REPOSITORY)) {
            return Optional.empty();
        }
        return leftOuts.computeIfAbsent(kind + "/" + namespace + "/" + name + "\u0000" + dir, k -> {
            List<YNode> ignores = specIgnores(kind, namespace, name);
            List<YNode> sparses = specFields(kind, namespace, name, "sparseCheckout");
            if (ignores.isEmpty()) {
                ignores.add(YMissing.INSTANCE);
                sparses.add(YMissing.INSTANCE);
            }
            String first = null;
            for (int i = 0; i < ignores.size(); i++) {
                YNode ignore = ignores.get(i);
                if (ignore.isPresent() && (!ignore.hasText() || ignore.textOr("").contains("${"))) {
                    return Optional.empty();
                }
                // spec.sparseCheckout: only the files below these folders are checked out (an empty list: all).
                YNode sparseNode = sparses.get(i);
                if (sparseNode.isPresent() && !sparseNode.isNull() && !sparseNode.isSeq()) {
                    return Optional.empty();
                }
                List<String> sparse = new ArrayList<>();
                for (YNode item : sparseNode.items()) {
                    if (!item.hasText() || item.textOr("").contains("${")) {
                        return Optional.empty();
                    }
                    sparse.add(item.textOr(""));
                }
                String owner = FluxApi.GIT_REPOSITORY + " " + ref(namespace, name) + " spec.ignore";
                Optional<String> rule = kustomize.folderLeftOut(dir, ignore.isPresent() ? ignore.textOr("") : null, owner,
                        sparse.isEmpty() ? null : sparse, FluxApi.GIT_REPOSITORY + " " + ref(namespace, name)
                                + " spec.sparseCheckout");
                if (rule.isEmpty()) {
                    return Optional.empty();
                }
                first = first == null ? rule.get() : first;
            }
            return Optional.of(first);
        });
    }

    /**
     * True when folder {@code dir} of a GitRepository's artifact holds what its {@code spec.include} copies in from
     * another GitRepository's artifact: at or below an include's {@code toPath} (default: the included
     * GitRepository's name), or above it while not a folder of this repository (the copy makes it). What is there
     * is not seen, so the folder is neither missing nor empty; a {@code toPath} not known (templated) may be any.
     */
    private boolean fromInclude(String kind, String namespace, String name, String dir) {
        if (!kind.equals(FluxApi.GIT_REPOSITORY)) {
            return false;
        }
        for (YNode includes : specFields(kind, namespace, name, "include")) {
            for (YNode include : includes.items()) {
                YNode toPath = include.get("toPath");
                String to = toPath.hasText() ? toPath.textOr("") : include.at("repository", "name").textOr("");
                if (to.contains("${")) {
                    return true;
                }
                if (to.isEmpty()) {
                    continue;
                }
                to = Paths.withinRoot(to);
                if (Paths.isUnder(dir, to) || Paths.isUnder(to, dir) && !dir.isEmpty() && !model.isDirectory(dir)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when an ancestor's build applies the repository's own source definition under {@code ref}: a
     * {@code targetNamespace} set on the bootstrap Kustomization (a cluster-folder patch on every Kustomization) moves
     * the GitRepository along with the Kustomizations that name it, which still sync this repository.
     */
    private boolean movedRepoSource(Applier a, ObjectRef ref) {
        for (Applier p : a.ancestors()) {
            for (Resource r : p.build().map(Build::resources).orElse(List.of())) {
                KubeObject o = r.origin();
                if (r.kind().equals(ref.kind()) && r.name().equals(ref.name()) && r.namespace().equals(ref.namespace())
                        && FluxApi.isSource(o) && isRepoSource(o.kind(), o.namespace(), o.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void addChild(Applier parent, Applier child, Deque<Applier> todo) {
        parent.addChild(child);
        todo.add(child);
    }

    private FluxOverrides overrides(Applier a) {
        List<String> components = new ArrayList<>();
        a.get("spec", "components").items().forEach(c -> c.text().ifPresent(components::add));
        String targetNamespace = a.targetNamespace().known() ? a.targetNamespace().value() : "";
        return new FluxOverrides(a.manifest().path(), a.manifest(), targetNamespace,
                Field.of(a.get("spec", "namePrefix"), a.vars()).value(), Field.of(a.get("spec", "nameSuffix"), a.vars()).value(),
                a.patches(), components, a.get("spec", "images").items());
    }

    private List<KubeObject> embeddedObjects(KubeObject release) {
        List<KubeObject> out = new ArrayList<>();
        model.file(release.path()).ifPresent(f -> {
            for (KubeObject o : f.objects()) {
                if (o.origin() == Origin.HELM_VALUES && o.container().filter(c -> c.equals(release)).isPresent()) {
                    out.add(o);
                }
            }
        });
        return out;
    }

    // ---- instances ----------------------------------------------------------------------------

    /** @param entry the cluster of a root applied from outside; null for a bootstrap root or a child */
    private Applier instantiate(KubeObject manifest, YMap content, io.fluxward.kustomize.Provenance rendered, String namespace,
                                String name, Applier parent, Vars vars, Cluster entry) {
        Applier.Kind kind = FluxApi.isKustomization(manifest) ? Applier.Kind.KUSTOMIZATION : Applier.Kind.HELM_RELEASE;
        return instantiate(kind, manifest, content, rendered, YMissing.INSTANCE, namespace, name, parent, vars, entry);
    }

    /** @param syncNode the {@code sync} mapping that defines a synthetic Kustomization, else missing */
    private Applier instantiate(Applier.Kind kind, KubeObject manifest, YMap content, io.fluxward.kustomize.Provenance rendered,
                                YNode syncNode, String namespace, String name, Applier parent, Vars vars, Cluster entry) {
        YNode spec = content.get("spec");
        Cluster host = parent != null ? parent.target() : entry != null ? entry
                : Cluster.bootstrap(kind.kindName() + " " + ref(namespace, name) + " (" + manifest.path() + ")");
        Optional<ObjectRef> sourceRef;
        Field path = Field.UNSET;
        if (kind == Applier.Kind.KUSTOMIZATION) {
            sourceRef = ref(spec.get("sourceRef"), "", namespace, vars);
            path = Field.of(spec.get("path"), vars);
        } else if (spec.get("chartRef").isPresent()) {
            sourceRef = ref(spec.get("chartRef"), "", namespace, vars);
        } else {
            sourceRef = ref(spec.at("chart", "spec", "sourceRef"), "", namespace, vars);
        }
        List<ObjectRef> dependsOn = new ArrayList<>();
        for (YNode item : spec.get("dependsOn").items()) {
            ref(item, kind.kindName(), namespace, vars).ifPresent(dependsOn::add);
        }
        return new Applier(kind, manifest, content, rendered, syncNode, namespace, name, parent, vars, host, sourceRef, path,
                Field.of(spec.get("targetNamespace"), vars), dependsOn, kubeConfig(spec.get("kubeConfig"), namespace, vars),
                Field.of(spec.get("serviceAccountName"), vars));
    }

    /**
     * The Kustomization a FluxInstance's sync makes the Flux Operator create (named after the namespace by default),
     * as the operator writes it, with the instance's kustomize patches applied.
     */
    private Applier synthetic(KubeObject owner, String namespace, Applier parent, Vars vars, Cluster entry) {
        Sync s = sync(owner).orElseThrow();
        String ns = namespace.isEmpty() ? owner.namespace() : namespace;
        return instantiate(Applier.Kind.KUSTOMIZATION, owner, syncObjects(owner, ns).kustomization(),
                io.fluxward.kustomize.Provenance.NONE, s.node(), ns,
                s.name(ns), parent, vars, entry);
    }

    /** The source and Kustomization {@code owner}'s sync makes in {@code namespace}, patched by its kustomize patches. */
    private SyncObjects syncObjects(KubeObject owner, String namespace) {
        return syncObjects.computeIfAbsent(owner, k -> new HashMap<>()).computeIfAbsent(namespace,
                ns -> SyncObjects.of(owner, sync(owner).orElseThrow(), ns, kustomize));
    }

    /** The URL (a Bucket's endpoint) of the source a sync makes, as patched; the sync's own URL without a source. */
    private String syncUrl(KubeObject owner, Sync s) {
        YNode source = syncObjects(owner, owner.namespace()).source();
        return FluxApi.sourceUrl(source, s.url());
    }

    private static String ref(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static Optional<ObjectRef> ref(YNode node, String defaultKind, String defaultNamespace, Vars vars) {
        if (!node.isMap()) {
            return Optional.empty();
        }
        Field name = Field.of(node.get("name"), vars);
        Field ns = Field.of(node.get("namespace"), vars);
        String kind = node.get("kind").textOr(defaultKind);
        String namespace = ns.isSet() ? (ns.concrete() ? ns.value() : "") : defaultNamespace;
        return Optional.of(new ObjectRef(kind, namespace, name.value(), name.concrete() && ns.concrete(), node));
    }

    private static Optional<KubeConfigRef> kubeConfig(YNode kubeConfig, String namespace, Vars vars) {
        YNode secret = kubeConfig.get("secretRef");
        if (secret.isMap()) {
            Field name = Field.of(secret.get("name"), vars);
            return Optional.of(new KubeConfigRef(KubeConfigRef.Type.SECRET, namespace, name.value(),
                    Field.of(secret.get("key"), vars).value(), name.node().isPresent() ? name.node() : secret));
        }
        YNode configMap = kubeConfig.get("configMapRef");
        if (configMap.isMap()) {
            Field name = Field.of(configMap.get("name"), vars);
            return Optional.of(new KubeConfigRef(KubeConfigRef.Type.CONFIG_MAP, namespace, name.value(), "",
                    name.node().isPresent() ? name.node() : configMap));
        }
        return Optional.empty();
    }

    // ---- FluxInstance sync --------------------------------------------------------------------

    /** A FluxInstance {@code spec.sync}, or a flux-instance chart's {@code values.instance.sync}. */
    record Sync(YNode node) {
        String kind() {
            return node.get("kind").textOr(FluxApi.GIT_REPOSITORY);
        }

        String name(String namespace) {
            return node.get("name").textOr(namespace.isEmpty() ? "flux-system" : namespace);
        }

        String namespace(String ownerNamespace) {
            return ownerNamespace;
        }

        String url() {
            return node.get("url").textOr("");
        }
    }

    static Optional<Sync> sync(KubeObject o) {
        YNode node = YMissing.INSTANCE;
        if (FluxApi.isFluxInstance(o)) {
            node = o.get("spec", "sync");
        } else if (FluxApi.isHelmRelease(o)) {
            node = o.get("spec", "values", "instance", "sync");
        }
        return node.isMap() && (node.get("url").isPresent() || node.get("path").isPresent())
                ? Optional.of(new Sync(node)) : Optional.empty();
    }

    // ---- post-build variables -----------------------------------------------------------------

    /**
     * @param flux the built model, to resolve on the cluster alone when it is complete; null during the walk
     * @param own  during the walk, the Kustomization's own build when it applies to the cluster it runs on, else null
     */
    private Vars varsOf(Applier a, FluxModel flux, Build own) {
        YNode postBuild = a.postBuild();
        if (!postBuild.isMap()) {
            return Vars.NONE;
        }
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        Set<String> optional = new LinkedHashSet<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (YNode from : postBuild.get("substituteFrom").items()) {
            String kind = from.get("kind").textOr("");
            Field name = Field.of(from.get("name"), a.vars());
            boolean isOptional = from.get("optional").textOr("false").equals("true");
            ConfigObjects.Lookup lookup = !name.known() ? new ConfigObjects.Lookup(List.of(), List.of())
                    : flux == null
                    ? new ConfigObjects.Lookup(configObjects.find(a.host(), kind, a.namespace(), name.value(), own), List.of())
                    : configObjects.lookup(a.host(), kind, a.namespace(), name.value(), flux.scopeComplete(a));
            List<YMap> found = lookup.found();
            if (found.isEmpty() && kind.equals("Secret") && name.known()) {
                // A Secret an ExternalSecret of the repository writes: its keys, when the ExternalSecret says.
                Optional<Set<String>> keys = externalSecretKeys(a.namespace(), name.value());
                if (keys.isPresent()) {
                    keys.get().forEach(k -> values.put(k, Optional.empty()));
                    keys.get().forEach(k -> origins.put(k, display(kind, a.namespace(), name.value())));
                    continue;
                }
                if (writtenByExternalSecret(a.namespace(), name.value())) {
                    optional.add(display(kind, a.namespace(), name.value()));
                    continue;
                }
            }
            if (found.isEmpty()) {
                (isOptional ? optional : required).add(display(kind, a.namespace(), name.value())
                        + missing(lookup, a.host(), kind, a.namespace(), name.value()));
                continue;
            }
            if (lookup.guessed() && !isOptional) {
                // Its keys count, but the variable set is not known exactly: an undefined variable is a warning.
                required.add(display(kind, a.namespace(), name.value()) + " is found only in "
                        + lookup.elsewhere().get(0).path() + ", not on this cluster as far as the repository shows");
            }
            Map<String, Optional<String>> keys = new LinkedHashMap<>();
            for (YMap object : found) {
                for (String section : List.of("data", "stringData")) {
                    for (YEntry e : object.get(section).effectiveEntries()) {
                        // A Secret's value is never kept; a SOPS-encrypted one (Flux decrypts it) is not known either.
                        Optional<String> value = kind.equals("ConfigMap")
                                ? e.value().text().filter(v -> !EncValue.looksEncrypted(v)) : Optional.empty();
                        keys.merge(e.keyText(), value, (x, y) -> x.equals(y) ? x : Optional.empty());
                    }
                }
            }
            values.putAll(keys);
            keys.keySet().forEach(k -> origins.put(k, display(kind, a.namespace(), name.value())));
        }
        for (YEntry e : postBuild.get("substitute").effectiveEntries()) {
            values.put(e.keyText(), e.value().text().flatMap(v -> a.vars().expand(v)));
            origins.put(e.keyText(), Vars.INLINE);
        }
        // Flux skips substitution when no variable resolved (fluxcd/pkg: len(vars) > 0), unless substituteStrategy
        // is Always; only decided when every substituteFrom object was found, else the variable set is not known.
        if (values.isEmpty() && required.isEmpty() && optional.isEmpty()
                && !postBuild.get("substituteStrategy").textOr("").equals("Always")) {
            return Vars.NONE;
        }
        return new Vars(true, values, required, optional, origins);
    }

    /**
     * Why a substituteFrom object is missing on the Kustomization's cluster, as F003 words it for dependsOn: a file that
     * does not parse, a generator that hashes its name, another cluster, or another namespace of the same cluster.
     */
    private String missing(ConfigObjects.Lookup lookup, Cluster cluster, String kind, String namespace, String name) {
        Optional<String> unparseable = model.facet(UnparseableFiles.FACET).mayHold(kind, name);
        if (unparseable.isPresent()) {
            // Its keys are not known (the variables then give at most a warning); FW-G001 there is the cause.
            return " " + UnparseableFiles.mayBeIn(unparseable.get());
        }
        Optional<Map.Entry<String, Location>> hashed = configObjects.hashedName(cluster, kind, namespace, name);
        if (hashed.isPresent()) {
            Location at = hashed.get().getValue();
            return " is generated as " + hashed.get().getKey() + " by the " + Character.toLowerCase(kind.charAt(0))
                    + kind.substring(1) + "Generator in " + at.path() + ":" + at.line() + " (kustomize's name suffix hash, "
                    + "which substituteFrom does not follow; set options.disableNameSuffixHash: true)";
        }
        if (!lookup.elsewhere().isEmpty()) {
            KubeObject other = lookup.elsewhere().get(0);
            return " " + FluxModel.definedElsewhere(other.path(), configObjects.applied(other));
        }
        List<String> others = configObjects.otherNamespaces(cluster, kind, namespace, name);
        if (!others.isEmpty() && !namespace.isEmpty()) {
            return " is not in the repository; " + Words.a(kind) + " named " + name + " exists in "
                    + (others.size() == 1 ? "namespace " : "namespaces ") + String.join(", ", others)
                    + ", but substituteFrom reads the Kustomization's own namespace (" + namespace + ")";
        }
        return " is not in the repository";
    }

    /** {@code ConfigMap flux-system/vars}: where Flux looks for a substituteFrom object. */
    private static String display(String kind, String namespace, String name) {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    private List<KubeObject> externalSecrets(String namespace, String name) {
        return model.objects("external-secrets.io", "ExternalSecret")
                .filter(o -> o.get("spec", "target", "name").textOr(o.name()).equals(name))
                .filter(o -> o.namespace().isEmpty() || namespace.isEmpty() || o.namespace().equals(namespace))
                .toList();
    }

    private boolean writtenByExternalSecret(String namespace, String name) {
        return !externalSecrets(namespace, name).isEmpty();
    }

    /**
     * The keys of the Secret ExternalSecrets write: {@code target.template.data} keys (unless the template
     * merges), else {@code data[].secretKey} when there is no {@code dataFrom}; empty when unknown.
     */
    private Optional<Set<String>> externalSecretKeys(String namespace, String name) {
        List<KubeObject> writers = externalSecrets(namespace, name);
        if (writers.isEmpty()) {
            return Optional.empty();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (KubeObject es : writers) {
            YNode template = es.get("spec", "target", "template");
            boolean merge = template.get("mergePolicy").textOr("Replace").equals("Merge");
            if (template.get("data").isMap() && !merge) {
                template.get("data").effectiveEntries().forEach(e -> keys.add(e.keyText()));
            } else if (!es.get("spec", "dataFrom").isPresent() && !template.isPresent()) {
                es.get("spec", "data").items().forEach(d -> d.get("secretKey").text().ifPresent(keys::add));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(keys);
    }
}
