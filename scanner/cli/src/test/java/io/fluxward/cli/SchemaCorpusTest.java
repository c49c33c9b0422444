package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.schema.Gvk;
import io.fluxward.schema.SchemaRegistry;
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
 * The real repositories of ../shared/corpus: their valid objects produce no FW-G003. The only
 * findings allowed are the real problems the corpus README lists (a Kubernetes API removed in
 * 1.25, in an archived file). Prints how many objects were validated per kind.
 */
class SchemaCorpusTest {

    /** path:line FW-G003 findings that are real problems, with why. */
    private static final Map<String, String> REAL = Map.of(
            "tvories__k8s-gitops/archive/cluster/apps/benji/cronjob-pgbackup.yaml:1",
            "batch/v1beta1 CronJob, removed in Kubernetes 1.25");

    @Test
    void validCorpusObjectsHaveNoSchemaViolations() throws Exception {
        Path corpus = TestPaths.shared().map(s -> s.resolve("corpus")).orElse(null);
        Assumptions.assumeTrue(corpus != null && Files.isDirectory(corpus), "../shared/corpus not present");
        RuleSet rules = RuleSet.load(List.of());
        Scanner scanner = new Scanner(rules);
        Map<String, Integer> validated = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        int total = 0;
        List<Path> repos;
        try (Stream<Path> list = Files.list(corpus)) {
            repos = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path repo : repos) {
            List<io.fluxward.model.Note> notes = new ArrayList<>();
            RepositoryModel model = scanner.model(new WorkTreeSnapshot(repo), Config.empty(), ScanOptions.defaults(), notes);
            SchemaRegistry registry = model.facet(SchemaRegistry.FACET);
            for (KubeObject o : model.objects()) {
                if (!model.file(o.path()).orElseThrow().template()
                        && registry.resolve(Gvk.of(o.apiVersion(), o.kind())).hasSchema()) {
                    validated.merge(o.apiVersion() + " " + o.kind(), 1, Integer::sum);
                    total++;
                }
            }
            ScanResult result = scanner.check(model, ScanOptions.defaults().withRuleFilter(r -> r.id().equals("FW-G003")),
                    notes);
            for (Finding f : result.findings()) {
                String at = repo.getFileName() + "/" + f.path() + ":" + f.line();
                if (!REAL.containsKey(at)) {
                    unexpected.add(at + " " + f.message());
                }
            }
            assertThat(result.notes()).as("internal errors in %s", repo)
                    .noneMatch(n -> n.message().contains("internal error"));
        }
        StringBuilder report = new StringBuilder("objects validated per kind in the corpus (" + total + " in all):\n");
        validated.forEach((kind, n) -> report.append(String.format("  %5d  %s%n", n, kind)));
        System.out.print(report);
        assertThat(total).as("objects validated").isGreaterThan(1000);
        assertThat(validated.keySet()).as("kinds validated").contains("kustomize.toolkit.fluxcd.io/v1 Kustomization",
                "helm.toolkit.fluxcd.io/v2 HelmRelease", "external-secrets.io/v1 ExternalSecret");
        assertThat(unexpected).as("FW-G003 on valid corpus objects").isEmpty();
        assertThat(Set.copyOf(REAL.keySet())).isNotEmpty();
    }
}
