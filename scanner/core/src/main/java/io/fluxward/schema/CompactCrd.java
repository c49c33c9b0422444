package io.fluxward.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A bundled CRD in the form fluxward reads at run time ({@code crds-compact/}, next to the CRDs
 * copied from the releases): the CRD's JSON, typed as Kubernetes types YAML, without the
 * {@code description} texts, which schema checks never use (see {@link OpenApiConverter}) and
 * which are most of the bytes: the SecretStore CRD is 690 KB of YAML and 138 KB of this. Parsing
 * it is what the first object of its kind cost each scan. The files are generated from the CRDs;
 * a test keeps them equal to what {@link #of} makes.
 */
public final class CompactCrd {

    /** Folder of the compact files, mirroring {@code crds/} with {@code .json} names. */
    public static final String ROOT = "/io/fluxward/schema/crds-compact/";

    private CompactCrd() {
    }

    /** The compact file's name for a CRD file of {@code crds/}. */
    public static String fileFor(String crdFile) {
        return crdFile.replaceAll("\\.ya?ml$", "") + ".json";
    }

    /** The compact form of the first CRD in {@code crdYaml} that defines versions, or empty. */
    public static Optional<String> of(String crdYaml) {
        YamlParse parse = YamlParser.parse(crdYaml);
        if (parse.fatal().isPresent()) {
            return Optional.empty();
        }
        for (YDocument doc : parse.documents()) {
            if (JsonTree.of(doc.root()).json() instanceof JSONObject crd && !CrdVersion.of(crd).isEmpty()) {
                try {
                    // Keys come out in order: plain() builds sorted maps. A mapper here only: every scan reads these
                    // files (fileFor), and making one loads Jackson, which a text report never needs.
                    return Optional.of(new ObjectMapper().writeValueAsString(plain(crd)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a CRD's JSON cannot be written", e);
                }
            }
        }
        return Optional.empty();
    }

    /** Plain maps and lists without description texts (a property named description is an object: kept). */
    private static Object plain(Object json) {
        if (json instanceof JSONObject o) {
            Map<String, Object> out = new TreeMap<>();
            for (String key : o.keySet()) {
                Object value = o.get(key);
                if (!(key.equals("description") && value instanceof String)) {
                    out.put(key, plain(value));
                }
            }
            return out;
        }
        if (json instanceof JSONArray a) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < a.length(); i++) {
                out.add(plain(a.get(i)));
            }
            return out;
        }
        return JSONObject.NULL.equals(json) ? null : json;
    }
}
