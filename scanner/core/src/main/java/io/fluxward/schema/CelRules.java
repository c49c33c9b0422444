package io.fluxward.schema;

import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The CEL validation rules ({@code x-kubernetes-validations}) of a CRD version's schema, checked
 * where the API server checks them: at each value whose schema holds them. Only rules in the
 * subset {@link CelExpression} reads are checked, and only when their result is known; a rule
 * that fails is reported at the field it is attached to, with the rule's own message.
 */
final class CelRules {

    private static final int MAX_DEPTH = 64;
    static final CelRules NONE = new CelRules(null);

    /** A rule; {@code expression} is empty when it is outside the subset (never checked). */
    record Rule(String text, String message, Optional<CelExpression> expression) {
    }

    /** A schema level that holds rules or has levels below that do. */
    private record Level(JSONObject schema, List<Rule> rules, Map<String, Level> properties, Level items,
                         Level additional) {
    }

    private final Level root;

    private CelRules(Level root) {
        this.root = root;
    }

    /** The rules of a CRD version's {@code openAPIV3Schema}. */
    static CelRules of(JSONObject openApi) {
        Level root = level(openApi, 0);
        return root == null ? NONE : new CelRules(root);
    }

    /** Every rule, for tests and the documentation of what is checked. */
    List<Rule> all() {
        List<Rule> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Level level, List<Rule> out) {
        if (level == null) {
            return;
        }
        out.addAll(level.rules());
        level.properties().values().forEach(l -> collect(l, out));
        collect(level.items(), out);
        collect(level.additional(), out);
    }

    private static Level level(JSONObject schema, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        List<Rule> rules = new ArrayList<>();
        JSONArray validations = schema.optJSONArray("x-kubernetes-validations");
        if (validations != null) {
            for (int i = 0; i < validations.length(); i++) {
                JSONObject v = validations.optJSONObject(i);
                if (v != null && v.opt("rule") instanceof String text) {
                    String message = v.optString("message", "").isBlank() ? "failed rule: " + text
                            : v.getString("message");
                    rules.add(new Rule(text, message, CelExpression.parse(text)));
                }
            }
        }
        Map<String, Level> properties = new LinkedHashMap<>();
        JSONObject props = schema.optJSONObject("properties");
        if (props != null) {
            for (String name : props.keySet()) {
                JSONObject child = props.optJSONObject(name);
                Level l = child == null ? null : level(child, depth + 1);
                if (l != null) {
                    properties.put(name, l);
                }
            }
        }
        JSONObject itemSchema = schema.optJSONObject("items");
        Level items = itemSchema == null ? null : level(itemSchema, depth + 1);
        JSONObject additionalSchema = schema.optJSONObject("additionalProperties");
        Level additional = additionalSchema == null ? null : level(additionalSchema, depth + 1);
        if (rules.isEmpty() && properties.isEmpty() && items == null && additional == null) {
            return null;
        }
        return new Level(schema, List.copyOf(rules), Map.copyOf(properties), items, additional);
    }

    /** The rules the object breaks, at the fields that hold them. */
    List<Violation> check(JsonTree tree) {
        if (root == null) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        CelExpression.Source source = path -> tree.locate(KubeSchema.pointer(path))
                .map(p -> tree.hasVariable(p.value())).orElse(true);
        walk(root, tree.json(), new ArrayList<>(), tree, source, out);
        return out;
    }

    private void walk(Level level, Object json, List<String> path, JsonTree tree, CelExpression.Source source,
                      List<Violation> out) {
        for (Rule rule : level.rules()) {
            if (rule.expression().isEmpty()) {
                continue;
            }
            Object result;
            try {
                result = rule.expression().get().evaluate(json, level.schema(), List.copyOf(path), source);
            } catch (CelExpression.EvalError e) {
                continue; // unknown: a missing field, another type, a ${VAR}
            }
            if (Boolean.FALSE.equals(result)) {
                report(rule, path, tree, out);
            }
        }
        if (json instanceof JSONObject obj) {
            for (Map.Entry<String, Level> e : level.properties().entrySet()) {
                descend(e.getValue(), obj.opt(e.getKey()), path, e.getKey(), tree, source, out);
            }
            if (level.additional() != null) {
                for (String key : obj.keySet()) {
                    if (!level.properties().containsKey(key)) {
                        descend(level.additional(), obj.opt(key), path, key, tree, source, out);
                    }
                }
            }
        } else if (json instanceof JSONArray arr && level.items() != null) {
            for (int i = 0; i < arr.length(); i++) {
                descend(level.items(), arr.opt(i), path, String.valueOf(i), tree, source, out);
            }
        }
    }

    private void descend(Level level, Object json, List<String> path, String segment, JsonTree tree,
                         CelExpression.Source source, List<Violation> out) {
        if (json == null || json == KubeYaml.NULL || JSONObject.NULL.equals(json)) {
            return;
        }
        path.add(segment);
        walk(level, json, path, tree, source, out);
        path.remove(path.size() - 1);
    }

    private static void report(Rule rule, List<String> path, JsonTree tree, List<Violation> out) {
        Optional<JsonTree.Place> place = tree.locate(KubeSchema.pointer(path));
        if (place.isEmpty()) {
            return;
        }
        JsonTree.Place p = place.get();
        YNode node = p.key().isPresent() ? p.key()
                : path.isEmpty() ? tree.locate("#/kind").map(JsonTree.Place::key).orElse(p.value()) : p.value();
        String field = p.fieldPath();
        out.add(new Violation(Violation.Kind.RULE, p.path(), field, node,
                (field.isEmpty() ? "" : field + ": ") + rule.message()));
    }
}
