package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule pack built outside fluxward loads with {@code --rules-jar} and behaves like a built-in one. */
class ExternalRuleJarTest {

    @TempDir
    static Path work;
    static Path jar;
    static Path repo;

    @BeforeAll
    static void buildJarAndRepo() throws Exception {
        jar = ExternalRuleJar.build(work, "acme-rules", Map.of("LatestTag", ExternalRuleJar.LATEST_TAG,
                "OwnerLabel", ExternalRuleJar.OWNER_LABEL));
        repo = Files.createDirectories(work.resolve("repo/apps"));
        Files.writeString(repo.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                    - name: web
                      image: nginx:latest
                """, StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
                """, StandardCharsets.UTF_8);
    }

    private static List<String> findings(CliRun run) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).get("findings")) {
            out.add(f.get("ruleId").asText() + " " + f.get("path").asText() + ":" + f.get("line").asText() + ":"
                    + f.get("column").asText() + " " + f.get("message").asText());
        }
        return out;
    }

    @Test
    void scanLoadsTheJarAndReportsItsFindings() throws Exception {
        CliRun run = CliRun.of("scan", "--rules-jar", jar.toString(), "-f", "json", repo.toString());
        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(findings(run)).containsExactly("ACME-L001 pod.yaml:8:14 image nginx:latest uses the latest tag");
        assertThat(run.out()).contains("\"name\": \"latest-image-tag\"");

        CliRun failing = CliRun.of("scan", "--rules-jar", jar.toString(), "--fail-on", "warning", repo.toString());
        assertThat(failing.exit()).as("%s", failing).isEqualTo(1);
        assertThat(failing.out()).contains("pod.yaml:8:14: warning ACME-L001 latest-image-tag: image nginx:latest uses");
    }

    @Test
    void sarifDescribesTheExternalRule() throws Exception {
        CliRun run = CliRun.of("scan", "--rules-jar", jar.toString(), "-f", "sarif", repo.toString());
        JsonNode sarifRun = new ObjectMapper().readTree(run.out()).at("/runs/0");
        List<String> ids = new ArrayList<>();
        sarifRun.at("/tool/driver/rules").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).contains("ACME-L001").doesNotContain("ACME-O001");
        int index = sarifRun.at("/results/0/ruleIndex").asInt();
        assertThat(ids.get(index)).isEqualTo("ACME-L001");
    }

    @Test
    void optInRuleRunsOnlyWhenEnabled() throws Exception {
        assertThat(findings(CliRun.of("scan", "--rules-jar", jar.toString(), "-f", "json", repo.toString())))
                .noneMatch(f -> f.startsWith("ACME-O001"));
        assertThat(findings(CliRun.of("scan", "--rules-jar", jar.toString(), "--enable", "ACME-O001", "-f", "json",
                repo.toString()))).contains("ACME-O001 cm.yaml:2:1 ConfigMap/settings has no owner label");

        Path configured = Files.createDirectories(work.resolve("configured"));
        Files.copy(repo.resolve("cm.yaml"), configured.resolve("cm.yaml"));
        Files.writeString(configured.resolve(".fluxward.yaml"), "rules:\n  ACME-O001: { enabled: true }\n");
        assertThat(findings(CliRun.of("scan", "--rules-jar", jar.toString(), "-f", "json", configured.toString())))
                .containsExactly("ACME-O001 cm.yaml:2:1 ConfigMap/settings has no owner label");
    }

    @Test
    void rulesAndExplainListTheExternalRules() {
        CliRun rules = CliRun.of("rules", "--rules-jar", jar.toString());
        assertThat(rules.exit()).isZero();
        assertThat(rules.out()).contains("ACME-L001", "latest-image-tag", "ACME-O001").contains("FW-G001");
        CliRun explain = CliRun.of("explain", "--rules-jar", jar.toString(), "ACME-L001");
        assertThat(explain.exit()).isZero();
        assertThat(explain.out()).contains("ACME-L001 latest-image-tag (warning)", "Pin a version tag or a digest.");
    }

    @Test
    void aJarThatClaimsABuiltInIdIsRefused(@TempDir Path dir) throws Exception {
        Path impostor = ExternalRuleJar.build(dir, "impostor", Map.of("Impostor", ExternalRuleJar.IMPOSTOR));
        CliRun run = CliRun.of("scan", "--rules-jar", impostor.toString(), repo.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).hasSize(1).first().asString().contains("two rules claim FW-G001");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void aMissingJarIsAUsageError() {
        CliRun run = CliRun.of("scan", "--rules-jar", work.resolve("nope.jar").toString(), repo.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly("fluxward: " + work.resolve("nope.jar") + ": rules jar not found");
    }

    @Test
    void aFileThatIsNotAJarIsAUsageError(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("rules.jar"), "this is not a zip\n");
        for (String command : List.of("scan", "rules")) {
            List<String> args = new ArrayList<>(List.of(command, "--rules-jar", text.toString()));
            if (command.equals("scan")) {
                args.add(repo.toString());
            }
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.errLines()).containsExactly("fluxward: " + text + ": not a jar (cannot be read as a zip archive)");
        }
    }

    /** Alone, a jar without rules is surely a mistake; beside rule jars it may hold the classes their rules use. */
    @Test
    void aJarWithoutRulesIsAnErrorAloneAndAWarningBesideRules(@TempDir Path dir) throws Exception {
        Path library = dir.resolve("library.jar");
        try (java.util.jar.JarOutputStream zip = new java.util.jar.JarOutputStream(Files.newOutputStream(library))) {
            zip.putNextEntry(new java.util.jar.JarEntry("com/acme/Helper.txt"));
            zip.closeEntry();
        }
        CliRun alone = CliRun.of("scan", "--rules-jar", library.toString(), repo.toString());
        assertThat(alone.exit()).as("%s", alone).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.errLines()).containsExactly("fluxward: " + library
                + ": declares no rule (no META-INF/services/io.fluxward.engine.Rule entry listing one)");

        CliRun beside = CliRun.of("scan", "--rules-jar", jar.toString(), "--rules-jar", library.toString(), "-f", "json",
                repo.toString());
        assertThat(beside.exit()).as("%s", beside).isZero();
        assertThat(findings(beside)).containsExactly("ACME-L001 pod.yaml:8:14 image nginx:latest uses the latest tag");
        assertThat(beside.errLines()).contains("fluxward: warning: " + library
                + ": declares no rule (no META-INF/services/io.fluxward.engine.Rule entry); only its classes are used");

        CliRun baseline = CliRun.of("baseline", "create", "--rules-jar", jar.toString(), "--rules-jar", library.toString(),
                "--path", repo.toString(), dir.resolve("baseline.json").toString());
        assertThat(baseline.err()).as("%s", baseline).contains("fluxward: warning: " + library + ": declares no rule");
    }
}
