package io.fluxward.schema;

import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Turns a CRD version's {@code openAPIV3Schema} (a Kubernetes structural schema) into a JSON
 * Schema (draft 4, whose boolean {@code exclusiveMinimum} OpenAPI v3.0 shares) that says what
 * the API server accepts.
 *
 * <ul>
 *   <li>Objects are closed ({@code additionalProperties: false}) unless they set
 *       {@code x-kubernetes-preserve-unknown-fields} or their own {@code additionalProperties}:
 *       the API server prunes unknown fields of structural schemas, so a misspelt field is lost
 *       without an error. Branches of {@code anyOf}/{@code allOf}/{@code oneOf}/{@code not} only
 *       add value checks in structural schemas and are never closed.</li>
 *   <li>{@code x-kubernetes-int-or-string} becomes {@code type: [integer, string]}.</li>
 *   <li>{@code x-kubernetes-embedded-resource} objects and the root get {@code apiVersion},
 *       {@code kind} and an ObjectMeta schema for {@code metadata}, which CRDs leave out because
 *       the API server checks it on its own.</li>
 *   <li>{@code nullable} is kept (the validator understands it); null values of other fields are
 *       pruned before validation, as the API server does (see {@link JsonTree}).</li>
 *   <li>Dropped: descriptions, defaults, examples, list and map types, and CEL rules
 *       ({@code x-kubernetes-validations}), which {@link CelRules} checks on the CRD's own schema.
 *       {@code format} is kept for {@code byte} (base64) and {@code date-time}, the string formats
 *       Flux and ESO use; others are ignored.</li>
 * </ul>
 */
public final class OpenApiConverter {

    private static final Set<String> COPIED = Set.of("pattern", "minLength", "maxLength", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
            "minProperties", "maxProperties", "required", "enum");
    private static final Set<String> FORMATS = Set.of("byte", "date-time");
    private static final Set<String> JUNCTORS = Set.of("allOf", "anyOf", "oneOf");

    private OpenApiConverter() {
    }

    /** Converts the root schema of a CRD version. */
    public static JSONObject convert(JSONObject openApi) {
        JSONObject out = node(openApi, false);
        addObjectMeta(out, false);
        return out;
    }

    private static JSONObject node(JSONObject in, boolean inJunctor) {
        JSONObject out = new JSONObject();
        for (String key : COPIED) {
            if (in.has(key)) {
                out.put(key, in.get(key));
            }
        }
        if (in.optString("format").length() > 0 && FORMATS.contains(in.optString("format"))) {
            out.put("format", in.getString("format"));
        }
        boolean preserve = in.optBoolean("x-kubernetes-preserve-unknown-fields", false);
        boolean intOrString = in.optBoolean("x-kubernetes-int-or-string", false);
        boolean embedded = in.optBoolean("x-kubernetes-embedded-resource", false);
        if (in.optBoolean("nullable", false)) {
            out.put("nullable", true);
        }
        String type = in.optString("type", "");
        if (intOrString) {
            out.put("type", new JSONArray().put("integer").put("string"));
        } else if (!type.isEmpty()) {
            out.put("type", type);
        }
        JSONObject props = in.optJSONObject("properties");
        if (props != null) {
            JSONObject converted = new JSONObject();
            for (String name : props.keySet()) {
                JSONObject child = props.optJSONObject(name);
                if (child != null) {
                    converted.put(name, node(child, inJunctor));
                }
            }
            out.put("properties", converted);
        }
        Object additional = in.opt("additionalProperties");
        if (additional instanceof JSONObject a) {
            out.put("additionalProperties", node(a, inJunctor));
        } else if (additional instanceof Boolean b) {
            out.put("additionalProperties", b);
        }
        JSONObject items = in.optJSONObject("items");
        if (items != null) {
            out.put("items", node(items, inJunctor));
        }
        for (String junctor : JUNCTORS) {
            JSONArray branches = in.optJSONArray(junctor);
            if (branches == null || (intOrString && junctor.equals("anyOf"))) {
                continue;
            }
            JSONArray converted = new JSONArray();
            for (int i = 0; i < branches.length(); i++) {
                JSONObject b = branches.optJSONObject(i);
                if (b != null) {
                    converted.put(node(b, true));
                }
            }
            out.put(junctor, converted);
        }
        JSONObject not = in.optJSONObject("not");
        if (not != null) {
            out.put("not", node(not, true));
        }
        if (embedded) {
            addObjectMeta(out, true);
        }
        boolean isObject = type.equals("object") || (type.isEmpty() && props != null && !inJunctor);
        if (isObject && !preserve && !inJunctor && additional == null) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    /** Gives an object schema {@code apiVersion}, {@code kind} and an ObjectMeta {@code metadata}. */
    private static void addObjectMeta(JSONObject schema, boolean requireTypeMeta) {
        JSONObject props = schema.optJSONObject("properties");
        if (props == null) {
            props = new JSONObject();
            schema.put("properties", props);
        }
        if (!props.has("apiVersion")) {
            props.put("apiVersion", new JSONObject().put("type", "string"));
        }
        if (!props.has("kind")) {
            props.put("kind", new JSONObject().put("type", "string"));
        }
        JSONObject meta = props.optJSONObject("metadata");
        if (meta == null || meta.optJSONObject("properties") == null) {
            props.put("metadata", ObjectMetaSchema.json());
        }
        if (requireTypeMeta) {
            JSONArray required = schema.optJSONArray("required");
            if (required == null) {
                required = new JSONArray();
                schema.put("required", required);
            }
            required.put("apiVersion").put("kind");
        }
    }
}
