package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.sops.SopsFile;
import io.fluxward.yaml.YNode;
import java.util.Set;

/** FW-S012: a SOPS-encrypted manifest whose apiVersion, kind or metadata is encrypted. */
@RuleInfo(
        id = "FW-S012",
        name = "sops-encrypted-structure",
        level = Level.ERROR,
        summary = "A SOPS-encrypted Kubernetes manifest has its apiVersion, kind or metadata encrypted.",
        description = """
                kustomize and Flux read `apiVersion`, `kind` and `metadata` before decrypting: with them \
                encrypted, the build fails or the object cannot be identified, and the Kustomization stops \
                reconciling. This happens when a manifest is encrypted without `--encrypted-regex` (sops then \
                encrypts every value). The finding points at the first encrypted field of each document; SOPS \
                files that are not manifests (Talos secrets, Helm values, kubeconfigs: `clusters`, `contexts`, \
                `users` and no `metadata`) are not checked.""",
        fix = """
                Decrypt and re-encrypt only the secret fields, the Flux convention:

                ```sh
                sops --decrypt --in-place FILE
                sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE
                ```

                and put `encrypted_regex: ^(data|stringData)$` in the `.sops.yaml` creation rule so the next \
                `sops --encrypt` does the same.""",
        bad = """
                """ +
                "apiVersion: ENC[AES256_GCM,data:Ww==,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                """ +
                "kind: ENC[AES256_GCM,data:Ww8gb2Z0,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
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
                  unencrypted_suffix: _unencrypted
                  version: 3.9.0
                """,
        good = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: token
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
        tags = {"sops", "flux", "correctness"})
public final class SopsEncryptedStructure implements FileRule {

    private static final Set<String> STRUCTURE = Set.of("apiVersion", "kind", "metadata");
    /** Top-level keys of a kubeconfig ({@code kind: Config}), which nothing applies to a cluster. */
    private static final Set<String> KUBECONFIG = Set.of("clusters", "contexts", "users", "current-context", "preferences");

    @Override
    public void check(FileModel file, RuleContext context) {
        SopsFile.of(file).ifPresent(sops -> {
            for (SopsFile.Document doc : sops.documents()) {
                YNode root = doc.root();
                if (!root.get("apiVersion").isPresent() || !root.get("kind").isPresent() || isKubeconfig(root)) {
                    continue;
                }
                doc.leaves().stream()
                        .filter(l -> STRUCTURE.contains(l.keyPath().get(0)) && l.looksEncrypted())
                        .findFirst()
                        .ifPresent(leaf -> SecretSupport.at(context, file.path(), leaf).message("`" + leaf.path()
                                + "` is encrypted: kustomize and Flux cannot read this manifest's apiVersion, kind and "
                                + "metadata. Re-encrypt with `" + SecretSupport.ENCRYPT_COMMAND
                                + SecretSupport.shellWord(context.shown(file.path())) + "`")
                                .report());
            }
        });
    }

    /**
     * A kubeconfig, whose {@code apiVersion} and {@code kind} sops encrypts with the rest by default: no
     * {@code metadata}, and the kubeconfig's own keys (its kind may be encrypted, so not read from there).
     */
    private static boolean isKubeconfig(YNode root) {
        if (root.get("kind").textOr("").equals("Config") && root.get("apiVersion").textOr("").equals("v1")) {
            return true;
        }
        return !root.get("metadata").isPresent() && root.entries().stream().anyMatch(e -> KUBECONFIG.contains(e.keyText()));
    }
}
