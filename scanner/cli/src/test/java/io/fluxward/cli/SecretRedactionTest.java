package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.report.ReportContext;
import io.fluxward.report.Reporter;
import io.fluxward.report.Reporters;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret values never leave fluxward: canary values planted in Secrets, generators, kubeconfigs,
 * HelmRelease values, ConfigMaps, env vars and plain text files are found by the secret rules, and
 * none of them (nor its base64 form) appears in any finding's message, related message or
 * fingerprint, in any note, or in the output of any registered report format.
 */
class SecretRedactionTest {

    private static final String AKIA = "AKIA2E3MXQ7VWRUFP5XK";
    private static final String AWS_SECRET = "Zq3Xb/T0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7t";
    // Unique to this test: rule examples (printed in SARIF help) must not contain a canary.
    private static final String GITHUB = "ghp_Wk7YcN2qLm9RtV4xBz8HdP3sJf6GaE1uTo5i";
    private static final String AGE_KEY = "AGE-SECRET-KEY-1" + "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".repeat(2).substring(0, 58);
    private static final String PEM_BODY = "MHcCAQEEIKONEDygZhUDkOQLJkEniTixq9Hr6ZrQPGCFXYEQXZV0oAoGCCqGSM49"
            + "AwEHoUQDQgAEcanaryPEMbodyline0000000000000000000000000000000000";
    private static final String PEM = "-----BEGIN EC PRIVATE KEY-----\n" + PEM_BODY + "\n-----END EC PRIVATE KEY-----\n";

    // Credentials used as data keys: key names are shown in messages, but not a key that is a credential.
    private static final String KEY_GITHUB = "ghp_Ke7YcN2qLm9RtV4xBz8HdP3sJf6GaE1uKEY1";
    private static final String KEY_AKIA = "AKIAZ7QWERTYUIOPKEYS";

    private static final List<String> CANARIES = List.of("cnry-secret-stringdata-41", "cnry-data-b64-42",
            "cnry-literal-43", "cnry-envfile-44", "cnry-kubeconfig-token-45", "cnry-hr-values-46", "cnry-cm-47",
            "cnry-env-48", "cnry-sops-added-49", AKIA, AWS_SECRET, GITHUB, AGE_KEY, PEM_BODY, "cnry-kcfg-b64-50",
            "cnry-ini-51", "cnry-dotenv-52", "cnry-alias-53", KEY_GITHUB, KEY_AKIA, "cnry-cm-values-54",
            "cnry-gen-values-55");

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(".sops.yaml", "creation_rules:\n  - path_regex: secrets/.*\n    age: "
                + "age1e872k4x3n0wtl7z45kww6l7ecrr9daus36ugwlujw040h9vjtg9q7a2drn\n");
        f.put("apps/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: "
                + "cnry-secret-stringdata-41\ndata:\n  token: " + b64("cnry-data-b64-42") + "\n  tls.key: " + b64(PEM)
                + "\n  aws: " + b64("aws_access_key_id = " + AKIA + "\n") + "\n");
        f.put("apps/kustomization.yaml", "secretGenerator:\n  - name: g\n    literals:\n      - TOKEN=cnry-literal-43\n"
                + "    envs:\n      - app.env\nconfigMapGenerator:\n  - name: v\n    files:\n"
                + "      - values.yaml=helm/values.yaml\n");
        f.put("apps/helm/values.yaml", "auth:\n  apiToken: cnry-gen-values-55\n");
        f.put("apps/app.env", "PASSWORD=cnry-envfile-44\n");
        String kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster: {server: https://k}\nusers:\n"
                + "  - name: u\n    user:\n      token: cnry-kubeconfig-token-45\n";
        f.put("clusters/kubeconfig", kubeconfig);
        f.put("clusters/kubeconfig-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: kubeconfig\ndata:\n"
                + "  value: " + b64(kubeconfig.replace("cnry-kubeconfig-token-45", "cnry-kcfg-b64-50")) + "\n");
        f.put("apps/release.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: r\nspec:\n"
                + "  values:\n    adminPassword: cnry-hr-values-46\n    github:\n      token: " + GITHUB + "\n"
                + "    raw:\n      apiVersion: v1\n      kind: Secret\n      metadata: {name: e}\n      stringData:\n"
                + "        apiToken: cnry-hr-values-46\n");
        f.put("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  DB_PASSWORD: cnry-cm-47\n");
        f.put("apps/values-cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hv\ndata:\n  values.yaml: |\n"
                + "    adminPassword: cnry-cm-values-54\n");
        f.put("apps/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n"
                + "    spec:\n      containers:\n        - name: c\n          env:\n            - name: API_TOKEN\n"
                + "              value: cnry-env-48\n");
        f.put("docs/keys.txt", "aws_access_key_id = " + AKIA + "\naws_secret_access_key = " + AWS_SECRET + "\n" + AGE_KEY
                + "\n" + PEM);
        f.put("secrets/app.sops.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: enc\nstringData:\n"
                + "  a: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,"
                + "tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n  added: cnry-sops-added-49\nsops:\n  age:\n"
                + "    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\n      enc: x\n"
                + "  lastmodified: \"2024-11-12T13:33:42Z\"\n"
                + "  mac: ENC[AES256_GCM,data:Zm9v,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,"
                + "tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n  version: 3.9.0\n");
        f.put("secrets/backup.sops.ini", "[s3]\nsecret_key = cnry-ini-51\n\n[sops]\nage__list_0__map_recipient = "
                + "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\nlastmodified = 2024-11-12T13:33:42Z\n"
                + "mac = ENC[AES256_GCM,data:Zm9v,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,"
                + "type:str]\nversion = 3.9.0\n");
        f.put("secrets/app.sops.env", "PASSWORD=cnry-dotenv-52\nsops_age__list_0__map_recipient="
                + "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29\nsops_lastmodified=2024-11-12T13:33:42Z\n"
                + "sops_mac=ENC[AES256_GCM,data:Zm9v,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,"
                + "tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\nsops_version=3.9.0\n");
        f.put("apps/key-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: k\nstringData:\n  " + KEY_GITHUB
                + ": ci-bot\n  " + KEY_AKIA + ": one\n  " + KEY_AKIA + ": two\n");
        // An unquoted value that starts with '*' is an alias to YAML: the syntax error must not name it.
        f.put("apps/broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\nstringData:\n"
                + "  password: *cnry-alias-53\n");
        return f;
    }

    private static ScanResult scan() throws Exception {
        return new Scanner(rules).scan(MemorySnapshot.ofText(files()), Config.empty(), ScanOptions.defaults());
    }

    @Test
    void everyPlantedSecretIsFound() throws Exception {
        Set<String> found = scan().findings().stream().map(f -> f.path() + " " + f.ruleId()).collect(Collectors.toSet());
        assertThat(found).contains("apps/secret.yaml FW-S001", "apps/secret.yaml FW-S004", "apps/secret.yaml FW-S008",
                "apps/kustomization.yaml FW-S006", "clusters/kubeconfig FW-S005", "clusters/kubeconfig-secret.yaml FW-S005",
                "apps/release.yaml FW-S007", "apps/release.yaml FW-S008", "apps/release.yaml FW-S001",
                "apps/cm.yaml FW-S007", "apps/deploy.yaml FW-S007", "apps/values-cm.yaml FW-S007",
                "apps/helm/values.yaml FW-S007", "docs/keys.txt FW-S004", "docs/keys.txt FW-S008",
                "secrets/app.sops.yaml FW-S002", "secrets/backup.sops.ini FW-S002", "secrets/app.sops.env FW-S002",
                "apps/broken.yaml FW-G001", "apps/key-secret.yaml FW-S001", "apps/key-secret.yaml FW-S008",
                "apps/key-secret.yaml FW-G002");
    }

    @Test
    void noCanaryInFindingsNotesOrAnyReportFormat() throws Exception {
        ScanResult result = scan();
        StringBuilder everything = new StringBuilder();
        for (Finding f : result.findings()) {
            everything.append(f.message()).append('\n').append(f.fingerprint()).append('\n');
            f.related().forEach(r -> everything.append(r.message()).append('\n'));
        }
        for (Note n : result.notes()) {
            everything.append(n.render()).append('\n');
        }
        ReportContext context = new ReportContext(rules.descriptors(), "test", "", false, "");
        int formats = 0;
        for (String name : Reporters.names()) {
            Reporter reporter = Reporters.forName(name).orElseThrow();
            StringWriter out = new StringWriter();
            reporter.write(result, context, out);
            everything.append(out);
            formats++;
        }
        assertThat(formats).as("report formats checked").isPositive();
        String all = everything.toString();
        for (String canary : CANARIES) {
            assertThat(all).as("output must not contain a planted secret").doesNotContain(canary);
            assertThat(all).as("output must not contain a planted secret in base64").doesNotContain(b64(canary));
        }
        assertThat(all).doesNotContain("cnry-");
    }
}
