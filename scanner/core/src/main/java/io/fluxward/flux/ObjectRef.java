package io.fluxward.flux;

import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;

/**
 * A reference from a Flux object to another one ({@code dependsOn} item, {@code sourceRef}...), after
 * post-build substitution.
 *
 * @param kind      the referenced kind
 * @param namespace the namespace, defaulted to the referrer's; {@code ""} when unknown (matches any)
 * @param name      the name
 * @param concrete  false when the name or namespace holds a variable fluxward cannot resolve
 * @param node      where the reference is written (the list item or the ref mapping)
 */
public record ObjectRef(String kind, String namespace, String name, boolean concrete, YNode node) {

    public static ObjectRef of(String kind, String namespace, String name) {
        return new ObjectRef(kind, namespace, name, true, YMissing.INSTANCE);
    }

    /** {@code namespace/name}, or {@code name} when the namespace is unknown. */
    public String display() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /**
     * True when {@code ns} and {@code n} surely name the referenced object: same name, and both namespaces known and
     * equal. An object whose namespace is unknown is not taken to be in the namespace the reference defaults to.
     */
    public boolean matchesKnown(String ns, String n) {
        return name.equals(n) && !namespace.isEmpty() && namespace.equals(ns);
    }

    /** True when {@code ns} and {@code n} name the referenced object (an unknown namespace matches any). */
    public boolean matches(String ns, String n) {
        return name.equals(n) && (namespace.isEmpty() || ns.isEmpty() || namespace.equals(ns));
    }
}
