package io.fluxward.flux;

import io.fluxward.secrets.SecretScanner;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The values helm-controller gives a HelmRelease's chart, as far as the repository tells: its {@code valuesFrom}
 * ConfigMaps and Secrets (looked up in the HelmRelease's namespace on the cluster it lives on, as the builds render
 * them) merged in order, later over earlier ({@code targetPath} entries set one value), then the inline
 * {@code values} over those (domain facts, HelmRelease). A value that depends on an object fluxward cannot read (not
 * in the repository, SOPS-encrypted, a name with an unknown variable) is {@link State#UNKNOWN}, never a guess.
 */
public final class HelmValues {

    /** What the merged values say about one path. */
    public enum State { SET, UNSET, UNKNOWN }

    /**
     * One path's value.
     *
     * @param text      the scalar's text (for {@link State#SET})
     * @param decidedBy the node that sets it: the inline value, else the {@code valuesFrom} item (missing otherwise)
     * @param from      where it comes from for messages ({@code ""} inline, else e.g. {@code ConfigMap ns/name})
     */
    public record Lookup(State state, String text, YNode decidedBy, String from) {

        static final Lookup UNSET = new Lookup(State.UNSET, "", YMissing.INSTANCE, "");
        static final Lookup UNKNOWN = new Lookup(State.UNKNOWN, "", YMissing.INSTANCE, "");
    }

    /**
     * One source of values. Layers are kept highest precedence first: the inline values, then the {@code valuesFrom}
     * items from the last to the first.
     *
     * @param root       the values mapping, or the single value of a {@code targetPath} entry; empty when unknown
     * @param targetPath the entry's {@code targetPath} ({@code ""} for a whole values document)
     * @param item       the {@code valuesFrom} item (missing for the inline values)
     */
    private record Layer(Optional<YNode> root, String targetPath, YNode item, String from) {
    }

    private final List<Layer> layers;

    private HelmValues(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    static HelmValues of(Applier release, ConfigObjects objects, YamlParser parser) {
        List<Layer> out = new ArrayList<>();
        for (YNode item : release.get("spec", "valuesFrom").items()) {
            String path = item.get("targetPath").textOr("");
            Layer layer = read(release, item, objects, parser, !path.isEmpty());
            out.add(0, new Layer(layer.root(), path, item, layer.from()));
        }
        out.add(0, new Layer(Optional.of(noNull(release.get("spec", "values"))), "", YMissing.INSTANCE, ""));
        return new HelmValues(out);
    }

    /** The merged value at a dot-separated path of plain keys. */
    public Lookup at(String path) {
        String[] keys = path.split("\\.");
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Optional<Lookup> decided = layer.targetPath().isEmpty() ? inValues(layer, keys) : inTarget(layer, path);
            if (decided.isPresent()) {
                return i == 0 && decided.get().state() == State.SET ? overTargets(decided.get(), path) : decided.get();
            }
        }
        return Lookup.UNSET;
    }

    /**
     * An inline value where a {@code targetPath} entry sets the same path otherwise: helm-controller merges the inline
     * values last, but the documented order puts {@code targetPath} entries over them, so the value is not known.
     */
    private Lookup overTargets(Lookup inline, String path) {
        for (Layer layer : layers.subList(1, layers.size())) {
            Optional<Lookup> target = layer.targetPath().isEmpty() ? Optional.empty() : inTarget(layer, path);
            if (target.isPresent() && !(target.get().state() == State.SET && target.get().text().equals(inline.text()))) {
                return Lookup.UNKNOWN;
            }
        }
        return inline;
    }

    /** What a values document says about {@code keys}; empty when it leaves them to the layers below. */
    private static Optional<Lookup> inValues(Layer layer, String[] keys) {
        if (layer.root().isEmpty()) {
            return Optional.of(Lookup.UNKNOWN);
        }
        YNode node = layer.root().get();
        for (String key : keys) {
            if (!node.isPresent()) {
                return Optional.empty();
            }
            if (!node.isMap()) {
                // A non-mapping replaces the chart's mapping (null deletes it): what the template sees is not plain.
                return Optional.of(Lookup.UNKNOWN);
            }
            node = node.get(key);
        }
        if (!node.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(scalar(node, layer.item().isPresent() ? itemNode(layer.item()) : node, layer.from()));
    }

    /** What a {@code targetPath} entry says about {@code path}: its value when it sets exactly that path. */
    private static Optional<Lookup> inTarget(Layer layer, String path) {
        String target = layer.targetPath();
        boolean plain = !target.contains("\\") && !target.contains("[");
        if (plain && target.equals(path)) {
            return Optional.of(layer.root().map(v -> scalar(v, itemNode(layer.item()), layer.from())).orElse(Lookup.UNKNOWN));
        }
        String first = target.split("[.\\[\\\\]", 2)[0];
        boolean overlaps = plain ? path.startsWith(target + ".") || target.startsWith(path + ".")
                : first.equals(path.split("\\.", 2)[0]);
        return overlaps ? Optional.of(Lookup.UNKNOWN) : Optional.empty();
    }

    /**
     * Where findings about a {@code valuesFrom} item point: its {@code kind}, which keeps its identity (and so its
     * file) when kustomize rewrites the item's name to a generated one.
     */
    private static YNode itemNode(YNode item) {
        return item.get("kind").isPresent() ? item.get("kind") : item;
    }

    private static Lookup scalar(YNode node, YNode decidedBy, String from) {
        if (!(node instanceof YScalar s) || s.isNull() || s.value().contains("${")) {
            return Lookup.UNKNOWN;
        }
        return new Lookup(State.SET, s.value(), decidedBy, from);
    }

    /** Reads one {@code valuesFrom} item: its values document, or its single value for a {@code targetPath}. */
    private static Layer read(Applier release, YNode item, ConfigObjects objects, YamlParser parser, boolean single) {
        String kind = item.get("kind").textOr("");
        Field name = Field.of(item.get("name"), release.vars());
        String key = item.get("valuesKey").textOr("values.yaml");
        String from = kind + " " + (release.namespace().isEmpty() ? "" : release.namespace() + "/") + name.value();
        Layer unknown = new Layer(Optional.empty(), "", item, from);
        if (!name.known() || !(kind.equals("ConfigMap") || kind.equals("Secret")) || key.contains("${")) {
            return unknown;
        }
        Set<Optional<String>> texts = new HashSet<>();
        objects.find(release.host(), kind, release.namespace(), name.value()).forEach(o -> texts.add(text(o, kind, key)));
        // Not in the repository, unreadable, or objects of that name that disagree: what Flux reads is not known.
        if (texts.size() != 1 || texts.iterator().next().isEmpty()) {
            return unknown;
        }
        String text = texts.iterator().next().get();
        if (single) {
            // A quoted value is set as a string (a non-empty one is true to a template): not a plain switch.
            String value = text.strip();
            boolean quoted = value.length() > 1 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"));
            return quoted ? unknown : new Layer(Optional.of(new YScalar(value, YScalar.Style.PLAIN, Optional.empty(),
                    item.span())), "", item, from);
        }
        YamlParse parse = parser.parseText(text);
        if (parse.fatal().isPresent()) {
            return unknown;
        }
        // Helm reads the first document; an empty one is no values at all.
        YNode root = parse.documents().isEmpty() ? YMissing.INSTANCE : parse.documents().get(0).root();
        root = noNull(root);
        return root.isPresent() && !root.isMap() ? unknown : new Layer(Optional.of(root), "", item, from);
    }

    /** A null values document is no values at all. */
    private static YNode noNull(YNode root) {
        return root instanceof YScalar s && s.isNull() ? YMissing.INSTANCE : root;
    }

    /** The text of {@code key} in a ConfigMap or a (plain, not SOPS-encrypted) Secret. */
    private static Optional<String> text(YMap object, String kind, String key) {
        if (!kind.equals("Secret")) {
            return object.get("data").get(key).text();
        }
        if (object.get("sops").isPresent()) {
            return Optional.empty();
        }
        Optional<String> plain = object.get("stringData").get(key).text();
        // An empty data value is an empty values document (the shared decoder takes it for "not base64").
        return plain.isPresent() ? plain : object.get("data").get(key).text()
                .flatMap(t -> t.isBlank() ? Optional.of("") : SecretScanner.decodeBase64(t));
    }
}
