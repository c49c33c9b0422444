package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan does not read the reports it writes, nor SARIF reports fluxward wrote before: their rule help
 * quotes example keys and tokens, which the secret rules would report as leaks.
 */
class OwnReportsTest {

    private static final String KEY = "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ";

    @TempDir
    Path tmp;

    private Path repository() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("repo/apps"));
        Files.writeString(dir.resolve("settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                + "  namespace: apps\ndata:\n  level: debug\n");
        return dir.getParent();
    }

    @Test
    void aSecondRunDoesNotReportTheFirstRunsReports() throws Exception {
        Path repo = repository();
        String sarif = repo.resolve("fluxward.sarif").toString();
        String json = repo.resolve("out/report.json").toString();
        for (int run = 1; run <= 2; run++) {
            CliRun r = CliRun.of("scan", "--no-color", "--sarif", sarif, "-f", "json", "-o", json, repo.toString());
            assertThat(r.exit()).as("run " + run + "\n" + r + Files.readString(Path.of(json))).isZero();
            assertThat(Files.readString(Path.of(json))).contains("\"filesScanned\": 1,").doesNotContain("fluxward.sarif");
        }
        assertThat(Files.readString(Path.of(sarif))).contains("AGE-SECRET-KEY-1");
        // Scanning from inside the folder with relative report paths is the same.
        CliRun text = CliRun.of("scan", "--no-color", "-o", repo.resolve("report.txt").toString(), repo.toString());
        assertThat(text.exit()).as(text.toString()).isZero();
    }

    @Test
    void aSarifReportFluxwardWroteIsSkippedWithANote() throws Exception {
        Path repo = repository();
        Path outside = tmp.resolve("ci.sarif");
        assertThat(CliRun.of("scan", "--sarif", outside.toString(), repo.toString()).exit()).isZero();
        // A CI job committed the report under another name.
        Files.createDirectories(repo.resolve("reports"));
        Files.copy(outside, repo.resolve("reports/fluxward-results.json"));
        CliRun r = CliRun.of("scan", "--no-color", "-v", repo.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("reports/fluxward-results.json: not scanned: a SARIF report written by fluxward");

        // Another tool's SARIF, or a file that only looks like one, is read like any file.
        Files.writeString(repo.resolve("reports/other.sarif"), Files.readString(outside)
                .replace("\"name\": \"fluxward\"", "\"name\": \"other\""));
        Files.writeString(repo.resolve("reports/notes.txt"), "{ \"driver\": \"fluxward\" }\n" + KEY + "\n");
        CliRun leaks = CliRun.of("scan", "--no-color", repo.toString());
        assertThat(leaks.exit()).as(leaks.toString()).isEqualTo(1);
        assertThat(leaks.out()).contains("reports/notes.txt:2:1: error FW-S004").contains("error FW-S004")
                .containsPattern("reports/other.sarif:\\d+:\\d+: error FW-S004")
                .doesNotContain("fluxward-results.json");
    }
}
