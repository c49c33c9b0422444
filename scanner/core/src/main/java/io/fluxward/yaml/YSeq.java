package io.fluxward.yaml;

import java.util.List;
import java.util.Optional;

/** A sequence node. */
public record YSeq(List<YNode> items, Optional<String> tag, Span span, long expandedSize) implements YNode {

    public YSeq {
        items = List.copyOf(items);
    }

    /** A sequence made from nodes (not parsed): its expanded size is one for itself and what its items hold. */
    public static YSeq of(List<YNode> items, Optional<String> tag, Span span) {
        long size = 1;
        for (YNode item : items) {
            size += item.expandedSize();
        }
        return new YSeq(items, tag, span, size);
    }

    @Override
    public YNode item(int index) {
        return index >= 0 && index < items.size() ? items.get(index) : YMissing.INSTANCE;
    }

    @Override
    public String toString() {
        return "YSeq[" + items.size() + " items, " + span + "]";
    }
}
