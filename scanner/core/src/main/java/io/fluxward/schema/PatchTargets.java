package io.fluxward.schema;

import io.fluxward.kustomize.LabelSelector;
import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.regex.Re2;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The objects that some patch of the repository may change. Kustomize and Flux apply patches
 * before the API server sees an object, so a child Kustomization that gets {@code interval} and
 * {@code prune} from its parent's {@code spec.patches} is complete although its file is not;
 * schema validation does not require fields of such objects. Selectors follow kustomize:
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

    private final List<Selector> selectors;
    /** Selectors of one kind and one literal name, by kind and name: most patches name their target. */
    private final Map<String, List<Selector>> byKindAndName;
    /** Other selectors with a kind, by kind; the rest apply to every kind. */
    private final Map<String, List<Selector>> byKind;
    private final List<Selector> anyKind;

    private PatchTargets(List<Selector> selectors) {
        this.selectors = List.copyOf(selectors);
        Map<String, List<Selector>> named = new HashMap<>();
        Map<String, List<Selector>> kinds = new HashMap<>();
        List<Selector> any = new ArrayList<>();
        for (Selector s : this.selectors) {
            Optional<String> literal = literalName(s.name());
            if (s.kind().isEmpty()) {
                any.add(s);
            } else if (literal.isPresent()) {
                named.computeIfAbsent(s.kind() + "/" + literal.get(), k -> new ArrayList<>()).add(s);
            } else {
                kinds.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s);
            }
        }
        this.byKindAndName = named;
        this.byKind = kinds;
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
        List<Selector> out = new ArrayList<>();
        for (RepoPatches.Patch p : RepoPatches.find(model)) {
            if (p.target().isMap()) {
                out.add(Selector.target(p.target(), p.target().get("version").textOr("")));
                continue;
            }
            for (YDocument doc : p.content()) {
                if (doc.root() instanceof YMap m && m.get("kind").hasText()) {
                    out.add(Selector.document(Gvk.of(m.get("apiVersion").textOr(""), m.get("kind").textOr("")), "", m));
                }
            }
        }
        return new PatchTargets(out);
    }

    /** True when some patch of the repository may change this object. */
    public boolean mayPatch(KubeObject object) {
        if (selectors.isEmpty()) {
            return false;
        }
        // Only selectors of the object's kind and name, of its kind, or of any kind can match: objects x
        // patches stays cheap.
        String kind = object.kind();
        for (Selector s : byKindAndName.getOrDefault(kind + "/" + object.name(), List.of())) {
            if (s.matches(object)) {
                return true;
            }
        }
        for (Selector s : byKind.getOrDefault(kind, List.of())) {
            if (s.matches(object)) {
                return true;
            }
        }
        for (Selector s : anyKind) {
            if (s.matches(object)) {
                return true;
            }
        }
        return false;
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
