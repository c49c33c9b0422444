package io.fluxward.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys {@code .fluxward.yaml} accepts. Every key a feature reads is declared here, so a typo
 * is an error with a "did you mean" instead of a setting silently ignored.
 */
public final class ConfigSchema {

    /** The shape of a value. */
    public enum Type { STRING, BOOLEAN, INTEGER, VERSION, STRING_LIST, STORE_LIST, SECTION, RULES }

    /** One declared key. */
    public record Key(String name, Type type, Map<String, Key> children, String doc) {
    }

    /** Top-level keys. */
    public static final Map<String, Key> TOP = section(
            key("rules", Type.RULES, "per rule: enabled, level and the rule's own options"),
            key("ignore", Type.STRING_LIST, "glob patterns of paths not to scan"),
            key("remoteClusters", Type.STRING_LIST, "paths or applier names that must apply with a kubeConfig"),
            key("tenants", Type.STRING_LIST, "paths or applier names of tenant Kustomizations/HelmReleases"),
            section("externals", "objects that live outside this repository",
                    key("kustomizations", Type.STRING_LIST, "namespace/name of Flux Kustomizations"),
                    key("helmReleases", Type.STRING_LIST, "namespace/name of HelmReleases"),
                    key("sources", Type.STRING_LIST, "namespace/name of Flux sources"),
                    key("secretStores", Type.STORE_LIST, "Kind/name or Kind/namespace/name of ESO stores"),
                    key("secrets", Type.STRING_LIST, "namespace/name of Secrets created outside Git"),
                    key("namespaces", Type.STRING_LIST, "namespaces created outside Git")),
            section("flux", "Flux settings",
                    key("version", Type.VERSION, "Flux version the cluster runs, e.g. 2.9"),
                    key("source", Type.STRING, "namespace/name of the source this repository is synced from")),
            section("eso", "External Secrets Operator settings",
                    key("version", Type.VERSION, "ESO version the cluster runs, e.g. 0.17")),
            key("allowedRegistries", Type.STRING_LIST, "registry prefixes images may come from (FW-P001)"),
            key("wellKnownNamespaces", Type.STRING_LIST, "namespaces that always exist (FW-F006)"),
            section("oidc", "OIDC prefixes when no AuthenticationConfiguration is in the repository",
                    key("usernamePrefix", Type.STRING, "claimMappings.username.prefix"),
                    key("groupsPrefix", Type.STRING, "claimMappings.groups.prefix")),
            key("schemas", Type.STRING_LIST, "folders of extra CRDs or JSON schemas"),
            section("limits", "resource bounds",
                    key("maxFileBytes", Type.INTEGER, "larger files are skipped with a note"),
                    key("maxDepth", Type.INTEGER, "deepest YAML nesting"),
                    key("maxAliases", Type.INTEGER, "YAML alias uses per file"),
                    key("maxExpandedNodes", Type.INTEGER, "YAML nodes per file after alias expansion"),
                    key("maxRenderedObjects", Type.INTEGER, "objects one kustomize build may emit")));

    private ConfigSchema() {
    }

    private static Key key(String name, Type type, String doc) {
        return new Key(name, type, Map.of(), doc);
    }

    private static Key section(String name, String doc, Key... children) {
        return new Key(name, Type.SECTION, section(children), doc);
    }

    private static Map<String, Key> section(Key... keys) {
        Map<String, Key> out = new LinkedHashMap<>();
        for (Key k : keys) {
            out.put(k.name(), k);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The closest of {@code candidates} to {@code word}, if close enough to be a typo. */
    public static java.util.Optional<String> didYouMean(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        return bestDistance <= allowed ? java.util.Optional.ofNullable(best) : java.util.Optional.empty();
    }

    /** The rule ID meant by a mistyped one: a typo, another case ({@code fw-s001}), or no {@code FW-} ({@code G001}). */
    public static java.util.Optional<String> didYouMeanRule(String id, java.util.Collection<String> ids) {
        String upper = id.strip().toUpperCase(java.util.Locale.ROOT);
        if (ids.contains("FW-" + upper)) {
            return java.util.Optional.of("FW-" + upper);
        }
        return didYouMean(upper, ids);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
