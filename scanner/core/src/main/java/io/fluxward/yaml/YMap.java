package io.fluxward.yaml;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mapping node. Lookup follows what Kubernetes' YAML reader does: the last of duplicate keys
 * wins, and {@code <<} merge keys supply keys the mapping does not have itself (earlier merge
 * sources first).
 */
public final class YMap implements YNode {

    static final String MERGE_KEY = "<<";
    private static final int INDEX_THRESHOLD = 8;
    private static final int MAX_MERGE_DEPTH = 64;

    private final List<YEntry> entries;
    private final Optional<String> tag;
    private final Span span;
    private final long expandedSize;
    private final Map<String, YNode> index;
    private final boolean hasMerge;

    public YMap(List<YEntry> entries, Optional<String> tag, Span span, long expandedSize) {
        this.entries = List.copyOf(entries);
        this.tag = tag;
        this.span = span;
        this.expandedSize = expandedSize;
        boolean merge = false;
        Map<String, YNode> byKey = null;
        if (this.entries.size() > INDEX_THRESHOLD) {
            byKey = new HashMap<>(this.entries.size() * 2);
        }
        for (YEntry entry : this.entries) {
            String key = entry.key().text().orElse(null);
            if (MERGE_KEY.equals(key) && entry.key() instanceof YScalar s && s.style() == YScalar.Style.PLAIN) {
                merge = true;
            }
            if (byKey != null && key != null) {
                byKey.put(key, entry.value());
            }
        }
        this.index = byKey;
        this.hasMerge = merge;
    }

    @Override
    public List<YEntry> entries() {
        return entries;
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public Optional<String> tag() {
        return tag;
    }

    /** Number of nodes under this one when aliases are expanded (bounded by the parser's limit). */
    public long expandedSize() {
        return expandedSize;
    }

    public int size() {
        return entries.size();
    }

    /** True when the mapping itself (not a merge source) has {@code key}. */
    public boolean hasOwn(String key) {
        return own(key) != null;
    }

    @Override
    public YNode get(String key) {
        YNode found = lookup(key, 0);
        return found == null ? YMissing.INSTANCE : found;
    }

    /** The key node of {@code key}, for findings that point at a key rather than its value. */
    public YNode keyNode(String key) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            YEntry e = entries.get(i);
            if (key.equals(e.key().text().orElse(null))) {
                return e.key();
            }
        }
        return YMissing.INSTANCE;
    }

    private YNode own(String key) {
        if (index != null) {
            return index.get(key);
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            YEntry e = entries.get(i);
            if (key.equals(e.key().text().orElse(null))) {
                return e.value();
            }
        }
        return null;
    }

    private YNode lookup(String key, int depth) {
        YNode direct = own(key);
        if (direct != null || !hasMerge || depth > MAX_MERGE_DEPTH) {
            return direct;
        }
        YNode merge = own(MERGE_KEY);
        if (merge instanceof YMap source) {
            return source.lookup(key, depth + 1);
        }
        if (merge instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YMap source) {
                    YNode found = source.lookup(key, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "YMap[" + entries.size() + " entries, " + span + "]";
    }
}
