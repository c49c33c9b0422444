package io.fluxward.schema;

import io.fluxward.kustomize.LabelSelector;
import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.regex.Re2;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The objects that some patch of the repository may change. Kustomize and Flux apply patches
 * before the API server sees an object, so a child Kustomization that gets {@code interval} and
 * {@code prune} from its parent's {@code spec.patches} is complete although its file is not;
 * schema validation does not require of such objects the fields a patch that may change them
 * sets ({@link #maySet}). Selectors follow kustomize:
 * {@code group}, {@code version}, {@code kind} exact, {@code name} and {@code namespace} as
 * anchored regular expressions, label and annotation selectors evaluated; a selector fluxward
 * cannot read counts as matching (the safe side for "may be patched").
 */
public final class PatchTargets {

    /** The selectors of every patch in the repository. */
    public static final Facet<PatchTargets> FACET = Facet.of("patch-targets", PatchTargets::compute);

    /** One target selector; empty fields select anything. */
    record Selector(String group, String version, String kind, String name, String namespace, String labels,
                    String annotations, Optional<Re2> namePattern, Optional<Re2> namespacePattern) {

        Selector(String group, String version, String kind, String name, String namespace, String labels,
                 String annotations) {
            // Patterns are compiled once per selector, not once per object tested (this was a hot spot).
            this(group, version, kind, name, namespace, labels, annotations, compile(name), compile(namespace));
        }

        /** The selector of a patch's {@code target}, with {@code version} for the one it is written with. */
        static Selector target(YNode t, String version) {
            return new Selector(t.get("group").textOr(""), version, t.get("kind").textOr(""), t.get("name").textOr(""),
                    t.get("namespace").textOr(""), t.get("labelSelector").textOr(""), t.get("annotationSelector").textOr(""));
        }

        /** The selector of a strategic merge patch without target: its own kind and name, in {@code version}. */
        static Selector document(Gvk gvk, String version, YMap patch) {
            return new Selector(gvk.group(), version, gvk.kind(), Pattern.quote(patch.at("metadata", "name").textOr("")),
                    "", "", "");
        }

        boolean matches(KubeObject o) {
            return matches(o, o.version());
        }

        /** As {@link #matches(KubeObject)} for the object written in {@code objectVersion} (a planned migration). */
        boolean matches(KubeObject o, String objectVersion) {
            return (group.isEmpty() || group.equals(o.group()))
                    && (version.isEmpty() || version.equals(objectVersion))
                    && (kind.isEmpty() || kind.equals(o.kind()))
                    && regex(name, namePattern, o.name()) && regex(namespace, namespacePattern, o.namespace())
                    && (labels.isBlank() || selects(labels, o.labels()))
                    && (annotations.isBlank() || selects(annotations, o.annotations()));
        }

        private static Optional<Re2> compile(String pattern) {
            if (pattern.isEmpty()) {
                return Optional.empty();
            }
            // As kustomize: Go's RE2, anchored (linear in time, as the pattern is the repository's).
            return Re2.compile("^(?:" + pattern + ")$");
        }

        private static boolean regex(String pattern, Optional<Re2> compiled, String value) {
            if (pattern.isEmpty()) {
                return true;
            }
            // A pattern Go cannot compile is compared literally.
            return compiled.map(p -> p.matches(value)).orElse(pattern.equals(value));
        }
    }

    /** A patch and the selector of the objects it changes. */
    private record Targeted(Selector selector, RepoPatches.Patch patch) {
    }

    private final List<Targeted> selectors;
    /** Selectors of one kind and one literal name, by kind and name: most patches name their target. */
    private final Map<String, List<Targeted>> byKindAndName;
    /** Other selectors with a kind, by kind; the rest apply to every kind. */
    private final Map<String, List<Targeted>> byKind;
    /**
     * Selectors of any kind with one literal name, by name: every ExternalSecret's {@code spec.target} (a mapping with a
     * {@code target}, read as a patch) is one, and testing each object against all of them was objects x secrets.
     */
    private final Map<String, List<Targeted>> anyKindByName;
    private final List<Targeted> anyKind;

    private PatchTargets(List<Targeted> selectors) {
        this.selectors = List.copyOf(selectors);
        Map<String, List<Targeted>> named = new HashMap<>();
        Map<String, List<Targeted>> kinds = new HashMap<>();
        Map<String, List<Targeted>> anyNamed = new HashMap<>();
        List<Targeted> any = new ArrayList<>();
        for (Targeted t : this.selectors) {
            Selector s = t.selector();
            Optional<String> literal = literalName(s.name());
            if (s.kind().isEmpty() && literal.isPresent()) {
                anyNamed.computeIfAbsent(literal.get(), k -> new ArrayList<>()).add(t);
            } else if (s.kind().isEmpty()) {
                any.add(t);
            } else if (literal.isPresent()) {
                named.computeIfAbsent(s.kind() + "/" + literal.get(), k -> new ArrayList<>()).add(t);
            } else {
                kinds.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(t);
            }
        }
        this.byKindAndName = named;
        this.byKind = kinds;
        this.anyKindByName = anyNamed;
        this.anyKind = any;
    }

    /** The one name an anchored name pattern matches, when it has no regex syntax (or is quoted whole). */
    static Optional<String> literalName(String pattern) {
        if (pattern.startsWith("\\Q") && pattern.endsWith("\\E") && pattern.indexOf("\\E") == pattern.length() - 2) {
            return Optional.of(pattern.substring(2, pattern.length() - 2));
        }
        if (!pattern.isEmpty() && pattern.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            return Optional.of(pattern);
        }
        return Optional.empty();
    }

    private static PatchTargets compute(RepositoryModel model) {
        List<Targeted> out = new ArrayList<>();
        for (RepoPatches.Patch p : RepoPatches.find(model)) {
            if (p.target().isMap()) {
                out.add(new Targeted(Selector.target(p.target(), p.target().get("version").textOr("")), p));
                continue;
            }
            for (YDocument doc : p.content()) {
                if (doc.root() instanceof YMap m && m.get("kind").hasText()) {
                    Gvk gvk = Gvk.of(m.get("apiVersion").textOr(""), m.get("kind").textOr(""));
                    out.add(new Targeted(Selector.document(gvk, "", m), p));
                }
            }
        }
        return new PatchTargets(out);
    }

    /** True when some patch of the repository may change this object. */
    public boolean mayPatch(KubeObject object) {
        return !selectors.isEmpty() && !matching(object, true).isEmpty();
    }

    /** The patches of the repository that may change this object (as {@link #mayPatch}), each once. */
    public List<RepoPatches.Patch> patchesOf(KubeObject object) {
        if (selectors.isEmpty()) {
            return List.of();
        }
        List<RepoPatches.Patch> out = new ArrayList<>();
        for (Targeted t : matching(object, false)) {
            if (out.stream().noneMatch(p -> p == t.patch())) {
                out.add(t.patch());
            }
        }
        return out;
    }

    private List<Targeted> matching(KubeObject object, boolean first) {
        // Only selectors of the object's kind and name, of its kind, or of any kind (by name when they name one) can
        // match: objects x patches stays cheap.
        String kind = object.kind();
        List<Targeted> out = new ArrayList<>();
        for (List<Targeted> candidates : List.of(byKindAndName.getOrDefault(kind + "/" + object.name(), List.of()),
                byKind.getOrDefault(kind, List.of()), anyKindByName.getOrDefault(object.name(), List.of()), anyKind)) {
            for (Targeted t : candidates) {
                if (t.selector().matches(object)) {
                    out.add(t);
                    if (first) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether a patch may set the field at {@code path} (keys and list indexes) of the objects it changes: a strategic
     * merge patch that holds it (not null, which deletes), a JSON 6902 operation that writes it or a value holding it.
     * A patch fluxward could not read, or a list item it cannot tell by index, may set it (the safe side).
     */
    public static boolean maySet(RepoPatches.Patch patch, List<String> path) {
        if (patch.content().isEmpty()) {
            return true;
        }
        for (YDocument doc : patch.content()) {
            if (doc.root() instanceof YMap smp && holds(JsonTree.of(smp).json(), path, 0)) {
                return true;
            }
            if (doc.root() instanceof YSeq ops && writes(ops, path)) {
                return true;
            }
        }
        return false;
    }

    /** True when a strategic merge patch deletes the objects it changes ({@code $patch: delete} at its root). */
    public static boolean deletes(RepoPatches.Patch patch) {
        return patch.content().stream().anyMatch(d -> d.root() instanceof YMap m
                && m.get("$patch").textOr("").equals("delete"));
    }

    private static boolean holds(Object json, List<String> path, int from) {
        if (from == path.size()) {
            return true; // JsonTree leaves out null values: a field present here is set
        }
        if (json instanceof JSONObject obj) {
            return obj.has(path.get(from)) && holds(obj.get(path.get(from)), path, from + 1);
        }
        if (json instanceof JSONArray items) {
            // Strategic merge matches list items by their merge key, not by position.
            for (int i = 0; i < items.length(); i++) {
                if (holds(items.get(i), path, from + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean writes(YSeq ops, List<String> path) {
        for (YNode op : ops.items()) {
            String name = op.get("op").textOr("");
            String pointer = op.get("path").textOr("");
            if (!Set.of("add", "replace", "copy", "move").contains(name) || !pointer.startsWith("/")) {
                continue;
            }
            List<String> tokens = new ArrayList<>();
            for (String t : pointer.substring(1).split("/", -1)) {
                tokens.add(t.replace("~1", "/").replace("~0", "~"));
            }
            if (tokens.size() > path.size() || !prefix(tokens, path)) {
                continue;
            }
            if (tokens.size() == path.size() || !name.equals("add") && !name.equals("replace")
                    || holds(JsonTree.of(op.get("value")).json(), path, tokens.size())) {
                return true; // copy / move: what they bring is not read here
            }
        }
        return false;
    }

    /** True when JSON pointer tokens lead to {@code path} or above it (an index, or {@code -}, for any index). */
    private static boolean prefix(List<String> tokens, List<String> path) {
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String p = path.get(i);
            boolean index = p.chars().allMatch(Character::isDigit) && !p.isEmpty();
            if (!t.equals(p) && !(index && (t.equals("-") || t.chars().allMatch(Character::isDigit)))) {
                return false;
            }
        }
        return true;
    }

    /** A patch's label or annotation selector; one fluxward cannot parse may match anything (the safe side). */
    static boolean selects(String selector, Map<String, String> labels) {
        try {
            return LabelSelector.parse(selector).matches(labels);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
