package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON patches (add, remove, replace, move, copy, test) on immutable YAML trees, as
 * kustomize applies {@code patches} whose content is a list of operations. An operation that does
 * not apply (a missing parent, a {@code remove} of an absent key, a failing {@code test}) fails the
 * kustomize build; here it is a {@link Failure} with a short reason.
 */
final class JsonPatch {

    /** In RFC order: listed in messages, which must not change between runs. */
    private static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test");

    /** One operation; {@code entry} is its node in the patch, for locations. */
    record Op(String op, String path, String from, YNode value, YNode entry) {
        /** {@code add /spec/kubeConfig} for messages (never the value). */
        String describe() {
            return op + " " + (path.isEmpty() ? "/" : path);
        }
    }

    /** An operation that does not apply. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private JsonPatch() {
    }

    /** True when a patch document looks like a JSON patch (a list) rather than a strategic merge patch. */
    static boolean isJsonPatch(YNode doc) {
        return doc.isSeq();
    }

    /**
     * Reads the operations of a JSON patch document.
     *
     * @throws IllegalArgumentException with a short reason for a malformed operation
     */
    static List<Op> parse(YNode doc) {
        List<Op> ops = new ArrayList<>();
        for (YNode item : doc.items()) {
            String op = item.get("op").textOr("");
            if (!OPS.contains(op)) {
                throw new IllegalArgumentException("JSON patch operation '" + op + "' is not one of " + OPS);
            }
            YNode path = item.get("path");
            if (!path.isScalar()) {
                throw new IllegalArgumentException("JSON patch operation '" + op + "' has no path");
            }
            String from = item.get("from").textOr("");
            if ((op.equals("move") || op.equals("copy")) && !item.get("from").isScalar()) {
                throw new IllegalArgumentException("JSON patch operation '" + op + "' has no from");
            }
            YNode value = item instanceof YMap m && m.hasOwn("value") ? item.get("value") : YMissing.INSTANCE;
            if ((op.equals("add") || op.equals("replace") || op.equals("test")) && !(item instanceof YMap im
                    && hasKey(im, "value"))) {
                throw new IllegalArgumentException("JSON patch operation '" + op + " " + path.textOr("")
                        + "' has no value");
            }
            ops.add(new Op(op, path.textOr(""), from, value, item));
        }
        return ops;
    }

    private static boolean hasKey(YMap map, String key) {
        for (YEntry e : Nodes.entries(map)) {
            if (e.keyText().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Applies the operations in order. */
    static YNode apply(YNode target, List<Op> ops) throws Failure {
        YNode doc = target;
        for (Op op : ops) {
            doc = apply(doc, op);
        }
        return doc;
    }

    private static YNode apply(YNode doc, Op op) throws Failure {
        List<String> path = pointer(op.path());
        switch (op.op()) {
            case "add":
                return add(doc, path, value(op), op);
            case "remove":
                return remove(doc, path, op);
            case "replace":
                get(doc, path, op);
                return path.isEmpty() ? value(op) : replace(doc, path, value(op), op);
            case "move": {
                List<String> from = pointer(op.from());
                YNode moved = get(doc, from, op);
                return add(remove(doc, from, op), path, moved, op);
            }
            case "copy":
                return add(doc, path, get(doc, pointer(op.from()), op), op);
            default: {
                YNode actual = get(doc, path, op);
                if (!same(actual, value(op))) {
                    throw new Failure("test " + op.path() + " failed: the value differs");
                }
                return doc;
            }
        }
    }

    private static YNode value(Op op) {
        return op.value().isPresent() ? op.value() : Nodes.plain("null", op.entry().span());
    }

    /** Splits a JSON pointer into unescaped tokens. */
    static List<String> pointer(String pointer) throws Failure {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new Failure("path '" + pointer + "' does not start with /");
        }
        List<String> out = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            out.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static YNode get(YNode doc, List<String> path, Op op) throws Failure {
        YNode node = doc;
        for (String token : path) {
            node = child(node, token);
            if (node == null) {
                throw new Failure(op.op() + " " + op.path() + ": the object has no " + renderPath(path));
            }
        }
        return node;
    }

    private static YNode child(YNode node, String token) {
        if (node instanceof YMap m) {
            for (YEntry e : Nodes.entries(m)) {
                if (e.keyText().equals(token)) {
                    return e.value();
                }
            }
            return null;
        }
        if (node instanceof YSeq s) {
            int index = index(token);
            return index >= 0 && index < s.items().size() ? s.items().get(index) : null;
        }
        return null;
    }

    private static int index(String token) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            return -1;
        }
        return Integer.parseInt(token);
    }

    private static YNode add(YNode doc, List<String> path, YNode value, Op op) throws Failure {
        if (path.isEmpty()) {
            return value;
        }
        return update(doc, path, 0, op, (parent, token) -> {
            if (parent instanceof YMap m) {
                return Nodes.put(m, token, value);
            }
            if (parent instanceof YSeq s) {
                List<YNode> items = new ArrayList<>(s.items());
                int index = token.equals("-") ? items.size() : index(token);
                if (index < 0 || index > items.size()) {
                    throw new Failure(op.describe() + ": index " + token + " is out of range");
                }
                items.add(index, value);
                return Nodes.seq(items, s.span(), s.tag());
            }
            throw new Failure(op.describe() + ": the parent is not a mapping or a list");
        });
    }

    private static YNode replace(YNode doc, List<String> path, YNode value, Op op) throws Failure {
        return update(doc, path, 0, op, (parent, token) -> {
            if (parent instanceof YMap m) {
                return Nodes.put(m, token, value);
            }
            YSeq s = (YSeq) parent;
            List<YNode> items = new ArrayList<>(s.items());
            items.set(index(token), value);
            return Nodes.seq(items, s.span(), s.tag());
        });
    }

    private static YNode remove(YNode doc, List<String> path, Op op) throws Failure {
        if (path.isEmpty()) {
            throw new Failure(op.describe() + ": cannot remove the whole object");
        }
        return update(doc, path, 0, op, (parent, token) -> {
            if (parent instanceof YMap m && child(m, token) != null) {
                return Nodes.remove(m, token);
            }
            if (parent instanceof YSeq s) {
                int index = index(token);
                if (index >= 0 && index < s.items().size()) {
                    List<YNode> items = new ArrayList<>(s.items());
                    items.remove(index);
                    return Nodes.seq(items, s.span(), s.tag());
                }
            }
            throw new Failure(op.op() + " " + op.path() + ": the object has no " + renderPath(path));
        });
    }

    @FunctionalInterface
    private interface Change {
        YNode at(YNode parent, String token) throws Failure;
    }

    private static YNode update(YNode node, List<String> path, int i, Op op, Change change) throws Failure {
        String token = path.get(i);
        if (i == path.size() - 1) {
            return change.at(node, token);
        }
        YNode child = child(node, token);
        if (child == null) {
            throw new Failure(op.describe() + ": the object has no " + renderPath(path.subList(0, i + 1)));
        }
        YNode updated = update(child, path, i + 1, op, change);
        if (node instanceof YMap m) {
            return Nodes.put(m, token, updated);
        }
        YSeq s = (YSeq) node;
        List<YNode> items = new ArrayList<>(s.items());
        items.set(index(token), updated);
        return Nodes.seq(items, s.span(), s.tag());
    }

    private static String renderPath(List<String> path) {
        return "/" + String.join("/", path);
    }

    /** Structural equality of two YAML values (scalars by text). */
    static boolean same(YNode a, YNode b) {
        if (a instanceof YMap am && b instanceof YMap bm) {
            List<YEntry> ae = Nodes.entries(am);
            List<YEntry> be = Nodes.entries(bm);
            if (ae.size() != be.size()) {
                return false;
            }
            for (YEntry e : ae) {
                if (!same(e.value(), bm.get(e.keyText()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof YSeq as && b instanceof YSeq bs) {
            if (as.items().size() != bs.items().size()) {
                return false;
            }
            for (int i = 0; i < as.items().size(); i++) {
                if (!same(as.items().get(i), bs.items().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        return a.isScalar() && b.isScalar() && a.textOr("").equals(b.textOr(""));
    }
}
