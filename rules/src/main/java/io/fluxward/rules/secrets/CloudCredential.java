package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.secrets.SecretKind;

/** FW-S008: a known credential pattern in any text file. */
@RuleInfo(
        id = "FW-S008",
        name = "cloud-credential",
        level = Level.ERROR,
        summary = "A cloud or SaaS credential is committed in clear.",
        description = """
                Looks in every text file (and in the base64 `data` of plaintext Secrets) for credentials with \
                a recognisable shape, using gitleaks' patterns: AWS access key IDs (`AKIA`/`ASIA`… + 16) and a \
                40-character secret access key next to one, GitHub tokens (`ghp_`, `gho_`, `ghs_`, `ghu_`, \
                `ghr_`, `github_pat_`), Slack tokens (`xox?-`, `xapp-`) and webhook URLs, GCP service-account \
                key files (`"type": "service_account"` with a `private_key`) and Azure storage connection \
                strings with an `AccountKey`. Matches inside `ENC[...]` are ciphertext and are ignored, and so are \
                stand-ins: an AWS key ID below gitleaks' entropy threshold of 3 (`AKIAXXXXXXXXXXXXXXXX`), a token \
                whose secret part is mostly runs of one character (`ghp_xxxx…`, `T00000000/B00000000/XXXX…`). \
                Documented example values such as `AKIAIOSFODNN7EXAMPLE` and the Azure storage emulator's \
                well-known `devstoreaccount1` key are reported as a note.""",
        fix = """
                Revoke the credential at its provider first (it is in the Git history), then remove it from the \
                file. Keep the new one out of Git: an `ExternalSecret` that reads it from your secret store, or a \
                SOPS-encrypted Secret (`sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE`). \
                For AWS prefer workload identity (IRSA / pod identity) to static keys.""",
        bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ci
                data:
                  GITHUB_TOKEN: ghp_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u
                """,
        good = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ci
                data:
                  GITHUB_TOKEN: ${GITHUB_TOKEN}
                """,
        tags = {"security", "secrets", "credentials"},
        securitySeverity = "9.0")
public final class CloudCredential implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        TextSecrets.report(file, context, SecretKind.Category.CLOUD_CREDENTIAL, m -> m.example()
                ? "if it is real, revoke it"
                : "revoke it at the provider, then keep the new one in an ExternalSecret or a SOPS-encrypted Secret");
    }
}
