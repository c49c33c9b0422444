package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.Version;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanResult;
import io.fluxward.report.ReportContext;
import io.fluxward.report.Reporters;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SARIF of the whole fixture suite passes {@code ../shared/tools/sarif-validate} (the OASIS
 * schema plus GitHub code scanning's rules), and is structurally sound on its own terms.
 */
class SarifValidationTest {

    /** sarif-validate's GitHub policy (GH1004) flags runs of more than 1,000 results, so the suite is split. */
    private static final int RESULTS_PER_FILE = 1000;

    private static RuleSet rules;
    private static ScanResult suite;

    @BeforeAll
    static void scanSuite() throws Exception {
        rules = RuleSet.load(List.of());
        suite = FixtureSuite.builtIn();
    }

    @Test
    void fixtureSuiteSarifPassesTheValidator() throws Exception {
        Path tool = TestPaths.shared().map(s -> s.resolve("tools/sarif-validate")).orElse(null);
        Assumptions.assumeTrue(tool != null && Files.isRegularFile(tool),
                "../shared/tools/sarif-validate is not present: SARIF validation skipped");
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node or npm is not installed: SARIF validation skipped (sarif-validate needs them)");
        assertThat(suite.findings()).as("the fixture suite has findings to validate").isNotEmpty();

        Path dir = Files.createDirectories(TestPaths.root().resolve("scanner/cli/target/sarif"));
        List<String> command = new ArrayList<>(List.of("bash", tool.toString()));
        List<Finding> all = suite.findings();
        for (int start = 0, n = 1; start < all.size(); start += RESULTS_PER_FILE, n++) {
            List<Finding> chunk = all.subList(start, Math.min(all.size(), start + RESULTS_PER_FILE));
            ScanResult part = new ScanResult(chunk, suite.suppressed(), n == 1 ? suite.notes() : List.of(),
                    suite.filesScanned(), suite.rules(), suite.source());
            Path file = dir.resolve("fixture-suite-" + n + ".sarif");
            Files.writeString(file, sarif(part, "fixtures/" + n), StandardCharsets.UTF_8);
            command.add(file.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("sarif-validate finished").isTrue();
        System.out.println(output);
        assertThat(p.exitValue()).as("sarif-validate exit status; its output:\n%s", output).isZero();
        assertThat(output).contains("PASS");
    }

    @Test
    void resultsPointAtTheirRulesAndAtRelativeRegions() throws Exception {
        JsonNode run = new ObjectMapper().readTree(sarif(suite, "fixtures")).get("runs").get(0);
        JsonNode driverRules = run.at("/tool/driver/rules");
        Set<String> ids = new HashSet<>();
        driverRules.forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).as("every rule that ran is described")
                .containsAll(suite.rules().stream().map(RuleDescriptor::id).toList());
        assertThat(run.get("results")).hasSameSizeAs(suite.findings());
        for (JsonNode result : run.get("results")) {
            String ruleId = result.get("ruleId").asText();
            assertThat(driverRules.get(result.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(ruleId);
            JsonNode physical = result.at("/locations/0/physicalLocation");
            String uri = physical.at("/artifactLocation/uri").asText();
            assertThat(uri).doesNotStartWith("/").doesNotContain("://").doesNotContain(" ").doesNotContain("\\");
            assertThat(physical.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
            JsonNode region = physical.get("region");
            int startLine = region.get("startLine").asInt();
            int endLine = region.get("endLine").asInt();
            assertThat(startLine).isPositive();
            assertThat(endLine).isGreaterThanOrEqualTo(startLine);
            if (endLine == startLine) {
                assertThat(region.get("endColumn").asInt()).as("exclusive endColumn of %s", result)
                        .isGreaterThan(region.get("startColumn").asInt());
            }
            assertThat(result.at("/partialFingerprints/primaryLocationLineHash").asText()).matches("[0-9a-f]{32}");
            assertThat(result.at("/partialFingerprints/fluxward~1v1").asText()).matches("[0-9a-f]{32}");
        }
        for (JsonNode rule : driverRules) {
            assertThat(rule.at("/fullDescription/text").asText().length()).isLessThanOrEqualTo(1024);
            assertThat(rule.at("/help/text").asText()).isNotBlank();
            assertThat(rule.at("/help/markdown").asText()).isNotBlank();
            assertThat(rule.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
            assertThat(rule.at("/properties/precision").asText()).isIn("very-high", "high", "medium", "low");
        }
        assertThat(run.get("columnKind").asText()).isEqualTo("unicodeCodePoints");
        assertThat(run.at("/automationDetails/id").asText()).isEqualTo("fixtures/");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
        assertThat(run.at("/tool/driver/semanticVersion").asText()).isEqualTo(Version.get());
    }

    private static String sarif(ScanResult result, String category) throws IOException {
        StringWriter out = new StringWriter();
        Reporters.forName("sarif").orElseThrow().write(result,
                new ReportContext(rules.descriptors(), Version.get(), "", false, category), out);
        return out.toString();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
