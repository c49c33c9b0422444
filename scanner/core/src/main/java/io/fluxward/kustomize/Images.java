package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * kustomize's {@code images} transformer: every {@code image} field of a list called
 * {@code containers} or {@code initContainers}, anywhere in an object, whose image name equals an
 * entry's {@code name} gets the entry's {@code newName}, {@code newTag} or {@code digest}.
 */
final class Images {

    /** One {@code images} entry. */
    record Rule(String name, String newName, String newTag, String digest) {
        static Rule of(YNode node) {
            return new Rule(node.get("name").textOr(""), node.get("newName").textOr(""), node.get("newTag").textOr(""),
                    node.get("digest").textOr(""));
        }
    }

    private Images() {
    }

    /**
     * The object with its container images rewritten (the same object when nothing matched); {@code rewritten}
     * hears each replaced image node and its replacement, so the replacement keeps the file it came from.
     */
    static YMap apply(YMap object, List<Rule> rules, List<FieldSpec> extraFields, BiConsumer<YNode, YNode> rewritten) {
        UnaryOperator<YNode> change = node -> {
            YNode next = rewrite(node, rules);
            if (next != node) {
                rewritten.accept(node, next);
            }
            return next;
        };
        YNode out = walk(object, change, false);
        YMap result = out instanceof YMap m ? m : object;
        for (FieldSpec fs : extraFields) {
            if (fs.appliesTo(ResId.of(result))) {
                result = fs.apply(result, result.span(), change);
            }
        }
        return result;
    }

    private static YNode walk(YNode node, UnaryOperator<YNode> change, boolean inContainers) {
        if (node instanceof YMap map) {
            List<YEntry> entries = Nodes.entries(map);
            List<YEntry> out = new ArrayList<>(entries.size());
            boolean changed = false;
            for (YEntry e : entries) {
                String key = e.keyText();
                YNode value = e.value();
                YNode next;
                if (inContainers && key.equals("image")) {
                    next = change.apply(value);
                } else {
                    next = walk(value, change, key.equals("containers") || key.equals("initContainers"));
                }
                changed |= next != value;
                out.add(next == value ? e : new YEntry(e.key(), next));
            }
            return changed ? Nodes.map(out, map.span(), map.tag()) : map;
        }
        if (node instanceof YSeq seq) {
            return Nodes.mapItems(seq, item -> walk(item, change, inContainers));
        }
        return node;
    }

    private static YNode rewrite(YNode value, List<Rule> rules) {
        if (!(value instanceof YScalar s) || !value.hasText()) {
            return value;
        }
        String image = s.value();
        String[] parts = split(image);
        for (Rule rule : rules) {
            if (!rule.name().equals(parts[0])) {
                continue;
            }
            String name = rule.newName().isEmpty() ? parts[0] : rule.newName();
            String suffix;
            if (!rule.digest().isEmpty()) {
                suffix = "@" + rule.digest();
            } else if (!rule.newTag().isEmpty()) {
                suffix = ":" + rule.newTag();
            } else {
                suffix = parts[1];
            }
            return new YScalar(name + suffix, s.style(), s.tag(), s.span());
        }
        return value;
    }

    /** Splits {@code registry:port/name:tag@digest} into the name and the {@code :tag@digest} rest. */
    static String[] split(String image) {
        int slash = image.indexOf('/');
        int searchFrom = Math.max(slash, 0);
        int at = image.indexOf('@', searchFrom);
        int colon = image.indexOf(':', searchFrom);
        int cut = at >= 0 && (colon < 0 || at < colon) ? at : colon;
        if (cut < 0) {
            return new String[] {image, ""};
        }
        return new String[] {image.substring(0, cut), image.substring(cut)};
    }
}
