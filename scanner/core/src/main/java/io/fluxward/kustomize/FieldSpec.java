package io.fluxward.kustomize;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A kustomize field spec: a slash-separated path ({@code spec/template/metadata/labels}, {@code \/}
 * escapes a slash inside a key, {@code []} marks a list) applying to resources of a
 * group/version/kind (each part optional, compared exactly), and whether the field is created when
 * missing. Lists met on the way are entered element by element, as kustomize's field-spec walker does.
 */
record FieldSpec(String group, String version, String kind, List<String> path, boolean create) {

    FieldSpec {
        path = List.copyOf(path);
    }

    static FieldSpec of(YNode node) {
        return new FieldSpec(node.get("group").textOr(""), node.get("version").textOr(""), node.get("kind").textOr(""),
                split(node.get("path").textOr("")), "true".equals(node.get("create").textOr("false")));
    }

    static List<FieldSpec> list(YNode seq) {
        List<FieldSpec> out = new ArrayList<>();
        for (YNode item : seq.items()) {
            if (item.get("path").hasText()) {
                out.add(of(item));
            }
        }
        return out;
    }

    /** Splits a field-spec path at unescaped slashes. */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
                current.append('/');
                i++;
            } else if (c == '/') {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0 || !out.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** True when this spec applies to resources of the given group/version/kind. */
    boolean appliesTo(ResId id) {
        return (group.isEmpty() || group.equals(id.group())) && (version.isEmpty() || version.equals(id.version()))
                && (kind.isEmpty() || kind.equals(id.kind()));
    }

    /**
     * The object with {@code change} applied to every value at this path. {@code change} receives
     * {@link YMissing} for a missing leaf (only when {@link #create()}) and returns the new value, or the
     * same node for "no change".
     */
    YMap apply(YMap object, Span span, UnaryOperator<YNode> change) {
        YNode out = visit(object, 0, span, change);
        return out instanceof YMap m ? m : object;
    }

    private YNode visit(YNode node, int i, Span span, UnaryOperator<YNode> change) {
        if (i == path.size()) {
            return change.apply(node);
        }
        if (node instanceof YSeq seq) {
            return Nodes.mapItems(seq, item -> visit(item, i, span, change));
        }
        if (!(node instanceof YMap map)) {
            return node;
        }
        String segment = path.get(i);
        String key = segment.endsWith("[]") ? segment.substring(0, segment.length() - 2) : segment;
        YNode child = map.get(key);
        boolean last = i == path.size() - 1;
        if (child.isNull()) {
            if (!create) {
                return node;
            }
            child = last ? YMissing.INSTANCE : Nodes.emptyMap(span);
        }
        YNode next = visit(child, i + 1, span, change);
        if (next == child || !next.isPresent()) {
            return node;
        }
        return Nodes.put(map, key, next);
    }
}
