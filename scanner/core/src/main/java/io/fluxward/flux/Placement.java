package io.fluxward.flux;

import io.fluxward.kustomize.Provenance;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YMap;

/**
 * One object an applier puts on a cluster: a resource of a Kustomization's build, or an object
 * embedded in a HelmRelease's values.
 *
 * @param by        the applier
 * @param origin    the manifest it comes from (its own file and line)
 * @param content   the effective object
 * @param namespace  effective namespace ({@code ""} for cluster-scoped kinds or when none is set)
 * @param provenance the files that parts of {@code content} come from when a patch put them there
 */
public record Placement(Applier by, KubeObject origin, YMap content, String group, String kind, String namespace,
                        String name, Provenance provenance) {

    /** {@code group/kind/namespace/name}, the identity Flux and kustomize use. */
    public String id() {
        return group + "/" + kind + "/" + namespace + "/" + name;
    }

    /** {@code Kind namespace/name} for messages. */
    public String display() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    public boolean is(String g, String k) {
        return group.equals(g) && kind.equals(k);
    }
}
