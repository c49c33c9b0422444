package io.fluxward.kustomize;

import io.fluxward.config.ConfigSchema;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.Words;
import io.fluxward.schema.KubeYaml;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types of a kustomization file's top-level fields, as kustomize decodes the file (YAML to JSON, then into
 * its Go struct): a field of the wrong type ({@code resources: app.yaml}, a string for a list) or a root that is
 * no mapping makes kustomize, and so Flux, refuse the whole file ("invalid Kustomization: json: cannot unmarshal
 * string into Go struct field Kustomization.resources of type []string"). Values are typed as Kubernetes types
 * YAML ({@code 1} is a number, {@code yes} a boolean); null is accepted anywhere, as Go's decoder skips it.
 * kustomize also decodes with unknown fields disallowed ("invalid Kustomization: json: unknown field
 * \"resourcez\""): a misspelt field is refused, at the top and inside the structs below. Go matches field names
 * without regard to case ({@code Resources} is {@code resources}).
 */
public final class KustomizationShape {

    /**
     * One value of the wrong type, or a field kustomize does not know, with a message that never quotes a value.
     *
     * @param unknownField for a field kustomize does not know, what it is ({@code unknown field 'resourcez' (did
     *                     you mean 'resources'?)}), else empty: {@code kustomize build} refuses such a file, but at
     *                     the root of a Flux Kustomization's path Flux reads it leniently when it adds its own
     *                     settings and builds it without the field (a value of the wrong type fails both)
     */
    public record Problem(YNode node, String message, String unknownField) {
        Problem(YNode node, String message) {
            this(node, message, "");
        }

        /** The problem where only Flux reads the file, as the root of a Kustomization's path. */
        public String messageAtFluxRoot() {
            return unknownField.isEmpty() ? message : unknownField + ": Flux drops it when it reads the kustomization at"
                    + " the root of its path, so it has no effect (kubectl kustomize refuses the file)";
        }
    }

    private enum Shape {
        STRING("a string"), STRING_LIST("a list of strings"), MAPPING_LIST("a list of mappings"),
        STRING_MAPPING("a mapping of strings");

        final String words;

        Shape(String words) {
            this.words = words;
        }
    }

    /** A field's shape and its Go type (of the field, then of one item or value). */
    private record Field(Shape shape, String goType, String itemType) {
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        for (String f : List.of("apiVersion", "kind", "namespace", "namePrefix", "nameSuffix")) {
            FIELDS.put(f, new Field(Shape.STRING, "string", "string"));
        }
        for (String f : List.of("resources", "bases", "components", "crds", "configurations", "generators", "transformers",
                "validators", "buildMetadata")) {
            FIELDS.put(f, new Field(Shape.STRING_LIST, "[]string", "string"));
        }
        FIELDS.put("patchesStrategicMerge", new Field(Shape.STRING_LIST, "[]types.PatchStrategicMerge",
                "types.PatchStrategicMerge"));
        Map<String, String> structs = new LinkedHashMap<>();
        structs.put("patches", "Patch");
        structs.put("patchesJson6902", "Patch");
        structs.put("images", "Image");
        structs.put("replicas", "Replica");
        structs.put("replacements", "ReplacementField");
        structs.put("configMapGenerator", "ConfigMapArgs");
        structs.put("secretGenerator", "SecretArgs");
        structs.put("labels", "Label");
        structs.put("helmCharts", "HelmChart");
        structs.put("vars", "Var");
        structs.forEach((f, type) -> FIELDS.put(f, new Field(Shape.MAPPING_LIST, "[]types." + type, "types." + type)));
        for (String f : List.of("commonLabels", "commonAnnotations")) {
            FIELDS.put(f, new Field(Shape.STRING_MAPPING, "map[string]string", "string"));
        }
    }

    /**
     * The fields of kustomize's structs, from sigs.k8s.io/kustomize/api/types: of any recent release, so that a
     * field one release added or dropped ({@code inventory}, a patch's {@code options}, a target's {@code skip}) is
     * never called a typo. A struct field named here is checked in turn (a mapping, or each mapping of a list).
     */
    /**
     * A Go struct kustomize decodes into.
     *
     * @param byLowerCase each field by its name in lower case: Go's JSON decoding matches names without regard to case
     */
    private record Struct(String goType, Set<String> fields, Map<String, Struct> nested, Map<String, String> byLowerCase) {
        Struct(String goType, String fieldNames, Map<String, Struct> nested) {
            this(goType, Set.of(fieldNames.split(" ")), nested, java.util.Arrays.stream(fieldNames.split(" "))
                    .collect(java.util.stream.Collectors.toUnmodifiableMap(f -> f.toLowerCase(java.util.Locale.ROOT), f -> f)));
        }

        boolean knows(String key) {
            return byLowerCase.containsKey(key.toLowerCase(java.util.Locale.ROOT));
        }

        /** The field's name as declared, for a key that {@link #knows}. */
        String canonical(String key) {
            return byLowerCase.getOrDefault(key.toLowerCase(java.util.Locale.ROOT), key);
        }
    }

    private static final Struct KUSTOMIZATION;

    static {
        Struct options = new Struct("types.GeneratorOptions", "labels annotations disableNameSuffixHash immutable fileMerge",
                Map.of());
        String generator = "namespace name immutable behavior literals files envs env ageIdentities options";
        Struct target = new Struct("types.Selector",
                "group version kind name namespace annotationSelector labelSelector skip", Map.of());
        Struct patch = new Struct("types.Patch", "path patch target options", Map.of("target", target));
        Struct image = new Struct("types.Image", "name newName tagSuffix newTag digest", Map.of());
        KUSTOMIZATION = new Struct("types.Kustomization", String.join(" ", "apiVersion kind metadata openapi namePrefix",
                "nameSuffix namespace commonLabels labels commonAnnotations patchesStrategicMerge patchesJson6902 patches",
                "images imageTags replacements replicas vars sortOptions resources components crds bases configMapGenerator",
                "secretGenerator helmGlobals helmCharts helmChartInflationGenerator generatorOptions configurations",
                "generators transformers validators inventory buildMetadata"), Map.of(
                        "metadata", new Struct("types.ObjectMeta", "name namespace labels annotations", Map.of()),
                        "patches", patch,
                        "patchesJson6902", patch,
                        "images", image,
                        "imageTags", image,
                        "replicas", new Struct("types.Replica", "name count", Map.of()),
                        "configMapGenerator", new Struct("types.ConfigMapArgs", generator, Map.of("options", options)),
                        "secretGenerator", new Struct("types.SecretArgs", generator + " type", Map.of("options", options)),
                        "generatorOptions", options));
    }

    private KustomizationShape() {
    }

    /**
     * {@link #check} of a kustomization file's first document, kept with the file's model: the builder, the
     * readability test and FW-G003 each ask it of every kustomization file on every scan.
     */
    public static final FileFact<List<Problem>> PROBLEMS = FileFact.of("kustomization shape problems",
            file -> List.copyOf(check(file.documents().isEmpty() ? YMissing.INSTANCE : file.documents().get(0).root())));

    /** What kustomize cannot decode in the kustomization whose first document is {@code root}; empty when fine. */
    public static List<Problem> check(YNode root) {
        List<Problem> out = new ArrayList<>();
        if (isNull(root)) {
            return out;
        }
        if (!root.isMap()) {
            out.add(new Problem(root, "expected a mapping (a Kustomization), found " + words(jsonType(root))
                    + refusal("cannot unmarshal " + jsonType(root) + " into Go value of type types.Kustomization")));
            return out;
        }
        FIELDS.forEach((name, field) -> check(name, root.get(name), field, out));
        String apiVersion = root.get("apiVersion").textOr("");
        if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") && root.get("spec").isMap()) {
            // kustomize takes any file of this name for its own configuration, a Flux object too.
            out.add(new Problem(root.get("spec"), "a Flux Kustomization (" + apiVersion + ") in a file named like a"
                    + " kustomization file: kustomize reads it as its own configuration and refuses it (invalid"
                    + " Kustomization: json: unknown field \"spec\"); rename the file (e.g. ks.yaml) and list it in"
                    + " resources"));
            return out;
        }
        unknownFields("", root, KUSTOMIZATION, out);
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            // The types inside each entry (literals: a=b for a list...): Go's decoder refuses them as at the top.
            GoShape args = GoShape.generatorPlugin(generator.startsWith("secret"));
            List<YNode> items = root.get(generator).isSeq() ? root.get(generator).items() : List.of();
            for (int i = 0; i < items.size(); i++) {
                if (!items.get(i).isMap()) {
                    continue; // reported above as an item of the wrong type
                }
                String at = generator + "[" + i + "]";
                args.check(items.get(i)).ifPresent(f -> out.add(new Problem(f.node(),
                        at + ": " + f.reason() + "; kustomize and Flux refuse the file (invalid Kustomization)")));
            }
        }
        return out;
    }

    /** Fields of {@code node} (a mapping decoded into {@code struct}) that kustomize does not know, and so on down. */
    private static void unknownFields(String path, YNode node, Struct struct, List<Problem> out) {
        if (!node.isMap()) {
            return;
        }
        for (YEntry e : node.effectiveEntries()) {
            String key = e.keyText();
            if (key.isEmpty()) {
                continue;
            }
            String at = path.isEmpty() ? key : path + "." + key;
            if (!struct.knows(key)) {
                String hint = ConfigSchema.didYouMean(key, struct.fields()).map(f -> " (did you mean '" + f + "'?)").orElse("");
                String what = "unknown field '" + at + "'" + hint;
                out.add(new Problem(e.key(), what + "; kustomize refuses the file (invalid Kustomization: json: unknown field \""
                        + key + "\"), and so does Flux where it builds the folder as a base", what));
                continue;
            }
            String name = struct.canonical(key);
            Struct inner = struct.nested().get(name);
            if (inner == null) {
                continue;
            }
            if (e.value().isSeq()) {
                List<YNode> items = e.value().items();
                for (int i = 0; i < items.size(); i++) {
                    unknownFields(at + "[" + i + "]", items.get(i), inner, out);
                }
            } else {
                unknownFields(at, e.value(), inner, out);
            }
        }
    }

    /** True when kustomize can decode the kustomization file (its first document). */
    public static boolean decodes(FileModel file) {
        return file.fact(PROBLEMS).isEmpty();
    }

    /** True for a non-null value Kubernetes' YAML reading does not make a string (a number, a list...). */
    public static boolean notAString(YNode node) {
        return !isNull(node) && !jsonType(node).equals("string");
    }

    private static void check(String name, YNode value, Field field, List<Problem> out) {
        if (isNull(value)) {
            return;
        }
        String type = jsonType(value);
        boolean list = field.shape() == Shape.STRING_LIST || field.shape() == Shape.MAPPING_LIST;
        String wanted = switch (field.shape()) {
            case STRING -> "string";
            case STRING_LIST, MAPPING_LIST -> "array";
            case STRING_MAPPING -> "object";
        };
        if (!type.equals(wanted)) {
            out.add(problem(name, value, field.shape().words, type, field.goType(), name));
            return;
        }
        if (list) {
            String itemWanted = field.shape() == Shape.STRING_LIST ? "string" : "object";
            List<YNode> items = value.items();
            for (int i = 0; i < items.size(); i++) {
                YNode item = items.get(i);
                if (!isNull(item) && !jsonType(item).equals(itemWanted)) {
                    out.add(problem(name + "[" + i + "]", item, itemWanted.equals("string") ? "a string" : "a mapping",
                            jsonType(item), field.itemType(), name));
                }
            }
        } else if (field.shape() == Shape.STRING_MAPPING) {
            value.effectiveEntries().forEach(e -> {
                if (!isNull(e.value()) && !jsonType(e.value()).equals("string")) {
                    out.add(problem(name + "." + e.keyText(), e.value(), "a string", jsonType(e.value()), "string", name));
                }
            });
        }
    }

    private static Problem problem(String path, YNode node, String expected, String found, String goType, String field) {
        return new Problem(node, path + ": expected " + expected + ", found " + words(found) + refusal(
                "cannot unmarshal " + found + " into Go struct field Kustomization." + field + " of type " + goType));
    }

    private static String refusal(String goError) {
        return "; kustomize and Flux refuse the file (invalid Kustomization: json: " + goError + ")";
    }

    /**
     * The JSON type kustomize's decoder sees: object, array, string, number or bool (null for null or missing), values
     * typed as Kubernetes reads YAML ({@code yes} is a boolean).
     */
    static String jsonType(YNode node) {
        if (node.isMap()) {
            return "object";
        }
        if (node.isSeq()) {
            return "array";
        }
        if (!(node instanceof YScalar s)) {
            return "null";
        }
        Object v = KubeYaml.value(s);
        return v == KubeYaml.NULL ? "null" : v instanceof Boolean ? "bool" : v instanceof Number ? "number" : "string";
    }

    /** How messages name a JSON type ("a mapping", "a list", "a boolean", "a string"...). */
    static String words(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "bool" -> "a boolean";
            default -> Words.a(jsonType);
        };
    }

    private static boolean isNull(YNode node) {
        return node.isNull() || jsonType(node).equals("null");
    }
}
