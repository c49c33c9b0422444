package io.fluxward.model;

/** Where in its file a Kubernetes object was found. */
public enum Origin {
    /** A YAML document of its own. */
    DOCUMENT,
    /** An item of a {@code kind: List} (or {@code *List}) document. */
    LIST_ITEM,
    /** A mapping with {@code apiVersion} and {@code kind} inside a HelmRelease's {@code spec.values}. */
    HELM_VALUES
}
