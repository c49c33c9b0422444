package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.FileModel;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import io.fluxward.sops.SopsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secret rules on the 14 real repositories of {@code ../shared/corpus}: every SOPS file is
 * recognised as encrypted, no SOPS file gets an error-level FW-S finding unless the corpus README
 * lists it as a real problem, the README's real findings are found, and its must-not-flag cases
 * are not flagged as errors. Skipped (with a message) when the corpus is not present.
 */
class SecretsCorpusTest {

    /** Real problems listed in the corpus README (S1, S2, S3, E3) as repo → path prefix → rule. */
    private static final List<String[]> REAL = List.of(
            new String[] {"xunholy__k8s-gitops", "talos/integrations/cilium/cilium.yaml", "FW-S001"},
            new String[] {"xunholy__k8s-gitops", "talos/integrations/cilium/cilium.yaml", "FW-S004"},
            new String[] {"angelnu__k8s-gitops", "apps/longhorn-system/operator/app/cifs-secret.yaml", "FW-S001"},
            new String[] {"xunholy__k8s-gitops", "kubernetes/apps/base/game-servers/minecraft-bedrock/app/kustomization.yaml",
                "FW-S006"},
            new String[] {"xunholy__k8s-gitops",
                "kubernetes/apps/base/game-servers/minecraft-bedrock-broadcaster/app/kustomization.yaml", "FW-S006"},
            new String[] {"xunholy__k8s-gitops", "kubernetes/apps/base/game-servers/minecraft/app/kustomization.yaml",
                "FW-S006"},
            new String[] {"xunholy__k8s-gitops", "kubernetes/clusters/cluster-00/secrets/sops-age.encrypted.yaml", "FW-S010"},
            new String[] {"xunholy__k8s-gitops", ".archive/kubernetes/cloudflare-ddns/app/secret.enc.yaml", "FW-S010"},
            // Not in the README, verified by reading the files: their encrypted_regex contains an unanchored
            // `ad`, which matches `metadata`, so metadata.name is ENC[...] and Flux cannot identify the object.
            new String[] {"tvories__k8s-gitops", "archive/cluster/apps/games/valheim-family/secret.sops.yaml", "FW-S012"},
            new String[] {"tvories__k8s-gitops", "archive/cluster/apps/home/amcrest2mqtt/secret.sops.yaml", "FW-S012"});

    /** README S4, S5, S6, E1, E2: never an error-level FW-S finding. */
    private static final List<String[]> MUST_NOT_FLAG = List.of(
            new String[] {"angelnu__k8s-gitops", "apps/openshift-config/app/secret.yaml"},
            new String[] {"xunholy__k8s-gitops", "kubernetes/apps/base/home-system/zigbee2mqtt/app/secret.yaml"},
            new String[] {"tvories__k8s-gitops", "archive/cluster/apps/database/cnpg/minio/minio.yaml"},
            new String[] {"tvories__k8s-gitops", "tmpl/secret.enc.yaml"},
            new String[] {"tvories__k8s-gitops", "tmpl/cluster-secrets.yaml"},
            new String[] {"onedr0p__home-ops", "bootstrap/kustomize/home-operations/external-secrets/secret.yaml"},
            new String[] {"onedr0p__home-ops", "bootstrap/kustomize/personal/external-secrets/secret.yaml"},
            new String[] {"onedr0p__home-ops", "bootstrap/kustomize/personal/network/secret.yaml"},
            new String[] {"joryirving__home-ops", "kubernetes/apps/base/flux-system/headlamp/rbac.yaml"},
            new String[] {"angelnu__k8s-gitops", "apps/openshift-config/app/letsencrypt-api-certs.yaml"},
            new String[] {"bjw-s__home-ops", ".archive/kubernetes/victoria-metrics/app/secret-extrascrapes.yaml"},
            new String[] {"tvories__k8s-gitops", "archive/talos/cluster-0/talenv.sops.yaml"},
            new String[] {"xunholy__k8s-gitops", "kubernetes/clusters/cluster-00/secrets/cluster-secrets.enc.age.yaml"});

    private static RuleSet rules;
    private static Path corpus;

    @BeforeAll
    static void setUp() throws Exception {
        rules = RuleSet.load(List.of());
        corpus = TestPaths.shared().map(s -> s.resolve("corpus")).filter(Files::isDirectory).orElse(null);
    }

    private static final Map<String, ScanResult> RESULTS = new TreeMap<>();

    private static ScanResult scan(String repo) throws Exception {
        ScanResult cached = RESULTS.get(repo);
        if (cached == null) {
            cached = new Scanner(rules).scan(new WorkTreeSnapshot(corpus.resolve(repo)), Config.empty(),
                    ScanOptions.defaults().withRuleFilter(r -> r.id().startsWith("FW-S")));
            RESULTS.put(repo, cached);
        }
        return cached;
    }

    private static List<String> repos() throws Exception {
        try (Stream<Path> dirs = Files.list(corpus)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everySopsFileIsRecognisedAndHasNoUnlistedError() throws Exception {
        Assumptions.assumeTrue(corpus != null, "../shared/corpus not present: corpus test skipped");
        int sopsFiles = 0;
        Map<String, String> counts = new TreeMap<>();
        for (String repo : repos()) {
            Path root = corpus.resolve(repo);
            RepositoryModel model = new Scanner(rules).model(new WorkTreeSnapshot(root), Config.empty(),
                    ScanOptions.defaults(), new ArrayList<Note>());
            ScanResult result = scan(repo);
            assertThat(result.notes()).as("internal errors in %s", repo)
                    .noneMatch(n -> n.kind() == Note.Kind.ERROR);
            for (FileModel f : model.files()) {
                String text = f.file().text();
                boolean marked = text.contains("mac: ENC[") || text.contains("\"mac\": \"ENC[")
                        || text.contains("sops_mac=ENC[");
                if (!marked) {
                    continue;
                }
                sopsFiles++;
                assertThat(SopsFile.of(f)).as("%s/%s is recognised as SOPS-encrypted", repo, f.path()).isPresent();
                for (Finding finding : result.findings()) {
                    if (finding.path().equals(f.path()) && finding.level() == Level.ERROR) {
                        assertThat(isListedReal(repo, finding))
                                .as("unlisted error on SOPS file %s/%s: %s", repo, f.path(), finding.ruleId())
                                .isTrue();
                    }
                }
            }
            counts.put(repo, result.findings().stream()
                    .collect(Collectors.groupingBy(x -> x.ruleId() + "/" + x.level().id(), TreeMap::new,
                            Collectors.counting())).toString());
        }
        counts.forEach((repo, c) -> System.out.println("[secrets corpus] " + repo + " " + c));
        assertThat(sopsFiles).as("SOPS files in the corpus (README: 98)").isEqualTo(98);
    }

    /** E3: tvories' 11 archived files that no creation rule matches are real too. */
    private static boolean isListedReal(String repo, Finding f) {
        if (repo.equals("tvories__k8s-gitops") && f.ruleId().equals("FW-S010") && f.path().startsWith("archive/")) {
            return true;
        }
        return REAL.stream().anyMatch(r -> r[0].equals(repo) && f.path().equals(r[1]) && f.ruleId().equals(r[2]));
    }

    @Test
    void realFindingsAreFound() throws Exception {
        Assumptions.assumeTrue(corpus != null, "../shared/corpus not present: corpus test skipped");
        for (String[] real : REAL) {
            assertThat(scan(real[0]).findings()).as("%s %s %s", real[0], real[1], real[2])
                    .anyMatch(f -> f.path().equals(real[1]) && f.ruleId().equals(real[2]) && f.level() == Level.ERROR);
        }
        // S1: the three TLS Secrets of the rendered Cilium chart, each with its private key.
        assertThat(scan("xunholy__k8s-gitops").findings().stream()
                .filter(f -> f.path().equals("talos/integrations/cilium/cilium.yaml") && f.ruleId().equals("FW-S004")))
                .hasSize(3);
        // E3: tvories has 11 archived encrypted files that match no creation rule.
        assertThat(scan("tvories__k8s-gitops").findings().stream()
                .filter(f -> f.ruleId().equals("FW-S010") && f.path().startsWith("archive/")))
                .hasSize(11);
    }

    @Test
    void mustNotFlagCasesAreNotErrors() throws Exception {
        Assumptions.assumeTrue(corpus != null, "../shared/corpus not present: corpus test skipped");
        for (String[] quiet : MUST_NOT_FLAG) {
            assertThat(scan(quiet[0]).findings()).as("%s %s", quiet[0], quiet[1])
                    .noneMatch(f -> f.path().equals(quiet[1]) && f.level() == Level.ERROR);
        }
    }
}
