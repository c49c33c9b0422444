package io.fluxward.flux;

import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ConfigMaps and Secrets Flux finds by name in a namespace (post-build {@code substituteFrom}, HelmRelease
 * {@code valuesFrom}): the ones Kustomization builds render on each cluster, with the names and namespaces the
 * builds give them (generator hashes included), else the repository's manifests and generators no build renders
 * (yet). Filled while the {@link FluxModel} is built, read-only afterwards.
 */
final class ConfigObjects {

    /** The suffix kustomize appends to a generated name: ten characters of its hash alphabet. */
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("[a-z0-9]{10}");

    private final RepositoryModel model;
    /** ConfigMaps and Secrets some build has rendered, whose written namespace no longer counts. */
    private final Set<KubeObject> rendered = new HashSet<>();
    private final Map<String, Map<String, List<Placed>>> byCluster = new HashMap<>();
    /** The generator entries (where written) whose ConfigMaps or Secrets some build has rendered. */
    private final Set<Location> renderedGenerators = new HashSet<>();
    /** {@link #generated()}, computed when first needed. */
    private Map<String, List<Resource>> generated;

    ConfigObjects(RepositoryModel model) {
        this.model = model;
    }

    /**
     * Records the ConfigMaps and Secrets {@code build} applies to {@code cluster}, under the names and namespaces
     * the applier's post-build {@code vars} give them (as written where a value is not known).
     */
    void index(Cluster cluster, Build build, Vars vars) {
        for (Resource r : build.resources()) {
            r.generator().ifPresent(renderedGenerators::add);
            Vars own = vars.appliedTo(r.content());
            add(cluster, r.origin(), r.group(), r.kind(), own.expand(r.namespace()).orElse(r.namespace()),
                    own.expand(r.name()).orElse(r.name()), r.content(), r.generator());
        }
    }

    /** Records the ConfigMaps and Secrets in a HelmRelease's values, installed in {@code releaseNamespace} by default. */
    void indexEmbedded(Cluster cluster, List<KubeObject> embedded, String releaseNamespace) {
        for (KubeObject o : embedded) {
            String ns = o.namespace().isEmpty() ? releaseNamespace : o.namespace();
            add(cluster, o, o.group(), o.kind(), ns, o.name(), o.node(), Optional.empty());
        }
    }

    /** Forgets what was recorded for these clusters (those of a walk that is done again under other names). */
    void forget(java.util.Collection<String> clusterIds) {
        byCluster.keySet().removeAll(clusterIds);
    }

    private void add(Cluster cluster, KubeObject origin, String group, String kind, String namespace, String name,
                     YMap content, Optional<Location> generator) {
        if (group.isEmpty() && (kind.equals("ConfigMap") || kind.equals("Secret"))) {
            rendered.add(origin);
            byCluster.computeIfAbsent(cluster.id(), k -> new HashMap<>())
                    .computeIfAbsent(kind + "/" + namespace + "/" + name, k -> new ArrayList<>())
                    .add(new Placed(origin, content, generator));
        }
    }

    /**
     * The objects of {@code kind} named {@code name} in {@code namespace} of {@code cluster} once every build is
     * indexed, resolved as {@code dependsOn} names are ({@link FluxModel#resolve}): on that cluster; when none is
     * there and the cluster is not completely known, anywhere in the repository. {@code elsewhere} lists, for a
     * complete cluster that lacks them, the files that define them for other clusters or that nothing applies.
     */
    Lookup lookup(Cluster cluster, String kind, String namespace, String name, boolean clusterComplete) {
        String key = kind + "/" + namespace + "/" + name;
        List<YMap> inCluster = byCluster.getOrDefault(cluster.id(), Map.of()).getOrDefault(key, List.of()).stream()
                .map(Placed::content).toList();
        if (!inCluster.isEmpty()) {
            return new Lookup(inCluster, List.of());
        }
        List<KubeObject> elsewhere = new ArrayList<>();
        List<YMap> contents = new ArrayList<>();
        byCluster.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().getOrDefault(key, List.of()).stream())
                .forEach(p -> {
                    elsewhere.add(p.origin());
                    contents.add(p.content());
                });
        unrendered(kind, namespace, name).forEach(o -> {
            elsewhere.add(o);
            contents.add(o.node());
        });
        // A cluster not completely known may get them through what fluxward cannot see: they stand in, as a guess.
        return clusterComplete ? new Lookup(List.of(), elsewhere) : new Lookup(contents, elsewhere);
    }

    /**
     * What {@link #lookup} found: the objects, or where they are when not on the cluster; both when the objects
     * found are elsewhere and only stand in for those of a cluster not completely known ({@link #guessed}).
     */
    record Lookup(List<YMap> found, List<KubeObject> elsewhere) {
        boolean guessed() {
            return !found.isEmpty() && !elsewhere.isEmpty();
        }
    }

    /** True when some build (or HelmRelease) of the repository applies {@code o}. */
    boolean applied(KubeObject o) {
        return rendered.contains(o);
    }

    /** @param generator the generator entry that made it, for a generated ConfigMap or Secret */
    private record Placed(KubeObject origin, YMap content, Optional<Location> generator) {
    }

    /**
     * A generated ConfigMap or Secret of {@code cluster} named {@code name} plus kustomize's name suffix hash
     * ({@code cluster-vars-5tcggtfbkg}): what a generator made of {@code name} when a reader kustomize does not rewrite
     * ({@code substituteFrom}) looks for the plain name. The generated name and the generator entry.
     */
    Optional<Map.Entry<String, Location>> hashedName(Cluster cluster, String kind, String namespace, String name) {
        String prefix = kind + "/" + namespace + "/" + name + "-";
        return byCluster.getOrDefault(cluster.id(), Map.of()).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && HASH.matcher(e.getKey().substring(prefix.length())).matches())
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().flatMap(p -> p.generator().stream())
                        .map(g -> Map.entry(e.getKey().substring(kind.length() + namespace.length() + 2), g)))
                .findFirst();
    }

    /** The namespaces other than {@code namespace} where {@code cluster} has {@code kind} objects named {@code name}. */
    List<String> otherNamespaces(Cluster cluster, String kind, String namespace, String name) {
        return byCluster.getOrDefault(cluster.id(), Map.of()).keySet().stream()
                .filter(k -> k.startsWith(kind + "/") && k.endsWith("/" + name))
                .map(k -> k.substring(kind.length() + 1, k.length() - name.length() - 1))
                .filter(ns -> !ns.equals(namespace) && !ns.contains("/")).distinct().sorted().toList();
    }

    /** Written ConfigMaps or Secrets no build renders, by their written namespace. */
    private Stream<KubeObject> unrendered(String kind, String namespace, String name) {
        return model.objects("", kind).filter(o -> o.name().equals(name) && !rendered.contains(o))
                .filter(o -> o.namespace().isEmpty() || namespace.isEmpty() || o.namespace().equals(namespace))
                .sorted(Comparator.comparing(KubeObject::path));
    }

    /** The objects of {@code kind} named {@code name} that Flux may find in {@code namespace} of {@code cluster}. */
    List<YMap> find(Cluster cluster, String kind, String namespace, String name) {
        return find(cluster, kind, namespace, name, null);
    }

    /**
     * The objects of {@code kind} named {@code name} that Flux may find in {@code namespace} of {@code cluster}, while
     * the walk is under way: {@code own} is the build of the Kustomization asking, which applies to that cluster and
     * is not indexed yet (null when none): the objects it renders there count, generated ones included (a
     * {@code configMapGenerator} of the folder it applies, which has no manifest of its own to fall back on).
     */
    List<YMap> find(Cluster cluster, String kind, String namespace, String name, Build own) {
        Map<String, List<Placed>> index = byCluster.getOrDefault(cluster.id(), Map.of());
        List<Placed> inCluster = index.getOrDefault(kind + "/" + namespace + "/" + name, List.of());
        if (!inCluster.isEmpty()) {
            return inCluster.stream().map(Placed::content).toList();
        }
        List<YMap> ownObjects = own == null ? List.of() : own.resources().stream()
                .filter(r -> r.is("", kind) && r.namespace().equals(namespace) && r.name().equals(name))
                .map(Resource::content).toList();
        if (!ownObjects.isEmpty()) {
            return ownObjects;
        }
        // An object a build rendered is known by its rendered namespace (a folder's namespace: moves it), and was
        // not found under it above; the written one counts only for objects no build has rendered (yet).
        List<YMap> written = unrendered(kind, namespace, name).map(KubeObject::node).toList();
        if (!written.isEmpty()) {
            return written;
        }
        // Likewise a generated one (a configMapGenerator in the folder of a Kustomization the walk has not reached
        // yet), as its own folder's build makes it: hash suffix and namespace included.
        return generated().getOrDefault(kind + "/" + namespace + "/" + name, List.of()).stream()
                .filter(r -> r.generator().filter(renderedGenerators::contains).isEmpty())
                .map(Resource::content).toList();
    }

    /**
     * The ConfigMaps and Secrets the generators of the repository's kustomization files make, each folder built
     * alone (Components, which only their users run, left out), by {@code kind/namespace/name}.
     */
    private Map<String, List<Resource>> generated() {
        if (generated == null) {
            Kustomize kustomize = model.facet(Kustomize.FACET);
            Map<String, List<Resource>> out = new HashMap<>();
            for (FileModel k : kustomize.kustomizationFiles()) {
                if (k.documents().isEmpty() || Kustomize.isComponent(k)) {
                    continue;
                }
                YNode root = k.documents().get(0).root();
                if (root.get("configMapGenerator").items().isEmpty() && root.get("secretGenerator").items().isEmpty()) {
                    continue;
                }
                for (Resource r : kustomize.build(k.file().directory()).resources()) {
                    if (r.generator().isPresent() && r.group().isEmpty()) {
                        out.computeIfAbsent(r.kind() + "/" + r.namespace() + "/" + r.name(), x -> new ArrayList<>()).add(r);
                    }
                }
            }
            generated = out;
        }
        return generated;
    }
}
