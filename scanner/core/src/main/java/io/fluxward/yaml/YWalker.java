package io.fluxward.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
        // Iterative, so a tree as deep as limits.maxDepth allows never overflows the stack. The path is
        // one list, trimmed back to each node's depth before the node is visited.
        List<Object> path = new ArrayList<>();
        Deque<Step> pending = new ArrayDeque<>();
        pending.push(new Step(root, null, 0));
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            while (path.size() > step.depth - (step.segment == null ? 0 : 1)) {
                path.remove(path.size() - 1);
            }
            if (step.segment != null) {
                path.add(step.segment);
            }
            if (!visitor.visit(path, step.node)) {
                continue;
            }
            int depth = path.size() + 1;
            if (step.node instanceof YMap map) {
                List<YEntry> entries = map.entries();
                for (int i = entries.size() - 1; i >= 0; i--) {
                    pending.push(new Step(entries.get(i).value(), entries.get(i).keyText(), depth));
                }
            } else if (step.node instanceof YSeq seq) {
                List<YNode> items = seq.items();
                for (int i = items.size() - 1; i >= 0; i--) {
                    pending.push(new Step(items.get(i), i, depth));
                }
            }
        }
    }

    /** A node still to visit, the path segment that leads to it, and the path length once it is added. */
    private record Step(YNode node, Object segment, int depth) {
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
