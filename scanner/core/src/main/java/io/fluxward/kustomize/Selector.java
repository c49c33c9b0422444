package io.fluxward.kustomize;

import io.fluxward.regex.Re2;
import io.fluxward.yaml.YNode;
import java.util.regex.Pattern;

/**
 * A kustomize {@code target}/{@code select} selector: {@code group}, {@code version}, {@code kind},
 * {@code name} and {@code namespace} are regular expressions anchored as {@code ^(?:...)$} (empty
 * means any), {@code labelSelector} and {@code annotationSelector} use label-selector syntax. Name
 * and namespace match the resource's original or current value (domain facts §4.2, §2.6); an
 * object without namespace has the effective namespace {@code default}.
 */
final class Selector {

    /** Letters, digits, '-' and '_': no regex syntax. */
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_-]+");

    private final Re2 group;
    private final Re2 version;
    private final Re2 kind;
    private final Re2 name;
    private final Re2 namespace;
    private final LabelSelector labels;
    private final LabelSelector annotations;
    private final String description;
    private final String literalKind;
    private final String literalName;

    private Selector(Re2 group, Re2 version, Re2 kind, Re2 name, Re2 namespace,
                     LabelSelector labels, LabelSelector annotations, String description, String literalKind,
                     String literalName) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.name = name;
        this.namespace = namespace;
        this.labels = labels;
        this.annotations = annotations;
        this.description = description;
        this.literalKind = literalKind;
        this.literalName = literalName;
    }

    /**
     * Reads a selector mapping.
     *
     * @throws IllegalArgumentException with a short reason for a bad regex or label selector
     */
    static Selector of(YNode node) {
        StringBuilder d = new StringBuilder();
        for (String key : new String[] {"group", "version", "kind", "name", "namespace", "labelSelector",
                "annotationSelector"}) {
            String v = node.get(key).textOr("");
            if (!v.isEmpty()) {
                d.append(d.length() == 0 ? "" : ", ").append(key).append('=').append(v);
            }
        }
        return new Selector(regex(node, "group"), regex(node, "version"), regex(node, "kind"), regex(node, "name"),
                regex(node, "namespace"), LabelSelector.parse(node.get("labelSelector").textOr("")),
                LabelSelector.parse(node.get("annotationSelector").textOr("")),
                d.length() == 0 ? "any resource" : d.toString(), literal(node, "kind"), literal(node, "name"));
    }

    /** The value of {@code key} when it is a plain word, which as an anchored regex matches only itself; else null. */
    private static String literal(YNode node, String key) {
        String text = node.get(key).textOr("");
        return LITERAL.matcher(text).matches() ? text : null;
    }

    /** The kind the selector matches when it names exactly one (an index lookup instead of a scan); else null. */
    String literalKind() {
        return literalKind;
    }

    /** The name the selector matches (original or current) when it names exactly one; else null. */
    String literalName() {
        return literalName;
    }

    private static Re2 regex(YNode node, String key) {
        String text = node.get(key).textOr("");
        if (text.isEmpty()) {
            return null;
        }
        // As kustomize: Go's RE2, anchored (linear in time, as the pattern is the repository's).
        return Re2.compile("^(?:" + text + ")$").orElseThrow(() -> new IllegalArgumentException("target " + key + " '"
                + text + "' is not a valid regular expression"));
    }

    boolean matches(Res r) {
        ResId cur = r.id();
        ResId org = r.originalId();
        if (namespace != null && !namespace.matches(org.effectiveNamespace())
                && !namespace.matches(cur.effectiveNamespace())) {
            return false;
        }
        if (name != null && !name.matches(org.name()) && !name.matches(cur.name())) {
            return false;
        }
        if (group != null && !group.matches(cur.group())
                || version != null && !version.matches(cur.version())
                || kind != null && !kind.matches(cur.kind())) {
            return false;
        }
        // An empty label or annotation selector matches without reading the object's (perhaps many) labels.
        return (labels.matchesAll() || labels.matches(Nodes.stringMap(r.content().at("metadata", "labels"))))
                && (annotations.matchesAll()
                    || annotations.matches(Nodes.stringMap(r.content().at("metadata", "annotations"))));
    }

    /** Matches any of the ids a resource had (used by replacements' {@code select}/{@code reject}). */
    boolean matchesAnyId(Res r) {
        if (!labels.matches(Nodes.stringMap(r.content().at("metadata", "labels")))
                || !annotations.matches(Nodes.stringMap(r.content().at("metadata", "annotations")))) {
            return false;
        }
        if (matchesId(r.id())) {
            return true;
        }
        for (ResId p : r.previousIds()) {
            if (matchesId(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesId(ResId id) {
        return (group == null || group.matches(id.group()))
                && (version == null || version.matches(id.version()))
                && (kind == null || kind.matches(id.kind()))
                && (name == null || name.matches(id.name()))
                && (namespace == null || namespace.matches(id.effectiveNamespace())
                    || namespace.matches(id.namespace()));
    }

    /** {@code kind=Deployment, name=web} for messages. */
    @Override
    public String toString() {
        return description;
    }
}
