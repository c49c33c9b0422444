package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Go type a YAML file is decoded into by kustomize (sigs.k8s.io/yaml: YAML to JSON, then Go's JSON decoder), to
 * tell where the decoder fails: a value of another JSON type, or (for a strict decoder) a field the struct does not
 * have. Null is accepted anywhere; field names match without regard to case, as Go matches them. Messages name
 * types and fields, never a value.
 */
final class GoShape {

    private enum Kind { STRING, ANY_SCALAR, BOOL, STRING_MAP, LIST, STRUCT }

    private final Kind kind;
    private final String goType;
    private final GoShape item;
    private final Map<String, GoShape> fields;
    private final boolean strict;

    private GoShape(Kind kind, String goType, GoShape item, Map<String, GoShape> fields, boolean strict) {
        this.kind = kind;
        this.goType = goType;
        this.item = item;
        this.fields = fields;
        this.strict = strict;
    }

    /** A string that must be one in the JSON (a field of an embedded struct, which the YAML reader does not convert). */
    static final GoShape STRING = new GoShape(Kind.STRING, "string", null, Map.of(), false);
    /** A string field the YAML reader fills from any scalar ({@code path: 5} is "5"). */
    static final GoShape SCALAR = new GoShape(Kind.ANY_SCALAR, "string", null, Map.of(), false);
    static final GoShape BOOL = new GoShape(Kind.BOOL, "bool", null, Map.of(), false);
    static final GoShape STRING_MAP = new GoShape(Kind.STRING_MAP, "map[string]string", null, Map.of(), false);

    static GoShape list(String goType, GoShape item) {
        return new GoShape(Kind.LIST, goType, item, Map.of(), false);
    }

    /** A struct; {@code fields} name, shape, name, shape...; {@code strict}: unknown fields are refused. */
    static GoShape struct(String goType, boolean strict, Object... fields) {
        Map<String, GoShape> byName = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            byName.put(((String) fields[i]).toLowerCase(Locale.ROOT), (GoShape) fields[i + 1]);
        }
        return new GoShape(Kind.STRUCT, goType, null, Map.copyOf(byName), strict);
    }

    /** Where decoding fails first, and why. */
    record Failure(YNode node, String reason) {
    }

    /** The first place where decoding {@code node} into this type fails, in document order. */
    Optional<Failure> check(YNode node) {
        return check(node, "");
    }

    private Optional<Failure> check(YNode node, String path) {
        String found = KustomizationShape.jsonType(node);
        if (found.equals("null")) {
            return Optional.empty();
        }
        String where = path.isEmpty() ? "the document" : "'" + path + "'";
        boolean fits = switch (kind) {
            case STRING -> found.equals("string");
            case ANY_SCALAR -> !found.equals("object") && !found.equals("array");
            case BOOL -> found.equals("bool");
            case STRING_MAP, STRUCT -> found.equals("object");
            case LIST -> found.equals("array");
        };
        if (!fits) {
            return Optional.of(new Failure(node, where + " is " + KustomizationShape.words(found) + ", not " + expected()
                    + " (json: cannot unmarshal " + found + " into Go type " + goType + ")"));
        }
        if (kind == Kind.LIST) {
            for (int i = 0; i < node.items().size(); i++) {
                Optional<Failure> f = item.check(node.items().get(i), path + "[" + i + "]");
                if (f.isPresent()) {
                    return f;
                }
            }
        } else if (kind == Kind.STRING_MAP) {
            for (YEntry e : node.effectiveEntries()) {
                Optional<Failure> f = SCALAR.check(e.value(), join(path, e.keyText()));
                if (f.isPresent()) {
                    return f;
                }
            }
        } else if (kind == Kind.STRUCT) {
            for (YEntry e : node.effectiveEntries()) {
                GoShape field = fields.get(e.keyText().toLowerCase(Locale.ROOT));
                if (field == null) {
                    if (strict) {
                        return Optional.of(new Failure(e.key(), "unknown field '" + join(path, e.keyText()) + "' (json:"
                                + " unknown field in " + goType + ")"));
                    }
                    continue;
                }
                Optional<Failure> f = field.check(e.value(), join(path, e.keyText()));
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String expected() {
        return switch (kind) {
            case STRING -> "a string";
            case ANY_SCALAR -> "a scalar";
            case BOOL -> "a boolean";
            case STRING_MAP -> "a mapping of strings";
            case LIST -> "a list";
            case STRUCT -> "a mapping";
        };
    }

    private static final GoShape FIELD_SPEC = struct("types.FieldSpec", true, "group", STRING, "version", STRING,
            "kind", STRING, "path", SCALAR, "create", BOOL);
    private static final GoShape FS_SLICE = list("types.FsSlice", FIELD_SPEC);

    /** kustomize's {@code builtinconfig.TransformerConfig}: a {@code configurations} file (decoded strictly). */
    static final GoShape TRANSFORMER_CONFIG = struct("builtinconfig.TransformerConfig", true,
            "namePrefix", FS_SLICE, "nameSuffix", FS_SLICE, "namespace", FS_SLICE, "commonLabels", FS_SLICE,
            "templateLabels", FS_SLICE, "commonAnnotations", FS_SLICE, "varReference", FS_SLICE, "images", FS_SLICE,
            "replicas", FS_SLICE, "labels", FS_SLICE,
            "nameReference", list("builtinconfig.nbrSlice", struct("builtinconfig.NameBackReferences", true,
                    "group", STRING, "version", STRING, "kind", STRING, "fieldSpecs", FS_SLICE)));

    private static final GoShape OPTIONS = struct("types.GeneratorOptions", false, "labels", STRING_MAP,
            "annotations", STRING_MAP, "disableNameSuffixHash", BOOL, "immutable", BOOL);
    private static final GoShape STRINGS = list("[]string", STRING);

    private static final GoShape CONFIG_MAP_GENERATOR = struct("ConfigMapGeneratorPlugin", false, "name", STRING,
            "namespace", STRING, "behavior", STRING, "literals", STRINGS, "files", STRINGS, "envs", STRINGS, "env", STRING,
            "options", OPTIONS);
    private static final GoShape SECRET_GENERATOR = struct("SecretGeneratorPlugin", false, "name", STRING,
            "namespace", STRING, "behavior", STRING, "literals", STRINGS, "files", STRINGS, "envs", STRINGS, "env", STRING,
            "options", OPTIONS, "type", STRING);

    /**
     * A builtin ConfigMapGenerator or SecretGenerator plugin configuration (its fields are embedded structs, whose
     * strings the YAML reader does not convert; unknown fields are ignored).
     */
    static GoShape generatorPlugin(boolean secret) {
        return secret ? SECRET_GENERATOR : CONFIG_MAP_GENERATOR;
    }
}
