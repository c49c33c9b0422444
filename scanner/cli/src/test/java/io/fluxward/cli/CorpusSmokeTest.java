package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real repository in {@code ../shared/corpus} scans with every rule (opt-in ones too)
 * without a crash or an internal error; the findings its README lists are found (for the rules
 * that exist) and the cases it lists as fine are not flagged; {@link SecretsCorpusTest} adds the
 * secret rules' cases and SOPS recognition. Per-repository counts by rule and timings go to
 * {@code scanner/cli/target/corpus-counts.md}.
 */
class CorpusSmokeTest {

    /**
     * The corpus README's findings outside the secret rules (which {@link SecretsCorpusTest} checks in
     * depth, SOPS recognition included): repo, rule, path, and whether the rule must flag that file.
     */
    private record Expectation(String repo, String rule, String path, boolean flagged, String why) {
    }

    private static final List<Expectation> README = List.of(
            new Expectation("bjw-s__home-ops", "FW-F007", "kubernetes/main/apps/security/onepassword-connect/ks.yaml", false,
                    "D1"),
            new Expectation("tvories__k8s-gitops", "FW-F007", "k8s/clusters/cluster-test/flux/orchestration/cert-manager.yaml",
                    true, "D2"),
            new Expectation("bjw-s__home-ops", "FW-F003", ".archive/kubernetes/oauth2-proxy/ks.yaml", true, "K1"),
            new Expectation("fluxcd__flux2-hub-spoke-example", "FW-F010", "deploy/apps/podinfo.yaml", true, "A1"),
            new Expectation("fluxcd__flux2-multi-tenancy", "FW-F010", "infrastructure/kyverno/source.yaml", true, "A1"),
            new Expectation("tvories__k8s-gitops", "FW-F010", "k8s/clusters/cluster-0/flux/orchestration/downloads.yaml", false,
                    "A3"));

    private static RuleSet rules;
    private static final Map<String, Map<String, Integer>> COUNTS = Collections.synchronizedMap(new TreeMap<>());
    private static final Map<String, String> TIMINGS = Collections.synchronizedMap(new TreeMap<>());

    @BeforeAll
    static void loadRules() throws Exception {
        rules = RuleSet.load(List.of());
    }

    static Stream<Arguments> repositories() throws Exception {
        Path corpus = TestPaths.shared().map(s -> s.resolve("corpus")).orElse(null);
        if (corpus == null || !Files.isDirectory(corpus)) {
            return Stream.of(Arguments.of(Named.of("corpus absent", null)));
        }
        try (Stream<Path> dirs = Files.list(corpus)) {
            return dirs.filter(Files::isDirectory).sorted()
                    .map(d -> Arguments.of(Named.of(d.getFileName().toString(), d))).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void scansCleanlyAndAsTheReadmeSays(Path repo) throws Exception {
        Assumptions.assumeTrue(repo != null, "../shared/corpus is not present: corpus smoke test skipped");
        String name = repo.getFileName().toString();
        Config config = Config.empty().withCommandLine(rules.descriptors().keySet(), Set.of());
        Scanner scanner = new Scanner(rules);
        long start = System.nanoTime();
        List<Note> notes = Collections.synchronizedList(new ArrayList<>());
        RepositoryModel model = scanner.model(new WorkTreeSnapshot(repo), config, ScanOptions.defaults(), notes);
        ScanResult result = scanner.check(model, ScanOptions.defaults(), notes);
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, Integer> byRule = new TreeMap<>();
        result.findings().forEach(f -> byRule.merge(f.ruleId(), 1, Integer::sum));
        COUNTS.put(name, byRule);
        TIMINGS.put(name, result.filesScanned() + " files, " + millis + " ms");

        assertThat(result.notes()).as("%s: no internal error and no file that could not be processed", name)
                .noneMatch(n -> n.kind() == Note.Kind.ERROR)
                .noneMatch(n -> n.message().contains("internal error"));

        assertThat(result.findings()).as("%s: FW-G004/FW-G005 have no true case in the corpus", name)
                .noneMatch(f -> f.ruleId().equals("FW-G004") || f.ruleId().equals("FW-G005"));

        for (Expectation e : README) {
            if (!e.repo().equals(name) || !rules.descriptors().containsKey(e.rule())) {
                continue;
            }
            boolean found = result.findings().stream().anyMatch(f -> f.ruleId().equals(e.rule()) && f.path().equals(e.path()));
            assertThat(found).as("%s README %s: %s %s %s", name, e.why(), e.rule(), e.flagged() ? "flags" : "does not flag",
                    e.path()).isEqualTo(e.flagged());
        }
    }

    @AfterAll
    static void writeCounts() throws Exception {
        if (COUNTS.isEmpty()) {
            return;
        }
        Set<String> ruleIds = new TreeSet<>();
        COUNTS.values().forEach(m -> ruleIds.addAll(m.keySet()));
        StringBuilder md = new StringBuilder("| repository | files, time |");
        ruleIds.forEach(r -> md.append(' ').append(r).append(" |"));
        md.append("\n|---|---|");
        ruleIds.forEach(r -> md.append("---|"));
        md.append('\n');
        Map<String, Integer> totals = new TreeMap<>();
        COUNTS.forEach((repo, m) -> {
            md.append("| ").append(repo).append(" | ").append(TIMINGS.get(repo)).append(" |");
            for (String r : ruleIds) {
                int n = m.getOrDefault(r, 0);
                totals.merge(r, n, Integer::sum);
                md.append(' ').append(n).append(" |");
            }
            md.append('\n');
        });
        md.append("| **total** | |");
        ruleIds.forEach(r -> md.append(' ').append(totals.get(r)).append(" |"));
        md.append("\n\nRules run: ").append(String.join(", ", rules.descriptors().keySet())).append('\n');
        Path out = TestPaths.root().resolve("scanner/cli/target/corpus-counts.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.println("Corpus findings by rule (" + out + "):\n" + md);
    }
}
