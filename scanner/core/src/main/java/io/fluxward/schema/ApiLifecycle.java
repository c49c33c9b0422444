package io.fluxward.schema;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of API versions that Flux, the External Secrets Operator and Kubernetes
 * deprecated or removed, and of the fields Flux's GA versions dropped, read from
 * {@code io/fluxward/schema/api-lifecycle.yaml} (sources are cited there).
 */
public final class ApiLifecycle {

    private static final ApiLifecycle INSTANCE = load();

    /** Whose API it is, and the config key that names the version the cluster runs. */
    public enum Product {
        FLUX("Flux", "flux"), ESO("External Secrets Operator", "eso"), KUBERNETES("Kubernetes", "");

        private final String title;
        private final String configKey;

        Product(String title, String configKey) {
            this.title = title;
            this.configKey = configKey;
        }

        public String title() {
            return title;
        }

        /** The {@code .fluxward.yaml} section whose {@code version} sets the target; empty for Kubernetes. */
        public String configKey() {
            return configKey;
        }
    }

    /**
     * One deprecated or removed API version of one kind.
     *
     * @param deprecated          the release that deprecated it; empty when not recorded
     * @param deprecatedOrEarlier true when the sources only say "in this release or earlier"
     * @param removed             the first release that no longer serves it
     * @param replacement         the apiVersion to use instead, or {@code ""} when there is none
     * @param note                advice when there is no plain replacement
     */
    public record Api(Product product, Gvk gvk, Optional<ReleaseVersion> deprecated, boolean deprecatedOrEarlier,
                      ReleaseVersion removed, String replacement, String note) {

        /** The release from which a cluster at that release should move away (deprecation, else removal). */
        public ReleaseVersion warnFrom() {
            return deprecated.orElse(removed);
        }

        /** The replacement's group/version/kind, when there is one. */
        public Optional<Gvk> replacementGvk() {
            return replacement.isEmpty() ? Optional.empty() : Optional.of(Gvk.of(replacement, gvk.kind()));
        }

        /** "2.2", "2.0 or earlier", or "-" for the table. */
        public String deprecatedText() {
            return deprecated.map(d -> deprecatedOrEarlier ? d + " or earlier" : d.toString()).orElse("-");
        }
    }

    /**
     * A field that a newer API version no longer has.
     *
     * @param path      field path; {@code *} matches every item of a list
     * @param absentIn  the version that dropped it
     * @param presentIn the older versions that still have it
     * @param advice    what to do instead
     */
    public record RemovedField(String group, String kind, List<String> path, String absentIn, Set<String> presentIn,
                               String advice) {

        public RemovedField {
            path = List.copyOf(path);
            presentIn = Set.copyOf(presentIn);
        }

        /** The path as written in the table, e.g. {@code spec.postRenderers[*].kustomize.patchesJson6902}. */
        public String pathText() {
            return String.join(".", path).replace(".*", "[*]");
        }
    }

    private final List<Api> apis;
    private final Map<Gvk, Api> byGvk;
    private final List<RemovedField> removedFields;

    private ApiLifecycle(List<Api> apis, List<RemovedField> removedFields) {
        this.apis = List.copyOf(apis);
        this.removedFields = List.copyOf(removedFields);
        Map<Gvk, Api> index = new LinkedHashMap<>();
        for (Api a : apis) {
            if (index.put(a.gvk(), a) != null) {
                throw new IllegalStateException("api-lifecycle.yaml lists " + a.gvk() + " twice");
            }
        }
        this.byGvk = index;
    }

    public static ApiLifecycle get() {
        return INSTANCE;
    }

    /** Every row, in table order. */
    public List<Api> apis() {
        return apis;
    }

    /** The rows of some products, in table order. */
    public List<Api> apis(Product... products) {
        Set<Product> wanted = Set.of(products);
        return apis.stream().filter(a -> wanted.contains(a.product())).toList();
    }

    /** The row of exactly this group, version and kind. */
    public Optional<Api> api(Gvk gvk) {
        return Optional.ofNullable(byGvk.get(gvk));
    }

    /** The rows of a group and version, any kind (for selectors that name no kind). */
    public List<Api> apis(String group, String version) {
        return apis.stream().filter(a -> a.gvk().group().equals(group) && a.gvk().version().equals(version)).toList();
    }

    /** True when the table has a row for this group and kind in some version. */
    public boolean knowsKind(String group, String kind) {
        return apis.stream().anyMatch(a -> a.gvk().group().equals(group) && a.gvk().kind().equals(kind));
    }

    public List<RemovedField> removedFields() {
        return removedFields;
    }

    /** The removed fields of a group and kind. */
    public List<RemovedField> removedFields(String group, String kind) {
        return removedFields.stream().filter(f -> f.group().equals(group) && f.kind().equals(kind)).toList();
    }

    /** True when {@code fieldPath} (pointer segments) is a field the table says {@code version} dropped. */
    public boolean isRemovedField(Gvk gvk, List<String> fieldPath) {
        for (RemovedField f : removedFields(gvk.group(), gvk.kind())) {
            if (f.absentIn().equals(gvk.version()) && matches(f.path(), fieldPath)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (!(p.equals("*") ? path.get(i).matches("\\d+") : p.equals(path.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The table of some products as Markdown, for {@code fluxward explain} and the README; "-" in
     * "deprecated in" means the version was removed without a deprecation release on record.
     */
    public String markdownTable(Product... products) {
        StringBuilder out = new StringBuilder();
        out.append("| kind | apiVersion | deprecated in | removed in | use instead |\n|---|---|---|---|---|\n");
        for (Api a : apis(products)) {
            String product = a.product() == Product.ESO ? "ESO " : a.product().title() + " ";
            out.append("| ").append(a.gvk().kind()).append(" | `").append(a.gvk().apiVersion()).append("` | ")
                    .append(a.deprecated().isPresent() ? product + a.deprecatedText() : "-").append(" | ")
                    .append(product).append(a.removed()).append(" | ")
                    .append(a.replacement().isEmpty() ? a.note() : "`" + a.replacement() + "`").append(" |\n");
        }
        return out.toString();
    }

    /** The removed fields as Markdown. */
    public String removedFieldsTable() {
        StringBuilder out = new StringBuilder();
        out.append("| kind | field | not in | what to do |\n|---|---|---|---|\n");
        for (RemovedField f : removedFields) {
            out.append("| ").append(f.kind()).append(" | `").append(f.pathText()).append("` | `")
                    .append(f.group()).append('/').append(f.absentIn()).append("` | ").append(f.advice()).append(" |\n");
        }
        return out.toString();
    }

    private static ApiLifecycle load() {
        String text;
        try (InputStream in = ApiLifecycle.class.getResourceAsStream("/io/fluxward/schema/api-lifecycle.yaml")) {
            if (in == null) {
                throw new IllegalStateException("api-lifecycle.yaml is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        YamlParse parse = YamlParser.parse(text);
        if (parse.fatal().isPresent() || parse.documents().isEmpty()) {
            throw new IllegalStateException("api-lifecycle.yaml does not parse");
        }
        YNode root = parse.documents().get(0).root();
        List<Api> apis = new ArrayList<>();
        for (YNode row : root.get("apis").items()) {
            Product product = Product.valueOf(required(row, "product").toUpperCase(Locale.ROOT));
            String deprecated = row.get("deprecated").textOr("");
            boolean orEarlier = deprecated.startsWith("<=");
            Optional<ReleaseVersion> dep = deprecated.isEmpty() ? Optional.empty()
                    : Optional.of(ReleaseVersion.of(orEarlier ? deprecated.substring(2) : deprecated));
            String replacement = row.get("replacement").textOr("");
            String note = row.get("note").textOr("");
            if (replacement.isEmpty() && note.isEmpty()) {
                throw new IllegalStateException("api-lifecycle.yaml: a row without replacement needs a note");
            }
            apis.add(new Api(product, new Gvk(required(row, "group"), required(row, "version"), required(row, "kind")),
                    dep, orEarlier, ReleaseVersion.of(required(row, "removed")), replacement, note));
        }
        List<RemovedField> fields = new ArrayList<>();
        for (YNode row : root.get("removedFields").items()) {
            List<String> present = new ArrayList<>();
            row.get("presentIn").items().forEach(i -> present.add(i.textOr("")));
            fields.add(new RemovedField(required(row, "group"), required(row, "kind"),
                    Arrays.asList(required(row, "field").split("\\.")), required(row, "absentIn"), Set.copyOf(present),
                    required(row, "advice")));
        }
        return new ApiLifecycle(apis, fields);
    }

    private static String required(YNode row, String key) {
        String v = row.get(key).textOr("");
        if (v.isEmpty()) {
            throw new IllegalStateException("api-lifecycle.yaml: a row lacks '" + key + "' (line " + row.span().line() + ")");
        }
        return v;
    }
}
