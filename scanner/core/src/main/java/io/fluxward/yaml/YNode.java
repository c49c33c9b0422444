package io.fluxward.yaml;

import java.util.List;
import java.util.Optional;

/**
 * An immutable YAML node with its source span. Navigation never throws: asking a scalar or a
 * missing node for a key gives {@link YMissing}, so chains like
 * {@code doc.get("spec").get("kubeConfig").get("secretRef")} are safe on any input.
 *
 * <p>Aliases are shared, not copied: the same node object can appear under several parents. Code
 * that walks a whole tree must use {@link YWalker}, which bounds the work on alias bombs.
 */
public sealed interface YNode permits YMap, YSeq, YScalar, YMissing {

    Span span();

    /** The explicit tag ({@code !!str}, {@code !custom}), or empty when the node has none. */
    Optional<String> tag();

    /**
     * How many nodes this one stands for once aliases are expanded (itself and everything below it): the bound the
     * parser keeps against alias bombs, and what a node built from parts adds up.
     */
    default long expandedSize() {
        return 1;
    }

    default boolean isPresent() {
        return true;
    }

    default boolean isMap() {
        return this instanceof YMap;
    }

    default boolean isSeq() {
        return this instanceof YSeq;
    }

    default boolean isScalar() {
        return this instanceof YScalar;
    }

    /** True for a missing node and for a scalar that reads as null ({@code ~}, {@code null}, nothing). */
    default boolean isNull() {
        return false;
    }

    /** How messages name what the node is: "a mapping", "a list" or "a scalar" (never its value). */
    default String shape() {
        return isMap() ? "a mapping" : isSeq() ? "a list" : "a scalar";
    }

    /** The value under {@code key} of a mapping (merge keys honoured), else {@link YMissing}. */
    default YNode get(String key) {
        return YMissing.INSTANCE;
    }

    /** Follows a path of mapping keys. */
    default YNode at(String... keys) {
        YNode node = this;
        for (String key : keys) {
            node = node.get(key);
        }
        return node;
    }

    /** Item {@code index} of a sequence, else {@link YMissing}. */
    default YNode item(int index) {
        return YMissing.INSTANCE;
    }

    /** The items of a sequence; empty for anything else. */
    default List<YNode> items() {
        return List.of();
    }

    /** The entries of a mapping in source order (merge keys not expanded); empty otherwise. */
    default List<YEntry> entries() {
        return List.of();
    }

    /**
     * The entries of a mapping as kustomize, Flux and the API server read it: merge keys ({@code <<}) expanded, own
     * keys first, then the keys of each merge source not set yet; of duplicate own keys the later wins, in the place
     * of the first. What a rule reads as content (a Secret's data, labels, substitute variables) must come from here:
     * a value given through a merge key is as real as one written in place. {@link #entries()} when there is no merge.
     */
    default List<YEntry> effectiveEntries() {
        return entries();
    }

    /** The string value of a non-null scalar. */
    default Optional<String> text() {
        return Optional.empty();
    }

    default String textOr(String fallback) {
        return text().orElse(fallback);
    }

    /** True for a scalar whose text is non-empty. */
    default boolean hasText() {
        return text().map(t -> !t.isEmpty()).orElse(false);
    }
}
