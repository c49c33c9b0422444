package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.sops.EncValue;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsMetadata;
import java.util.List;
import java.util.Optional;

/** FW-S003: SOPS metadata that sops cannot use, or a malformed ENC[...] value. */
@RuleInfo(
        id = "FW-S003",
        name = "sops-metadata-invalid",
        level = Level.ERROR,
        summary = "A SOPS file's metadata is incomplete, or one of its ENC[...] values is malformed.",
        description = """
                sops and Flux's kustomize-controller refuse to decrypt a file whose `sops` block lacks `mac`, \
                `version` or `lastmodified` (RFC 3339), names no recipient at all (no age, pgp, kms, gcp_kms, \
                azure_kv, hc_vault or hckms entry), or names more than one value selection setting; the \
                Kustomization then fails and nothing in it is applied. An `ENC[...]` value must be exactly \
                `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` with standard base64, a 32-byte IV, a 16-byte tag and \
                a type sops knows (`str`, `int`, `float`, `bool`, `bytes`, `time`, `comment`): anything else is \
                a hand edit or a merge accident and cannot be decrypted. The finding points at the `sops:` key \
                for metadata problems and at the value for a malformed `ENC[...]`. A `sops` mapping is judged as \
                SOPS metadata when it has a `mac`, or `lastmodified` / `version` next to a recipient list \
                (`age: [...]`, `key_groups: [...]`): another tool's `sops:` settings (helmfile's \
                `sops: {age: {keyFile: ...}}`) are not.""",
        fix = """
                Restore the file from the last commit that decrypts (`git log -p FILE`), or re-create it: \
                decrypt it where you still can (`sops --decrypt FILE > plain.yaml`), then encrypt again with \
                `sops --encrypt --encrypted-regex '^(data|stringData)$' plain.yaml > FILE` and delete \
                `plain.yaml`. Never edit `ENC[...]` values or the `sops` block by hand: use `sops FILE`.""",
        bad = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api
                stringData:
                  token: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]
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
        tags = {"sops", "secrets", "correctness"})
public final class SopsMetadataInvalid implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        Optional<SopsFile> found = SopsFile.of(file);
        if (found.isEmpty()) {
            return;
        }
        SopsFile sops = found.get();
        for (SopsFile.Document doc : sops.documents()) {
            if (doc.own().isEmpty()) {
                continue;
            }
            SopsMetadata m = doc.own().get();
            List<String> problems = m.problems();
            if (!problems.isEmpty()) {
                context.at(new Location(file.path(), m.anchor())).key("metadata@" + doc.index())
                        .message("SOPS metadata " + String.join(", ", problems) + ": sops and Flux cannot decrypt "
                                + "this file").report();
            }
            m.mac().ifPresent(mac -> EncValue.problem(mac.value()).ifPresent(p -> context
                    .at(new Location(file.path(), mac.span())).key("mac@" + doc.index())
                    .message("SOPS mac " + p + ": sops and Flux cannot decrypt this file").report()));
        }
        for (SopsFile.Leaf leaf : sops.leaves()) {
            if (leaf.looksEncrypted()) {
                EncValue.problem(leaf.value()).ifPresent(p -> SecretSupport.at(context, file.path(), leaf)
                        .message("`" + leaf.path() + "` is not a valid ENC[...] value: it " + p
                                + " (edited by hand or damaged by a merge)").report());
            }
        }
    }
}
