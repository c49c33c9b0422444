package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.report.Reporters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary values planted wherever a secret can sit (Secret data, SOPS values, kubeconfig tokens,
 * env values, private keys, credentials in text files), and on lines that break the parser,
 * never appear in any output: stdout, stderr with --verbose, every report format, the report
 * files, nor the stack traces of FLUXWARD_DEBUG (the scan is run so that none is printed).
 */
class SecretHygieneTest {

    /** Distinct canaries, so a leak names the place it came from. */
    private static final String[] CANARIES = {"c4n4ry0data", "c4n4ry1string", "c4n4ry2token", "c4n4ry3env",
        "c4n4ry4broken", "c4n4ry5escape", "c4n4ry6tag", "c4n4ry7dup", "c4n4ry8json", "c4n4ry9text", "c4n4ryAconfig",
        "c4n4ryBvalues", "c4n4ryCkey", "c4n4ryDutf16", "c4n4ryEsops"};

    @TempDir
    Path temp;

    @BeforeAll
    static void ownExecution() {
        Reliability.requireOwnExecution();
    }

    private Path plant() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        write(repo, "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\ndata:\n"
                + "  password: " + b64(CANARIES[0]) + "\nstringData:\n  token: " + CANARIES[1] + "\n  other: "
                + CANARIES[1] + "\n");
        write(repo, "kubeconfig.yaml", "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: " + CANARIES[2]
                + "\n    client-key-data: " + b64(CANARIES[2]) + "\n- name: x\n  user:\n    exec:\n      args: [--client-secret="
                + CANARIES[2] + "a, --token, " + CANARIES[2] + "b]\n");
        write(repo, "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
                + "    spec:\n      containers:\n      - name: web\n        env:\n        - name: API_TOKEN\n          value: "
                + CANARIES[3] + "\n");
        write(repo, "broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: b}\nstringData:\n  password: " + CANARIES[4]
                + ": oops\n   bad: [" + CANARIES[4] + "\n");
        write(repo, "escape.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: e}\nstringData:\n  password: \"\\u"
                + CANARIES[5] + "\"\n");
        write(repo, "tag.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: t}\nstringData:\n  password: !"
                + CANARIES[6] + "! x\n");
        write(repo, "dup.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: d}\nstringData:\n  password: " + CANARIES[7]
                + "\n  password: " + CANARIES[7] + "x\n");
        write(repo, "values.json", "{\"password\": \"" + CANARIES[8] + "\", ");
        write(repo, "notes.txt", "aws_secret_access_key = " + CANARIES[9] + "\nAKIAIOSFODNN7" + "C4N4RY9\n");
        write(repo, "release.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: r}\nspec:\n"
                + "  values:\n    auth:\n      password: " + CANARIES[11] + "\n    extra:\n    - apiVersion: v1\n"
                + "      kind: Secret\n"
                + "      metadata: {name: inner}\n      stringData: {apiKey: " + CANARIES[11] + "}\n");
        write(repo, "key.pem", "-----BEGIN RSA PRIVATE KEY-----\n" + CANARIES[12] + "MIIEowIBAAKCAQEA" + "x".repeat(64)
                + "\n-----END RSA PRIVATE KEY-----\n");
        Files.write(repo.resolve("wide.yaml"), ("apiVersion: v1\nkind: Secret\nmetadata: {name: w}\nstringData: {password: "
                + CANARIES[13] + "}\n").getBytes(StandardCharsets.UTF_16LE));
        write(repo, "sops.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: " + CANARIES[14]
                + "\n  token: ENC[AES256_GCM,data:" + CANARIES[14] + ",iv:bad,tag:bad,type:str]\nsops:\n  mac: ENC[x]\n"
                + "  version: 3.8.1\n");
        write(repo, ".fluxward.yaml", "rules:\n  FW-G002: {level: warning}\n");
        return repo;
    }

    @Test
    void canariesNeverAppearInAnyOutput() throws Exception {
        Path repo = plant();
        List<String> outputs = new ArrayList<>();
        for (String format : formats()) {
            Path report = temp.resolve("report." + format);
            MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "-v", "--format", format, "--output", report.toString(),
                    repo.toString());
            outputs.add(run.out() + run.err() + Files.readString(report, StandardCharsets.UTF_8));
            MeasuredRun console = MeasuredRun.inProcess("scan", "--no-color", "-v", "--format", format, repo.toString());
            outputs.add(console.out() + console.err());
            assertThat(console.findings().size() + console.out().length()).as("the scan reported something").isPositive();
        }
        for (String output : outputs) {
            for (String canary : CANARIES) {
                assertThat(output).as("canary %s leaked", canary).doesNotContainIgnoringCase(canary);
            }
        }
    }

    @Test
    void configurationErrorsDoNotQuoteValues() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("cfg"));
        write(repo, "a.yaml", "a: 1\n");
        for (String config : List.of("limits:\n  maxDepth: " + CANARIES[10] + "\n", "ignore: " + CANARIES[10] + "\n",
                "rules:\n  FW-G001: {level: " + CANARIES[10] + "}\n", "flux: [" + CANARIES[10] + "\n",
                "rules:\n  FW-G001: {enabled: \"\\u" + CANARIES[10] + "\"}\n")) {
            write(repo, ".fluxward.yaml", config);
            MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "-v", repo.toString());
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.out() + run.err()).doesNotContainIgnoringCase(CANARIES[10]);
        }
    }

    private static List<String> formats() {
        List<String> names = new ArrayList<>();
        Reporters.names().forEach(names::add);
        return names;
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path repo, String path, String text) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
