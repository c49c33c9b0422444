package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.eso.EsoModel;
import io.fluxward.eso.Resolution;
import io.fluxward.eso.SecretSync;
import io.fluxward.eso.StoreRef;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the External Secrets, access and policy rules over every repository of the shared corpus
 * (../shared/corpus). Per its README (X1, X2), every store reference there resolves and
 * ExternalSecrets that only use generators name no store: E001/E002 must stay silent. Prints
 * per-repository counts of the ESO objects indexed, of the findings and the time taken.
 */
class EsoCorpusTest {

    private static final Set<String> RULES = Set.of("FW-E001", "FW-E002", "FW-E003", "FW-E004", "FW-E005", "FW-E006",
            "FW-A001");

    @Test
    void storeReferencesResolveAndRulesRunCleanOnTheCorpus() throws Exception {
        Path corpus = TestPaths.shared().map(s -> s.resolve("corpus")).filter(Files::isDirectory).orElse(null);
        Assumptions.assumeTrue(corpus != null, "../shared/corpus not present: ESO corpus test skipped");
        RuleSet rules = RuleSet.load(List.of());
        Scanner scanner = new Scanner(rules);
        ScanOptions options = ScanOptions.defaults().withRuleFilter(d -> RULES.contains(d.id()));
        List<Path> repos;
        try (Stream<Path> list = Files.list(corpus)) {
            repos = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(repos).as("corpus repositories").hasSizeGreaterThanOrEqualTo(14);
        List<String> storeFindings = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%-40s %6s %6s %6s %7s %7s %7s  %s%n", "repository", "syncs",
                "stores", "refs", "genOnly", "loadMs", "rulesMs", "findings"));
        int totalSyncs = 0;
        int totalRefs = 0;
        for (Path repo : repos) {
            long start = System.nanoTime();
            Config config = Config.empty().withCommandLine(RULES, Set.of());
            List<Note> notes = new ArrayList<>();
            RepositoryModel model = scanner.model(new WorkTreeSnapshot(repo), config, options, notes);
            long loaded = System.nanoTime();
            ScanResult result = scanner.check(model, options, notes);
            long loadMillis = (loaded - start) / 1_000_000;
            long ruleMillis = (System.nanoTime() - loaded) / 1_000_000;
            EsoModel eso = model.facet(EsoModel.FACET);
            List<StoreRef> refs = eso.storeRefs();
            long generatorOnly = eso.syncs().stream()
                    .filter(s -> s.storeRefs().isEmpty() && !s.generatorRefs().isEmpty()).count();
            for (StoreRef ref : refs) {
                // X1: every reference resolves to a store of the right kind in the same repository.
                assertThat(eso.resolve(ref).outcome()).as("%s %s %s", repo.getFileName(), ref.owner().path(), ref.field())
                        .isEqualTo(Resolution.Outcome.RESOLVED);
            }
            for (SecretSync sync : eso.syncs()) {
                // X2: an ExternalSecret that names no store reads only from generators.
                if (sync.storeRefs().isEmpty() && !sync.kind().isPush()) {
                    assertThat(sync.generatorRefs()).as("%s %s", repo.getFileName(), sync.object().path()).isNotEmpty();
                }
            }
            assertThat(result.notes()).as("internal errors in %s", repo.getFileName())
                    .noneMatch(n -> n.kind() == Note.Kind.ERROR);
            Map<String, Integer> counts = new TreeMap<>();
            for (Finding f : result.findings()) {
                counts.merge(f.ruleId(), 1, Integer::sum);
                if (f.ruleId().equals("FW-E001") || f.ruleId().equals("FW-E002")) {
                    storeFindings.add(repo.getFileName() + "/" + f.path() + ":" + f.line() + " " + f.ruleId());
                }
            }
            totalSyncs += eso.syncs().size();
            totalRefs += refs.size();
            table.append(String.format("%-40s %6d %6d %6d %7d %7d %7d  %s%n", repo.getFileName(), eso.syncs().size(),
                    eso.stores().size(), refs.size(), generatorOnly, loadMillis, ruleMillis, counts));
        }
        System.out.print(table);
        assertThat(storeFindings).as("FW-E001/FW-E002 on the corpus (README X1, X2)").isEmpty();
        // The corpus holds 512 ExternalSecret/ClusterExternalSecret/PushSecret documents by the README's count, and
        // more that PyYAML could not read (re-defined anchors): all of them must be indexed, references included.
        assertThat(totalSyncs).as("ESO syncs indexed").isGreaterThanOrEqualTo(512);
        assertThat(totalRefs).as("store references indexed").isGreaterThan(400);
    }
}
