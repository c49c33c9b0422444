package io.fluxward.flux;

import io.fluxward.kustomize.Provenance;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;

/**
 * One object an applier puts on a cluster: a resource of a Kustomization's build, or an object
 * embedded in a HelmRelease's values.
 *
 * @param by        the applier
 * @param origin    the manifest it comes from (its own file and line)
 * @param content   the effective object
 * @param namespace  effective namespace, post-build variables substituted where their values are known ({@code ""} for
 *                   cluster-scoped kinds or when none is set); {@code name} likewise
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

    /**
     * The post-build variables Flux substitutes into this object before it applies it (those of the Kustomization
     * that applies it, none when the object opts out): {@link #namespace()} and {@link #name()} are already
     * substituted; a rule reading another field of {@link #content()} expands its text with them.
     */
    public Vars vars() {
        return by.childVars().appliedTo(content);
    }

    /** The text of a field of {@link #content()} as Flux applies it; as written when a value is not known. */
    public String text(YNode node) {
        String raw = node.textOr("");
        return vars().expand(raw).orElse(raw);
    }

    public boolean is(String g, String k) {
        return group.equals(g) && kind.equals(k);
    }
}
