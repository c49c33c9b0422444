package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import io.fluxward.report.Reporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same input gives the same bytes, in every output format, whatever the thread count and
 * however often it runs: findings and notes are sorted, nothing depends on hash order, time or
 * the machine. Inputs: the fixture cases, the hostile cases and the real repositories of the
 * shared corpus.
 */
class DeterminismTest {

    /** Thread counts of the runs compared; 8 twice, so two runs with the most interleaving are compared too. */
    private static final int[] THREADS = {1, 2, 8, 8};

    @TempDir
    Path temp;

    @BeforeAll
    static void ownExecution() {
        Reliability.requireOwnExecution();
    }

    static Stream<Arguments> inputs() throws Exception {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(Named.of("testdata/cases", TestPaths.testdata().resolve("cases"))));
        out.add(Arguments.of(Named.of("testdata/hostile", TestPaths.testdata().resolve("hostile"))));
        TestPaths.shared().map(s -> s.resolve("corpus")).filter(Files::isDirectory).ifPresent(corpus -> {
            try (Stream<Path> repos = Files.list(corpus)) {
                repos.filter(Files::isDirectory).sorted().limit(3)
                        .forEach(r -> out.add(Arguments.of(Named.of("corpus/" + r.getFileName(), r))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void outputIsByteIdenticalAcrossRunsAndThreadCounts(Path input) throws Exception {
        for (String format : formats()) {
            Map<String, byte[]> outputs = new LinkedHashMap<>();
            for (int run = 0; run < THREADS.length; run++) {
                int threads = THREADS[run];
                Path file = temp.resolve(format + "-" + run + ".out");
                MeasuredRun r = MeasuredRun.inProcess("scan", "--no-color", "-v", "--fail-on", "never", "--format", format,
                        "--threads", Integer.toString(threads), "--output", file.toString(), input.toString());
                assertThat(r.exit()).as(r.err()).isZero();
                outputs.put("run " + run + " threads=" + threads + " (stderr)", r.err().getBytes());
                outputs.put("run " + run + " threads=" + threads, Files.readAllBytes(file));
            }
            byte[] first = outputs.get("run 0 threads=1");
            byte[] firstErr = outputs.get("run 0 threads=1 (stderr)");
            assertThat(first.length).as("%s output of %s", format, input).isPositive();
            outputs.forEach((k, v) -> assertThat(Arrays.equals(v, k.endsWith("(stderr)") ? firstErr : first))
                    .as("%s output of %s, %s, equals run 0 (threads=1)", format, input, k).isTrue());
        }
    }

    private static List<String> formats() {
        List<String> names = new ArrayList<>();
        Reporters.names().forEach(names::add);
        return names;
    }
}
