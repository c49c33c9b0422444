package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;

/**
 * One object a kustomization build emits, after its transformers (namespace, prefix/suffix,
 * patches...). {@link #content()} is the effective object (patched nodes keep the spans of the
 * patch they came from, {@link #locationOf(YNode)} names their file); {@link #origin()} is the
 * manifest it was read from, for locations. For objects made by a {@code configMapGenerator} or
 * {@code secretGenerator}, the origin is a synthetic object located at the generator entry of the
 * kustomization file, and a generated Secret's values are masked ({@link Kustomize#MASK}).
 *
 * @param namespace  effective {@code metadata.namespace} ({@code ""} when none)
 * @param provenance which files the patched parts came from, and the patches applied
 */
public record Resource(KubeObject origin, YMap content, String group, String version, String kind, String namespace,
                       String name, Provenance provenance) {

    public Resource(KubeObject origin, YMap content, String group, String version, String kind, String namespace,
                    String name) {
        this(origin, content, group, version, kind, namespace, name, Provenance.NONE);
    }

    /** {@code group/kind/namespace/name}, the identity kustomize and Flux use. */
    public String id() {
        return group + "/" + kind + "/" + namespace + "/" + name;
    }

    public boolean is(String g, String k) {
        return group.equals(g) && kind.equals(k);
    }

    /** {@code apiVersion} of the rendered object. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code Kind/namespace/name} (namespace omitted when empty), for messages. */
    public String ref() {
        return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /**
     * Where a node of {@link #content()} is written: its own file for nodes from the manifest, the
     * patch's file for nodes a patch added; the object's {@code kind:} line for a missing node.
     */
    public Location locationOf(YNode node) {
        if (!node.isPresent()) {
            return origin.location();
        }
        return new Location(provenance.fileOf(node).orElse(origin.path()), node.span());
    }

    /** The generator entry that made this object, for a generated ConfigMap or Secret. */
    public java.util.Optional<Location> generator() {
        return provenance.generator();
    }
}
