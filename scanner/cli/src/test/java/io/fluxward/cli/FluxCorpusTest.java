package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flux rules on the real repositories of {@code ../shared/corpus}: what its README lists as real
 * findings is found, and what it lists as fine is not flagged (K1, K2, K5, D1, D2). Skipped when the
 * corpus is not beside the repository. Prints the FW-F counts per repository.
 */
class FluxCorpusTest {

    private static final List<String> ARCHIVES = List.of(".archive/", ".archived/", "archive/");
    private static final Map<String, ScanResult> RESULTS = new TreeMap<>();

    @BeforeAll
    static void scanCorpus() throws Exception {
        Optional<Path> corpus = TestPaths.shared().map(s -> s.resolve("corpus")).filter(Files::isDirectory);
        Assumptions.assumeTrue(corpus.isPresent(), "../shared/corpus not present: Flux corpus test skipped");
        Scanner scanner = new Scanner(RuleSet.load(List.of()));
        ScanOptions options = ScanOptions.defaults().withRuleFilter(r -> r.id().startsWith("FW-F"));
        try (Stream<Path> repos = Files.list(corpus.get())) {
            for (Path repo : repos.filter(Files::isDirectory).sorted().toList()) {
                RESULTS.put(repo.getFileName().toString(), scanner.scan(new WorkTreeSnapshot(repo), Config.empty(), options));
            }
        }
        StringBuilder table = new StringBuilder("FW-F findings per corpus repository (rule:level=count):\n");
        RESULTS.forEach((repo, result) -> table.append(String.format("  %-40s %s%n", repo, result.findings().stream()
                .collect(Collectors.groupingBy(f -> f.ruleId() + ":" + f.level().id(), TreeMap::new, Collectors.counting())))));
        System.out.print(table);
    }

    private static List<Finding> findings(String repo, String rule) {
        ScanResult result = RESULTS.get(repo);
        assertThat(result).as("corpus repository %s", repo).isNotNull();
        return result.findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    private static boolean archived(String path) {
        return ARCHIVES.stream().anyMatch(path::startsWith);
    }

    @Test
    void everyRepositoryScansWithoutInternalErrors() {
        assertThat(RESULTS).hasSizeGreaterThanOrEqualTo(14);
        RESULTS.forEach((repo, result) -> assertThat(result.notes()).as("scan errors in %s", repo)
                .noneMatch(n -> n.kind() == Note.Kind.ERROR));
    }

    /** K1: the twelve dependsOn references of bjw-s .archive/ that nothing defines. */
    @Test
    void danglingDependsOnInArchivesAreFound() {
        Pattern target = Pattern.compile("depends on Kustomization flux-system/([a-z0-9-]+), which");
        List<String> found = new ArrayList<>();
        for (Finding f : findings("bjw-s__home-ops", "FW-F003")) {
            Matcher m = target.matcher(f.message());
            assertThat(m.find()).as(f.message()).isTrue();
            found.add(f.path() + " -> " + m.group(1));
        }
        assertThat(found).containsExactlyInAnyOrder(
                ".archive/kubernetes/oauth2-proxy/ks.yaml -> cluster-apps-external-secrets-stores",
                ".archive/kubernetes/oauth2-proxy/ks.yaml -> cluster-apps-external-secrets-stores",
                ".archive/kubernetes/windmill/ks.yaml -> external-secrets-cluster-secrets",
                ".archive/kubernetes/readarr/ks.yaml -> cluster-apps-external-secrets-stores",
                ".archive/kubernetes/immich/ks.yaml -> external-secrets-cluster-secrets",
                ".archive/kubernetes/tudo/ks.yaml -> cluster-apps-crunchy-postgres-operator",
                ".archive/kubernetes/tudo/ks.yaml -> cluster-apps-external-secrets-cluster-secrets",
                ".archive/kubernetes/postgres-backup/ks.yaml -> cluster-apps-zalando-postgres-cluster",
                ".archive/kubernetes/tagspaces/ks.yaml -> cluster-apps-external-secrets-stores",
                ".archive/kubernetes/jellyfin/ks.yaml -> cluster-apps-rook-ceph-cluster",
                ".archive/kubernetes/n8n/ks.yaml -> cluster-apps-external-secrets-stores",
                ".archive/kubernetes/n8n/ks.yaml -> cluster-apps-rook-ceph-cluster");
    }

    /** K2 and K3: every other dependsOn resolves on its own cluster, names reused across clusters included. */
    @Test
    void noDanglingOrCyclicDependsOnOutsideArchives() {
        RESULTS.forEach((repo, result) -> assertThat(result.findings())
                .as("FW-F003/F004/F013 outside archive folders in %s", repo)
                .filteredOn(f -> List.of("FW-F003", "FW-F004", "FW-F013").contains(f.ruleId()))
                .allMatch(f -> archived(f.path())));
    }

    /** K5: paths of other sources (an OCI artifact, another Git repository) are not folders of this one. */
    @Test
    void pathsOfOtherSourcesAreNotChecked() {
        assertThat(findings("bjw-s__home-ops", "FW-F009")).extracting(Finding::path)
                .doesNotContain("kubernetes/main/flux/config/flux.yaml").allMatch(FluxCorpusTest::archived);
        assertThat(findings("tvories__k8s-gitops", "FW-F009")).extracting(Finding::path)
                .doesNotContain("k8s/clusters/cluster-0/flux/deploy/manage-flux.yaml");
        assertThat(findings("joryirving__home-ops", "FW-F009")).extracting(Finding::path)
                .doesNotContain("kubernetes/apps/main/games/games-on-whales.yaml");
        // xunholy builds from an OCI artifact pushed from ./kubernetes: its paths resolve below that folder.
        assertThat(findings("xunholy__k8s-gitops", "FW-F009")).extracting(Finding::path)
                .allMatch(FluxCorpusTest::archived);
    }

    /** D1: decryption a parent patches into its children (label selectors) counts. */
    @Test
    void decryptionInjectedByParentPatchesIsSeen() {
        for (String repo : List.of("bjw-s__home-ops", "angelnu__k8s-gitops", "Vikaspogu__k8s-gitops", "xunholy__k8s-gitops")) {
            assertThat(findings(repo, "FW-F007")).as("FW-F007 in %s", repo).extracting(Finding::path)
                    .allMatch(FluxCorpusTest::archived);
        }
        assertThat(findings("bjw-s__home-ops", "FW-F007")).extracting(Finding::path)
                .doesNotContain("kubernetes/main/apps/security/onepassword-connect/ks.yaml");
    }

    /** D2: a patch that targets version v1beta2 does not reach v1 children, whose SOPS Secret then fails. */
    @Test
    void patchTargetingAnotherVersionLeavesTheChildWithoutDecryption() {
        List<Finding> f007 = findings("tvories__k8s-gitops", "FW-F007");
        assertThat(f007).filteredOn(f -> f.path().equals("k8s/clusters/cluster-test/flux/orchestration/cert-manager.yaml"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("cert-manager-certmanager-config")
                        .contains("k8s/clusters/cluster-test/manifests/cert-manager/cert-manager/config/secret.sops.yaml"));
        assertThat(f007).extracting(Finding::path).noneMatch(p -> p.startsWith("k8s/clusters/cluster-0/"));
    }

    /** K4: the hub-and-spoke example's remote Kustomizations are consistent (no missing kubeConfig). */
    @Test
    void hubAndSpokeRemoteKustomizationsAreConsistent() {
        assertThat(findings("fluxcd__flux2-hub-spoke-example", "FW-F001")).isEmpty();
        assertThat(RESULTS.get("fluxcd__flux2-hub-spoke-example").findings()).filteredOn(f -> f.level().id().equals("error"))
                .isEmpty();
    }
}
