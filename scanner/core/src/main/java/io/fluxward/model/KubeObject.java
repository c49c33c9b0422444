package io.fluxward.model;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes object as written in the repository (before kustomize or Flux transform it).
 *
 * @param path      file it was read from
 * @param document  0-based document index in that file
 * @param node      the object's mapping
 * @param origin    whether it is a document, a List item or embedded in HelmRelease values
 * @param container for embedded objects, the object that holds them (else empty)
 */
public record KubeObject(String path, int document, YMap node, Origin origin, Optional<KubeObject> container) {

    public String apiVersion() {
        return node.get("apiVersion").textOr("");
    }

    /** API group: {@code ""} for the core group ({@code v1}). */
    public String group() {
        String av = apiVersion();
        int slash = av.indexOf('/');
        return slash < 0 ? "" : av.substring(0, slash);
    }

    public String version() {
        String av = apiVersion();
        return av.substring(av.indexOf('/') + 1);
    }

    public String kind() {
        return node.get("kind").textOr("");
    }

    public String name() {
        return node.at("metadata", "name").textOr("");
    }

    /** {@code metadata.namespace} as written, or empty string. */
    public String namespace() {
        return node.at("metadata", "namespace").textOr("");
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
        return kind.equals(kind()) && group.equals(group());
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

    private static Map<String, String> stringMap(YNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.entries().forEach(e -> out.put(e.keyText(), e.value().textOr("")));
        return out;
    }
}
