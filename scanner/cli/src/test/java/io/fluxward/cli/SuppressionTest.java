package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inline suppressions: same line, line above, whole file, several IDs, no ID. Reported findings
 * are in the fixture cases under {@code testdata/cases/engine-suppressions}; this test also
 * checks what was hidden, which fixtures cannot express.
 */
class SuppressionTest {

    private static final String DUPLICATES = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            data:
              a: "1"
              a: "2" %s
              b: "1"
              # %s
              b: "2"
            """;

    private static ScanResult scan(Map<String, String> files) throws Exception {
        return new Scanner(RuleSet.load(List.of())).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults());
    }

    private static List<String> found(ScanResult result) {
        return result.findings().stream().map(f -> f.path() + ":" + f.line() + " " + f.ruleId()).toList();
    }

    @Test
    void sameLineAndLineAbove() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G002 read by v1 only",
                "fluxward:ignore FW-G002 read by v1 only")));
        assertThat(found(result)).isEmpty();
        assertThat(result.suppressed()).isEqualTo(2);
    }

    @Test
    void anotherRuleIdSuppressesNothing() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G001 wrong id",
                "fluxward:ignore FW-S001, FW-G001 wrong ids")));
        assertThat(found(result)).containsExactly("cm.yaml:7 FW-G002", "cm.yaml:10 FW-G002");
        assertThat(result.suppressed()).isZero();
    }

    @Test
    void severalIdsAndNoIdAtAll() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G001 FW-G002, FW-G004 legacy",
                "fluxward:ignore every rule: generated file")));
        assertThat(found(result)).isEmpty();
        assertThat(result.suppressed()).isEqualTo(2);
    }

    @Test
    void wholeFileOnlyForItsFileAndRules() throws Exception {
        String ignored = "# fluxward:ignore-file FW-G002 vendored chart output, fixed upstream\n" + DUPLICATES.formatted("", "");
        ScanResult result = scan(Map.of("vendor.yaml", ignored, "own.yaml", DUPLICATES.formatted("", "")));
        assertThat(found(result)).containsExactly("own.yaml:7 FW-G002", "own.yaml:10 FW-G002");
        assertThat(result.suppressed()).isEqualTo(2);
    }

    @Test
    void suppressionWithoutReasonStillAppliesAndIsReported() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G002", "fluxward:ignore")));
        assertThat(found(result)).containsExactly("cm.yaml:7 FW-G005", "cm.yaml:9 FW-G005");
        assertThat(result.suppressed()).isEqualTo(2);
        assertThat(result.findings().get(0).location().column()).as("points at the comment").isEqualTo(10);
    }

    @Test
    void fw005CannotSuppressItself() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", "# fluxward:ignore-file\napiVersion: v1\nkind: ConfigMap\n"
                + "metadata:\n  name: a\n  name: b\n"));
        assertThat(found(result)).containsExactly("cm.yaml:1 FW-G005");
        assertThat(result.suppressed()).isEqualTo(1);
    }
}
