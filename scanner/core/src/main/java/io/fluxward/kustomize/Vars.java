package io.fluxward.kustomize;

import io.fluxward.model.Location;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kustomize's legacy {@code vars}, as kustomize v5 substitutes them. A kustomization declares a var after its own
 * transformers ran: it names a resource by group, version and kind (exactly, as {@code apiVersion} or
 * {@code group}/{@code version}) and by a name it has or had (kustomize matches any id the resource went through)
 * and binds the var to that one resource. At the end of the top build (after name hashes and name references) the
 * value is the field {@code fieldref.fieldPath} (default {@code metadata.name}) of that resource, and every
 * {@code $(NAME)} in the {@code varReference} fields (kustomize's built-in list and {@code configurations}) is
 * replaced; {@code $$} is a literal {@code $}, an undeclared {@code $(OTHER)} stays as written.
 *
 * <p>What kustomize refuses (a var matching several resources, none, a name declared twice, a missing field) fails
 * its build; so does, here, what this model leaves out (an {@code objref} with a {@code namespace}, a
 * non-scalar value): the build is marked incomplete and nothing is substituted, and rules stay quiet about the
 * {@code $(NAME)} they then see ({@link #refersTo}).
 */
final class Vars {

    /** {@code $(NAME)}: kustomize reads up to the first {@code )}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([^)]*)\\)");
    private static final Pattern INDEXED = Pattern.compile("^(.*)\\[(\\d+)\\]$");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

    private Vars() {
    }

    /**
     * A var as a kustomization declares it.
     *
     * @param at where it is declared, for problems
     */
    record Var(String name, String group, String version, String kind, String objName, String namespace,
               String fieldPath, Location at) {

        /** The resource a var names, with its group, version and kind compared exactly. */
        boolean names(ResId id) {
            return id.group().equals(group) && id.version().equals(version) && id.kind().equals(kind)
                    && id.name().equals(objName);
        }

        /** For messages: {@code NAME (Service web)}. */
        String describe() {
            return "'" + name + "' (" + kind + " " + objName + ")";
        }
    }

    /** The var an entry of {@code vars} declares; empty when it has no name or names no kind and name. */
    static Optional<Var> parse(YNode entry, Location at) {
        // kustomize decodes the entry as a Go struct: field names in any case (objRef, fieldRef, fieldPath...).
        String name = Nodes.field(entry, "name").textOr("");
        YNode ref = Nodes.field(entry, "objref");
        String kind = Nodes.field(ref, "kind").textOr("");
        String objName = Nodes.field(ref, "name").textOr("");
        if (name.isEmpty() || kind.isEmpty() || objName.isEmpty()) {
            return Optional.empty();
        }
        String group = Nodes.field(ref, "group").textOr("");
        String version = Nodes.field(ref, "version").textOr("");
        String apiVersion = Nodes.field(ref, "apiVersion").textOr("");
        if (!apiVersion.isEmpty()) {
            String[] parts = apiVersion.split("/", -1);
            if (parts.length == 2) {
                group = parts[0];
                version = parts[1];
            } else if (parts.length == 1) {
                version = parts[0];
            }
        }
        String fieldPath = Nodes.field(Nodes.field(entry, "fieldref"), "fieldPath").textOr("");
        return Optional.of(new Var(name, group, version, kind, objName, Nodes.field(ref, "namespace").textOr(""),
                fieldPath.isEmpty() ? "metadata.name" : fieldPath, at));
    }

    /** True when the text holds a {@code $(NAME)} reference to one of {@code names} (not escaped as {@code $$}). */
    static boolean refersTo(String text, Set<String> names) {
        if (names.isEmpty() || !text.contains("$(")) {
            return false;
        }
        for (int i = 0; i < text.length() - 1; i++) {
            if (text.charAt(i) != '$') {
                continue;
            }
            if (text.charAt(i + 1) == '$') {
                i++;
                continue;
            }
            Matcher m = REFERENCE.matcher(text).region(i, text.length());
            if (m.lookingAt() && names.contains(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** The value of a var, typed as kustomize reads it; null when this model cannot tell it. */
    record Value(String text, boolean string) {
    }

    /** The field {@code fieldPath} of a resource as kustomize's {@code GetFieldValue} reads it, or null. */
    static Value valueOf(YNode object, String fieldPath) {
        YNode node = object;
        for (String part : fieldPath.split("\\.", -1)) {
            Matcher indexed = INDEXED.matcher(part);
            List<String> steps = new ArrayList<>();
            if (indexed.matches()) {
                if (!indexed.group(1).isEmpty()) {
                    steps.add(indexed.group(1));
                }
                steps.add(indexed.group(2));
            } else {
                steps.add(part);
            }
            for (String step : steps) {
                if (node instanceof YMap map) {
                    node = map.get(step);
                } else if (node instanceof YSeq seq && DECIMAL.matcher(step).matches()) {
                    int index = Integer.parseInt(step);
                    node = index < seq.items().size() ? seq.items().get(index) : null;
                } else {
                    return null;
                }
                if (node == null || !node.isPresent()) {
                    return null;
                }
            }
        }
        if (!(node instanceof YScalar s) || s.isNull()) {
            return null;
        }
        if (isString(s)) {
            return new Value(s.value(), true);
        }
        // Plain numbers and booleans keep their type when a whole field is one reference; other forms (0x1F,
        // 1e3, .inf, yes) kustomize formats its own way: not modelled.
        String v = s.value();
        if (DECIMAL.matcher(v).matches() && v.length() < 19) {
            return new Value(Long.toString(Long.parseLong(v)), false);
        }
        if (v.equals("true") || v.equals("false")) {
            return new Value(v, false);
        }
        return null;
    }

    /**
     * What resolving a build's vars makes of its resources, or the var kustomize (or this model) cannot resolve,
     * with the reason: then the resources are left as they are.
     */
    record Resolved(List<Res> resources, Var failed, String reason, boolean refused) {
    }

    /**
     * kustomize's last step: every var's value is read from the one resource it is bound to, and each {@code $(NAME)}
     * in the {@code varReference} fields of every resource is replaced. Nothing happens without vars.
     */
    static Resolved resolve(List<Res> resources, List<Var> vars, TransformerConfig config) {
        if (vars.isEmpty()) {
            return new Resolved(resources, null, null, false);
        }
        Map<String, Value> values = new HashMap<>();
        for (Var v : vars) {
            Res bound = null;
            for (Res r : resources) {
                if (r.vars().contains(v.name())) {
                    bound = r;
                    break;
                }
            }
            if (bound == null) {
                return v.namespace().isEmpty()
                        ? new Resolved(resources, v, "var " + v.describe() + " cannot be mapped to a resource of the build",
                                true)
                        : new Resolved(resources, v, "var " + v.describe() + " names a namespace: not substituted by fluxward",
                                false);
            }
            Value value = valueOf(bound.content(), v.fieldPath());
            if (value == null) {
                return new Resolved(resources, v, "var " + v.describe() + ": field " + v.fieldPath()
                        + " is not a value of " + bound.id() + " fluxward can substitute", false);
            }
            values.put(v.name(), value);
        }
        List<Res> out = new ArrayList<>(resources.size());
        for (Res r : resources) {
            YMap content = r.content();
            Map<YNode, String> files = new IdentityHashMap<>();
            for (FieldSpec fs : config.varReference()) {
                if (fs.appliesTo(r.id())) {
                    content = fs.apply(content, content.span(), node -> expandField(node, values, r.provenance(), files));
                }
            }
            if (content == r.content()) {
                out.add(r);
                continue;
            }
            Res next = r.withContent(content);
            Provenance p = next.provenance();
            for (Map.Entry<YNode, String> e : files.entrySet()) {
                p = p.withNodes(e.getKey(), e.getValue());
            }
            out.add(next.withProvenance(p));
        }
        return new Resolved(out, null, null, false);
    }

    /** A field of a {@code varReference}: a string, a list of strings, or a map whose string values are expanded. */
    private static YNode expandField(YNode node, Map<String, Value> values, Provenance provenance,
                                     Map<YNode, String> files) {
        if (node instanceof YScalar) {
            return expand(node, values, provenance, files);
        }
        if (node instanceof YSeq seq) {
            return Nodes.mapItems(seq, item -> expand(item, values, provenance, files));
        }
        if (node instanceof YMap map) {
            YMap out = map;
            for (YEntry e : Nodes.entries(map)) {
                YNode next = expand(e.value(), values, provenance, files);
                if (next != e.value()) {
                    out = Nodes.put(out, e.keyText(), next);
                }
            }
            return out;
        }
        return node;
    }

    /**
     * Replaces {@code $(NAME)} references in a string, as kustomize's expansion does: a declared var by its value
     * (a whole-field reference to a number or boolean keeps its type), {@code $$} by {@code $}, anything else as
     * written. The new node keeps the old one's place (and file, when a patch wrote it).
     */
    private static YNode expand(YNode node, Map<String, Value> values, Provenance provenance, Map<YNode, String> files) {
        if (!(node instanceof YScalar s) || !isString(s) || !s.value().contains("$")) {
            return node;
        }
        String in = s.value();
        StringBuilder out = new StringBuilder();
        Value whole = null;
        int i = 0;
        while (i < in.length()) {
            char c = in.charAt(i);
            if (c != '$' || i + 1 >= in.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = in.charAt(i + 1);
            int close = next == '(' ? in.indexOf(')', i + 2) : -1;
            if (next == '$') {
                out.append('$');
            } else if (close >= 0) {
                Value v = values.get(in.substring(i + 2, close));
                out.append(v == null ? in.substring(i, close + 1) : v.text());
                whole = i == 0 && close == in.length() - 1 ? v : null;
                i = close + 1;
                continue;
            } else {
                out.append(c).append(next);
            }
            i += 2;
        }
        String result = out.toString();
        if (result.equals(in)) {
            return node;
        }
        YScalar made = whole != null && !whole.string() ? Nodes.plain(result, s.span()) : Nodes.string(result, s.span());
        provenance.fileOf(node).ifPresent(f -> files.put(made, f));
        return made;
    }

    /** True for a scalar YAML reads as a string (kustomize expands only those). */
    static boolean isString(YScalar s) {
        if (s.isNull()) {
            return false;
        }
        if (s.style() != YScalar.Style.PLAIN) {
            return true;
        }
        if (s.tag().isPresent()) {
            return s.tag().get().equals("!!str") || s.tag().get().equals("tag:yaml.org,2002:str");
        }
        return Nodes.plainIsString(s.value());
    }
}
