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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SARIF partial fingerprints identify a finding by what it is about, not by where it is: lines
 * added above it (comments, other keys, other objects) must not change them, so GitHub keeps the
 * same alert open instead of closing it and opening a new one.
 */
class FingerprintStabilityTest {

    private static final String KUSTOMIZATION = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - deployment.yaml
              - configmaps.yaml
            """;

    private static final String DEPLOYMENT = """
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
            """;

    private static final String CONFIGMAPS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: first
            data:
              mode: fast
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: second
            data:
              # fluxward:ignore FW-G004
              level: info
              level: debug
              # fluxward:ignore FW-G004
              other: x
            """;

    @Test
    void unrelatedLinesAboveDoNotChangePartialFingerprints(@TempDir Path dir) throws Exception {
        Path before = write(dir.resolve("before"), DEPLOYMENT, CONFIGMAPS);
        Path after = write(dir.resolve("after"),
                "# owner: team-web\n# see the runbook\n\n" + DEPLOYMENT,
                """
                # generated from the team template
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: first
                  labels:
                    team: web
                data:
                  mode: fast
                  extra: "1"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: second
                  annotations:
                    note: added later
                data:
                  added: key
                """ + CONFIGMAPS.substring(CONFIGMAPS.indexOf("  # fluxward:ignore FW-G004\n  level")));

        Map<String, List<String>> fingerprintsBefore = fingerprints(before);
        Map<String, List<String>> fingerprintsAfter = fingerprints(after);
        assertThat(fingerprintsBefore.keySet()).as("the sample has findings of G002, G004 and G005")
                .contains("FW-G002", "FW-G004", "FW-G005");
        assertThat(lines(after)).as("the findings did move down").isNotEqualTo(lines(before));
        assertThat(fingerprintsAfter).isEqualTo(fingerprintsBefore);
    }

    @Test
    void differentFindingsHaveDifferentFingerprints(@TempDir Path dir) throws Exception {
        Path repo = write(dir.resolve("repo"), DEPLOYMENT, CONFIGMAPS);
        List<String> all = new ArrayList<>();
        fingerprints(repo).values().forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);

        Path moved = write(dir.resolve("moved"), DEPLOYMENT, CONFIGMAPS.replace("  level: debug", "  mode: debug")
                .replace("  level: info", "  mode: info"));
        assertThat(fingerprints(moved).get("FW-G002")).as("a duplicate of another key is another finding")
                .doesNotContainAnyElementsOf(fingerprints(repo).get("FW-G002"));
    }

    private static Path write(Path dir, String deployment, String configmaps) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), KUSTOMIZATION, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("deployment.yaml"), deployment, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("configmaps.yaml"), configmaps, StandardCharsets.UTF_8);
        return dir;
    }

    private static JsonNode results(Path repo) throws Exception {
        CliRun run = CliRun.of("scan", "--format", "sarif", repo.toString());
        assertThat(run.exit()).as("%s", run).isIn(0, 1);
        return new ObjectMapper().readTree(run.out()).at("/runs/0/results");
    }

    /** Primary partial fingerprints by rule, checking that the fluxward/v1 key agrees. */
    private static Map<String, List<String>> fingerprints(Path repo) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode r : results(repo)) {
            String primary = r.at("/partialFingerprints/primaryLocationLineHash").asText();
            assertThat(r.at("/partialFingerprints/fluxward~1v1").asText()).isEqualTo(primary);
            out.computeIfAbsent(r.get("ruleId").asText(), k -> new ArrayList<>()).add(primary);
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private static List<Integer> lines(Path repo) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (JsonNode r : results(repo)) {
            out.add(r.at("/locations/0/physicalLocation/region/startLine").asInt());
        }
        return out;
    }
}
