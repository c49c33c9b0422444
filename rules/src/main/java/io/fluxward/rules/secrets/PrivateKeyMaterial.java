package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.secrets.SecretKind;

/** FW-S004: a private key in any text file. */
@RuleInfo(
        id = "FW-S004",
        name = "private-key-material",
        level = Level.ERROR,
        summary = "A private key is committed in clear.",
        description = """
                Looks in every text file, not only YAML, for age identities (`AGE-SECRET-KEY-1…`, also the \
                post-quantum `AGE-SECRET-KEY-PQ-1…`) and PEM private keys of every kind: RSA, EC, DSA, \
                OPENSSH, PGP private key blocks, PKCS#8 plain and ENCRYPTED. It also decodes the base64 `data` \
                of plaintext Secrets (a `tls.key` is a PEM key in disguise). Public keys, certificates, \
                `ENC[...]` values and armored age/PGP messages never match; binary files are not read. The age \
                key that decrypts the repository's SOPS files (`age.agekey`) is the classic case: whoever holds \
                it reads every secret.""",
        fix = """
                Remove the file from the repository and from its history, and treat the key as compromised: \
                generate a new one and re-encrypt. For the SOPS age key:

                ```sh
                git rm --cached age.agekey && echo 'age.agekey' >> .gitignore
                age-keygen -o age.agekey                       # new identity; put its public key in .sops.yaml
                sops updatekeys path/to/secret.sops.yaml       # for every encrypted file
                ```

                Keep private keys in the cluster (`kubectl create secret generic sops-age \
                --from-file=age.agekey=/dev/stdin -n flux-system`) or encrypt them with SOPS like any Secret.""",
        bad = """
                # file: age.agekey
                # created: 2024-11-12T13:33:42Z
                # public key: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ
                """,
        good = """
                # file: age.pub
                # created: 2024-11-12T13:33:42Z
                # public key: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                """,
        tags = {"security", "secrets", "keys"},
        securitySeverity = "9.5")
public final class PrivateKeyMaterial implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        TextSecrets.report(file, context, SecretKind.Category.KEY_MATERIAL, m -> m.kind() == SecretKind.PEM_PRIVATE_KEY
                ? "remove it from Git, rotate it, and keep it in the cluster or SOPS-encrypted"
                : "this key decrypts every file encrypted for its recipient: remove it from Git, generate a new "
                + "identity and run `sops updatekeys` on the encrypted files");
    }
}
