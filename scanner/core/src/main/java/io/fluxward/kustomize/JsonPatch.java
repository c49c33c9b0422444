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
 * kustomize applies {@code patches} whose content is a list of operations, with the semantics of its
 * library (evanphx/json-patch v4), not the RFC's: a {@code replace} of a key missing from an existing
 * mapping adds it, list indexes may count from the end. An operation that does not apply (a missing
 * parent, an index out of range, a {@code remove} of an absent key, a failing {@code test}) fails the
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

    /** kustomize's internal annotations recording a resource's id before a transformer changes it. */
    private static final List<String> PREVIOUS_ID = List.of("internal.config.kubernetes.io/previousKinds",
            "internal.config.kubernetes.io/previousNames", "internal.config.kubernetes.io/previousNamespaces");

    /**
     * Applies the operations to a resource as kustomize's patch transformer does: it first records the resource's id
     * in internal annotations (the patch may rename it), so the patch always finds {@code /metadata/annotations}, and
     * an operation under it works on an object without annotations (one under {@code /metadata/labels} does not).
     * The internal annotations are gone from the output, and so is an annotations field left empty.
     */
    static YNode applyToResource(YMap object, List<Op> ops) throws Failure {
        YNode metadata = object.get("metadata");
        if (!(metadata instanceof YMap meta)) {
            return apply(object, ops);
        }
        String namespace = meta.get("namespace").textOr("");
        List<String> values = List.of(object.get("kind").textOr(""), meta.get("name").textOr(""),
                namespace.isEmpty() ? "default" : namespace);
        YMap annotations = meta.get("annotations") instanceof YMap a ? a : Nodes.emptyMap(meta.span());
        for (int i = 0; i < PREVIOUS_ID.size(); i++) {
            annotations = Nodes.put(annotations, PREVIOUS_ID.get(i), Nodes.string(values.get(i), meta.span()));
        }
        YNode patched = apply(Nodes.put(object, "metadata", Nodes.put(meta, "annotations", annotations)), ops);
        if (!(patched instanceof YMap out) || !(out.get("metadata") instanceof YMap outMeta)) {
            return patched;
        }
        YNode left = outMeta.get("annotations");
        if (left instanceof YMap a) {
            for (String key : PREVIOUS_ID) {
                a = Nodes.remove(a, key);
            }
            left = a;
        }
        YMap cleaned = left instanceof YMap a && !a.entries().isEmpty() ? Nodes.put(outMeta, "annotations", a)
                : Nodes.remove(outMeta, "annotations");
        return Nodes.put(out, "metadata", cleaned);
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
                return path.isEmpty() ? value(op) : replace(doc, path, value(op), op);
            case "move": {
                List<String> from = pointer(op.from());
                YNode moved = get(doc, from, op, false);
                return add(remove(doc, from, op), path, moved, op);
            }
            case "copy":
                return add(doc, path, get(doc, pointer(op.from()), op, true), op);
            default: {
                YNode actual = get(doc, path, op, true);
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

    /**
     * The value at {@code path}. As in kustomize's JSON patch library (evanphx/json-patch v4), a key missing from an
     * existing mapping reads as null when {@code missingKeyIsNull} (copy, test), while a missing parent or a list
     * index out of range fails.
     */
    private static YNode get(YNode doc, List<String> path, Op op, boolean missingKeyIsNull) throws Failure {
        if (path.isEmpty()) {
            return doc;
        }
        YNode parent = container(doc, path, op);
        String token = path.get(path.size() - 1);
        YNode found = child(parent, token);
        if (found != null) {
            return found;
        }
        if (parent instanceof YMap && missingKeyIsNull) {
            return Nodes.plain("null", parent.span());
        }
        throw new Failure(op.op() + " " + op.path() + ": the object has no " + renderPath(path));
    }

    /** The mapping or list holding the last token of {@code path}, which must exist. */
    private static YNode container(YNode doc, List<String> path, Op op) throws Failure {
        YNode node = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            node = child(node, path.get(i));
            if (node == null) {
                throw new Failure(op.describe() + ": the object has no " + renderPath(path.subList(0, i + 1)));
            }
        }
        if (!(node instanceof YMap) && !(node instanceof YSeq)) {
            throw new Failure(op.describe() + ": " + renderPath(path.subList(0, path.size() - 1))
                    + " is not a mapping or a list");
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
            int index = index(token, s.items().size(), false);
            return index >= 0 ? s.items().get(index) : null;
        }
        return null;
    }

    /**
     * The list position a token names, or -1 when it names none. The library reads tokens as Go's {@code strconv.Atoi}
     * does (a sign and leading zeros allowed) and counts negative ones from the end; an insertion ({@code add}) may
     * also name the position after the last item.
     */
    private static int index(String token, int size, boolean insert) {
        if (!token.matches("[-+]?[0-9]{1,18}")) {
            return -1;
        }
        long index = Long.parseLong(token.startsWith("+") ? token.substring(1) : token);
        int limit = insert ? size + 1 : size;
        if (index < 0) {
            index += limit;
        }
        return index >= 0 && index < limit ? (int) index : -1;
    }

    private static YNode add(YNode doc, List<String> path, YNode value, Op op) throws Failure {
        if (path.isEmpty()) {
            return value;
        }
        return update(doc, path, 0, op, (parent, token) -> {
            if (parent instanceof YMap m) {
                return Nodes.put(m, token, value);
            }
            YSeq s = (YSeq) parent;
            List<YNode> items = new ArrayList<>(s.items());
            int index = token.equals("-") ? items.size() : index(token, items.size(), true);
            if (index < 0) {
                throw new Failure(op.describe() + ": index " + token + " is out of range");
            }
            items.add(index, value);
            return Nodes.seq(items, s.span(), s.tag());
        });
    }

    /** Replacing a key missing from an existing mapping adds it (the library sets it without looking). */
    private static YNode replace(YNode doc, List<String> path, YNode value, Op op) throws Failure {
        return update(doc, path, 0, op, (parent, token) -> {
            if (parent instanceof YMap m) {
                return Nodes.put(m, token, value);
            }
            YSeq s = (YSeq) parent;
            int index = index(token, s.items().size(), false);
            if (index < 0) {
                throw new Failure(op.op() + " " + op.path() + ": the object has no " + renderPath(path));
            }
            List<YNode> items = new ArrayList<>(s.items());
            items.set(index, value);
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
                int index = index(token, s.items().size(), false);
                if (index >= 0) {
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

    /** Rewrites the container of the last token of {@code path}, which must be an existing mapping or list. */
    private static YNode update(YNode node, List<String> path, int i, Op op, Change change) throws Failure {
        String token = path.get(i);
        if (i == path.size() - 1) {
            if (!(node instanceof YMap) && !(node instanceof YSeq)) {
                throw new Failure(op.describe() + ": " + renderPath(path.subList(0, i)) + " is not a mapping or a list");
            }
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
        items.set(index(token, items.size(), false), updated);
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
