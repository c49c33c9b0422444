package io.fluxward.sops;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds the metadata tree that dotenv and INI files store flattened, as sops'
 * {@code stores.Unflatten}: {@code age__list_0__map_recipient} is {@code age[0].recipient}.
 * Each value keeps the span of its line, so findings point at it.
 */
final class FlatMetadata {

    private static final String MAP = "__map_";
    private static final String LIST = "__list_";

    /** One flattened entry: its key without the {@code sops_} prefix, its value and where the value is. */
    record Entry(String key, String value, Span span) {
    }

    private FlatMetadata() {
    }

    static YNode unflatten(List<Entry> entries, Span anchor) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Entry e : entries) {
            List<Object> tokens = tokenize(e.key);
            Object current = root;
            for (int i = 0; i < tokens.size(); i++) {
                Object token = tokens.get(i);
                boolean last = i == tokens.size() - 1;
                Object next = last ? e : (tokens.get(i + 1) instanceof Integer ? new TreeMap<Integer, Object>()
                        : new LinkedHashMap<String, Object>());
                current = step(current, token, next, last);
                if (current == null) {
                    break;
                }
            }
        }
        return toNode(root, anchor);
    }

    @SuppressWarnings("unchecked")
    private static Object step(Object current, Object token, Object next, boolean last) {
        if (token instanceof Integer index && current instanceof TreeMap<?, ?> list) {
            TreeMap<Integer, Object> l = (TreeMap<Integer, Object>) list;
            if (last) {
                l.put(index, next);
                return null;
            }
            return l.computeIfAbsent(index, k -> next);
        }
        if (token instanceof String key && current instanceof LinkedHashMap<?, ?> map) {
            LinkedHashMap<String, Object> m = (LinkedHashMap<String, Object>) map;
            if (last) {
                m.put(key, next);
                return null;
            }
            Object existing = m.computeIfAbsent(key, k -> next);
            return existing instanceof Entry ? null : existing;
        }
        return null;
    }

    /** Splits a flattened key into map keys (strings) and list positions (integers). */
    static List<Object> tokenize(String key) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int start = 0;
        String state = "";
        while (i < key.length()) {
            if (key.startsWith(MAP, i) || key.startsWith(LIST, i)) {
                out.add(token(state, key.substring(start, i)));
                state = key.startsWith(MAP, i) ? MAP : LIST;
                i += state.length();
                start = i;
            } else {
                i++;
            }
        }
        out.add(token(state, key.substring(start)));
        return out;
    }

    private static Object token(String state, String text) {
        if (state.equals(LIST)) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return text;
    }

    private static YNode toNode(Object value, Span anchor) {
        if (value instanceof Entry e) {
            return new YScalar(e.value, YScalar.Style.DOUBLE_QUOTED, Optional.empty(), e.span);
        }
        if (value instanceof TreeMap<?, ?> list) {
            List<YNode> items = new ArrayList<>();
            for (Object item : list.values()) {
                items.add(toNode(item, anchor));
            }
            Span span = items.isEmpty() ? anchor : items.get(0).span();
            return new YSeq(items, Optional.empty(), span, items.size() + 1L);
        }
        Map<?, ?> map = (Map<?, ?>) value;
        List<YEntry> entries = new ArrayList<>();
        Span first = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            YNode v = toNode(e.getValue(), anchor);
            first = first == null ? v.span() : first;
            entries.add(new YEntry(new YScalar(String.valueOf(e.getKey()), YScalar.Style.DOUBLE_QUOTED, Optional.empty(),
                    v.span()), v));
        }
        return new YMap(entries, Optional.empty(), first == null ? anchor : first, entries.size() + 1L);
    }
}
