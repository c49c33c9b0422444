package io.fluxward.schema;

import io.fluxward.config.ConfigSchema;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.BooleanSchema;
import org.everit.json.schema.CombinedSchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.FormatValidator;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaClient;
import org.everit.json.schema.loader.SchemaLoader;
import org.everit.json.schema.regexp.Regexp;
import org.everit.json.schema.regexp.RE2JRegexpFactory;
import org.json.JSONObject;

/**
 * A compiled schema for one group/version/kind, and the translation of the validator's
 * exceptions into {@link Violation}s that point at YAML nodes.
 *
 * <p>Patterns are RE2 expressions (as in Kubernetes, which uses Go's regexp), evaluated with
 * RE2/J in linear time, so hostile input cannot make a pattern backtrack for ever. Compiled
 * schemas are immutable and safe to share between threads.
 */
public final class KubeSchema {

    /** Upper bound on violations reported per object: past it, the object is probably of another version. */
    public static final int MAX_VIOLATIONS = 20;

    private static final FormatValidator BASE64 = new FormatValidator() {
        @Override
        public Optional<String> validate(String subject) {
            String s = subject.replace("\n", "").replace("\r", "");
            if (s.length() % 4 != 0) {
                return Optional.of("not base64");
            }
            try {
                Base64.getDecoder().decode(s);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("not base64");
            }
        }

        @Override
        public String formatName() {
            return "byte";
        }
    };

    /** Schemas compiled in this process, for the benchmark and tests (compiled schemas are cached). */
    private static final java.util.concurrent.atomic.AtomicLong COMPILATIONS = new java.util.concurrent.atomic.AtomicLong();

    private final Gvk gvk;
    private final Schema schema;
    private final SchemaOrigin origin;
    private final CelRules rules;
    private final boolean hasRules;

    private KubeSchema(Gvk gvk, Schema schema, SchemaOrigin origin, CelRules rules) {
        COMPILATIONS.incrementAndGet();
        this.gvk = gvk;
        this.schema = schema;
        this.origin = origin;
        this.rules = rules;
        this.hasRules = rules.all().stream().anyMatch(r -> r.expression().isPresent());
    }

    /**
     * Compiles a CRD version's {@code openAPIV3Schema} (already JSON).
     *
     * @throws org.everit.json.schema.SchemaException when the schema is malformed
     */
    public static KubeSchema fromOpenApi(Gvk gvk, JSONObject openApi, SchemaOrigin origin) {
        JSONObject json = OpenApiConverter.convert(openApi);
        Schema compiled = SchemaLoader.builder()
                .schemaJson(json)
                .regexpFactory(new RE2JRegexpFactory())
                .nullableSupport(true)
                .addFormatValidator(BASE64)
                .schemaClient(NO_REFERENCES)
                .build().load().build();
        return new KubeSchema(gvk, compiled, origin, CelRules.of(openApi));
    }

    /**
     * Compiles a JSON Schema given by the user; {@code client} resolves its {@code $ref}s.
     *
     * @throws org.everit.json.schema.SchemaException when the schema is malformed
     */
    public static KubeSchema fromJsonSchema(Gvk gvk, JSONObject json, SchemaOrigin origin, SchemaClient client,
                                            String resolutionScope) {
        SchemaLoader.SchemaLoaderBuilder builder = SchemaLoader.builder()
                .schemaJson(json)
                .regexpFactory(new RE2JRegexpFactory())
                .nullableSupport(true)
                .schemaClient(client)
                .resolutionScope(resolutionScope);
        String meta = json.optString("$schema", "");
        if (meta.contains("draft-06")) {
            builder.draftV6Support();
        } else if (meta.contains("draft-07")) {
            builder.draftV7Support();
        }
        return new KubeSchema(gvk, builder.build().load().build(), origin, CelRules.NONE);
    }

    /** Refuses every {@code $ref} to another document: CRD schemas have none, and fluxward never fetches. */
    private static final SchemaClient NO_REFERENCES = url -> {
        throw new IllegalArgumentException("schema references are not followed: " + url);
    };

    /** How many schemas this process has compiled so far. */
    public static long compilations() {
        return COMPILATIONS.get();
    }

    public Gvk gvk() {
        return gvk;
    }

    public SchemaOrigin origin() {
        return origin;
    }

    /** True when the schema holds CEL rules ({@code x-kubernetes-validations}) that fluxward checks. */
    public boolean hasRules() {
        return hasRules;
    }

    /**
     * Validates an object: its schema, then the CRD's CEL rules (which a partial object is not
     * checked against: what the rest of the object holds decides most of them).
     *
     * @param partial true for a kustomize patch file, which need not repeat required fields
     */
    public List<Violation> validate(JsonTree tree, boolean partial) {
        List<Violation> cel = partial ? List.of() : rules.check(tree);
        try {
            schema.validate(tree.json());
            return cel;
        } catch (ValidationException e) {
            Interpreter interpreter = new Interpreter(tree, partial);
            interpreter.interpret(e);
            interpreter.out.addAll(cel);
            return withoutNoise(interpreter.out);
        }
    }

    /** A value of the wrong type also fails the enum and pattern of its field; report only the type. */
    private static List<Violation> withoutNoise(List<Violation> all) {
        Set<YNode> wrongType = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.stream().filter(v -> v.kind() == Violation.Kind.TYPE).forEach(v -> wrongType.add(v.node()));
        return all.stream().filter(v -> v.kind() == Violation.Kind.TYPE || !wrongType.contains(v.node())).toList();
    }

    /** Turns the validator's exception tree into violations at YAML nodes. */
    private final class Interpreter {
        private final JsonTree tree;
        private final boolean partial;
        private final List<Violation> out = new ArrayList<>();
        private final Set<String> unknownDone = new LinkedHashSet<>();
        private final Set<String> requiredDone = new LinkedHashSet<>();

        Interpreter(JsonTree tree, boolean partial) {
            this.tree = tree;
            this.partial = partial;
        }

        void interpret(ValidationException e) {
            List<ValidationException> causes = e.getCausingExceptions();
            String keyword = e.getKeyword();
            if (causes.isEmpty()) {
                leaf(e);
                return;
            }
            if ("anyOf".equals(keyword) || "oneOf".equals(keyword)) {
                alternatives(e, causes);
                return;
            }
            for (ValidationException c : causes) {
                interpret(c);
            }
        }

        /** No branch matched: report what the branch of the right type says, else the expected types. */
        private void alternatives(ValidationException e, List<ValidationException> causes) {
            List<ValidationException> leaves = new ArrayList<>();
            causes.forEach(c -> leaves(c, leaves));
            List<ValidationException> notType = leaves.stream().filter(l -> !"type".equals(l.getKeyword())).toList();
            if (!notType.isEmpty()) {
                notType.forEach(this::leaf);
                return;
            }
            Set<String> expected = new TreeSet<>();
            leaves.forEach(l -> expected.add(typeOf(l.getViolatedSchema())));
            at(e).ifPresent(place -> add(Violation.Kind.TYPE, place, place.value(), "expected " + String.join(" or ",
                    expected) + ", found " + found(place)));
        }

        private void leaves(ValidationException e, List<ValidationException> into) {
            if (e.getCausingExceptions().isEmpty()) {
                into.add(e);
            } else {
                e.getCausingExceptions().forEach(c -> leaves(c, into));
            }
        }

        private void leaf(ValidationException e) {
            Optional<JsonTree.Place> located = at(e);
            if (located.isEmpty()) {
                return;
            }
            JsonTree.Place place = located.get();
            String keyword = String.valueOf(e.getKeyword());
            Schema violated = effective(e.getViolatedSchema(), keyword, place);
            switch (keyword) {
                case "additionalProperties" -> unknownFields(place, violated);
                case "required" -> required(place, violated);
                case "type" -> {
                    String expected = expectedType(e, violated);
                    add(Violation.Kind.TYPE, place, place.value(), "expected " + expected + ", found " + found(place)
                            + hint(place, expected));
                }
                case "enum" -> add(Violation.Kind.ENUM, place, place.value(), enumMessage(place, violated));
                case "const" -> add(Violation.Kind.ENUM, place, place.value(), "has a value the schema does not allow");
                case "pattern" -> add(Violation.Kind.PATTERN, place, place.value(), "does not match "
                        + (violated instanceof StringSchema str ? patternOf(str) : "the pattern of the schema"));
                case "minLength" -> add(Violation.Kind.LENGTH, place, place.value(), lengthMessage(
                        violated instanceof StringSchema str ? str.getMinLength() : null, true));
                case "maxLength" -> add(Violation.Kind.LENGTH, place, place.value(), lengthMessage(
                        violated instanceof StringSchema str ? str.getMaxLength() : null, false));
                case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf" ->
                        add(Violation.Kind.RANGE, place, place.value(), rangeMessage(keyword, violated));
                case "minItems", "maxItems", "uniqueItems", "items", "additionalItems", "contains" ->
                        add(Violation.Kind.ITEMS, place, place.value(), itemsMessage(keyword, violated));
                case "minProperties", "maxProperties" -> add(Violation.Kind.PROPERTIES, place, place.value(),
                        violated instanceof ObjectSchema os ? propertiesMessage(keyword, os) : "has too few or too many fields");
                case "format" -> add(Violation.Kind.FORMAT, place, place.value(), "is not in the format "
                        + formatName(violated));
                default -> add(Violation.Kind.OTHER, place, place.value(), "does not match the schema (" + keyword + ")");
            }
        }

        private void unknownFields(JsonTree.Place place, Schema violated) {
            if (!(place.json() instanceof JSONObject obj) || !(violated instanceof ObjectSchema os)
                    || !unknownDone.add(String.join("/", place.path()))) {
                return;
            }
            Set<String> known = os.getPropertySchemas().keySet();
            for (String key : new TreeSet<>(obj.keySet())) {
                if (known.contains(key) || matchesPattern(os, key)
                        || partial && key.equals("$patch") && throughMappingsOnly(place.path())) {
                    // A strategic-merge directive of a patch file (delete, replace a mapping): kustomize consumes it.
                    // In a list item of a custom resource it is not honoured and stays, so it is judged there.
                    continue;
                }
                List<String> path = new ArrayList<>(place.path());
                path.add(key);
                Optional<JsonTree.Place> field = tree.locate(pointer(path));
                if (field.isEmpty()) {
                    continue;
                }
                String hint = ConfigSchema.didYouMean(key, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
                String why = origin.crd()
                        ? "; the API server prunes unknown fields of " + gvk + ", so this setting is silently lost"
                        : "; the schema allows no other fields";
                add(Violation.Kind.UNKNOWN_FIELD, field.get(), field.get().key(), "unknown field" + hint + why);
            }
        }

        /** True when the object at {@code path} is reached from the root through mappings only, no list. */
        private boolean throughMappingsOnly(List<String> path) {
            Object at = tree.json();
            for (String step : path) {
                if (!(at instanceof JSONObject obj) || !obj.has(step)) {
                    return false;
                }
                at = obj.get(step);
            }
            return at instanceof JSONObject;
        }

        /** Whether a patternProperties pattern takes {@code key} (true when they cannot be read: no false alarm). */
        private boolean matchesPattern(ObjectSchema os, String key) {
            Map<Regexp, Schema> patterns = EveritPatterns.patternProperties(os);
            return patterns == null || patterns.keySet().stream().anyMatch(p -> p.patternMatchingFailure(key).isEmpty());
        }

        private void required(JsonTree.Place place, Schema violated) {
            if (partial || !(place.json() instanceof JSONObject obj) || !(violated instanceof ObjectSchema os)
                    || !requiredDone.add(String.join("/", place.path()))) {
                return;
            }
            // The mapping's key; for a list item (no key), the item itself; for the object, its kind: line.
            YNode at = place.key().isPresent() ? place.key() : !place.path().isEmpty() ? place.value()
                    : tree.locate("#/kind").map(JsonTree.Place::key).orElse(place.value());
            for (String name : os.getRequiredProperties()) {
                if (obj.has(name)) {
                    continue;
                }
                Optional<YEntry> empty = tree.prunedNull(place, name);
                if (empty.isPresent()) {
                    List<String> path = new ArrayList<>(place.path());
                    path.add(name);
                    out.add(new Violation(Violation.Kind.REQUIRED, path, JsonTree.render(path), empty.get().key(),
                            prefix(JsonTree.render(path)) + "required field is empty (the API server drops null values)"));
                } else {
                    out.add(new Violation(Violation.Kind.REQUIRED, place.path(), place.fieldPath(), at,
                            prefix(place.fieldPath()) + "missing required field '" + name + "'", name));
                }
            }
        }

        private Optional<JsonTree.Place> at(ValidationException e) {
            Optional<JsonTree.Place> place = tree.locate(e.getPointerToViolation());
            if (place.isPresent() && tree.hasVariable(place.get().value())) {
                return Optional.empty(); // ${VAR}: the value is only known after Flux substitutes it
            }
            return place;
        }

        private void add(Violation.Kind kind, JsonTree.Place place, YNode node, String message) {
            out.add(new Violation(kind, place.path(), place.fieldPath(), node.isPresent() ? node : place.value(),
                    prefix(place.fieldPath()) + message));
        }

        private String prefix(String fieldPath) {
            return fieldPath.isEmpty() ? "" : fieldPath + ": ";
        }
    }

    private static final Set<String> OBJECT_KEYWORDS = Set.of("additionalProperties", "required", "minProperties",
            "maxProperties", "propertyNames", "dependencies");

    /**
     * The schema a violation is really about. The validator reports a failure inside an
     * {@code additionalProperties} schema (e.g. a label value that is not a string) against the
     * enclosing object's schema; step down to the schema of the offending entry.
     */
    private static Schema effective(Schema violated, String keyword, JsonTree.Place place) {
        if (!(violated instanceof ObjectSchema os) || OBJECT_KEYWORDS.contains(keyword) || keyword.equals("type")
                || place.path().isEmpty()) {
            return violated;
        }
        String key = place.path().get(place.path().size() - 1);
        Schema child = os.getPropertySchemas().get(key);
        if (child == null) {
            Map<Regexp, Schema> patterns = EveritPatterns.patternProperties(os);
            child = patterns == null ? null : patterns.entrySet().stream()
                    .filter(p -> p.getKey().patternMatchingFailure(key).isEmpty()).map(Map.Entry::getValue).findFirst()
                    .orElse(os.getSchemaOfAdditionalProperties());
        }
        return child == null ? violated : child;
    }

    /** "the pattern P" of a string schema, or "the schema's pattern" when P cannot be read. */
    private static String patternOf(StringSchema schema) {
        String pattern = EveritPatterns.pattern(schema);
        return pattern == null ? "the schema's pattern" : "the pattern " + pattern;
    }

    /**
     * Patterns as everit holds them, for messages. It validates with RE2J, but its public getters
     * ({@code getPatternProperties}, {@code getPattern}, and {@code toString}, which calls them) compile each
     * pattern again with java.util.regex, which refuses some patterns RE2 takes (a Go named group
     * {@code (?P<n>...)}: an internal error before) and reads others differently. So its fields are read
     * (everit 1.14; SchemaOptionsTest fails if they move); null when they cannot be, and callers then assume
     * nothing.
     */
    private static final class EveritPatterns {
        private static final Field PATTERN_PROPERTIES = field(ObjectSchema.class, "patternProperties");
        private static final Field PATTERN = field(StringSchema.class, "pattern");

        private EveritPatterns() {
        }

        private static Field field(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** An object schema's patternProperties: each RE2J pattern and its schema. */
        @SuppressWarnings("unchecked")
        static Map<Regexp, Schema> patternProperties(ObjectSchema schema) {
            Object value = read(PATTERN_PROPERTIES, schema);
            if (value == null) {
                try {
                    return schema.getPatternProperties().isEmpty() ? Map.of() : null;
                } catch (RuntimeException e) {
                    return null;
                }
            }
            return value instanceof Map<?, ?> map ? (Map<Regexp, Schema>) map : null;
        }

        /** A string schema's pattern as written. */
        static String pattern(StringSchema schema) {
            Object value = read(PATTERN, schema);
            return value instanceof Regexp regexp ? regexp.toString() : null;
        }

        private static Object read(Field field, Object from) {
            try {
                return field == null ? null : field.get(from);
            } catch (IllegalAccessException | RuntimeException e) {
                return null;
            }
        }
    }

    private static final java.util.regex.Pattern EXPECTED_TYPE = java.util.regex.Pattern.compile(
            "^expected type: (\\w+), found");

    /**
     * The expected type of a {@code type} violation. The validator's message names it (as a Java
     * class: String, Boolean, Integer, Number, JSONObject, JSONArray), which is reliable where its
     * violated-schema field is not (see {@link #effective}); the message never holds the value.
     */
    private static String expectedType(ValidationException e, Schema violated) {
        java.util.regex.Matcher m = EXPECTED_TYPE.matcher(String.valueOf(e.getErrorMessage()));
        if (m.find()) {
            return switch (m.group(1)) {
                case "String" -> "string";
                case "Boolean" -> "boolean";
                case "Integer" -> "integer";
                case "Number" -> "number";
                case "JSONObject" -> "object";
                case "JSONArray" -> "array";
                case "Null" -> "null";
                default -> typeOf(violated);
            };
        }
        return typeOf(violated);
    }

    static String pointer(List<String> path) {
        StringBuilder out = new StringBuilder("#");
        for (String p : path) {
            out.append('/').append(p.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    private static String found(JsonTree.Place place) {
        return KubeYaml.typeName(place.json());
    }

    /** Explains the two classic YAML typing surprises without quoting the value. */
    private static String hint(JsonTree.Place place, String expected) {
        if (place.value() instanceof YScalar s) {
            if (expected.equals("boolean") && s.tag().isEmpty() && KubeYaml.isYaml11Boolean(s)) {
                return " (kustomize, which Flux builds with, reads plain yes/no/on/off/y/n as strings: write true or false)";
            }
            if (expected.equals("string") && s.style() == YScalar.Style.PLAIN) {
                return " (quote the value to make it a string)";
            }
            if (!expected.equals("string") && s.isQuoted()) {
                return " (remove the quotes)";
            }
        }
        return "";
    }

    static String typeOf(Schema s) {
        if (s instanceof StringSchema) {
            return "string";
        }
        if (s instanceof NumberSchema n) {
            return n.requiresInteger() ? "integer" : "number";
        }
        if (s instanceof BooleanSchema) {
            return "boolean";
        }
        if (s instanceof ObjectSchema) {
            return "object";
        }
        if (s instanceof ArraySchema) {
            return "array";
        }
        if (s instanceof NullSchema) {
            return "null";
        }
        if (s instanceof CombinedSchema c) {
            return c.getSubschemas().stream().map(KubeSchema::typeOf).distinct().collect(Collectors.joining(" or "));
        }
        return "another type";
    }

    /** Values an enum message lists at most: past it, the list is cut (the closest value is named before it). */
    static final int MAX_ENUM_VALUES = 16;

    /**
     * "must be one of A, B, C", after the allowed value closest to a string value ("did you mean 'Terraform'?"), so
     * that the value meant is named even where the list is cut: a value a repository adds to a vendored CRD comes last.
     */
    private static String enumMessage(JsonTree.Place place, Schema s) {
        List<String> values = (s instanceof EnumSchema e ? e.getPossibleValuesAsList() : List.<Object>of()).stream()
                .map(String::valueOf).toList();
        Optional<String> closest = place.json() instanceof String text
                ? ConfigSchema.didYouMean(text, values).filter(v -> !v.equals(text)) : Optional.empty();
        List<String> shown = values.stream().limit(MAX_ENUM_VALUES).toList();
        String list = String.join(", ", shown) + (values.size() > shown.size()
                ? ", ... (" + (values.size() - shown.size()) + " more)" : "");
        return closest.map(c -> "did you mean '" + c + "'? ").orElse("") + "must be one of " + list;
    }

    private static String lengthMessage(Integer limit, boolean min) {
        if (limit == null) {
            return min ? "is too short" : "is too long";
        }
        if (min) {
            return limit != null && limit == 1 ? "must not be empty" : "must be at least " + limit + " characters long";
        }
        return "must be at most " + limit + " characters long";
    }

    private static String rangeMessage(String keyword, Schema s) {
        if (!(s instanceof NumberSchema n)) {
            return "is out of range";
        }
        return switch (keyword) {
            case "minimum" -> n.isExclusiveMinimum() ? "must be greater than " + n.getMinimum()
                    : "must be at least " + n.getMinimum();
            case "maximum" -> n.isExclusiveMaximum() ? "must be less than " + n.getMaximum()
                    : "must be at most " + n.getMaximum();
            case "exclusiveMinimum" -> "must be greater than " + n.getExclusiveMinimumLimit();
            case "exclusiveMaximum" -> "must be less than " + n.getExclusiveMaximumLimit();
            default -> "must be a multiple of " + n.getMultipleOf();
        };
    }

    private static String itemsMessage(String keyword, Schema s) {
        if (!(s instanceof ArraySchema a)) {
            return "has items the schema does not allow";
        }
        return switch (keyword) {
            case "minItems" -> "must have at least " + a.getMinItems() + " item" + (a.getMinItems() == 1 ? "" : "s");
            case "maxItems" -> "must have at most " + a.getMaxItems() + " item" + (a.getMaxItems() == 1 ? "" : "s");
            case "uniqueItems" -> "must not repeat an item";
            default -> "has items the schema does not allow";
        };
    }

    private static String propertiesMessage(String keyword, ObjectSchema s) {
        Integer min = s.getMinProperties();
        Integer max = s.getMaxProperties();
        if (min != null && min.equals(max)) {
            return "must set exactly " + min + " field" + (min == 1 ? "" : "s");
        }
        return keyword.equals("minProperties") ? "must set at least " + min + " field" + (min != null && min == 1 ? "" : "s")
                : "must set at most " + max + " field" + (max != null && max == 1 ? "" : "s");
    }

    private static String formatName(Schema s) {
        if (s instanceof StringSchema str) {
            String name = str.getFormatValidator().formatName();
            return name.equals("byte") ? "byte (base64)" : name;
        }
        return "required by the schema";
    }
}
