package io.fluxward.schema;

import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * One version of a CustomResourceDefinition: its group/version/kind, whether the API server
 * serves it, and its {@code openAPIV3Schema} as JSON.
 *
 * @param crdName the CRD's {@code metadata.name} ({@code <plural>.<group>}), which patches target
 * @param schema  empty when the CRD gives no schema for this version
 */
public record CrdVersion(String crdName, Gvk gvk, boolean served, boolean deprecated, Optional<JSONObject> schema) {

    /** True for a {@code CustomResourceDefinition} of {@code apiextensions.k8s.io}. */
    public static boolean isCrd(String apiVersion, String kind) {
        return kind.equals("CustomResourceDefinition") && apiVersion.startsWith("apiextensions.k8s.io/");
    }

    /**
     * The versions a CRD defines. Reads {@code apiextensions.k8s.io/v1} (schema per version) and the
     * removed {@code v1beta1} (a shared {@code spec.validation} schema, per-version overrides).
     */
    public static List<CrdVersion> of(YNode crd) {
        Object json = JsonTree.of(crd).json();
        return json instanceof JSONObject o ? of(o) : List.of();
    }

    /** The same, from JSON. */
    public static List<CrdVersion> of(JSONObject crd) {
        JSONObject spec = crd.optJSONObject("spec");
        if (spec == null) {
            return List.of();
        }
        String group = spec.optString("group", "");
        JSONObject names = spec.optJSONObject("names");
        String kind = names == null ? "" : names.optString("kind", "");
        if (group.isEmpty() || kind.isEmpty()) {
            return List.of();
        }
        JSONObject meta = crd.optJSONObject("metadata");
        String crdName = meta == null ? "" : meta.optString("name", "");
        JSONObject shared = openApi(spec.optJSONObject("validation"));
        List<CrdVersion> out = new ArrayList<>();
        JSONArray versions = spec.optJSONArray("versions");
        if (versions != null) {
            for (int i = 0; i < versions.length(); i++) {
                JSONObject v = versions.optJSONObject(i);
                if (v == null || v.optString("name", "").isEmpty()) {
                    continue;
                }
                JSONObject schema = openApi(v.optJSONObject("schema"));
                out.add(new CrdVersion(crdName, new Gvk(group, v.getString("name"), kind), v.optBoolean("served", true),
                        v.optBoolean("deprecated", false), Optional.ofNullable(schema != null ? schema : shared)));
            }
        } else if (!spec.optString("version", "").isEmpty()) {
            out.add(new CrdVersion(crdName, new Gvk(group, spec.getString("version"), kind), true, false,
                    Optional.ofNullable(shared)));
        }
        return out;
    }

    private static JSONObject openApi(JSONObject holder) {
        return holder == null ? null : holder.optJSONObject("openAPIV3Schema");
    }
}
