package io.fluxward.model;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes object as written in the repository (before kustomize or Flux transform it).
 *
 * <p>A class rather than a record only to keep {@code apiVersion}, {@code kind}, name and
 * namespace, which rules ask for again and again (they were a tenth of a scan's key lookups).
 * Equality is that of its five components, as for a record.
 */
public final class KubeObject {

    private final String path;
    private final int document;
    private final YMap node;
    private final Origin origin;
    private final Optional<KubeObject> container;
    private final String apiVersion;
    private final String group;
    private final String kind;
    private final String name;
    private final String namespace;

    /**
     * @param path      file it was read from
     * @param document  0-based document index in that file
     * @param node      the object's mapping
     * @param origin    whether it is a document, a List item or embedded in HelmRelease values
     * @param container for embedded objects, the object that holds them (else empty)
     */
    public KubeObject(String path, int document, YMap node, Origin origin, Optional<KubeObject> container) {
        this.path = Objects.requireNonNull(path);
        this.document = document;
        this.node = Objects.requireNonNull(node);
        this.origin = Objects.requireNonNull(origin);
        this.container = Objects.requireNonNull(container);
        this.apiVersion = node.get("apiVersion").textOr("");
        int slash = apiVersion.indexOf('/');
        this.group = slash < 0 ? "" : apiVersion.substring(0, slash);
        this.kind = node.get("kind").textOr("");
        this.name = node.at("metadata", "name").textOr("");
        this.namespace = node.at("metadata", "namespace").textOr("");
    }

    /** File it was read from. */
    public String path() {
        return path;
    }

    /** 0-based document index in its file. */
    public int document() {
        return document;
    }

    /** The object's mapping. */
    public YMap node() {
        return node;
    }

    /** Whether it is a document, a List item or embedded in HelmRelease values. */
    public Origin origin() {
        return origin;
    }

    /** For embedded objects, the object that holds them (else empty). */
    public Optional<KubeObject> container() {
        return container;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** API group: {@code ""} for the core group ({@code v1}). */
    public String group() {
        return group;
    }

    public String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** {@code metadata.namespace} as written, or empty string. */
    public String namespace() {
        return namespace;
    }

    public YNode get(String... keys) {
        return node.at(keys);
    }

    public Map<String, String> labels() {
        return stringMap(node.at("metadata", "labels"));
    }

    public Map<String, String> annotations() {
        return stringMap(node.at("metadata", "annotations"));
    }

    public boolean is(String group, String kind) {
        if (!kind.equals(this.kind)) {
            return false;
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? group.isEmpty() : slash == group.length() && apiVersion.startsWith(group);
    }

    /** The line of {@code kind:}, where findings about the whole object point. */
    public Location location() {
        YNode key = node.keyNode("kind");
        return new Location(path, key.isPresent() ? key.span() : node.span());
    }

    public Location locationOf(YNode at) {
        return new Location(path, at.isPresent() ? at.span() : location().span());
    }

    /** {@code Kind/namespace/name} (namespace omitted when empty), for messages. */
    public String ref() {
        String ns = namespace();
        return kind() + "/" + (ns.isEmpty() ? "" : ns + "/") + name();
    }

    public Span span() {
        return node.span();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KubeObject k && document == k.document && path.equals(k.path) && node.equals(k.node)
                && origin == k.origin && container.equals(k.container);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, document, node, origin, container);
    }

    @Override
    public String toString() {
        return "KubeObject[path=" + path + ", document=" + document + ", node=" + node + ", origin=" + origin
                + ", container=" + container + "]";
    }

    private static Map<String, String> stringMap(YNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.effectiveEntries().forEach(e -> out.put(e.keyText(), e.value().textOr("")));
        return out;
    }
}
