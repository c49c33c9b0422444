package io.fluxward.kustomize;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Building and rewriting immutable YAML nodes. Every change returns new nodes and shares the
 * untouched ones, so a rendered object costs only what its transformers changed.
 */
final class Nodes {

    static final Optional<String> NO_TAG = Optional.empty();
    private static final String MERGE_KEY = "<<";
    private static final Pattern NON_STRING_PLAIN = Pattern.compile(
            "|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                    + "|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private Nodes() {
    }

    /** A string scalar; quoted when the plain form would read as null, a boolean or a number. */
    static YScalar string(String value, Span span) {
        boolean plainSafe = !NON_STRING_PLAIN.matcher(value).matches() && !value.contains("\n")
                && value.strip().equals(value) && !value.startsWith("'") && !value.startsWith("\"");
        return new YScalar(value, plainSafe ? YScalar.Style.PLAIN : YScalar.Style.DOUBLE_QUOTED, NO_TAG, span);
    }

    /** True when a plain scalar with this text reads as a string (not null, a boolean or a number). */
    static boolean plainIsString(String value) {
        return !NON_STRING_PLAIN.matcher(value).matches();
    }

    /** A plain scalar, for numbers and booleans. */
    static YScalar plain(String value, Span span) {
        return new YScalar(value, YScalar.Style.PLAIN, NO_TAG, span);
    }

    static YMap map(List<YEntry> entries, Span span) {
        return YMap.of(entries, NO_TAG, span);
    }

    static YSeq seq(List<YNode> items, Span span) {
        return YSeq.of(items, NO_TAG, span);
    }

    static YMap emptyMap(Span span) {
        return map(List.of(), span);
    }

    /** The entries of a mapping as a reader sees them: {@link YNode#effectiveEntries()}. */
    static List<YEntry> entries(YMap map) {
        return map.effectiveEntries();
    }

    /**
     * The value of a struct field as Go's JSON decoding (which kustomize uses for its own files) reads it: the key
     * matches in any case, and of several such keys the last one wins.
     */
    static YNode field(YNode map, String key) {
        YNode found = YMissing.INSTANCE;
        if (map instanceof YMap m) {
            for (YEntry e : entries(m)) {
                if (e.keyText().equalsIgnoreCase(key)) {
                    found = e.value();
                }
            }
        }
        return found;
    }

    /** The mapping with {@code key} set to {@code value} (replacing the old value in place, else appended). */
    static YMap put(YMap map, String key, YNode value) {
        List<YEntry> entries = new ArrayList<>(entries(map));
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).keyText().equals(key)) {
                entries.set(i, new YEntry(entries.get(i).key(), value));
                return YMap.ofDistinct(entries, map.tag(), map.span());
            }
        }
        entries.add(new YEntry(string(key, value.isPresent() ? value.span() : map.span()), value));
        // Effective entries have distinct keys, and this one was not among them.
        return YMap.ofDistinct(entries, map.tag(), map.span());
    }

    /** The mapping without {@code key}. */
    static YMap remove(YMap map, String key) {
        List<YEntry> entries = new ArrayList<>();
        boolean found = false;
        for (YEntry e : entries(map)) {
            if (e.keyText().equals(key)) {
                found = true;
            } else {
                entries.add(e);
            }
        }
        return found ? YMap.ofDistinct(entries, map.tag(), map.span()) : map;
    }

    static YMap map(List<YEntry> entries, Span span, Optional<String> tag) {
        return YMap.of(entries, tag, span);
    }

    static YSeq seq(List<YNode> items, Span span, Optional<String> tag) {
        return YSeq.of(items, tag, span);
    }

    /** The sequence with {@code change} applied to each item: the same node when no item changed. */
    static YSeq mapItems(YSeq seq, java.util.function.UnaryOperator<YNode> change) {
        List<YNode> items = new ArrayList<>(seq.items().size());
        boolean changed = false;
        for (YNode item : seq.items()) {
            YNode next = change.apply(item);
            changed |= next != item;
            items.add(next);
        }
        return changed ? seq(items, seq.span(), seq.tag()) : seq;
    }

    /** The node at a path of keys. */
    static YNode get(YNode root, List<String> path) {
        YNode node = root;
        for (String key : path) {
            node = node.get(key);
        }
        return node;
    }

    /**
     * The mapping with the value at {@code path} set, creating intermediate mappings (with the span
     * of {@code value}) where they are missing. A non-mapping in the way is replaced.
     */
    static YMap set(YMap root, List<String> path, YNode value) {
        if (path.isEmpty()) {
            return root;
        }
        String key = path.get(0);
        if (path.size() == 1) {
            return put(root, key, value);
        }
        YNode child = root.get(key);
        YMap childMap = child instanceof YMap m ? m : emptyMap(value.isPresent() ? value.span() : root.span());
        return put(root, key, set(childMap, path.subList(1, path.size()), value));
    }

    /** The mapping with every string pair of {@code values} set under the mapping at {@code path}. */
    static YMap setAll(YMap root, List<String> path, Map<String, YNode> values) {
        YNode existing = get(root, path);
        YMap target = existing instanceof YMap m ? m : emptyMap(root.span());
        for (Map.Entry<String, YNode> e : values.entrySet()) {
            target = put(target, e.getKey(), e.getValue());
        }
        return set(root, path, target);
    }

    /** The string pairs of a mapping (non-scalar values as empty strings). */
    static Map<String, String> stringMap(YNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof YMap m) {
            for (YEntry e : entries(m)) {
                out.put(e.keyText(), e.value().textOr(""));
            }
        }
        return out;
    }

    /** Text of a scalar list, or a single scalar as a one-item list. */
    static List<String> strings(YNode node) {
        List<String> out = new ArrayList<>();
        if (node.isSeq()) {
            for (YNode item : node.items()) {
                item.text().ifPresent(out::add);
            }
        } else {
            node.text().ifPresent(out::add);
        }
        return out;
    }

    /** The node, or {@link YMissing} when it reads as null. */
    static YNode orMissing(YNode node) {
        return node.isNull() ? YMissing.INSTANCE : node;
    }
}
