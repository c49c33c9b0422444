package io.fluxward.kustomize;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A replacement field path: dot-separated keys ({@code spec.targetNamespace}), where a bracketed
 * segment ({@code [name=app]}, {@code [a.b/c]}) is kept whole: {@code [key=value]} picks list elements
 * by a field, a number picks a list index, {@code *} every element or key.
 *
 * <p>kustomize reads a source path with kyaml's {@code PathGetter}, where {@code [key=value]} compares
 * the value exactly ({@link #find}), but a target path with its {@code PathMatcher}, where the value is a
 * Go regular expression searched (not anchored) in the element's field as YAML writes it, quotes
 * included, trimmed ({@link #match}, {@link #update}); with {@code create}, a target list where no
 * element matches gets a new one holding the value as written.
 */
final class FieldPath {

    private FieldPath() {
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        List<String> cleaned = new ArrayList<>();
        for (String s : out) {
            // "a[name=x]" is the same as "a.[name=x]"
            int bracket = s.indexOf('[');
            if (bracket > 0) {
                cleaned.add(s.substring(0, bracket));
                cleaned.add(s.substring(bracket));
            } else if (!s.isEmpty()) {
                cleaned.add(s);
            }
        }
        return cleaned;
    }

    /** Every node at the path, {@code [key=value]} compared exactly (a source); none when it does not exist. */
    static List<YNode> find(YNode root, List<String> path) {
        List<YNode> out = new ArrayList<>();
        find(root, path, 0, false, out);
        return out;
    }

    /**
     * Every node at the path, {@code [key=value]} values being regular expressions (a target); none when it does
     * not exist.
     *
     * @throws IllegalArgumentException for a value that is no regular expression (kustomize fails too)
     */
    static List<YNode> match(YNode root, List<String> path) {
        List<YNode> out = new ArrayList<>();
        find(root, path, 0, true, out);
        return out;
    }

    private static void find(YNode node, List<String> path, int i, boolean regex, List<YNode> out) {
        if (!node.isPresent()) {
            return;
        }
        if (i == path.size()) {
            out.add(node);
            return;
        }
        String segment = path.get(i);
        if (node instanceof YSeq seq) {
            for (int index = 0; index < seq.items().size(); index++) {
                if (elementMatches(seq.items().get(index), index, segment, regex)) {
                    find(seq.items().get(index), path, i + 1, regex, out);
                }
            }
        } else if (node instanceof YMap map) {
            if (segment.equals("*")) {
                for (YEntry e : Nodes.entries(map)) {
                    find(e.value(), path, i + 1, regex, out);
                }
            } else {
                find(map.get(key(segment)), path, i + 1, regex, out);
            }
        }
    }

    /**
     * The root with {@code change} applied at every node of the target path ({@link #match}); when {@code create},
     * missing mapping keys are created, and a list none of whose elements a {@code [key=value]} segment selects gets
     * a new element {@code key: value} (a scalar for {@code [=value]}). Returns the same root when nothing matched.
     */
    static YNode update(YNode root, List<String> path, boolean create, Span span, UnaryOperator<YNode> change) {
        return update(root, path, 0, create, span, change);
    }

    private static YNode update(YNode node, List<String> path, int i, boolean create, Span span,
                                UnaryOperator<YNode> change) {
        if (i == path.size()) {
            return change.apply(node);
        }
        String segment = path.get(i);
        if (node instanceof YSeq seq) {
            List<YNode> items = new ArrayList<>(seq.items());
            boolean changed = false;
            boolean any = false;
            for (int index = 0; index < items.size(); index++) {
                if (elementMatches(items.get(index), index, segment, true)) {
                    any = true;
                    YNode next = update(items.get(index), path, i + 1, create, span, change);
                    changed |= next != items.get(index);
                    items.set(index, next);
                }
            }
            if (!any && create && isSelector(segment)) {
                String inner = segment.substring(1, segment.length() - 1);
                int eq = inner.indexOf('=');
                YNode value = Nodes.string(inner.substring(eq + 1), span);
                YNode element = eq == 0 ? value : Nodes.map(List.of(new YEntry(Nodes.string(inner.substring(0, eq), span),
                        value)), span);
                YNode next = update(element, path, i + 1, create, span, change);
                if (next.isPresent()) {
                    items.add(next);
                    changed = true;
                }
            }
            return changed ? Nodes.seq(items, seq.span(), seq.tag()) : node;
        }
        if (node instanceof YMap map) {
            if (segment.equals("*")) {
                YMap out = map;
                for (YEntry e : Nodes.entries(map)) {
                    YNode next = update(e.value(), path, i + 1, create, span, change);
                    if (next != e.value()) {
                        out = Nodes.put(out, e.keyText(), next);
                    }
                }
                return out;
            }
            String key = key(segment);
            YNode child = map.get(key);
            if (!child.isPresent()) {
                if (!create || segment.startsWith("[")) {
                    return node;
                }
                child = i == path.size() - 1 ? YMissing.INSTANCE : Nodes.emptyMap(span);
            }
            YNode next = update(child, path, i + 1, create, span, change);
            return next == child || !next.isPresent() ? node : Nodes.put(map, key, next);
        }
        return node;
    }

    private static String key(String segment) {
        if (segment.startsWith("[") && segment.endsWith("]") && !segment.contains("=")) {
            return segment.substring(1, segment.length() - 1);
        }
        return segment;
    }

    private static boolean isSelector(String segment) {
        return segment.startsWith("[") && segment.endsWith("]") && segment.contains("=");
    }

    private static boolean elementMatches(YNode item, int index, String segment, boolean regex) {
        if (segment.equals("*")) {
            return true;
        }
        if (segment.matches("\\d+")) {
            return Integer.parseInt(segment) == index;
        }
        if (isSelector(segment)) {
            String inner = segment.substring(1, segment.length() - 1);
            int eq = inner.indexOf('=');
            String field = inner.substring(0, eq);
            String value = inner.substring(eq + 1);
            YNode actual = field.isEmpty() ? item : item.get(field);
            if (!regex) {
                return actual.textOr("").equals(value);
            }
            if (!(actual instanceof YScalar s)) {
                return false;
            }
            // PathMatcher searches the regular expression in the scalar as YAML writes it: quotes count.
            String written = s.style() == YScalar.Style.DOUBLE_QUOTED ? '"' + s.value() + '"'
                    : s.style() == YScalar.Style.SINGLE_QUOTED ? "'" + s.value() + "'" : s.value();
            try {
                return Pattern.compile(value).matcher(written.strip()).find();
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("error parsing regexp in " + segment + ": " + e.getDescription(), e);
            }
        }
        return false;
    }
}
