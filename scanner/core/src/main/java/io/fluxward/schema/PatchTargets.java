package io.fluxward.schema;

import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /** One target selector; empty fields select anything; name and namespace are compiled once. */
    record Selector(String group, String version, String kind, Optional<Pattern> name, Optional<Pattern> namespace,
                    String labels, String annotations) {

        static Selector of(String group, String version, String kind, String name, String namespace, String labels,
                           String annotations) {
            return new Selector(group, version, kind, regex(name), regex(namespace), labels, annotations);
        }

        boolean matches(KubeObject o) {
            return (group.isEmpty() || group.equals(o.group()))
                    && (version.isEmpty() || version.equals(o.version()))
                    && (kind.isEmpty() || kind.equals(o.kind()))
                    && (name.isEmpty() || name.get().matcher(o.name()).matches())
                    && (namespace.isEmpty() || namespace.get().matcher(o.namespace()).matches())
                    && LabelSelector.matches(labels, o.labels()) && LabelSelector.matches(annotations, o.annotations());
        }

        private static Optional<Pattern> regex(String pattern) {
            if (pattern.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Pattern.compile("^(?:" + pattern + ")$"));
            } catch (PatternSyntaxException e) {
                return Optional.of(Pattern.compile(Pattern.quote(pattern)));
            }
        }
    }

    /**
     * Selectors by the kind they name ({@code ""}: any kind), so an object is checked against its own kind's only;
     * those that name one object by a plain name (most patches) by kind and name, looked up directly.
     */
    private final Map<String, List<Selector>> byKind;
    private final Map<String, List<Selector>> byKindAndName;

    private PatchTargets(List<Selector> selectors) {
        Map<String, List<Selector>> index = new HashMap<>();
        Map<String, List<Selector>> named = new HashMap<>();
        for (Selector s : selectors) {
            Optional<String> literal = s.name().map(Pattern::pattern).flatMap(PatchTargets::literalName);
            if (literal.isPresent()) {
                named.computeIfAbsent(s.kind() + "/" + literal.get(), k -> new ArrayList<>()).add(s);
            } else {
                index.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s);
            }
        }
        this.byKind = Map.copyOf(index);
        this.byKindAndName = Map.copyOf(named);
    }

    private static final Pattern LITERAL = Pattern.compile("\\^\\(\\?:(?:\\\\Q(.*)\\\\E|([A-Za-z0-9_-]+))\\)\\$");

    /** The one name a compiled name pattern matches, when it is a plain name or a quoted one. */
    private static Optional<String> literalName(String compiled) {
        java.util.regex.Matcher m = LITERAL.matcher(compiled);
        if (!m.matches()) {
            return Optional.empty();
        }
        String quoted = m.group(1);
        return quoted != null && quoted.contains("\\E") ? Optional.empty() : Optional.of(quoted != null ? quoted : m.group(2));
    }

    private static PatchTargets compute(RepositoryModel model) {
        List<Selector> out = new ArrayList<>();
        for (RepoPatches.Patch p : RepoPatches.find(model)) {
            if (p.target().isMap()) {
                YNode t = p.target();
                out.add(Selector.of(t.get("group").textOr(""), t.get("version").textOr(""), t.get("kind").textOr(""),
                        t.get("name").textOr(""), t.get("namespace").textOr(""), t.get("labelSelector").textOr(""),
                        t.get("annotationSelector").textOr("")));
                continue;
            }
            for (YDocument doc : p.content()) {
                if (doc.root() instanceof YMap m && m.get("kind").hasText()) {
                    Gvk gvk = Gvk.of(m.get("apiVersion").textOr(""), m.get("kind").textOr(""));
                    out.add(Selector.of(gvk.group(), "", gvk.kind(), Pattern.quote(m.at("metadata", "name").textOr("")),
                            "", "", ""));
                }
            }
        }
        return new PatchTargets(out);
    }

    /** True when some patch of the repository may change this object. */
    public boolean mayPatch(KubeObject object) {
        String kind = object.kind();
        String name = object.name();
        return matchesAny(byKindAndName.getOrDefault(kind + "/" + name, List.of()), object)
                || matchesAny(byKindAndName.getOrDefault("/" + name, List.of()), object)
                || matchesAny(byKind.getOrDefault(kind, List.of()), object)
                || matchesAny(byKind.getOrDefault("", List.of()), object);
    }

    private static boolean matchesAny(List<Selector> selectors, KubeObject object) {
        for (Selector s : selectors) {
            if (s.matches(object)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kubernetes label selector syntax: {@code a=b}, {@code a!=b}, {@code a in (x,y)},
     * {@code a notin (x)}, {@code a}, {@code !a}.
     */
    static final class LabelSelector {

        private LabelSelector() {
        }

        static boolean matches(String selector, Map<String, String> labels) {
            if (selector.isBlank()) {
                return true;
            }
            for (String term : split(selector)) {
                Optional<Boolean> r = term(term.strip(), labels);
                if (r.isEmpty()) {
                    return true; // unreadable: assume it may match
                }
                if (!r.get()) {
                    return false;
                }
            }
            return true;
        }

        /** Splits at commas outside parentheses. */
        private static List<String> split(String selector) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < selector.length(); i++) {
                char c = selector.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(selector.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(selector.substring(start));
            return out;
        }

        private static Optional<Boolean> term(String t, Map<String, String> labels) {
            java.util.regex.Matcher set = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(t);
            if (set.matches()) {
                List<String> values = new ArrayList<>();
                for (String v : set.group(3).split(",")) {
                    values.add(v.strip());
                }
                boolean in = labels.containsKey(set.group(1)) && values.contains(labels.get(set.group(1)));
                return Optional.of(set.group(2).equals("in") == in);
            }
            if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                return Optional.of(!kv[1].strip().equals(labels.get(kv[0].strip())));
            }
            if (t.contains("=")) {
                String[] kv = t.split("==?", 2);
                return Optional.of(kv[1].strip().equals(labels.get(kv[0].strip())));
            }
            if (t.startsWith("!")) {
                return Optional.of(!labels.containsKey(t.substring(1).strip()));
            }
            if (t.matches("[A-Za-z0-9./_-]+")) {
                return Optional.of(labels.containsKey(t));
            }
            return Optional.empty();
        }
    }
}
