package io.fluxward.schema;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Scalars that hold a Flux post-build variable ({@code ${VAR}}) are remembered: their final value
 * is only known after substitution.
 */
public final class JsonTree {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[_a-zA-Z][_a-zA-Z0-9]*([:/][^}]*)?}");
    private static final int MAX_MERGE_DEPTH = 64;

    private final Object root;
    private final YNode rootNode;
    private final Map<JSONObject, Map<String, YEntry>> objectEntries = new IdentityHashMap<>();
    private final Map<JSONArray, List<YNode>> arrayItems = new IdentityHashMap<>();
    private final Map<JSONObject, Map<String, YEntry>> prunedNulls = new IdentityHashMap<>();
    private final Set<YNode> variables = Collections.newSetFromMap(new IdentityHashMap<>());

    private JsonTree(YNode rootNode) {
        this.rootNode = rootNode;
        this.root = convert(rootNode);
    }

    /** Converts a YAML node (usually an object's mapping). */
    public static JsonTree of(YNode node) {
        return new JsonTree(node);
    }

    /** The JSON value: {@link JSONObject}, {@link JSONArray}, a scalar, or {@link KubeYaml#NULL}. */
    public Object json() {
        return root;
    }

    private Object convert(YNode node) {
        if (node instanceof YMap map) {
            JSONObject out = new JSONObject();
            Map<String, YEntry> entries = new LinkedHashMap<>();
            collect(map, entries, 0);
            for (Map.Entry<String, YEntry> e : entries.entrySet()) {
                Object value = convert(e.getValue().value());
                if (value == KubeYaml.NULL) {
                    prunedNulls.computeIfAbsent(out, k -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
                } else {
                    out.put(e.getKey(), value);
                }
            }
            objectEntries.put(out, entries);
            return out;
        }
        if (node instanceof YSeq seq) {
            JSONArray out = new JSONArray();
            for (YNode item : seq.items()) {
                out.put(convert(item));
            }
            arrayItems.put(out, seq.items());
            return out;
        }
        if (node instanceof YScalar scalar) {
            if (VARIABLE.matcher(scalar.value()).find()) {
                variables.add(scalar);
            }
            return KubeYaml.value(scalar);
        }
        return KubeYaml.NULL;
    }

    /** Own entries first (last duplicate wins), then keys from merge sources that are not set yet. */
    private static void collect(YMap map, Map<String, YEntry> into, int depth) {
        List<YNode> mergeSources = new ArrayList<>();
        Map<String, YEntry> own = new LinkedHashMap<>();
        for (YEntry e : map.entries()) {
            if (!(e.key() instanceof YScalar keyScalar)) {
                continue;
            }
            if (keyScalar.style() == YScalar.Style.PLAIN && keyScalar.tag().isEmpty() && keyScalar.value().equals("<<")) {
                mergeSources.add(e.value());
                continue;
            }
            KubeYaml.key(keyScalar).ifPresent(k -> {
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
            if (json instanceof JSONObject obj) {
                YEntry entry = objectEntries.getOrDefault(obj, Map.of()).get(segment);
                if (entry == null) {
                    return Optional.empty();
                }
                json = obj.opt(segment);
                node = entry.value();
                key = entry.key();
            } else if (json instanceof JSONArray arr) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                List<YNode> items = arrayItems.getOrDefault(arr, List.of());
                if (index < 0 || index >= items.size()) {
                    return Optional.empty();
                }
                json = arr.opt(index);
                node = items.get(index);
                key = YMissing.INSTANCE;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Place(segments, json, node, key));
    }

    /** The entry of {@code key} in the mapping at {@code place} when its null value was pruned. */
    public Optional<YEntry> prunedNull(Place place, String key) {
        if (place.json() instanceof JSONObject obj) {
            return Optional.ofNullable(prunedNulls.getOrDefault(obj, Map.of()).get(key));
        }
        return Optional.empty();
    }

    /** True when the node's text holds a Flux post-build variable. */
    public boolean hasVariable(YNode node) {
        return variables.contains(node);
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
