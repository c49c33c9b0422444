package io.fluxward.rules.secrets;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.sops.KeyType;
import io.fluxward.sops.Recipient;
import io.fluxward.sops.SopsConfig;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** FW-S011: an encrypted file whose age/PGP recipients differ from its creation rule's. */
@RuleInfo(
        id = "FW-S011",
        name = "sops-recipient-mismatch",
        level = Level.WARNING,
        summary = "An encrypted file's age/PGP recipients differ from those of its .sops.yaml creation rule.",
        description = """
                After a key rotation (a recipient added to or removed from `.sops.yaml`), files keep the \
                recipients they were encrypted for until someone runs `sops updatekeys`: the new key (say, a new \
                cluster's) cannot decrypt them, and a removed key still can. The rule compares the set of age \
                recipients and PGP fingerprints in the file's `sops` block (all key groups) with those of the \
                first matching creation rule of the nearest `.sops.yaml` (its `age`/`pgp` keys, comma-separated \
                or lists, or its `key_groups`); order does not matter. It names the recipients that differ: \
                they are public keys, not secrets. Rules whose keys are template placeholders (`${…}`) are \
                skipped.""",
        fix = """
                Re-encrypt the data key for the rule's recipients (the values do not change):

                ```sh
                sops updatekeys --yes path/to/secret.sops.yaml
                ```

                Run it for every file the rule covers, e.g. \
                `find . -name '*.sops.yaml' -exec sops updatekeys --yes {} \\;`. You need a key that can \
                decrypt the file today.""",
        bad = """
                # file: .sops.yaml
                creation_rules:
                  - path_regex: .*\\.sops\\.yaml$
                    encrypted_regex: ^(data|stringData)$
                    age: >-
                      age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29,
                      age1pkvndamg24cre2mnnqax9zuvg87686psxfws699669n57we3uqwqvc8705
                # file: apps/secret.sops.yaml
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api
                stringData:
                """ +
                "  token: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                sops:
                  age:
                    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                      enc: x
                  lastmodified: "2024-11-12T13:33:42Z"
                """ +
                "  mac: ENC[AES256_GCM,data:Zm9vYmFy,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                  encrypted_regex: ^(data|stringData)$
                  version: 3.9.0
                """,
        good = """
                # file: .sops.yaml
                creation_rules:
                  - path_regex: .*\\.sops\\.yaml$
                    encrypted_regex: ^(data|stringData)$
                    age: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                # file: apps/secret.sops.yaml
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api
                stringData:
                """ +
                "  token: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                sops:
                  age:
                    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                      enc: x
                  lastmodified: "2024-11-12T13:33:42Z"
                """ +
                "  mac: ENC[AES256_GCM,data:Zm9vYmFy,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                  encrypted_regex: ^(data|stringData)$
                  version: 3.9.0
                """,
        tags = {"security", "secrets", "sops"},
        securitySeverity = "4.0")
public final class SopsRecipientMismatch implements RepositoryRule {

    private static final Set<KeyType> COMPARED = Set.of(KeyType.AGE, KeyType.PGP);

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        SopsRules sops = model.facet(SopsRules.FACET);
        if (sops.configs().isEmpty()) {
            return;
        }
        for (SopsFile file : sops.sopsFiles()) {
            Optional<SopsConfig> config = sops.configFor(file.path());
            Optional<SopsConfig.CreationRule> rule = config.flatMap(c -> c.ruleFor(file.path()));
            if (rule.isEmpty() || rule.get().hasPlaceholders()) {
                continue;
            }
            Map<String, Recipient> wanted = byIdentity(rule.get().recipients());
            Map<String, Recipient> actual = byIdentity(file.metadata().recipients());
            if (wanted.isEmpty() && actual.isEmpty() || wanted.keySet().equals(actual.keySet())) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            wanted.forEach((id, r) -> {
                if (!actual.containsKey(id)) {
                    missing.add(r.display());
                }
            });
            List<String> extra = new ArrayList<>();
            actual.forEach((id, r) -> {
                if (!wanted.containsKey(id)) {
                    extra.add(r.display());
                }
            });
            StringBuilder message = new StringBuilder("recipients differ from ").append(config.get().path()).append(' ')
                    .append(rule.get().display()).append(':');
            if (!missing.isEmpty()) {
                message.append(" not encrypted for ").append(String.join(", ", missing)).append(" (in the rule);");
            }
            if (!extra.isEmpty()) {
                message.append(" still encrypted for ").append(String.join(", ", extra)).append(" (not in the rule);");
            }
            if (rule.get().recipients().isEmpty()) {
                // Nothing to re-key to: `sops updatekeys` has no key, and `sops --encrypt` refuses a rule without keys.
                // Most often the rule's keys ended up in a list item of their own, a rule that comes later.
                message.append(" the rule has no recipients at all (no age, pgp, kms, gcp_kms, azure_keyvault, hc_vault "
                        + "or key_groups), so `sops updatekeys` has nothing to re-key to: give that rule its keys (are they "
                        + "in a list item of their own?)");
            } else {
                message.append(" run `sops updatekeys ").append(SecretSupport.shellWord(context.shown(file.path())))
                        .append('`');
            }
            context.at(new Location(file.path(), file.metadata().anchor())).key("recipients")
                    .message(message.toString())
                    .related(new Location(config.get().path(), rule.get().span()), "the creation rule that applies")
                    .report();
        }
    }

    private static Map<String, Recipient> byIdentity(List<Recipient> recipients) {
        Map<String, Recipient> out = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (COMPARED.contains(r.type()) && !r.id().isEmpty()) {
                out.putIfAbsent(r.identity(), r);
            }
        }
        return out;
    }
}
