package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input suite: every case under {@code testdata/hostile/} is scanned through the
 * command line and must give exactly its stated outcome (findings, notes, exit code), within its
 * time bound, in a JVM limited to a 256 MB heap (this class runs in its own surefire execution
 * with {@code -Xmx256m}), without a stack trace, an out-of-memory note or an internal error.
 */
class HostileInputTest {

    /** The heap every case must fit in (the surefire execution sets -Xmx256m; checked below). */
    static final long HEAP_BOUND = 256L * 1024 * 1024;
    private static final Map<String, String> MEASURED = new TreeMap<>();

    @TempDir
    Path temp;

    static Stream<Arguments> cases() throws IOException {
        Path base = TestPaths.testdata().resolve("hostile");
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("case.txt"))).sorted()
                    .map(d -> Arguments.of(Named.of(d.getFileName().toString(), d))).toList().stream();
        }
    }

    @BeforeAll
    static void heapIsBounded() {
        Reliability.requireOwnExecution();
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the hostile suite must run with -Xmx256m (its own surefire execution)")
                .isLessThanOrEqualTo(HEAP_BOUND + HEAP_BOUND / 8);
    }

    @Test
    void everyCaseFolderHasAnExpectation() throws IOException {
        try (Stream<Path> dirs = Files.list(TestPaths.testdata().resolve("hostile"))) {
            assertThat(dirs.filter(Files::isDirectory).filter(d -> !Files.isRegularFile(d.resolve("case.txt"))).toList())
                    .as("folders under testdata/hostile without case.txt").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outcomeIsExactAndBounded(Path caseDir) throws Exception {
        HostileCase c = HostileCase.read(caseDir);
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo);
        if (Files.isDirectory(caseDir.resolve("repo"))) {
            copyTree(caseDir.resolve("repo"), repo);
        }
        for (String spec : c.generate()) {
            Generators.generate(repo, spec);
        }
        List<String> args = new ArrayList<>(List.of("scan", "--no-color", "-v"));
        args.addAll(c.args());
        args.add(repo.toString());

        MeasuredRun run = MeasuredRun.inProcess(args.toArray(String[]::new));
        check(c, run, "in process");
        assertThat(run.millis()).as("%s: time (ms)", c.name()).isLessThanOrEqualTo(c.seconds() * 1000L);
        MEASURED.put(c.name(), run.millis() + " ms, peak heap " + run.peakHeapBytes() / (1024 * 1024) + " MiB");

        if (c.fork()) {
            MeasuredRun forked = MeasuredRun.forked(List.of("-Xmx256m", "-XX:+UseSerialGC"), c.seconds() + 30L,
                    args.toArray(String[]::new));
            check(c, forked, "forked -Xmx256m");
            MEASURED.put(c.name() + " (forked)", forked.millis() + " ms");
        }
    }

    private static void check(HostileCase c, MeasuredRun run, String how) {
        String all = run.out() + run.err();
        assertThat(all).as("%s (%s): no stack trace, no internal error, no exhausted heap\n%s", c.name(), how, all)
                .doesNotContain("Exception", "\tat ", "Error:", "internal error", "out of memory");
        assertThat(run.exit()).as("%s (%s): exit code\n%s", c.name(), how, all).isEqualTo(c.exit());
        if (c.counts().isEmpty()) {
            assertThat(run.findings()).as("%s (%s): findings\n%s", c.name(), how, all)
                    .containsExactlyElementsOf(c.findings());
        } else {
            for (String count : c.counts()) {
                String[] parts = count.split("\\s+");
                assertThat(run.findings().stream().filter(f -> f.endsWith(" " + parts[0])).count())
                        .as("%s (%s): number of %s findings", c.name(), how, parts[0]).isEqualTo(Long.parseLong(parts[1]));
            }
        }
        List<String> notes = run.notes();
        for (String expected : c.notes()) {
            assertThat(notes).as("%s (%s): a note matching '%s'\n%s", c.name(), how, expected, all)
                    .anyMatch(n -> matches(n, expected));
        }
        for (String note : notes) {
            assertThat(c.notes()).as("%s (%s): unexpected note '%s'", c.name(), how, note)
                    .anyMatch(expected -> matches(note, expected));
        }
        for (String secret : c.absent()) {
            assertThat(all).as("%s (%s): output must not contain the canary", c.name(), how).doesNotContain(secret);
        }
    }

    /** {@code expected} is a level and a fragment: {@code warning f.yaml:1: language-specific}. */
    private static boolean matches(String note, String expected) {
        int space = expected.indexOf(' ');
        String level = space < 0 ? expected : expected.substring(0, space);
        String fragment = space < 0 ? "" : expected.substring(space + 1);
        return note.startsWith(level + ": ") && note.contains(fragment);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @AfterAll
    static void printMeasurements() {
        StringBuilder out = new StringBuilder("hostile inputs (time, peak heap):\n");
        MEASURED.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        System.out.print(out);
    }
}
