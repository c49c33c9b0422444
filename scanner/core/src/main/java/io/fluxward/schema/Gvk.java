package io.fluxward.schema;

import java.util.Locale;

/**
 * A Kubernetes group, version and kind: what selects a schema.
 *
 * @param group   API group, {@code ""} for the core group
 * @param version API version within the group, e.g. {@code v1beta2}
 * @param kind    the kind, e.g. {@code Kustomization}
 */
public record Gvk(String group, String version, String kind) {

    /** Splits an {@code apiVersion} ({@code group/version} or {@code version}) and pairs it with a kind. */
    public static Gvk of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new Gvk("", apiVersion, kind)
                : new Gvk(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    /** {@code group/version}, or just the version for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The same group and kind in another version. */
    public Gvk withVersion(String other) {
        return new Gvk(group, other, kind);
    }

    /** Group and kind without the version, the key under which a CRD defines its versions. */
    public String groupKind() {
        return kind + (group.isEmpty() ? "" : "." + group);
    }

    /** Case-insensitive identity of group and kind (file-name conventions lower-case kinds). */
    String lowerGroupKind() {
        return groupKind().toLowerCase(Locale.ROOT);
    }

    // Written out: a record's generated equals and hashCode go through method handles, and a Gvk is looked up for
    // every object of every scan.
    @Override
    public boolean equals(Object o) {
        return o instanceof Gvk g && java.util.Objects.equals(kind, g.kind) && java.util.Objects.equals(version, g.version)
                && java.util.Objects.equals(group, g.group);
    }

    @Override
    public int hashCode() {
        return (java.util.Objects.hashCode(group) * 31 + java.util.Objects.hashCode(version)) * 31
                + java.util.Objects.hashCode(kind);
    }

    @Override
    public String toString() {
        return apiVersion() + " " + kind;
    }
}
