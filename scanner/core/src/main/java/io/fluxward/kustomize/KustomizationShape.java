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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The types of a kustomization file's fields, as kustomize decodes the file (YAML to JSON, then into its Go struct):
 * a field of the wrong type ({@code resources: app.yaml}, a string for a list, {@code newTag: 42} in an image, a
 * quoted replica {@code count}) or a root that is no mapping makes kustomize refuse the whole file ("invalid
 * Kustomization: json: cannot unmarshal string into Go struct field Kustomization.resources of type []string").
 * Values are typed as Kubernetes types YAML ({@code 1} is a number, {@code yes} a boolean); null is accepted
 * anywhere, as Go's decoder skips it.
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
     *                     settings and builds it without the field
     * @param atFluxRoot   the message where only Flux reads the file, at the root of a Kustomization's path, when Flux
     *                     builds it there: an unknown field (dropped), a number or boolean for a string (turned into
     *                     one); empty when Flux refuses the file too (a list for a string, a string for a number...)
     */
    public record Problem(YNode node, String message, String unknownField, String atFluxRoot) {
        Problem(YNode node, String message) {
            this(node, message, "", "");
        }

        /**
         * The problem where only Flux reads the file, as the root of a Kustomization's path; empty when Flux refuses
         * it too.
         */
        public String messageAtFluxRoot() {
            return atFluxRoot.isEmpty() ? message : atFluxRoot;
        }

        /** True when Flux builds the file at the root of a Kustomization's path though kustomize refuses it. */
        public boolean onlyKustomizeRefuses() {
            return !atFluxRoot.isEmpty();
        }
    }

    /**
     * A Go type kustomize decodes a value into, from sigs.k8s.io/kustomize/api/types. Struct fields are those of any
     * recent release, so that a field one release added or dropped ({@code inventory}, a patch's {@code options}, a
     * target's {@code skip}) is never called a typo; a field whose type differs between releases is {@link #ANY}.
     */
    private sealed interface GoType permits Scalar, ListOf, MapOf, Struct, AnyValue {
        /** How Go names the type in its errors ({@code []string}, {@code types.Image}). */
        String goName();

        /** How messages name what is expected ("a list of strings"). */
        String words();
    }

    /** A string, boolean or integer (JSON kind {@code string}, {@code bool} or {@code number}). */
    private record Scalar(String json, String goName) implements GoType {
        @Override
        public String words() {
            return switch (json) {
                case "string" -> "a string";
                case "bool" -> "a boolean";
                default -> "an integer";
            };
        }
    }

    private record ListOf(GoType item) implements GoType {
        @Override
        public String goName() {
            return "[]" + item.goName();
        }

        @Override
        public String words() {
            return item instanceof Struct ? "a list of mappings" : item instanceof Scalar s ? "a list of "
                    + s.words().substring(s.words().indexOf(' ') + 1) + "s" : "a list";
        }
    }

    private record MapOf(GoType value) implements GoType {
        @Override
        public String goName() {
            return "map[string]" + value.goName();
        }

        @Override
        public String words() {
            return value instanceof Scalar s ? "a mapping of " + s.words().substring(s.words().indexOf(' ') + 1) + "s"
                    : "a mapping";
        }
    }

    /** Anything ({@code interface {}}, or a field whose type is not pinned down here). */
    private record AnyValue(String goName) implements GoType {
        @Override
        public String words() {
            return "anything";
        }
    }

    /**
     * A Go struct kustomize decodes into.
     *
     * @param goName    its Go name ({@code types.Image})
     * @param fields    each field's type by its JSON name
     * @param byLowerCase each field by its name in lower case: Go's JSON decoding matches names without regard to case
     */
    private record Struct(String goName, Map<String, GoType> fields, Map<String, String> byLowerCase) implements GoType {
        /** {@code fields}: name, type, name, type... (embedded structs' fields inline, as Go's decoder sees them). */
        static Struct of(String goName, Object... fields) {
            Map<String, GoType> byName = new LinkedHashMap<>();
            for (int i = 0; i < fields.length; i += 2) {
                byName.put((String) fields[i], (GoType) fields[i + 1]);
            }
            Map<String, String> lower = new LinkedHashMap<>();
            byName.keySet().forEach(f -> lower.put(f.toLowerCase(Locale.ROOT), f));
            return new Struct(goName, Collections.unmodifiableMap(byName), Map.copyOf(lower));
        }

        @Override
        public String words() {
            return "a mapping";
        }

        /** The name Go reports the struct by in "Go struct field Image.images.newTag" (no package). */
        String shortName() {
            return goName.substring(goName.lastIndexOf('.') + 1);
        }

        boolean knows(String key) {
            return byLowerCase.containsKey(key.toLowerCase(Locale.ROOT));
        }

        /** The field's name as declared, for a key that {@link #knows}. */
        String canonical(String key) {
            return byLowerCase.getOrDefault(key.toLowerCase(Locale.ROOT), key);
        }
    }

    private static final GoType ANY = new AnyValue("interface {}");
    private static final Scalar STRING = new Scalar("string", "string");
    private static final Scalar BOOL = new Scalar("bool", "bool");
    private static final GoType STRINGS = new ListOf(STRING);
    private static final GoType STRING_MAP = new MapOf(STRING);

    private static final Struct KUSTOMIZATION;

    static {
        // resid.Gvk, resid.ResId: embedded, their fields decoded as the outer struct's own.
        Object[] gvk = {"group", STRING, "version", STRING, "kind", STRING};
        Object[] resId = concat(gvk, "name", STRING, "namespace", STRING);
        Struct selector = Struct.of("types.Selector", concat(resId, "skip", BOOL, "annotationSelector", STRING,
                "labelSelector", STRING));
        Struct patch = Struct.of("types.Patch", "path", STRING, "patch", STRING, "target", selector,
                "options", new MapOf(BOOL));
        Struct image = Struct.of("types.Image", "name", STRING, "newName", STRING, "tagSuffix", STRING, "newTag", STRING,
                "digest", STRING);
        Struct options = Struct.of("types.GeneratorOptions", "labels", STRING_MAP, "annotations", STRING_MAP,
                "disableNameSuffixHash", BOOL, "immutable", BOOL, "fileMerge", ANY);
        Object[] generator = {"namespace", STRING, "name", STRING, "immutable", BOOL, "behavior", STRING,
            "literals", STRINGS, "files", STRINGS, "envs", STRINGS, "env", STRING, "ageIdentities", ANY,
            "options", options};
        Struct fieldSpec = Struct.of("types.FieldSpec", concat(gvk, "path", STRING, "create", BOOL));
        Struct fieldOptions = Struct.of("types.FieldOptions", "delimiter", STRING, "index", new Scalar("number", "int"),
                "encoding", STRING, "create", BOOL, "fullText", ANY, "enddelimiter", ANY);
        Struct source = Struct.of("types.SourceSelector", concat(resId, "fieldPath", STRING, "options", fieldOptions,
                "fullText", ANY));
        Struct target = Struct.of("types.TargetSelector", "select", selector, "reject", new ListOf(selector),
                "fieldPaths", STRINGS, "options", fieldOptions);
        Struct helmChart = Struct.of("types.HelmChart", "name", STRING, "version", STRING, "digest", STRING,
                "repo", STRING, "releaseName", STRING, "namespace", STRING, "additionalValuesFiles", STRINGS,
                "valuesFile", STRING, "valuesInline", new MapOf(ANY), "valuesMerge", STRING, "includeCRDs", BOOL,
                "skipHooks", BOOL, "apiVersions", STRINGS, "kubeVersion", STRING, "nameTemplate", STRING,
                "skipTests", BOOL, "debug", BOOL, "devel", BOOL);
        Struct helmChartArgs = Struct.of("types.HelmChartArgs", "chartName", STRING, "chartVersion", STRING,
                "chartRepoUrl", STRING, "chartHome", STRING, "chartRepoName", STRING, "helmBin", STRING,
                "helmHome", STRING, "values", STRING, "valuesLocal", new MapOf(ANY), "valuesMerge", STRING,
                "releaseName", STRING, "releaseNamespace", STRING, "extraArgs", STRINGS);
        Struct var = Struct.of("types.Var", "name", STRING,
                "objref", Struct.of("types.Target", concat(concat(new Object[] {"apiVersion", STRING}, gvk), "name", STRING,
                        "namespace", STRING)),
                "fieldref", Struct.of("types.FieldSelector", "fieldPath", STRING));
        KUSTOMIZATION = Struct.of("types.Kustomization",
                "apiVersion", STRING, "kind", STRING,
                "metadata", Struct.of("types.ObjectMeta", "name", STRING, "namespace", STRING, "labels", STRING_MAP,
                        "annotations", STRING_MAP),
                "openapi", STRING_MAP,
                "namePrefix", STRING, "nameSuffix", STRING, "namespace", STRING,
                "commonLabels", STRING_MAP,
                "labels", new ListOf(Struct.of("types.Label", "pairs", STRING_MAP, "includeSelectors", BOOL,
                        "includeTemplates", BOOL, "includeVolumeClaimTemplates", BOOL, "fields", new ListOf(fieldSpec))),
                "commonAnnotations", STRING_MAP,
                "patchesStrategicMerge", new ListOf(new Scalar("string", "types.PatchStrategicMerge")),
                "patchesJson6902", new ListOf(patch),
                "patches", new ListOf(patch),
                "images", new ListOf(image),
                "imageTags", new ListOf(image),
                "replacements", new ListOf(Struct.of("types.ReplacementField", "source", source,
                        "targets", new ListOf(target), "path", STRING)),
                "replicas", new ListOf(Struct.of("types.Replica", "name", STRING, "count", new Scalar("number", "int64"))),
                "vars", new ListOf(var),
                "sortOptions", Struct.of("types.SortOptions", "order", new Scalar("string", "types.SortOrder"),
                        "legacySortOptions", Struct.of("types.LegacySortOptions", "orderFirst", STRINGS,
                                "orderLast", STRINGS)),
                "resources", STRINGS, "components", STRINGS, "crds", STRINGS, "bases", STRINGS,
                "configMapGenerator", new ListOf(Struct.of("types.ConfigMapArgs", generator)),
                "secretGenerator", new ListOf(Struct.of("types.SecretArgs", concat(generator, "type", STRING))),
                "helmGlobals", Struct.of("types.HelmGlobals", "chartHome", STRING, "configHome", STRING),
                "helmCharts", new ListOf(helmChart),
                "helmChartInflationGenerator", new ListOf(helmChartArgs),
                "generatorOptions", options,
                "configurations", STRINGS, "generators", STRINGS, "transformers", STRINGS, "validators", STRINGS,
                "inventory", ANY,
                "buildMetadata", STRINGS);
    }

    private static Object[] concat(Object[] first, Object... more) {
        Object[] out = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
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
        String apiVersion = root.get("apiVersion").textOr("");
        if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") && root.get("spec").isMap()) {
            // kustomize takes any file of this name for its own configuration, a Flux object too.
            out.add(new Problem(root.get("spec"), "a Flux Kustomization (" + apiVersion + ") in a file named like a"
                    + " kustomization file: kustomize reads it as its own configuration and refuses it (invalid"
                    + " Kustomization: json: unknown field \"spec\"); rename the file (e.g. ks.yaml) and list it in"
                    + " resources"));
            return out;
        }
        check("", "", "Kustomization", root, KUSTOMIZATION, out);
        return out;
    }

    /**
     * What Go's decoder refuses in {@code node}, decoded into {@code type}, and so on down: a value of another JSON type,
     * a fraction for an integer, a field the struct does not have. Go reports the innermost struct and the path of JSON
     * field names to the value ({@code Go struct field Image.images.newTag}), {@code owner} and {@code goPath} here.
     */
    private static void check(String path, String goPath, String owner, YNode node, GoType type, List<Problem> out) {
        String found = jsonType(node);
        if (found.equals("null") || type instanceof AnyValue) {
            return;
        }
        boolean fits = type instanceof Scalar s ? found.equals(s.json()) && (!s.json().equals("number") || integral(node))
                : found.equals(type instanceof ListOf ? "array" : "object");
        if (!fits) {
            out.add(wrongType(path, goPath, owner, node, type, found));
        } else if (type instanceof ListOf l) {
            List<YNode> items = node.items();
            for (int i = 0; i < items.size(); i++) {
                check(path + "[" + i + "]", goPath, owner, items.get(i), l.item(), out);
            }
        } else if (type instanceof MapOf m) {
            node.effectiveEntries().forEach(e -> check(join(path, e.keyText()), goPath, owner, e.value(), m.value(), out));
        } else if (type instanceof Struct st) {
            fields(path, goPath, node, st, out);
        }
    }

    /** The fields of a mapping decoded into {@code st}: those it does not have, and the types of those it has. */
    private static void fields(String path, String goPath, YNode node, Struct st, List<Problem> out) {
        for (YEntry e : node.effectiveEntries()) {
            String key = e.keyText();
            if (key.isEmpty()) {
                continue;
            }
            String at = join(path, key);
            if (!st.knows(key)) {
                String hint = ConfigSchema.didYouMean(key, st.fields().keySet()).map(f -> " (did you mean '" + f + "'?)")
                        .orElse("");
                String what = "unknown field '" + at + "'" + hint;
                out.add(new Problem(e.key(), what + "; kustomize refuses the file (invalid Kustomization: json: unknown"
                        + " field \"" + key + "\"), and so does Flux where it builds the folder as a base", what,
                        what + ": Flux drops it when it reads the kustomization at the root of its path, so it has no"
                        + " effect (kubectl kustomize refuses the file)"));
                continue;
            }
            String name = st.canonical(key);
            check(at, join(goPath, name), st.shortName(), e.value(), st.fields().get(name), out);
        }
    }

    private static Problem wrongType(String path, String goPath, String owner, YNode node, GoType type, String found) {
        boolean number = found.equals("number") && type instanceof Scalar s && s.json().equals("number");
        String where = path.isEmpty() ? "" : path + ": ";
        String what = where + "expected " + type.words() + ", found " + (!number ? words(found)
                : node instanceof YScalar s && KubeYaml.value(s) instanceof Double ? "a number with a fraction"
                : "a number too large for " + type.goName());
        String goError = "cannot unmarshal " + found + " into Go struct field " + owner + "." + goPath + " of type "
                + type.goName();
        String message = what + refusal(goError);
        if (type instanceof Scalar s && s.json().equals("string") && (found.equals("number") || found.equals("bool"))) {
            // Flux reads the kustomization at the root of its path with sigs.k8s.io/yaml's Unmarshal, which turns a
            // number or boolean into the string a field wants, then writes the file back: only kustomize refuses it.
            return new Problem(node, message + "; quote the value", "", what + ": Flux turns it into a string when it"
                    + " reads the kustomization at the root of its path, but kubectl kustomize refuses the file (invalid"
                    + " Kustomization: json: " + goError + "); quote the value");
        }
        return new Problem(node, message);
    }

    private static boolean integral(YNode node) {
        Object v = node instanceof YScalar s ? KubeYaml.value(s) : null;
        // A float with an integral value is decoded as an integer already (1.0 is 1); a BigInteger is past int64.
        return v instanceof Integer || v instanceof Long;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** True when kustomize can decode the kustomization file (its first document). */
    public static boolean decodes(FileModel file) {
        return file.fact(PROBLEMS).isEmpty();
    }

    /** True for a non-null value Kubernetes' YAML reading does not make a string (a number, a list...). */
    public static boolean notAString(YNode node) {
        return !isNull(node) && !jsonType(node).equals("string");
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
