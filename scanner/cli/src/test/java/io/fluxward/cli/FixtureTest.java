package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Note;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every fixture case and compares its findings with the expectations written in it. */
class FixtureTest {

    private static RuleSet rules;

    @BeforeAll
    static void loadRules() throws Exception {
        rules = RuleSet.load(List.of());
    }

    static Stream<Arguments> cases() throws Exception {
        Path base = TestPaths.testdata().resolve("cases");
        return Fixtures.cases().stream()
                .map(c -> Arguments.of(Named.of(base.relativize(c).toString().replace('\\', '/'), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findingsMatchExpectations(Path caseDir) throws Exception {
        ScanResult result = Fixtures.scan(caseDir, rules);
        assertThat(result.notes()).as("scan errors (exit 2) in %s", caseDir)
                .noneMatch(n -> n.kind() == Note.Kind.ERROR);
        assertThat(Fixtures.actual(result)).as("findings of %s (path:line rule)", caseDir)
                .containsExactlyElementsOf(Fixtures.expected(caseDir));
    }
}
