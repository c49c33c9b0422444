package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.engine.RuleSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret value reaches any output. A repository full of planted canary secrets (Secret data,
 * kubeconfig tokens, HelmRelease values, keys in text files, values in broken YAML...) is scanned
 * with every rule in every format; no canary, nor its base64 form, may appear on stdout, stderr,
 * in report files or in anything the JVM prints. So that the test keeps its teeth as rules are
 * added, every rule that exists must also find its planted case.
 */
class RedactionTest {

    private static final String B64_CANARY = "canary-data-b64-5c4b3a";
    private static final String CLIENT_KEY_CANARY = "canary-client-key-data-9d8c7b";

    /** Every planted value; none may ever be printed. */
    private static final List<String> CANARIES = List.of(
            "canary-stringdata-9f8e7d", B64_CANARY, CLIENT_KEY_CANARY, "canary-kubeconfig-token-1a2b3c",
            "canary-kubeconfig-password-4e5f6a", "canary-helm-values-4d5e6f", "canary-embedded-secret-7a8b9c",
            "canary-configmap-apikey-3c2b1a", "canary-env-value-2b3c4d", "canary-dotenv-8e7f6a", "canary-literal-2f3e4d",
            "canary-sops-plaintext-6a5b4c", "canary-syntax-error-0a9b8c", "canary-dup-first-1f2e", "canary-dup-second-3d4c",
            "canary-unnamed-doc-5b6a", "AKIAQ7CANARYZ3X4Y5W6", "wJalrCANARYtnFEMIK7MDENGbPxRfiCYCANARYKEY",
            "ghp_CANARYa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5", "xoxb-1234567890-1234567890123-CANARYslackTOKENvalue",
            "CANARYPEMBODYb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
            "AGE-SECRET-KEY-1CANARYQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN5");

    /** Rule to the file it must find when the rule exists (built-in rules are added by several issues). */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("FW-G001", "apps/broken.yaml");
        EXPECTED.put("FW-G002", "apps/duplicate.yaml");
        EXPECTED.put("FW-G004", "apps/unnamed.yaml");
        EXPECTED.put("FW-S001", "apps/secret.yaml");
        EXPECTED.put("FW-S002", "apps/db.sops.yaml");
        EXPECTED.put("FW-S004", "keys/id_ed25519");
        EXPECTED.put("FW-S005", "clusters/worker01/kubeconfig.yaml");
        EXPECTED.put("FW-S006", "apps/kustomization.yaml");
        EXPECTED.put("FW-S007", "apps/configmap.yaml");
        EXPECTED.put("FW-S008", "ci/credentials.txt");
    }

    @TempDir
    static Path work;
    static Path repo;
    static String allRules;

    @BeforeAll
    static void plant() throws Exception {
        allRules = String.join(",", RuleSet.load(List.of()).descriptors().keySet());
        repo = Files.createDirectories(work.resolve("repo"));
        String b64 = Base64.getEncoder().encodeToString(B64_CANARY.getBytes(StandardCharsets.UTF_8));
        String clientKey = Base64.getEncoder().encodeToString(CLIENT_KEY_CANARY.getBytes(StandardCharsets.UTF_8));
        write("apps/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - secret.yaml
                  - configmap.yaml
                  - helmrelease.yaml
                  - duplicate.yaml
                  - unnamed.yaml
                  - db.sops.yaml
                secretGenerator:
                  - name: app-env
                    literals:
                      - password=canary-literal-2f3e4d
                """);
        write("apps/secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  namespace: apps
                type: Opaque
                stringData:
                  password: canary-stringdata-9f8e7d
                data:
                  token: %s
                """.formatted(b64));
        write("apps/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: apps
                data:
                  apiKey: canary-configmap-apikey-3c2b1a
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: apps
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/web:1.0.0
                          env:
                            - name: DB_PASSWORD
                              value: canary-env-value-2b3c4d
                """);
        write("apps/helmrelease.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: raw
                  namespace: apps
                spec:
                  interval: 1h
                  chart:
                    spec:
                      chart: raw
                      sourceRef: {kind: HelmRepository, name: bedag, namespace: flux-system}
                  values:
                    auth:
                      password: canary-helm-values-4d5e6f
                    resources:
                      - apiVersion: v1
                        kind: Secret
                        metadata:
                          name: embedded
                        stringData:
                          token: canary-embedded-secret-7a8b9c
                """);
        write("apps/duplicate.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: dup
                stringData:
                  token: canary-dup-first-1f2e
                  token: canary-dup-second-3d4c
                """);
        write("apps/unnamed.yaml", """
                kind: Secret
                metadata:
                  namespace: apps
                stringData:
                  key: canary-unnamed-doc-5b6a
                """);
        write("apps/broken.yaml", """
                apiVersion: v1
                kind: Secret
                stringData:
                  password: "canary-syntax-error-0a9b8c
                  other: x
                """);
        write("apps/db.sops.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db-sops
                  namespace: apps
                stringData:
                  password: ENC[AES256_GCM,data:Zm9vYmFy,iv:MTIzNDU2Nzg5MDEyMzQ1Ng==,tag:MTIzNDU2Nzg5MDEyMzQ1Ng==,type:str]
                  extra: canary-sops-plaintext-6a5b4c
                sops:
                  age:
                    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK
                        -----END AGE ENCRYPTED FILE-----
                  lastmodified: "2025-01-01T00:00:00Z"
                  mac: ENC[AES256_GCM,data:bWFj,iv:MTIzNDU2Nzg5MDEyMzQ1Ng==,tag:MTIzNDU2Nzg5MDEyMzQ1Ng==,type:str]
                  encrypted_regex: ^(data|stringData)$
                  version: 3.9.4
                """);
        write("clusters/worker01/kubeconfig.yaml", """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: worker01
                    cluster:
                      server: https://worker01.example.com:6443
                users:
                  - name: flux
                    user:
                      token: canary-kubeconfig-token-1a2b3c
                      client-key-data: %s
                  - name: admin
                    user:
                      password: canary-kubeconfig-password-4e5f6a
                contexts:
                  - name: worker01
                    context: {cluster: worker01, user: flux}
                current-context: worker01
                """.formatted(clientKey));
        write("keys/id_ed25519", """
                -----BEGIN OPENSSH PRIVATE KEY-----
                CANARYPEMBODYb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                QyNTUxOQAAACBk2bL0cCANARYm6C1pZ3hqS0n0lVdD2v2YwXQFv3d6kQAAAJjKJ2VZyidlWQAAAAtzc2gt
                -----END OPENSSH PRIVATE KEY-----
                """);
        write("keys/age.agekey", """
                # created: 2025-01-01T00:00:00Z
                # public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                AGE-SECRET-KEY-1CANARYQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN5
                """);
        write("ci/credentials.txt", """
                aws_access_key_id = AKIAQ7CANARYZ3X4Y5W6
                aws_secret_access_key = wJalrCANARYtnFEMIK7MDENGbPxRfiCYCANARYKEY
                github_token=ghp_CANARYa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5
                slack=xoxb-1234567890-1234567890123-CANARYslackTOKENvalue
                """);
        write(".env", "DB_PASSWORD=canary-dotenv-8e7f6a\n");
    }

    private static void write(String path, String text) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Runs a scan with every rule, capturing also whatever the JVM prints on System.out/err. */
    private static String[] scanEverything(String format, Path sarifFile) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream jvm = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(jvm, true, StandardCharsets.UTF_8);
        CliRun run;
        try {
            System.setOut(capture);
            System.setErr(capture);
            run = CliRun.of("scan", "--no-color", "--verbose", "--enable", allRules, "--fail-on", "never", "-f", format,
                    "--sarif", sarifFile.toString(), repo.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.CLEAN);
        return new String[] {run.out(), run.err(), jvm.toString(StandardCharsets.UTF_8)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "sarif", "checkstyle"})
    void noCanaryInAnyOutput(String format, @TempDir Path out) throws Exception {
        Path sarifFile = out.resolve("also.sarif");
        String[] printed = scanEverything(format, sarifFile);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("stdout (" + format + ")", printed[0]);
        outputs.put("stderr", printed[1]);
        outputs.put("JVM System.out/err", printed[2]);
        outputs.put("--sarif file", Files.readString(sarifFile, StandardCharsets.UTF_8));
        assertThat(printed[0]).as("the %s report is not empty", format).isNotBlank();
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            for (String canary : forms()) {
                assertThat(o.getValue()).as("%s must not contain a planted secret", o.getKey()).doesNotContain(canary);
            }
        }
    }

    @Test
    void everyExistingRuleFindsItsPlantedSecret(@TempDir Path out) throws Exception {
        Set<String> known = RuleSet.load(List.of()).descriptors().keySet();
        JsonNode report = new ObjectMapper().readTree(scanEverything("json", out.resolve("x.sarif"))[0]);
        Set<String> found = new TreeSet<>();
        report.get("findings").forEach(f -> found.add(f.get("ruleId").asText() + " " + f.get("path").asText()));
        List<String> checked = new ArrayList<>();
        EXPECTED.forEach((rule, path) -> {
            if (known.contains(rule)) {
                assertThat(found).as("%s finds the planted case in %s (findings: %s)", rule, path, found)
                        .contains(rule + " " + path);
                checked.add(rule);
            }
        });
        assertThat(checked).as("the rules of this issue that exist already").contains("FW-G001", "FW-G002", "FW-G004");
    }

    /** Each canary, its base64 form, and (for long ones) a distinctive middle part, so partial echoes are caught too. */
    private static List<String> forms() {
        List<String> out = new ArrayList<>();
        for (String c : CANARIES) {
            out.add(c);
            out.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)));
            if (c.length() >= 24) {
                out.add(c.substring(4, c.length() - 4));
            }
        }
        return out;
    }
}
