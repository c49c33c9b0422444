package io.fluxward.config;

import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.schema.ReleaseVersion;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import io.fluxward.yaml.YamlProblem;
import io.fluxward.yaml.YamlLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scan configuration: {@code .fluxward.yaml} (validated against {@link ConfigSchema}) plus
 * command-line overrides. Immutable.
 */
public final class Config {

    private static final Config EMPTY = new Config(YMissing.INSTANCE, "", List.of(), Set.of(), Set.of(), "", List.of(),
            false);

    /** A setting that does not do what it seems to, for a {@code fluxward: warning:} line unless the command line fixes it. */
    private record Warning(String ruleId, String message) {
    }

    private final YNode root;
    /** The file's name as errors show it ({@code ""} without a file). */
    private final String file;
    private final List<Warning> warnings;
    private final Set<String> cliEnabled;
    private final Set<String> cliDisabled;
    private final String text;
    private final List<java.nio.file.Path> schemaDirs;
    private final boolean offline;
    /** Asked for every file a scan loads: read from the configuration once (a race computes the same value twice). */
    private volatile Limits limits;
    private volatile IgnorePatterns ignored;

    private Config(YNode root, String file, List<Warning> warnings, Set<String> cliEnabled, Set<String> cliDisabled,
                   String text, List<java.nio.file.Path> schemaDirs, boolean offline) {
        this.root = root;
        this.file = file;
        this.warnings = List.copyOf(warnings);
        this.cliEnabled = Set.copyOf(cliEnabled);
        this.cliDisabled = Set.copyOf(cliDisabled);
        this.text = text;
        this.schemaDirs = List.copyOf(schemaDirs);
        this.offline = offline;
    }

    public static Config empty() {
        return EMPTY;
    }

    /**
     * Parses and validates a configuration file.
     *
     * @param file  the name used in error messages
     * @param rules the known rules (IDs and their options)
     */
    public static Config parse(String text, String file, Map<String, RuleDescriptor> rules) throws ConfigException {
        YamlParse parse = new YamlParser(YamlLimits.DEFAULT).parseText(text);
        for (YamlProblem p : parse.problems()) {
            if (p.kind() != YamlProblem.Kind.UNSAFE_TAG) {
                throw error(file, p.span().line(), p.span().column(), p.message());
            }
        }
        if (parse.documents().size() > 1) {
            throw error(file, parse.documents().get(1).span().line(), 1, "only one YAML document is allowed");
        }
        YNode root = parse.documents().isEmpty() ? YMissing.INSTANCE : parse.documents().get(0).root();
        if (root instanceof YScalar s && s.isNull()) {
            root = YMissing.INSTANCE;
        }
        if (root.isPresent()) {
            if (!root.isMap()) {
                throw error(file, root.span().line(), root.span().column(), "expected a mapping of settings");
            }
            validateSection((YMap) root, ConfigSchema.TOP, "", file, rules);
            validateLimits(root.get("limits"), file);
            validateFluxSource(root.at("flux", "source"), file);
            validateRegistries(root.get("allowedRegistries"), file);
        }
        return new Config(root, file, levelWithoutEnabling(root.get("rules"), file, rules), Set.of(), Set.of(), text,
                List.of(), false);
    }

    private static void validateSection(YMap map, Map<String, ConfigSchema.Key> schema, String prefix, String file,
                                        Map<String, RuleDescriptor> rules) throws ConfigException {
        for (YEntry e : map.entries()) {
            String name = e.keyText();
            ConfigSchema.Key key = schema.get(name);
            if (key == null) {
                String hint = ConfigSchema.didYouMean(name, schema.keySet()).map(s -> " (did you mean '" + s + "'?)")
                        .orElse("; known keys: " + String.join(", ", schema.keySet()));
                if (name.indexOf('\uFEFF') >= 0) {
                    // Invisible in editors (a mark added twice, or two files joined): "did you mean 'rules'" alone
                    // reads as nonsense even with the mark escaped.
                    hint = ": it holds a stray byte-order mark (U+FEFF), invisible in editors; remove it";
                }
                throw error(file, e.key().span().line(), e.key().span().column(),
                        "unknown key '" + prefix + name + "'" + hint);
            }
            validateValue(e.value(), key, prefix + name, file, rules);
        }
    }

    private static void validateValue(YNode value, ConfigSchema.Key key, String where, String file,
                                      Map<String, RuleDescriptor> rules) throws ConfigException {
        int line = value.span().line();
        int col = value.span().column();
        if (value instanceof YScalar s && s.isNull()) {
            return;
        }
        switch (key.type()) {
            case STRING -> {
                if (!value.isScalar()) {
                    throw error(file, line, col, "'" + where + "' must be a string");
                }
            }
            case BOOLEAN -> {
                if (!value.isScalar() || !value.textOr("").matches("true|false")) {
                    throw error(file, line, col, "'" + where + "' must be true or false");
                }
            }
            case INTEGER -> {
                // A negative or huge number is a whole number out of range: validateLimits says which range.
                if (!value.isScalar() || !value.textOr("").matches("-?\\d+")) {
                    throw error(file, line, col, "'" + where + "' must be a whole number");
                }
            }
            case VERSION -> {
                // An unreadable version would silently leave the FW-F010/F011 levels at their defaults.
                if (!value.isScalar() || ReleaseVersion.parse(value.textOr("")).isEmpty()) {
                    throw error(file, line, col, "'" + where + "' must be a release version such as \"2.9\", \"2.9.1\", "
                            + "\"v2.9.1\" or \"2\" ([v]MAJOR[.MINOR[.PATCH]])");
                }
            }
            case STRING_LIST -> {
                if (!value.isSeq() || value.items().stream().anyMatch(Config::notAString)) {
                    throw error(file, line, col, "'" + where + "' must be a list of strings");
                }
            }
            case STORE_LIST -> {
                if (!value.isSeq() || value.items().stream().anyMatch(Config::notAString)) {
                    throw error(file, line, col, "'" + where + "' must be a list of strings");
                }
                for (YNode item : value.items()) {
                    validateStore(item, where, file);
                }
            }
            case SECTION -> {
                if (!(value instanceof YMap map)) {
                    throw error(file, line, col, "'" + where + "' must be a mapping");
                }
                validateSection(map, key.children(), where + ".", file, rules);
            }
            case RULES -> validateRules(value, file, rules);
            default -> throw new IllegalStateException(key.type().name());
        }
    }

    private static final List<String> STORE_KINDS = List.of("SecretStore", "ClusterSecretStore");

    /**
     * An {@code externals.secretStores} entry: {@code name}, {@code Kind/name} or {@code Kind/namespace/name}. A
     * misspelt kind would otherwise match nothing, and the store it names be reported as missing (FW-E001).
     */
    /** A list item that is no text: a mapping, a list, null ({@code - } or {@code ~}) or an empty string. */
    private static boolean notAString(YNode item) {
        return !(item instanceof YScalar s) || s.isNull() || s.textOr("").isEmpty();
    }

    private static void validateStore(YNode item, String where, String file) throws ConfigException {
        String entry = item.textOr("").strip();
        String[] parts = entry.split("/", -1);
        String form = "'" + where + "' entries are name, Kind/name or Kind/namespace/name (Kind: SecretStore or "
                + "ClusterSecretStore)";
        if (entry.isEmpty() || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw error(file, item.span().line(), item.span().column(), form + ", not '" + entry + "'");
        }
        if (parts.length > 1 && !STORE_KINDS.contains(parts[0])) {
            String hint = ConfigSchema.didYouMean(parts[0], STORE_KINDS).map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw error(file, item.span().line(), item.span().column(), "unknown store kind '" + parts[0] + "' in '"
                    + where + "'" + hint + ": " + form);
        }
    }

    private static void validateRules(YNode value, String file, Map<String, RuleDescriptor> rules)
            throws ConfigException {
        if (!(value instanceof YMap map)) {
            throw error(file, value.span().line(), value.span().column(), "'rules' must be a mapping of rule IDs");
        }
        for (YEntry e : map.entries()) {
            String id = e.keyText();
            RuleDescriptor rule = rules.get(id);
            if (rule == null) {
                String hint = ConfigSchema.didYouMeanRule(id, rules.keySet()).map(s -> " (did you mean '" + s + "'?)")
                        .orElse("");
                throw error(file, e.key().span().line(), e.key().span().column(), "unknown rule '" + id + "'" + hint);
            }
            if (!(e.value() instanceof YMap settings)) {
                throw error(file, e.value().span().line(), e.value().span().column(),
                        "'rules." + id + "' must be a mapping such as { enabled: false } or { level: warning }");
            }
            for (YEntry s : settings.entries()) {
                String name = s.keyText();
                int line = s.value().span().line();
                int col = s.value().span().column();
                switch (name) {
                    case "enabled" -> {
                        if (!s.value().textOr("").matches("true|false")) {
                            throw error(file, line, col, "'rules." + id + ".enabled' must be true or false");
                        }
                    }
                    case "level" -> {
                        if (!s.value().textOr("").matches("error|warning|note")) {
                            throw error(file, line, col, "'rules." + id + ".level' must be error, warning or note");
                        }
                    }
                    default -> {
                        if (rule.options().contains(name) && s.value().isSeq()
                                && s.value().items().stream().anyMatch(Config::notAString)) {
                            throw error(file, line, col, "'rules." + id + "." + name + "' must be a list of strings");
                        }
                        if (!rule.options().contains(name)) {
                            Set<String> known = new LinkedHashSet<>(List.of("enabled", "level"));
                            known.addAll(rule.options());
                            String hint = ConfigSchema.didYouMean(name, known).map(k -> " (did you mean '" + k + "'?)")
                                    .orElse("; " + id + " accepts: " + String.join(", ", known));
                            throw error(file, s.key().span().line(), s.key().span().column(),
                                    "unknown setting 'rules." + id + "." + name + "'" + hint);
                        }
                    }
                }
            }
        }
    }

    /** {@code flux.source}: {@code name} or {@code namespace/name}; anything else would name no source, silently. */
    private static void validateFluxSource(YNode value, String file) throws ConfigException {
        String text = value.textOr("");
        String name = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";
        if (value.isScalar() && !text.isEmpty() && !text.matches("(" + name + "/)?" + name)) {
            throw error(file, value.span().line(), value.span().column(), "'flux.source' must be name or namespace/name "
                    + "of a GitRepository, OCIRepository or Bucket (Kubernetes names), not '" + text + "'");
        }
    }

    private static void validateLimits(YNode limits, String file) throws ConfigException {
        for (YEntry e : limits.entries()) {
            Optional<Limits.Key> key = Limits.Key.named(e.keyText());
            Optional<String> problem = key.flatMap(k -> e.value().text().flatMap(t -> k.check(wholeNumber(t))));
            if (problem.isPresent()) {
                throw error(file, e.value().span().line(), e.value().span().column(), problem.get());
            }
        }
    }

    /** A whole number validated by the INTEGER type; one of more than 30 digits, huge anyway, is taken as 10^30. */
    private static java.math.BigInteger wholeNumber(String text) {
        String digits = text.startsWith("-") ? text.substring(1) : text;
        java.math.BigInteger huge = java.math.BigInteger.TEN.pow(30);
        java.math.BigInteger value = digits.length() > 30 ? huge : new java.math.BigInteger(digits);
        return text.startsWith("-") ? value.negate() : value;
    }

    /** An {@code allowedRegistries} entry with a URL scheme would never match an image reference (FW-P001). */
    private static void validateRegistries(YNode registries, String file) throws ConfigException {
        for (YNode item : registries.items()) {
            String entry = item.textOr("").strip();
            int scheme = entry.indexOf("://");
            if (scheme >= 0) {
                String bare = entry.substring(scheme + 3).replaceAll("/+$", "");
                throw error(file, item.span().line(), item.span().column(), "'allowedRegistries' entries have no scheme; "
                        + "write " + bare + " (image references never start with one)");
            }
        }
    }

    /**
     * A {@code level} set for an opt-in rule that is not turned on: the rule stays off, which is easily missed
     * ({@code FW-P001: {level: warning}}). Warned about, not an error: a level prepared for {@code --enable}
     * is a fair use.
     */
    private static List<Warning> levelWithoutEnabling(YNode rulesNode, String file, Map<String, RuleDescriptor> rules) {
        List<Warning> out = new ArrayList<>();
        for (YEntry e : rulesNode.entries()) {
            RuleDescriptor rule = rules.get(e.keyText());
            YNode level = e.value().get("level");
            if (rule != null && rule.optIn() && level.isPresent() && !e.value().get("enabled").isPresent()) {
                out.add(new Warning(rule.id(), file + ":" + level.span().line() + ":" + level.span().column() + ": "
                        + "'rules." + rule.id() + ".level' is set but " + rule.id() + " is opt-in and stays off; "
                        + "add 'enabled: true' (or pass --enable " + rule.id() + ") to run it"));
            }
        }
        return out;
    }

    /**
     * The warnings about settings that do not do what they seem to (one line each, with file:line:col),
     * leaving out those the command line makes moot ({@code --enable} of the rule).
     */
    public List<String> warnings() {
        return warnings.stream().filter(w -> !cliEnabled.contains(w.ruleId()) && !cliDisabled.contains(w.ruleId()))
                .map(Warning::message).toList();
    }

    /**
     * Fails when a {@code schemas:} entry names no folder: neither one of the scanned snapshot (relative
     * paths) nor an existing absolute one. Not found, its schemas would silently be missing from FW-G003.
     * A scan of a sub-folder of a repository does not see the rest of it (the configuration may be the top
     * level's): a folder elsewhere is not known missing there, and the schema registry notes it instead.
     */
    public void checkSchemaFolders(io.fluxward.snapshot.Snapshot scanned) throws ConfigException {
        if (!scanned.positionInRepository().isEmpty()) {
            return;
        }
        for (YNode item : root.at("schemas").items()) {
            String dir = item.textOr("");
            String inRepo = io.fluxward.snapshot.Paths.normalize(dir);
            if (inRepo != null && (inRepo.isEmpty() || scanned.isDirectory(inRepo)) || absoluteFolder(dir)) {
                continue;
            }
            throw error(file, item.span().line(), item.span().column(), "schema folder not found: '" + dir
                    + "' (schemas: takes folders of the repository, relative to the scanned folder, or absolute paths)");
        }
    }

    private static boolean absoluteFolder(String dir) {
        try {
            java.nio.file.Path path = java.nio.file.Path.of(dir);
            return path.isAbsolute() && java.nio.file.Files.isDirectory(path);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static ConfigException error(String file, int line, int col, String message) {
        return new ConfigException(file + ":" + line + ":" + col + ": " + message);
    }

    /** A copy with {@code --enable}/{@code --disable} applied (they win over the file). */
    public Config withCommandLine(Set<String> enable, Set<String> disable) {
        return new Config(root, file, warnings, enable, disable, text, schemaDirs, offline);
    }

    /**
     * A copy for {@code scan --offline}: remote kustomize resources, which fluxward never fetches, are
     * reported (FW-K001 notes) instead of passed over quietly.
     */
    public Config withOffline(boolean remoteResourcesReported) {
        return new Config(root, file, warnings, cliEnabled, cliDisabled, text, schemaDirs, remoteResourcesReported);
    }

    /** True for {@code scan --offline}. */
    public boolean offline() {
        return offline;
    }

    /** A copy with schema folders given on the command line ({@code --schemas}), besides {@code schemas:}. */
    public Config withSchemaDirs(List<java.nio.file.Path> dirs) {
        return new Config(root, file, warnings, cliEnabled, cliDisabled, text, dirs, offline);
    }

    /**
     * What the configuration contributes to result-cache keys: the file's text and the command-line
     * overrides. Empty (no caching) when schemas come from folders outside the repository, whose
     * content no key covers.
     */
    public Optional<String> cacheKey() {
        boolean outside = !schemaDirs.isEmpty()
                || strings("schemas").stream().anyMatch(d -> d.startsWith("/") || d.startsWith("\\") || d.contains(":"));
        if (outside) {
            return Optional.empty();
        }
        return Optional.of(text + "\u0000" + new java.util.TreeSet<>(cliEnabled) + "\u0000"
                + new java.util.TreeSet<>(cliDisabled) + (offline ? "\u0000offline" : ""));
    }

    /** Schema folders from the command line (the file's {@code schemas:} entries are {@link #strings}). */
    public List<java.nio.file.Path> schemaDirs() {
        return schemaDirs;
    }

    /** Whether a rule runs: command line, then file, then the rule's default (opt-in rules are off). */
    public boolean isEnabled(RuleDescriptor rule) {
        if (cliDisabled.contains(rule.id())) {
            return false;
        }
        if (cliEnabled.contains(rule.id())) {
            return true;
        }
        return ruleSetting(rule.id(), "enabled").map(Boolean::parseBoolean).orElse(!rule.optIn());
    }

    /** The level set for a rule in the file, if any. */
    public Optional<Level> levelOverride(String ruleId) {
        return ruleSetting(ruleId, "level").map(Level::parse);
    }

    /** A rule's own option node ({@code rules.<ID>.<name>}), or {@link YMissing}. */
    public YNode ruleOption(String ruleId, String name) {
        return root.at("rules", ruleId, name);
    }

    private Optional<String> ruleSetting(String ruleId, String name) {
        return root.at("rules", ruleId, name).text();
    }

    /** The node at a path of keys ({@link YMissing} when absent). */
    public YNode node(String... path) {
        return root.at(path);
    }

    /** A string setting. */
    public Optional<String> string(String... path) {
        return root.at(path).text();
    }

    /**
     * The repository's own source as {@code namespace/name}: {@code flux.source}, whose bare name is in flux-system (where
     * bootstrap makes it), by default {@code flux-system/flux-system}. Every reader takes it from here, so that a name
     * alone never matches a source of that name in another namespace.
     */
    public String fluxSource() {
        String value = string("flux", "source").map(String::strip).filter(v -> !v.isEmpty()).orElse("flux-system/flux-system");
        return value.contains("/") ? value : "flux-system/" + value;
    }

    /** A list-of-strings setting (empty when absent). */
    public List<String> strings(String... path) {
        List<String> out = new ArrayList<>();
        root.at(path).items().forEach(i -> i.text().ifPresent(out::add));
        return List.copyOf(out);
    }

    /**
     * True when an {@code externals.<section>} pattern ({@code name}, {@code namespace/name} or
     * {@code Kind/namespace/name}, globs) names the object: it exists, managed outside this repository.
     */
    public boolean external(String section, String kind, String namespace, String name) {
        String nsName = namespace.isEmpty() ? name : namespace + "/" + name;
        for (String p : strings("externals", section)) {
            Glob g = Glob.of(p);
            if (g.matches(nsName) || g.matches(kind + "/" + nsName) || namespace.isEmpty() && p.endsWith("/" + name)) {
                return true;
            }
        }
        return false;
    }

    public List<String> ignore() {
        return strings("ignore");
    }

    /** The {@code ignore:} patterns with gitignore semantics (negation, folder-only patterns). */
    public IgnorePatterns ignored() {
        IgnorePatterns known = ignored;
        if (known == null) {
            known = IgnorePatterns.of(ignore());
            ignored = known;
        }
        return known;
    }

    public Limits limits() {
        Limits known = limits;
        if (known == null) {
            known = readLimits();
            limits = known;
        }
        return known;
    }

    private Limits readLimits() {
        java.util.Map<Limits.Key, Long> configured = new java.util.EnumMap<>(Limits.Key.class);
        for (Limits.Key k : Limits.Key.values()) {
            root.at("limits", k.key()).text().ifPresent(t -> configured.put(k, Long.parseLong(t)));
        }
        return Limits.of(configured);
    }

    /**
     * {@code file:line:col} of a setting in the configuration file, for messages about its value; empty when the
     * setting is not in a file.
     */
    public Optional<String> where(String... path) {
        YNode node = root.at(path);
        return file.isEmpty() || !node.isPresent() ? Optional.empty()
                : Optional.of(file + ":" + node.span().line() + ":" + node.span().column());
    }

    /** The configuration file's text, part of cache keys. */
    public String text() {
        return text;
    }
}
