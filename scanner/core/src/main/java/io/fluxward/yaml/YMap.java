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
    /** Key index of big mappings, built on first lookup (most mappings are never searched by key). */
    private volatile Map<String, YNode> index;
    private final boolean hasMerge;
    /** Keys known distinct when made; else found out (and remembered) on first need. */
    private volatile boolean distinct;

    /** A mapping made from nodes (not parsed): its expanded size is one for itself and what its keys and values hold. */
    public static YMap of(List<YEntry> entries, Optional<String> tag, Span span) {
        return new YMap(entries, tag, span, expandedSize(entries), false);
    }

    /**
     * A mapping made from nodes whose keys the caller knows to be distinct (a mapping's effective entries with one
     * key replaced or added): the duplicate check of every lookup, a hash set over all keys, is skipped. An object
     * patched thousands of times (an annotation added each time) was rehashed whole at every step.
     */
    public static YMap ofDistinct(List<YEntry> entries, Optional<String> tag, Span span) {
        return new YMap(entries, tag, span, expandedSize(entries), true);
    }

    private static long expandedSize(List<YEntry> entries) {
        long size = 1;
        for (YEntry e : entries) {
            size += e.key().expandedSize() + e.value().expandedSize();
        }
        return size;
    }

    public YMap(List<YEntry> entries, Optional<String> tag, Span span, long expandedSize) {
        this(entries, tag, span, expandedSize, false);
    }

    private YMap(List<YEntry> entries, Optional<String> tag, Span span, long expandedSize, boolean distinct) {
        this.distinct = distinct;
        this.entries = List.copyOf(entries);
        this.tag = tag;
        this.span = span;
        this.expandedSize = expandedSize;
        boolean merge = false;
        for (YEntry entry : this.entries) {
            if (entry.key() instanceof YScalar s && s.style() == YScalar.Style.PLAIN && MERGE_KEY.equals(s.value())) {
                merge = true;
                break;
            }
        }
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
    @Override
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
        if (entries.size() > INDEX_THRESHOLD) {
            return index().get(key);
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            YEntry e = entries.get(i);
            // Same as key.equals(e.key().text().orElse(null)) without an Optional per entry: only scalars have text.
            if (e.key() instanceof YScalar s && key.equals(s.value()) && !s.isNull()) {
                return e.value();
            }
        }
        return null;
    }

    private Map<String, YNode> index() {
        Map<String, YNode> built = index;
        if (built == null) {
            // A race builds the same map twice at worst; the volatile write publishes it whole.
            built = new HashMap<>(entries.size() * 2);
            for (YEntry entry : entries) {
                String key = entry.key().text().orElse(null);
                if (key != null) {
                    built.put(key, entry.value());
                }
            }
            index = built;
        }
        return built;
    }

    /**
     * Own keys first, then merge sources depth first, earlier sources first. Each mapping is searched
     * once per lookup: aliases make merge sources a graph in which the same mapping can be reached
     * along exponentially many paths ({@code <<: [*a1, *a1]} with {@code a1} merging {@code [*a0, *a0]}...).
     */
    private YNode lookup(String key, int depth) {
        YNode direct = own(key);
        if (direct != null || !hasMerge) {
            return direct;
        }
        return lookupMerged(key, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), depth);
    }

    private YNode lookupMerged(String key, java.util.Set<YMap> searched, int depth) {
        if (!searched.add(this) || depth > MAX_MERGE_DEPTH) {
            return null;
        }
        YNode direct = own(key);
        if (direct != null || !hasMerge) {
            return direct;
        }
        YNode merge = own(MERGE_KEY);
        if (merge instanceof YMap source) {
            return source.lookupMerged(key, searched, depth + 1);
        }
        if (merge instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YMap source) {
                    YNode found = source.lookupMerged(key, searched, depth + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public List<YEntry> effectiveEntries() {
        // Most mappings have neither merge keys nor duplicates: their own list, no copy.
        if (!hasMerge && !hasDuplicateKeys()) {
            return entries;
        }
        Map<String, YEntry> out = new java.util.LinkedHashMap<>();
        collectEffective(this, out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
        return List.copyOf(out.values());
    }

    private boolean hasDuplicateKeys() {
        if (distinct) {
            return false;
        }
        boolean duplicates = findDuplicateKeys();
        distinct = !duplicates;
        return duplicates;
    }

    private boolean findDuplicateKeys() {
        if (entries.size() <= INDEX_THRESHOLD) {
            for (int i = 1; i < entries.size(); i++) {
                String key = entries.get(i).keyText();
                for (int j = 0; j < i; j++) {
                    if (key.equals(entries.get(j).keyText())) {
                        return true;
                    }
                }
            }
            return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (YEntry e : entries) {
            if (!seen.add(e.keyText())) {
                return true;
            }
        }
        return false;
    }

    /** Own entries (a later duplicate replacing the earlier in its place), then merge sources' keys not set yet. */
    private static void collectEffective(YMap map, Map<String, YEntry> into, java.util.Set<YMap> searched, int depth) {
        if (!searched.add(map) || depth > MAX_MERGE_DEPTH) {
            return;
        }
        Map<String, YEntry> own = new java.util.LinkedHashMap<>();
        List<YMap> sources = new java.util.ArrayList<>();
        for (YEntry e : map.entries) {
            if (e.key() instanceof YScalar s && s.style() == YScalar.Style.PLAIN && MERGE_KEY.equals(s.value())) {
                if (e.value() instanceof YMap source) {
                    sources.add(source);
                } else if (e.value() instanceof YSeq seq) {
                    seq.items().stream().filter(YMap.class::isInstance).map(YMap.class::cast).forEach(sources::add);
                }
                continue;
            }
            own.put(e.keyText(), e);
        }
        own.forEach(into::putIfAbsent);
        for (YMap source : sources) {
            collectEffective(source, into, searched, depth + 1);
        }
    }

    @Override
    public String toString() {
        return "YMap[" + entries.size() + " entries, " + span + "]";
    }
}
