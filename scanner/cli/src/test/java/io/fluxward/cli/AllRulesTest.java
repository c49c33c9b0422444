package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleExamples;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.MemorySnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Meta-tests over every rule, as Checkstyle's AllChecksTest: complete metadata, examples that
 * behave as they claim, fixtures both ways, a frozen ID list, and agreement with the catalog.
 */
class AllRulesTest {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /**
     * Rules fluxward adds beyond the catalog, with new IDs as it allows ("new rules take new IDs"); the frozen ID list
     * still holds them to their meaning.
     */
    private static final Set<String> BEYOND_CATALOG = Set.of("FW-K005");
    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    static Stream<Arguments> allRules() throws Exception {
        return RuleSet.load(List.of()).descriptors().values().stream().map(d -> Arguments.of(Named.of(d.id(), d)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allRules")
    void metadataIsComplete(RuleDescriptor d) {
        assertThat(d.name()).matches(NAME);
        assertThat(d.summary()).isNotBlank().hasSizeLessThan(1024).endsWith(".");
        assertThat(d.description()).isNotBlank().hasSizeLessThan(1024);
        assertThat(d.fix()).isNotBlank();
        assertThat(d.bad()).isNotBlank();
        assertThat(d.good()).isNotBlank();
        assertThat(d.tags()).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(RuleDescriptor.PRECISIONS).as("precision of %s", d.id()).contains(d.precision());
        if (d.tags().contains("security")) {
            assertThat(d.securitySeverity()).as("security rules carry a security-severity").matches("\\d{1,2}\\.\\d");
            double s = Double.parseDouble(d.securitySeverity());
            assertThat(s).isBetween(0.1, 10.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allRules")
    void badExampleFiresAndGoodExampleDoesNot(RuleDescriptor d) throws Exception {
        assertThat(findingsOf(d, d.bad())).as("%s fires on its 'bad' example", d.id()).isNotEmpty();
        assertThat(findingsOf(d, d.good())).as("%s stays quiet on its 'good' example", d.id()).isEmpty();
    }

    private static List<String> findingsOf(RuleDescriptor d, String example) throws Exception {
        Map<String, String> files = new TreeMap<>(RuleExamples.files(example));
        Config config = Config.empty().withCommandLine(Set.of(d.id()), Set.of());
        String cfg = files.remove(".fluxward.yaml");
        if (cfg != null) {
            config = Config.parse(cfg, ".fluxward.yaml", rules.descriptors()).withCommandLine(Set.of(d.id()), Set.of());
        }
        ScanResult result = new Scanner(rules).scan(MemorySnapshot.ofText(files), config,
                ScanOptions.defaults().withRuleFilter(r -> r.id().equals(d.id())));
        return result.findings().stream().map(f -> f.path() + ":" + f.line() + " " + f.message()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allRules")
    void hasFixturesBothWays(RuleDescriptor d) throws Exception {
        Path dir = TestPaths.testdata().resolve("cases").resolve(d.id());
        assertThat(dir).as("fixture folder for %s", d.id()).isDirectory();
        List<String> fires = new ArrayList<>();
        List<String> quiet = new ArrayList<>();
        try (Stream<Path> cases = Files.list(dir)) {
            for (Path c : cases.filter(Files::isDirectory).toList()) {
                String name = c.getFileName().toString();
                boolean expects = Fixtures.expected(c).stream().anyMatch(e -> e.endsWith(" " + d.id()));
                if (name.startsWith("fires-")) {
                    assertThat(expects).as("%s expects a %s finding", c, d.id()).isTrue();
                    fires.add(name);
                } else if (name.startsWith("quiet-")) {
                    assertThat(expects).as("%s expects no %s finding", c, d.id()).isFalse();
                    quiet.add(name);
                }
            }
        }
        assertThat(fires).as("'fires-*' cases of %s", d.id()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(quiet).as("'quiet-*' cases of %s", d.id()).hasSizeGreaterThanOrEqualTo(3);
    }

    /** A rule ID never disappears and never changes meaning: the frozen list records each one. */
    @Test
    void frozenRuleIdsStillMeanTheSame() throws Exception {
        Path frozen = TestPaths.root().resolve("scanner/cli/src/test/resources/frozen-rule-ids.txt");
        Map<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(frozen, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.strip().split("\\s+");
                recorded.put(parts[0], parts[1]);
            }
        }
        Map<String, String> actual = new TreeMap<>();
        rules.descriptors().forEach((id, d) -> actual.put(id, d.name()));
        recorded.forEach((id, name) -> assertThat(actual.get(id)).as("frozen rule %s", id).isEqualTo(name));
        assertThat(recorded.keySet()).as("every rule is recorded in frozen-rule-ids.txt")
                .containsAll(actual.keySet());
    }

    /** Names and levels agree with the catalog in ../shared/docs/rule-catalog.md. */
    @Test
    void rulesAgreeWithTheCatalog() throws Exception {
        Path catalog = TestPaths.shared().map(s -> s.resolve("docs/rule-catalog.md")).orElse(null);
        Assumptions.assumeTrue(catalog != null && Files.isRegularFile(catalog),
                "../shared/docs/rule-catalog.md not present: catalog check skipped");
        Pattern row = Pattern.compile("^\\|\\s*(FW-[A-Z]\\d{3})\\s*\\|\\s*([a-z0-9-]+)\\s*\\|\\s*([^|]+)\\|");
        // Rules defined in prose rather than a table row, e.g. "(FW-G005 `suppression-without-reason`, warning)".
        Pattern prose = Pattern.compile("\\((FW-[A-Z]\\d{3}) `([a-z0-9-]+)`, ((?:error|warning|note)[^)]*)\\)");
        Map<String, String[]> catalogRows = new TreeMap<>();
        for (String line : Files.readAllLines(catalog, StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                catalogRows.put(m.group(1), new String[] {m.group(2), m.group(3).strip()});
            }
            Matcher p = prose.matcher(line);
            while (p.find()) {
                catalogRows.putIfAbsent(p.group(1), new String[] {p.group(2), p.group(3).strip()});
            }
        }
        for (RuleDescriptor d : rules.descriptors().values()) {
            String[] c = catalogRows.get(d.id());
            if (c == null && BEYOND_CATALOG.contains(d.id())) {
                continue;
            }
            assertThat(c).as("%s is in the catalog", d.id()).isNotNull();
            assertThat(d.name()).as("name of %s", d.id()).isEqualTo(c[0]);
            assertThat(c[1]).as("catalog level of %s", d.id()).startsWith(d.level().id());
            assertThat(d.optIn()).as("opt-in of %s", d.id()).isEqualTo(c[1].contains("opt-in"));
        }
    }
}
