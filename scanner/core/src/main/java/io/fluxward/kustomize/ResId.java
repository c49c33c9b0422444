package io.fluxward.kustomize;

import io.fluxward.yaml.YNode;

/**
 * kustomize's identity of a resource: group, version, kind, name and namespace, compared with the
 * "effective" namespace ({@code default} for an empty one, a marker for cluster-scoped kinds), as in
 * kustomize's {@code resid.ResId}.
 */
record ResId(String group, String version, String kind, String name, String namespace) {

    /** kustomize's marker namespace for kinds that have none. */
    static final String NOT_NAMESPACEABLE = "_non_namespaceable_";

    static ResId of(YNode object) {
        String apiVersion = object.get("apiVersion").textOr("");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return new ResId(group, version, object.get("kind").textOr(""),
                object.at("metadata", "name").textOr(""), object.at("metadata", "namespace").textOr(""));
    }

    boolean namespaceable() {
        return !ClusterScope.isClusterScopedForKustomize(group, version, kind);
    }

    String effectiveNamespace() {
        if (!namespaceable()) {
            return NOT_NAMESPACEABLE;
        }
        return namespace.isEmpty() ? "default" : namespace;
    }

    /** Same group, version, kind, name and effective namespace. */
    boolean sameAs(ResId other) {
        return group.equals(other.group) && version.equals(other.version) && kind.equals(other.kind)
                && name.equals(other.name) && effectiveNamespace().equals(other.effectiveNamespace());
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code Kind/namespace/name} for messages. */
    @Override
    public String toString() {
        return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
