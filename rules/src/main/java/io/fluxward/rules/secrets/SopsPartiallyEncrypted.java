package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.secrets.Mask;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsMetadata;

/** FW-S002: a plaintext value in a SOPS file where the file's own settings say it must be encrypted. */
@RuleInfo(
        id = "FW-S002",
        name = "sops-partially-encrypted",
        level = Level.ERROR,
        summary = "A SOPS-encrypted file holds a plaintext value that its own settings say must be encrypted.",
        description = """
                Typically a key added by hand after encryption. A SOPS file is one whose `sops` metadata has a \
                `mac` (the marker Flux looks for); a `sops:` key holding another tool's settings (helmfile's \
                `sops: {age: {keyFile: ...}}`) does not make a file SOPS-encrypted. Flux does not verify the \
                SOPS MAC by default, so the plaintext value is applied as it is, and it sits in Git in clear. The \
                rule reads the \
                file's own `sops` metadata (YAML, JSON, dotenv `sops_*` lines, INI `[sops]`) and decides for \
                each value exactly as sops does: every key on the value's path is tested against \
                `encrypted_regex` / `unencrypted_regex` (unanchored) or `encrypted_suffix` / \
                `unencrypted_suffix`; without any of them everything is encrypted except keys ending in \
                `_unencrypted`. Empty strings stay empty in sops and are not reported. Files that select values \
                with comment regexes are skipped (the decision depends on YAML comments).""",
        fix = """
                Re-encrypt the file so that sops encrypts the new value (`sops` keeps the existing ciphertexts):

                ```sh
                sops --decrypt --in-place FILE && sops --encrypt --in-place FILE
                ```

                Better, edit encrypted files only with `sops FILE` (it decrypts to an editor and re-encrypts \
                on save), and rotate the value: it is in the Git history in clear.""",
        bad = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                stringData:
                """ +
                "  password: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                  apiToken: added-by-hand-later
                sops:
                  age:
                    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSB0ZXN0Cg==
                        -----END AGE ENCRYPTED FILE-----
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
                  name: db
                stringData:
                """ +
                "  password: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                """ +
                "  apiToken: ENC[AES256_GCM,data:c2VjcmV0,iv:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]\n" +
                """
                sops:
                  age:
                    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSB0ZXN0Cg==
                        -----END AGE ENCRYPTED FILE-----
                  lastmodified: "2024-11-12T13:33:42Z"
                """ +
                "  mac: ENC[AES256_GCM,data:Zm9vYmFy,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                  encrypted_regex: ^(data|stringData)$
                  version: 3.9.0
                """,
        tags = {"security", "secrets", "sops"},
        securitySeverity = "8.5")
public final class SopsPartiallyEncrypted implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        SopsFile.of(file).ifPresent(sops -> {
            for (SopsFile.Document doc : sops.documents()) {
                SopsMetadata metadata = doc.metadata();
                if (metadata.mac().isEmpty()) {
                    // Without a mac nothing was encrypted by sops, or the file is broken: FW-S003's, not a leak.
                    continue;
                }
                for (SopsFile.Leaf leaf : doc.leaves()) {
                    if (leaf.isEmpty() || leaf.looksEncrypted()
                            || metadata.verdict(leaf.keyPath()) != SopsMetadata.Verdict.ENCRYPT) {
                        continue;
                    }
                    SecretSupport.at(context, file.path(), leaf).secret(leaf.value()).message("`" + Mask.entry(leaf.path())
                            + "` is plaintext in a SOPS-encrypted file whose " + metadata.selection().display()
                            + " says it must be encrypted (added after encryption?): re-encrypt the file with sops"
                            + " and rotate the value").report();
                }
            }
        });
    }
}
