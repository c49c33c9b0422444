package io.fluxward.rules.secrets;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.sops.SopsConfig;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsRules;
import io.fluxward.yaml.Span;
import java.util.List;
import java.util.Optional;

/** FW-S010: an encrypted file or a Secret at a path that no .sops.yaml creation rule covers. */
@RuleInfo(
        id = "FW-S010",
        name = "sops-no-creation-rule",
        level = Level.ERROR,
        summary = "An encrypted file or a Secret manifest lies at a path that no .sops.yaml creation rule matches.",
        description = """
                sops picks the creation rule for a file from the nearest `.sops.yaml` in the file's directory \
                or above: the first rule whose `path_regex` (unanchored RE2) matches the path relative to that \
                directory; a rule without `path_regex` matches every file. With no match (or no `.sops.yaml` above \
                the file while the repository has others), `sops --encrypt` fails and `sops updatekeys` cannot \
                rotate the file's keys: after the next rotation it stays encrypted for the old keys. Checked: \
                SOPS-encrypted files (any format) and Secret manifests holding secret data; a repository without \
                `.sops.yaml` is left to FW-S001. The finding points at the file's `sops:` block, or at the Secret's \
                `kind:` line. A `path_regex` Go's RE2 cannot compile (look-ahead `(?!…)`, look-behind, \
                back-references `\\1`, atomic groups, possessive quantifiers: Java or PCRE syntax) is reported at \
                the regex: sops aborts there with `can not compile regexp` for every file that reaches it.""",
        fix = """
                Add a creation rule that matches the path (rules are tried in order, the first match wins, so \
                put specific rules first):

                ```yaml
                creation_rules:
                  - path_regex: apps/.*/secrets/.*\\.ya?ml$
                    encrypted_regex: ^(data|stringData)$
                    age: age1…   # the cluster's public key(s), comma-separated
                ```

                or move the file to a path an existing rule covers. Then `sops updatekeys FILE` aligns the file \
                with the rule's keys.""",
        bad = """
                # file: .sops.yaml
                creation_rules:
                  - path_regex: clusters/.*/secrets/.*\\.yaml$
                    encrypted_regex: ^(data|stringData)$
                    age: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                # file: apps/api/secret.yaml
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api
                stringData:
                  token: tok-3f9a8b7c6d5e
                """,
        good = """
                # file: .sops.yaml
                creation_rules:
                  - path_regex: (clusters/.*/secrets|apps)/.*\\.yaml$
                    encrypted_regex: ^(data|stringData)$
                    age: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                # file: apps/api/secret.yaml
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api
                stringData:
                  token: tok-3f9a8b7c6d5e
                """,
        tags = {"security", "secrets", "sops"},
        securitySeverity = "6.5")
public final class SopsNoCreationRule implements RepositoryRule {

    /** The file's first Secret that holds a value worth encrypting, if any (a function of the file alone). */
    private static final FileFact<Optional<KubeObject>> SECRET_WITH_VALUES = FileFact.of("first Secret with values",
            file -> file.objects().stream()
                    .filter(o -> SecretSupport.isSecret(o) && SecretSupport.entries(o).stream().anyMatch(e -> !e.harmless()))
                    .findFirst());

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        SopsRules sops = model.facet(SopsRules.FACET);
        if (sops.configs().isEmpty()) {
            return;
        }
        for (SopsConfig c : sops.configs()) {
            c.loadError().filter(e -> !e.syntax()).ifPresent(e -> context.at(new Location(c.path(), e.span()))
                    .key("load-error").message("sops cannot load " + context.shown(c.path()) + ": " + e.reason()
                            + " ('error loading config: Could not unmarshal config file'), so it cannot encrypt or rotate"
                            + " any file " + (c.dir().isEmpty() ? "of the repository" : "under " + c.dir() + "/")
                            + "; creation_rules must be a list of rules, each a mapping")
                    .report());
            checkRegexes(c, context);
        }
        for (FileModel file : model.files()) {
            if (file.file().name().equals(SopsConfig.FILE_NAME)) {
                continue;
            }
            // What would need a rule first: matching every file against the creation rules' regexes is the cost.
            Optional<SopsFile> encrypted = SopsRules.file(file);
            Location at;
            String what;
            if (encrypted.isPresent()) {
                at = new Location(file.path(), encrypted.get().metadata().anchor());
                what = "this SOPS-encrypted file";
            } else {
                Optional<KubeObject> secret = file.fact(SECRET_WITH_VALUES);
                if (secret.isEmpty()) {
                    continue;
                }
                at = secret.get().location();
                what = SecretSupport.shown(secret.get());
            }
            Optional<SopsConfig> config = sops.configFor(file.path());
            Optional<SopsConfig.CreationRule> reached = config.flatMap(c -> c.reached(file.path()));
            if (config.isEmpty()) {
                noConfigAbove(model, sops, file.path(), at, what, context);
                continue;
            }
            if (reached.isPresent() && reached.get().regexError().isEmpty()) {
                continue;
            }
            SopsConfig c = config.get();
            if (c.loadError().isPresent()) {
                SopsConfig.LoadError e = c.loadError().get();
                context.at(at).key("no-creation-rule").message("sops cannot load " + context.shown(c.path()) + " ("
                        + e.reason() + "), so it cannot encrypt or rotate " + what + "; correct " + context.shown(c.path()))
                        .related(new Location(c.path(), e.span()), "what sops cannot load").report();
                continue;
            }
            if (reached.isPresent()) {
                SopsConfig.CreationRule r = reached.get();
                context.at(at).key("no-creation-rule").message("sops stops at " + r.display() + " of " + context.shown(c.path())
                        + " for '" + c.relative(file.path()) + "' and fails with 'can not compile regexp' (Go's RE2 refuses "
                        + "the path_regex): sops cannot encrypt or rotate " + what + "; rewrite the path_regex in RE2 syntax")
                        .related(new Location(c.path(), r.span()), "the path_regex sops cannot compile").report();
                continue;
            }
            Span ruleSpan = c.rules().isEmpty() ? Span.START : c.rules().get(0).span();
            context.at(at).key("no-creation-rule").message("no creation rule of " + context.shown(c.path()) + " matches '"
                    + c.relative(file.path()) + "' (" + c.rules().size() + " rule" + (c.rules().size() == 1 ? "" : "s")
                    + " tried): sops cannot encrypt or rotate " + what + " ('no matching creation rules found'); "
                    + "add a creation rule whose path_regex matches it")
                    .related(new Location(c.path(), ruleSpan), "creation rules tried in order").report();
        }
    }

    /**
     * A file below no {@code .sops.yaml} of a repository that has some elsewhere (one per cluster folder, say): sops,
     * run from the file's folder or the repository's top, finds no configuration and cannot encrypt or rotate it.
     * Judged only when the whole repository is seen: a subfolder scan does not see the folders above it, and a folder
     * scanned outside git is not judged when a .sops.yaml lies above it.
     */
    private static void noConfigAbove(RepositoryModel model, SopsRules sops, String path, Location at, String what,
                                      RuleContext context) {
        if (!model.snapshot().positionInRepository().isEmpty() || model.snapshot().foundAbove(SopsConfig.FILE_NAME)) {
            return;
        }
        List<String> configs = sops.configs().stream().map(SopsConfig::path).sorted().toList();
        List<String> elsewhere = configs.stream().map(context::shown).toList();
        String dir = io.fluxward.snapshot.Paths.parent(path);
        context.at(at).key("no-creation-rule").message("no .sops.yaml in " + (dir.isEmpty() ? "the top folder" : dir + "/")
                + " or above (this repository's: " + String.join(", ", elsewhere.subList(0, Math.min(3, elsewhere.size())))
                + (elsewhere.size() > 3 ? " and " + (elsewhere.size() - 3) + " more" : "") + "): sops finds no creation "
                + "rule for " + what + " ('config file not found, or has no creation rules'), so it cannot encrypt or "
                + "rotate it; add a creation rule that matches it to a .sops.yaml above it (e.g. at the repository's top)")
                .related(new Location(configs.get(0), Span.START), "a .sops.yaml that does not apply here")
                .report();
    }

    /**
     * A {@code path_regex} Go cannot compile (look-around, back-references...: Java's syntax, not RE2's): sops
     * aborts on it for every file no earlier rule matches. Not reported behind a rule without {@code path_regex},
     * which matches every file first.
     */
    private static void checkRegexes(SopsConfig config, RuleContext context) {
        for (SopsConfig.CreationRule rule : config.rules()) {
            if (rule.pathRegex().isEmpty()) {
                return;
            }
            rule.regexError().ifPresent(error -> context.at(new Location(config.path(), rule.span()))
                    .key("path-regex@" + rule.index())
                    .message("sops cannot compile the path_regex of creation rule " + (rule.index() + 1) + ": " + error
                            + ". For every file no earlier rule matches, sops fails with 'can not compile regexp' and "
                            + "never tries the later rules: rewrite it in Go's RE2 syntax")
                    .report());
        }
    }
}
