package io.fluxward.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks every node under a root, depth first, with the path of keys and indexes that leads to it.
 * The parser bounds a document's expanded size and depth, so a walk is bounded too.
 */
public final class YWalker {

    /** Called for each node; return false to skip the node's children. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(List<Object> path, YNode node);
    }

    private YWalker() {
    }

    public static void walk(YNode root, Visitor visitor) {
        walk(root, new ArrayList<>(), visitor);
    }

    private static void walk(YNode node, List<Object> path, Visitor visitor) {
        if (!visitor.visit(path, node)) {
            return;
        }
        if (node instanceof YMap map) {
            for (YEntry entry : map.entries()) {
                path.add(entry.keyText());
                walk(entry.value(), path, visitor);
                path.remove(path.size() - 1);
            }
        } else if (node instanceof YSeq seq) {
            List<YNode> items = seq.items();
            for (int i = 0; i < items.size(); i++) {
                path.add(i);
                walk(items.get(i), path, visitor);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Renders a path as {@code spec.values.env[2].name}. */
    public static String render(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object part : path) {
            if (part instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(part);
            }
        }
        return out.toString();
    }
}
