package io.fluxward.flux;

import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ConfigMaps and Secrets Flux finds by name in a namespace (post-build {@code substituteFrom}, HelmRelease
 * {@code valuesFrom}): the ones Kustomization builds render on each cluster, with the names and namespaces the
 * builds give them (generator hashes included), else the repository's manifests no build renders. Filled
 * while the {@link FluxModel} is built, read-only afterwards.
 */
final class ConfigObjects {

    private final RepositoryModel model;
    /** ConfigMaps and Secrets some build has rendered, whose written namespace no longer counts. */
    private final Set<KubeObject> rendered = new HashSet<>();
    private final Map<String, Map<String, List<YMap>>> byCluster = new HashMap<>();

    ConfigObjects(RepositoryModel model) {
        this.model = model;
    }

    /** Records the ConfigMaps and Secrets {@code build} applies to {@code cluster}. */
    void index(Cluster cluster, Build build) {
        for (Resource r : build.resources()) {
            if (r.group().isEmpty() && (r.kind().equals("ConfigMap") || r.kind().equals("Secret"))) {
                rendered.add(r.origin());
                byCluster.computeIfAbsent(cluster.id(), k -> new HashMap<>())
                        .computeIfAbsent(r.kind() + "/" + r.namespace() + "/" + r.name(), k -> new ArrayList<>())
                        .add(r.content());
            }
        }
    }

    /** The objects of {@code kind} named {@code name} that Flux may find in {@code namespace} of {@code cluster}. */
    List<YMap> find(Cluster cluster, String kind, String namespace, String name) {
        Map<String, List<YMap>> index = byCluster.getOrDefault(cluster.id(), Map.of());
        List<YMap> inCluster = index.getOrDefault(kind + "/" + namespace + "/" + name, List.of());
        if (!inCluster.isEmpty()) {
            return inCluster;
        }
        List<YMap> out = new ArrayList<>();
        // An object a build rendered is known by its rendered namespace (a folder's namespace: moves it), and was
        // not found under it above; the written one counts only for objects no build has rendered (yet).
        model.objects("", kind).filter(o -> o.name().equals(name) && !rendered.contains(o))
                .filter(o -> o.namespace().isEmpty() || namespace.isEmpty() || o.namespace().equals(namespace))
                .sorted(Comparator.comparing(KubeObject::path))
                .forEach(o -> out.add(o.node()));
        return out;
    }
}
