package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.model.Suppression;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.yaml.Span;
import java.util.LinkedHashSet;
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
    void aMistypedRuleIdSuppressesNothingAndIsWarnedAbout() throws Exception {
        // Read as the start of the reason, "FW-G02" would leave no ID: a suppression of every rule.
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G02 read by v1 only",
                "fluxward:ignore-file fw-x999 not an id")));
        assertThat(found(result)).containsExactly("cm.yaml:7 FW-G002", "cm.yaml:10 FW-G002");
        assertThat(result.suppressed()).isZero();
        assertThat(result.notes()).extracting(Note::render).containsExactly(
                "cm.yaml:7: fluxward:ignore names FW-G02, which is no rule: it suppresses nothing for it"
                        + " (list the rules with 'fluxward rules')",
                "cm.yaml:9: fluxward:ignore-file names FW-X999, which is no rule: it suppresses nothing for it"
                        + " (list the rules with 'fluxward rules')");
    }

    /**
     * A comment fluxward cannot read as a suppression (another directive, a sign after the directive, an ID behind
     * other text) suppresses nothing and is warned about: with a reason and no ID read, it covered every rule.
     */
    @Test
    void anUnreadableDirectiveSuppressesNothingAndIsWarnedAbout() throws Exception {
        List<String> comments = List.of("# fluxward:ignore-next-line FW-G002 read by v1 only",
                "# fluxward:ignore-line FW-G002 read by v1 only", "# fluxward:ignore: FW-G002 read by v1 only",
                "# fluxward:ignore [FW-G002] read by v1 only", "# fluxward:ignore(FW-G002) read by v1 only",
                "# fluxward:ignore=FW-G002 read by v1 only", "# fluxward:ignore rule FW-G002 read by v1 only",
                "# fluxward:ignore FW-G004; FW-G002 read by v1 only", "# fluxward:ignroe FW-G002 read by v1 only",
                "# fluxward:ignore-file: FW-G002 read by v1 only");
        for (String comment : comments) {
            ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted(comment, "")));
            assertThat(found(result)).as(comment).containsExactly("cm.yaml:7 FW-G002", "cm.yaml:10 FW-G002");
            assertThat(result.suppressed()).as(comment).isZero();
            assertThat(result.notes()).as(comment).extracting(Note::render).singleElement(STRING)
                    .startsWith("cm.yaml:7: fluxward:ign").contains("it suppresses nothing");
        }
        ScanResult typo = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore-next-line FW-G002 x", "")));
        assertThat(typo.notes()).extracting(Note::render).containsExactly("cm.yaml:7: fluxward:ignore-next-line is no"
                + " directive (fluxward:ignore or fluxward:ignore-file): it suppresses nothing");
        ScanResult behind = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore [FW-G002] x", "")));
        assertThat(behind.notes()).extracting(Note::render).containsExactly("cm.yaml:7: fluxward:ignore has FW-G002"
                + " after other text: list the rule IDs first, separated by spaces or commas; it suppresses nothing");
    }

    /** Directives are lower case: one in other letter case suppresses nothing and is warned about, not passed over. */
    @Test
    void aDirectiveInOtherLetterCaseSuppressesNothingAndIsWarnedAbout() throws Exception {
        for (String comment : List.of("# Fluxward:Ignore FW-G002 read by v1 only", "# FLUXWARD:IGNORE FW-G002 x",
                "# fluxward:Ignore FW-G002 x", "# Fluxward:ignore-file FW-G002 x")) {
            ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted(comment, "")));
            assertThat(found(result)).as(comment).containsExactly("cm.yaml:7 FW-G002", "cm.yaml:10 FW-G002");
            assertThat(result.notes()).as(comment).extracting(Note::render).singleElement(STRING)
                    .startsWith("cm.yaml:7: " + comment.substring(2, comment.indexOf(' ', 2)))
                    .contains("is not written in lower case").endsWith("it suppresses nothing");
        }
    }

    /**
     * --quiet (the pre-commit hook's) keeps the warning about a comment that suppresses nothing: it explains why a
     * finding the user meant to accept blocks the commit. Other warnings stay hidden.
     */
    @Test
    void quietStillWarnsAboutACommentThatSuppressesNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("cm.yaml"), DUPLICATES.formatted("# fluxward:ignore: FW-G002 x", ""));
        CliRun run = CliRun.of("scan", "-q", "--no-color", dir.toString());
        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.errLines()).as("%s", run).containsExactly("fluxward: warning: cm.yaml:7: fluxward:ignore is"
                + " followed by ':' instead of a space before its rule IDs: it suppresses nothing");
    }

    @Test
    void aColonOrDashMaySeparateTheIdsFromTheReason() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", DUPLICATES.formatted("# fluxward:ignore FW-G001, FW-G002: read by v1",
                "fluxward:ignore FW-G002 - read by v1, see FW-G001")));
        assertThat(found(result)).isEmpty();
        assertThat(result.suppressed()).isEqualTo(2);
        assertThat(result.notes()).isEmpty();
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
    void ruleIdsKeepOneOrderWhateverTheSetGiven() {
        Suppression s = new Suppression(new Span(1, 1, 1, 2),
                new LinkedHashSet<>(List.of("FW-S008", "FW-S001", "FW-G002")), "", false);
        assertThat(s.ruleIds()).containsExactly("FW-G002", "FW-S001", "FW-S008");
    }

    @Test
    void reasonlessSuppressionOfSeveralRulesHasOneMessageAndFingerprint() throws Exception {
        // A hash set's order changes with each JVM: the message and the fingerprint flipped from run to run.
        ScanResult result = scan(Map.of("cm.yaml",
                DUPLICATES.formatted("# fluxward:ignore FW-S008 FW-G002 FW-S001 FW-K001 FW-G004 FW-S007", "")));
        Finding g005 = result.findings().get(0);
        assertThat(g005.ruleId()).isEqualTo("FW-G005");
        assertThat(g005.message()).startsWith(
                "fluxward:ignore of FW-G002, FW-G004, FW-K001, FW-S001, FW-S007, FW-S008 gives no reason");
        assertThat(g005.fingerprint()).isEqualTo("90c4ee87fbc90835c47c62a9ccf705c2");
    }

    @Test
    void fw005CannotSuppressItself() throws Exception {
        ScanResult result = scan(Map.of("cm.yaml", "# fluxward:ignore-file\napiVersion: v1\nkind: ConfigMap\n"
                + "metadata:\n  name: a\n  name: b\n"));
        assertThat(found(result)).containsExactly("cm.yaml:1 FW-G005");
        assertThat(result.suppressed()).isEqualTo(1);
    }

    private static final String PLAINTEXT_SECRET = """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: default
            stringData:
              password: hunter2hunter2
            """;

    private static final String SCRIPTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: scripts
              namespace: default
            data:
              run.sh: |%s
                #!/bin/sh
                # fluxward:ignore-file FW-S001 the script's own note
                echo hi
            %s
            """;

    @Test
    void textInABlockScalarIsNotAComment() throws Exception {
        ScanResult result = scan(Map.of("all.yaml", SCRIPTS.formatted("", "") + PLAINTEXT_SECRET));
        assertThat(found(result)).containsExactly("all.yaml:19 FW-S001");
        assertThat(result.suppressed()).isZero();
    }

    @Test
    void commentsBesideStringsStillSuppress() throws Exception {
        String header = SCRIPTS.formatted(" # fluxward:ignore-file FW-S001 the header's comment is a comment", "")
                + PLAINTEXT_SECRET;
        String after = SCRIPTS.formatted("", "  # fluxward:ignore-file FW-S001 less indented: the script ended")
                + PLAINTEXT_SECRET;
        String sameLine = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  namespace: default\ndata:\n"
                + "  x: 'a # fluxward:ignore FW-G002' # fluxward:ignore-file FW-S001 the second one is the comment\n"
                + PLAINTEXT_SECRET;
        ScanResult result = scan(Map.of("header.yaml", header, "after.yaml", after, "same-line.yaml", sameLine));
        assertThat(found(result)).isEmpty();
        assertThat(result.suppressed()).isEqualTo(3);
    }

    @Test
    void textFilesKeepEveryMatch() throws Exception {
        ScanResult result = scan(Map.of("notes.txt", "echo 'x # fluxward:ignore-file FW-S004'\n"));
        assertThat(found(result)).containsExactly("notes.txt:1 FW-G005");
    }
}
