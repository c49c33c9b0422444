package io.fluxward.schema;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A YAML node converted to the JSON a Kubernetes client would send (typed by {@link KubeYaml}),
 * remembering which YAML node every JSON value came from, so a JSON pointer from the validator
 * leads back to a line and column.
 *
 * <p>Mappings follow go-yaml: the last of duplicate keys wins, merge keys ({@code <<}) supply the
 * keys a mapping does not set itself, and entries whose key is null or not a scalar are dropped.
 * Mapping entries whose value is null are left out, as the API server prunes them before it
 * validates (they are remembered, so a missing required field can be reported where it is empty).
 * Scalars that hold a Flux post-build variable ({@code ${VAR}}), or a kustomize var reference when asked, are
 * remembered: their final value is only known after substitution.
 */
public final class JsonTree {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[_a-zA-Z][_a-zA-Z0-9]*([:/][^}]*)?}");
    private static final int MAX_MERGE_DEPTH = 64;

    private final Object root;
    private final YNode rootNode;
    private final Predicate<String> placeholder;

    private JsonTree(YNode rootNode, Predicate<String> placeholder) {
        this.rootNode = rootNode;
        this.placeholder = placeholder;
        this.root = convert(rootNode);
    }

    /** Converts a YAML node (usually an object's mapping). */
    public static JsonTree of(YNode node) {
        return new JsonTree(node, text -> false);
    }

    /**
     * Converts a YAML node whose strings may also hold placeholders another tool fills in before anything is
     * applied ({@code placeholder}: a kustomize var reference {@code $(NAME)}), treated as Flux variables are.
     */
    public static JsonTree of(YNode node, Predicate<String> placeholder) {
        return new JsonTree(node, placeholder);
    }

    /** The JSON value: {@link JSONObject}, {@link JSONArray}, a scalar, or {@link KubeYaml#NULL}. */
    public Object json() {
        return root;
    }

    private static Object convert(YNode node) {
        if (node instanceof YMap map) {
            JSONObject out = new JSONObject();
            if (hasMergeKey(map)) {
                for (Map.Entry<String, YEntry> e : entries(map).entrySet()) {
                    put(out, e.getKey(), convert(e.getValue().value()));
                }
                return out;
            }
            for (YEntry e : map.entries()) {
                if (e.key() instanceof YScalar key) {
                    // In source order, so the last of duplicate keys wins (a null removes an earlier value).
                    KubeYaml.appliedKey(key).ifPresent(k -> put(out, k, convert(e.value())));
                }
            }
            return out;
        }
        if (node instanceof YSeq seq) {
            JSONArray out = new JSONArray();
            for (YNode item : seq.items()) {
                out.put(convert(item));
            }
            return out;
        }
        if (node instanceof YScalar scalar) {
            return KubeYaml.applied(scalar);
        }
        return KubeYaml.NULL;
    }

    private static void put(JSONObject out, String key, Object value) {
        if (value == KubeYaml.NULL) {
            out.remove(key);
        } else {
            out.put(key, value);
        }
    }

    private static boolean hasMergeKey(YMap map) {
        for (YEntry e : map.entries()) {
            if (isMergeKey(e.key())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMergeKey(YNode key) {
        return key instanceof YScalar s && s.style() == YScalar.Style.PLAIN && s.tag().isEmpty() && s.value().equals("<<");
    }

    /**
     * A mapping's entries by JSON key, as the JSON conversion sees them. Recomputed when a
     * violation is located rather than stored for every mapping: most objects are valid.
     */
    private static Map<String, YEntry> entries(YMap map) {
        Map<String, YEntry> entries = new LinkedHashMap<>();
        collect(map, entries, 0);
        return entries;
    }

    /** Own entries first (last duplicate wins), then keys from merge sources that are not set yet. */
    private static void collect(YMap map, Map<String, YEntry> into, int depth) {
        List<YNode> mergeSources = new ArrayList<>();
        Map<String, YEntry> own = new LinkedHashMap<>();
        for (YEntry e : map.entries()) {
            if (!(e.key() instanceof YScalar keyScalar)) {
                continue;
            }
            if (isMergeKey(keyScalar)) {
                mergeSources.add(e.value());
                continue;
            }
            KubeYaml.appliedKey(keyScalar).ifPresent(k -> {
                own.remove(k);
                own.put(k, e);
            });
        }
        for (Map.Entry<String, YEntry> e : own.entrySet()) {
            into.putIfAbsent(e.getKey(), e.getValue());
        }
        if (depth > MAX_MERGE_DEPTH) {
            return;
        }
        for (YNode source : mergeSources) {
            if (source instanceof YMap m) {
                collect(m, into, depth + 1);
            } else if (source instanceof YSeq s) {
                for (YNode item : s.items()) {
                    if (item instanceof YMap m) {
                        collect(m, into, depth + 1);
                    }
                }
            }
        }
    }

    /**
     * Follows a JSON pointer ({@code #/spec/dependsOn/0}, escaped as RFC 6901) to the YAML node.
     * Empty when the pointer leads nowhere (it never should for pointers made from this tree).
     */
    public Optional<Place> locate(String pointer) {
        List<String> segments = segments(pointer);
        Object json = root;
        YNode node = rootNode;
        YNode key = YMissing.INSTANCE;
        for (String segment : segments) {
            if (json instanceof JSONObject obj && node instanceof YMap map) {
                YEntry entry = entries(map).get(segment);
                if (entry == null || !obj.has(segment)) {
                    return Optional.empty();
                }
                json = obj.opt(segment);
                node = entry.value();
                key = entry.key();
            } else if (json instanceof JSONArray arr && node instanceof YSeq seq) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (index < 0 || index >= arr.length() || index >= seq.items().size()) {
                    return Optional.empty();
                }
                json = arr.opt(index);
                node = seq.items().get(index);
                key = YMissing.INSTANCE;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Place(segments, json, node, key));
    }

    /** The entry of {@code key} in the mapping at {@code place} when its null value was pruned. */
    public Optional<YEntry> prunedNull(Place place, String key) {
        if (place.json() instanceof JSONObject obj && !obj.has(key) && place.value() instanceof YMap map) {
            return Optional.ofNullable(entries(map).get(key))
                    .filter(e -> convert(e.value()) == KubeYaml.NULL);
        }
        return Optional.empty();
    }

    /**
     * True when the node's text holds a Flux post-build variable, or a placeholder of {@link #of(YNode, Predicate)}:
     * the value applied is only known later.
     */
    public boolean hasVariable(YNode node) {
        return node instanceof YScalar s && (s.value().contains("${") && VARIABLE.matcher(s.value()).find()
                || placeholder.test(s.value()));
    }

    /** The segments of a JSON pointer such as {@code #/a/b~1c}. */
    static List<String> segments(String pointer) {
        String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        List<String> out = new ArrayList<>();
        if (p.isEmpty() || p.equals("/")) {
            return out;
        }
        for (String raw : p.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /**
     * Where a JSON pointer leads.
     *
     * @param path  the pointer's segments (keys and list indexes)
     * @param json  the JSON value there
     * @param value the YAML node of the value
     * @param key   the YAML key node when the value is a mapping entry, else {@link YMissing}
     */
    public record Place(List<String> path, Object json, YNode value, YNode key) {

        public Place {
            path = List.copyOf(path);
        }

        /** The field path for messages, e.g. {@code spec.dependsOn[0].name}. */
        public String fieldPath() {
            return render(path);
        }
    }

    /** Renders pointer segments as {@code spec.items[0].name}; keys with dots or spaces are bracket-quoted. */
    public static String render(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String part : path) {
            if (part.matches("\\d+")) {
                out.append('[').append(part).append(']');
            } else if (part.matches("[A-Za-z0-9_$-]+")) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(part);
            } else {
                out.append("[\"").append(part).append("\"]");
            }
        }
        return out.toString();
    }
}
