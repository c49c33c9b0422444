package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YMap;

/**
 * One object a kustomization build emits, after its transformers (namespace, prefix/suffix,
 * patches...). {@link #content()} is the effective object (patched nodes keep the spans of the
 * patch they came from); {@link #origin()} is the manifest it was read from, for locations.
 *
 * @param namespace effective {@code metadata.namespace} ({@code ""} when none)
 */
public record Resource(KubeObject origin, YMap content, String group, String version, String kind, String namespace,
                       String name) {

    /** {@code group/kind/namespace/name}, the identity kustomize and Flux use. */
    public String id() {
        return group + "/" + kind + "/" + namespace + "/" + name;
    }

    public boolean is(String g, String k) {
        return group.equals(g) && kind.equals(k);
    }
}
