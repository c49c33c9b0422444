package io.fluxward.sops;

import io.fluxward.model.FileModel;
import io.fluxward.regex.Re2;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code .sops.yaml}: its {@code creation_rules} as sops reads them. A file's rule is the first
 * whose {@code path_regex} (unanchored RE2) matches the file's path relative to the directory of
 * this {@code .sops.yaml}; a rule without {@code path_regex} matches every file.
 *
 * @param path      the {@code .sops.yaml} file
 * @param dir       its directory ({@code ""} at the repository root)
 * @param loadError why sops cannot load the file at all (then {@code rules} is empty), else empty
 */
public record SopsConfig(String path, String dir, List<CreationRule> rules, Optional<LoadError> loadError) {

    /** The file name sops looks for ({@code .sops.yml} is not read by sops). */
    public static final String FILE_NAME = ".sops.yaml";

    public SopsConfig {
        rules = List.copyOf(rules);
    }

    /**
     * sops refuses the file when it loads it ("Could not unmarshal config file"), before any rule is tried: every
     * {@code sops --encrypt} and {@code updatekeys} under its directory fails.
     *
     * @param span   the node at fault
     * @param reason why, naming fields and types, never a value
     * @param syntax true for a YAML error (syntax, repeated key) FW-G001 / FW-G002 report at the file
     */
    public record LoadError(Span span, String reason, boolean syntax) {
    }

    /**
     * One creation rule.
     *
     * @param index      0-based position in {@code creation_rules}
     * @param pathRegex  the {@code path_regex} text, empty when the rule matches every file
     * @param pattern    the compiled regex; empty when absent or not compilable
     * @param regexError why Go cannot compile the {@code path_regex} (sops then aborts on this rule); else empty
     * @param span       the {@code path_regex} value, else the rule's first key
     * @param keyGroups  recipients: {@code key_groups} when given, else the rule's own keys as one group
     * @param selections selection settings ({@code encrypted_regex}...)
     */
    public record CreationRule(int index, Optional<String> pathRegex, Optional<Re2> pattern, Optional<String> regexError,
                               Span span, List<List<Recipient>> keyGroups, List<Selection> selections, boolean macOnlyEncrypted) {

        public CreationRule {
            keyGroups = keyGroups.stream().map(List::copyOf).toList();
            selections = List.copyOf(selections);
        }

        /** True when this rule applies to {@code relativePath} (relative to the {@code .sops.yaml} directory). */
        public boolean matches(String relativePath) {
            if (pathRegex.isEmpty()) {
                return true;
            }
            return pattern.map(p -> p.find(relativePath)).orElse(false);
        }

        public List<Recipient> recipients() {
            List<Recipient> out = new ArrayList<>();
            keyGroups.forEach(out::addAll);
            return out;
        }

        /** True when a recipient is a placeholder ({@code ${FLUX_KEY_FP}}) to be filled in by a template step. */
        public boolean hasPlaceholders() {
            return recipients().stream().anyMatch(r -> r.id().contains("${") || r.id().contains("{{"));
        }

        /** {@code creation rule 2 (path_regex 'x')}, for messages. */
        public String display() {
            return "creation rule " + (index + 1) + pathRegex.map(p -> " (path_regex '" + p + "')")
                    .orElse(" (no path_regex: matches every file)");
        }
    }

    /** Reads a {@code .sops.yaml} file of the repository. */
    public static SopsConfig read(FileModel file) {
        String dir = Paths.parent(file.path());
        List<CreationRule> rules = new ArrayList<>();
        YNode root = file.documents().isEmpty() ? YMissing.INSTANCE : file.documents().get(0).root();
        Optional<LoadError> error = loadError(file, root);
        if (error.isPresent()) {
            return new SopsConfig(file.path(), dir, rules, error);
        }
        List<YNode> items = root.get("creation_rules").items();
        for (int i = 0; i < items.size(); i++) {
            rules.add(rule(i, items.get(i)));
        }
        return new SopsConfig(file.path(), dir, rules, Optional.empty());
    }

    /**
     * What makes sops's YAML reader (yaml.v3, into a struct whose {@code creation_rules} is a list of structs) refuse
     * the file: a syntax error, a repeated key, a root that is no mapping, {@code creation_rules} that is no list, an
     * item that is no mapping, a {@code path_regex} that is no scalar. Other fields' types are not checked.
     */
    private static Optional<LoadError> loadError(FileModel file, YNode root) {
        if (file.yaml().isEmpty()) {
            return Optional.empty();
        }
        var parse = file.yaml().get();
        if (parse.fatal().isPresent()) {
            return Optional.of(new LoadError(parse.fatal().get().span(), "it is not valid YAML", true));
        }
        Optional<Span> repeated = parse.problems().stream()
                .filter(p -> p.kind() == io.fluxward.yaml.YamlProblem.Kind.DUPLICATE_KEY).map(p -> p.span()).findFirst();
        if (repeated.isPresent()) {
            return Optional.of(new LoadError(repeated.get(), "it repeats a key on line " + repeated.get().line(), true));
        }
        if (root.isNull()) {
            return Optional.empty();
        }
        if (!root.isMap()) {
            return Optional.of(new LoadError(root.span(), "the file is " + root.shape() + ", not a mapping", false));
        }
        YNode list = root.get("creation_rules");
        if (!list.isNull() && !list.isSeq()) {
            return Optional.of(new LoadError(list.span(), "creation_rules is " + list.shape() + ", not a list of rules",
                    false));
        }
        List<YNode> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            YNode item = items.get(i);
            if (!item.isNull() && !item.isMap()) {
                return Optional.of(new LoadError(item.span(), "creation rule " + (i + 1) + " is " + item.shape()
                        + ", not a mapping", false));
            }
            YNode regex = item.get("path_regex");
            if (regex.isMap() || regex.isSeq()) {
                return Optional.of(new LoadError(regex.span(), "the path_regex of creation rule " + (i + 1) + " is "
                        + regex.shape() + ", not a string", false));
            }
        }
        return Optional.empty();
    }

    private static CreationRule rule(int index, YNode node) {
        YNode regex = node.get("path_regex");
        Optional<String> text = regex.text();
        Optional<Re2> pattern = text.flatMap(Re2::compile);
        Span span = regex.isPresent() ? regex.span()
                : node instanceof YMap map && !map.entries().isEmpty() ? map.entries().get(0).key().span() : node.span();
        List<List<Recipient>> groups = new ArrayList<>();
        List<YNode> keyGroups = node.get("key_groups").items();
        if (!keyGroups.isEmpty()) {
            for (YNode group : keyGroups) {
                List<Recipient> members = new ArrayList<>();
                groupMembers(group, members, 0);
                groups.add(members);
            }
        } else {
            List<Recipient> own = new ArrayList<>();
            for (KeyType type : KeyType.values()) {
                commaSeparated(node.get(type.configKey()), type, own);
            }
            if (!own.isEmpty()) {
                groups.add(own);
            }
        }
        List<Selection> selections = new ArrayList<>();
        for (Selection.Kind kind : Selection.Kind.values()) {
            YNode v = node.get(kind.key());
            if (v.hasText()) {
                selections.add(new Selection(kind, v.textOr(""), v.span()));
            }
        }
        Optional<String> nonEmpty = text.filter(t -> !t.isEmpty());
        Optional<String> error = nonEmpty.isPresent() && pattern.isEmpty()
                ? Optional.of(Re2.error(nonEmpty.get()).orElse("not compilable")) : Optional.empty();
        return new CreationRule(index, nonEmpty, pattern, error, span, groups, selections,
                node.get("mac_only_encrypted").textOr("false").equals("true"));
    }

    /** Rule-level keys: a comma-separated string or a list of such strings. */
    private static void commaSeparated(YNode value, KeyType type, List<Recipient> out) {
        List<YNode> parts = value.isSeq() ? value.items() : List.of(value);
        for (YNode part : parts) {
            for (String id : part.textOr("").split(",")) {
                if (!id.isBlank()) {
                    out.add(Recipient.of(type, type == KeyType.KMS ? id.strip().split("\\+")[0] : id, part.span()));
                }
            }
        }
    }

    /** Key group members: lists of strings (age, pgp, hc_vault) or of objects, and nested {@code merge} groups. */
    private static void groupMembers(YNode group, List<Recipient> out, int depth) {
        if (depth > 16) {
            return;
        }
        for (YNode item : group.get("age").items()) {
            item.text().ifPresent(t -> out.add(Recipient.of(KeyType.AGE, t, item.span())));
        }
        for (YNode item : group.get("pgp").items()) {
            item.text().ifPresent(t -> out.add(Recipient.of(KeyType.PGP, t, item.span())));
        }
        for (YNode item : group.get("hc_vault").items()) {
            item.text().ifPresent(t -> out.add(Recipient.of(KeyType.HC_VAULT, t, item.span())));
        }
        for (YNode item : group.get("kms").items()) {
            item.get("arn").text().ifPresent(t -> out.add(Recipient.of(KeyType.KMS, t, item.span())));
        }
        for (YNode item : group.get("gcp_kms").items()) {
            item.get("resource_id").text().ifPresent(t -> out.add(Recipient.of(KeyType.GCP_KMS, t, item.span())));
        }
        for (YNode item : group.get("azure_keyvault").items()) {
            String id = item.get("vaultUrl").textOr("") + "/keys/" + item.get("key").textOr("") + "/"
                    + item.get("version").textOr("");
            out.add(Recipient.of(KeyType.AZURE_KV, id, item.span()));
        }
        for (YNode item : group.get("hckms").items()) {
            item.get("key_id").text().ifPresent(t -> out.add(Recipient.of(KeyType.HCKMS, t, item.span())));
        }
        for (YNode merged : group.get("merge").items()) {
            groupMembers(merged, out, depth + 1);
        }
    }

    /** The path of {@code repoPath} as this file's rules see it (relative to its directory). */
    public String relative(String repoPath) {
        return dir.isEmpty() ? repoPath : repoPath.substring(dir.length() + 1);
    }

    /** The rule sops uses for a repository path under this file's directory; empty when none (or sops aborts). */
    public Optional<CreationRule> ruleFor(String repoPath) {
        return reached(repoPath).filter(r -> r.regexError().isEmpty());
    }

    /**
     * Where sops stops for a repository path under this file's directory: the first rule that matches, or
     * the first whose {@code path_regex} Go cannot compile (sops tries the rules in order and aborts there
     * with {@code can not compile regexp}, never trying the later ones).
     */
    public Optional<CreationRule> reached(String repoPath) {
        if (!Paths.isUnder(repoPath, dir)) {
            return Optional.empty();
        }
        String rel = relative(repoPath);
        return rules.stream().filter(r -> r.regexError().isPresent() || r.matches(rel)).findFirst();
    }
}
