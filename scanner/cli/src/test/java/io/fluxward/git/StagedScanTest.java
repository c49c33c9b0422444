package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.ENCRYPTED;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --staged} semantics on real repositories made with the git command line and with JGit. */
class StagedScanTest {

    /** The real FW-S001, and a test-only cross-file rule (deleting a dependency). */
    private static final RuleSet SECRETS = Fluxward.rules(List.of("FW-S001"));
    private static final RuleSet SECRETS_AND_GRAPH = Fluxward.rules(List.of("FW-S001"), new TestDependsOnRule());

    @TempDir
    Path tmp;

    static RuleSet rules(io.fluxward.engine.Rule... rules) {
        try {
            return RuleSet.of(List.of(rules));
        } catch (RuleSet.RuleLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> found(ScanResult r) {
        return r.findings().stream().map(f -> f.path() + ":" + f.line() + " " + f.ruleId()).toList();
    }

    private TestRepo repoWithCommit() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        return repo;
    }

    @Test
    void stagedEncryptedWithPlaintextInWorkTreeIsClean() throws Exception {
        TestRepo repo = repoWithCommit();
        repo.write("apps/secret.yaml", ENCRYPTED).add("apps/secret.yaml");
        repo.write("apps/secret.yaml", PLAIN);
        assertThat(found(repo.staged(SECRETS))).isEmpty();
        // The same rule on the work tree does see the plaintext: the staged scan read the index blob.
        ScanResult disk = new Scanner(SECRETS).scan(new WorkTreeSnapshot(repo.dir), Config.empty(), ScanOptions.defaults());
        assertThat(found(disk)).containsExactly("apps/secret.yaml:7 FW-S001");
    }

    @Test
    void stagedPlaintextWithEncryptedWorkTreeIsBlocked() throws Exception {
        TestRepo repo = repoWithCommit();
        // Two lines more in the index than on disk: the finding must carry the index's line number.
        repo.write("apps/secret.yaml", "# staged\n# version\n" + PLAIN).add("apps/secret.yaml");
        repo.write("apps/secret.yaml", ENCRYPTED);
        ScanResult r = repo.staged(SECRETS);
        assertThat(found(r)).containsExactly("apps/secret.yaml:9 FW-S001");
        assertThat(r.source()).isEqualTo("index");
    }

    @Test
    void oldDebtDoesNotBlockButMovingItAroundKeepsItOld() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/secret.yaml", PLAIN).write("apps/ks.yaml", Manifests.kustomization("apps", null))
                .add(".").commit("debt");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".");
        assertThat(found(repo.staged(SECRETS_AND_GRAPH))).isEmpty();
        // Lines inserted above the old finding change its line, not its identity.
        repo.write("apps/secret.yaml", "# moved down\n# by two lines\n" + PLAIN).add(".");
        ScanResult r = repo.staged(SECRETS_AND_GRAPH);
        assertThat(found(r)).isEmpty();
        assertThat(r.hidden()).containsEntry(ChangeScan.EXISTING, 1);
        // A second plaintext Secret in the same file is new.
        repo.write("apps/secret.yaml", PLAIN + "---\n" + PLAIN.replace("name: db", "name: cache")).add(".");
        assertThat(found(repo.staged(SECRETS_AND_GRAPH))).containsExactly("apps/secret.yaml:15 FW-S001");
        // The file-rules-only path (no cross-file rule enabled) agrees.
        assertThat(found(repo.staged(SECRETS))).containsExactly("apps/secret.yaml:15 FW-S001");
    }

    /**
     * An old plaintext Secret is one finding, its values parts of it: removing one of them (moved to an
     * ExternalSecret), whichever it is, or swapping two lines adds nothing; adding a value or changing one does.
     * Both ways of comparing (file rules only, and the shared model with a cross-file rule) agree.
     */
    @Test
    void removingOrReorderingValuesOfAnOldSecretIsNothingNew() throws Exception {
        String head = PLAIN.substring(0, PLAIN.indexOf("  password:"));
        String token = "  apitoken: cnry-token-0a9f8e7d\n";
        String password = "  password: cnry-password-0a9f8e7d\n";
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/secret.yaml", head + token + password).add(".").commit("debt");
        for (RuleSet rules : List.of(SECRETS, SECRETS_AND_GRAPH)) {
            repo.write("apps/secret.yaml", head + password).add(".");
            ScanResult r = repo.staged(rules);
            assertThat(found(r)).as("first value removed").isEmpty();
            assertThat(r.hidden()).containsEntry(ChangeScan.EXISTING, 1);
            repo.write("apps/secret.yaml", head + token).add(".");
            assertThat(found(repo.staged(rules))).as("second value removed").isEmpty();
            repo.write("apps/secret.yaml", head + password + token).add(".");
            assertThat(found(repo.staged(rules))).as("values swapped").isEmpty();
            repo.write("apps/secret.yaml", head + "  extra: cnry-extra-0a9f8e7d\n" + token + password).add(".");
            assertThat(found(repo.staged(rules))).as("value added above").containsExactly("apps/secret.yaml:7 FW-S001");
            repo.write("apps/secret.yaml", head + token + password + "  extra: cnry-extra-0a9f8e7d\n").add(".");
            assertThat(found(repo.staged(rules))).as("value added below").containsExactly("apps/secret.yaml:7 FW-S001");
            repo.write("apps/secret.yaml", head + password.replace("0a9f8e7d", "5c3b1e24")).add(".");
            assertThat(found(repo.staged(rules))).as("value changed, the other removed")
                    .containsExactly("apps/secret.yaml:7 FW-S001");
        }
    }

    @Test
    void renamedFileKeepsItsOldFindingsButNotNewOnes() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        String original = PLAIN + "---\n" + CONFIG_MAP + "---\n" + CONFIG_MAP.replace("settings", "more");
        repo.write("apps/secret.yaml", original).add(".").commit("debt");
        java.nio.file.Files.createDirectories(repo.dir.resolve("apps/db"));
        repo.ok("mv", "apps/secret.yaml", "apps/db/secret.yaml");
        ScanResult r = repo.staged(SECRETS);
        assertThat(found(r)).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.message().contains("renamed from apps/secret.yaml"));
        // Renamed and edited (still similar, as git -M sees it): the old Secret is not new, the added one is.
        repo.write("apps/db/secret.yaml", original + "---\n" + PLAIN.replace("name: db", "name: cache")).add(".");
        assertThat(found(repo.staged(SECRETS))).containsExactly("apps/db/secret.yaml:31 FW-S001");
        assertThat(found(repo.staged(SECRETS_AND_GRAPH))).containsExactly("apps/db/secret.yaml:31 FW-S001");
    }

    /**
     * FW-K004 is about a file (named in its message): a pure rename keeps it old, in the folder or out of it; a
     * second orphan file is new.
     */
    @Test
    void aRenamedOrphanFileKeepsItsOrphanFinding() throws Exception {
        RuleSet orphans = Fluxward.rules(List.of("FW-S001", "FW-K004"));
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/kustomization.yaml", "resources: [settings.yaml]\n").write("apps/settings.yaml", CONFIG_MAP)
                .write("apps/legacy.yaml", PLAIN).add(".").commit("debt");
        repo.ok("mv", "apps/legacy.yaml", "apps/legacy-renamed.yaml");
        ScanResult r = repo.staged(orphans);
        assertThat(found(r)).isEmpty();
        assertThat(r.hidden()).containsEntry(ChangeScan.EXISTING, 2);
        repo.write("apps/other.yaml", CONFIG_MAP.replace("name: settings", "name: other")).add(".");
        assertThat(found(repo.staged(orphans))).containsExactly("apps/other.yaml:2 FW-K004");
    }

    @Test
    void deletingADependencyIsCaughtInTheFileThatDidNotChange() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("clusters/prod/infra.yaml", Manifests.kustomization("infra", null))
                .write("clusters/prod/apps.yaml", Manifests.kustomization("apps", "infra"))
                .add(".").commit("graph");
        assertThat(found(repo.staged(SECRETS_AND_GRAPH))).isEmpty();
        repo.ok("rm", "-q", "clusters/prod/infra.yaml");
        ScanResult r = repo.staged(SECRETS_AND_GRAPH);
        assertThat(found(r)).containsExactly("clusters/prod/apps.yaml:14 TEST-F003");
    }

    @Test
    void sharedModelGivesTheSameAnswerAsTwoSeparateScans() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("clusters/infra.yaml", Manifests.kustomization("infra", null))
                .write("clusters/apps.yaml", Manifests.kustomization("apps", "infra"))
                .write("clusters/web.yaml", Manifests.kustomization("web", "missing"))
                .write("apps/old.yaml", PLAIN).write("apps/settings.yaml", CONFIG_MAP).add(".").commit("base");
        repo.ok("rm", "-q", "clusters/infra.yaml");
        repo.write("apps/new.yaml", PLAIN.replace("name: db", "name: new")).write("apps/old.yaml", "# edit\n" + PLAIN)
                .add(".");
        ScanResult shared = repo.staged(SECRETS_AND_GRAPH);
        try (GitRepository git = repo.open()) {
            Scanner scanner = new Scanner(SECRETS_AND_GRAPH);
            ScanResult old = scanner.scan(GitSnapshots.commit(git, git.head().orElseThrow(), "HEAD", ""), Config.empty(),
                    ScanOptions.defaults());
            ScanResult separate = scanner.scan(GitSnapshots.index(git, ""), Config.empty(), ScanOptions.defaults()
                    .withFilter(io.fluxward.engine.FindingFilter.knownFindings("old", old.findings())));
            assertThat(shared.findings()).isEqualTo(separate.findings());
            assertThat(shared.filesScanned()).isEqualTo(separate.filesScanned());
        }
        assertThat(found(shared)).containsExactly("apps/new.yaml:7 FW-S001", "clusters/apps.yaml:14 TEST-F003");
    }

    @Test
    void unbornHeadReportsEverythingStaged() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/secret.yaml", PLAIN).write("apps/settings.yaml", CONFIG_MAP).add(".");
        try (GitRepository git = repo.open()) {
            assertThat(git.head()).isEmpty();
        }
        assertThat(found(repo.staged(SECRETS))).containsExactly("apps/secret.yaml:7 FW-S001");
    }

    @Test
    void nothingStagedMeansNothingNew() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/secret.yaml", PLAIN).add(".").commit("debt");
        ScanResult r = repo.staged(SECRETS_AND_GRAPH);
        assertThat(r.findings()).isEmpty();
        assertThat(r.filesScanned()).isZero();
        // The rules were not disabled: they had nothing new to look at ("every rule is disabled" would mislead).
        assertThat(r.rules()).extracting(d -> d.id()).contains("FW-S001");
    }

    @Test
    void linkedWorktreeUsesItsOwnIndex() throws Exception {
        TestRepo main = repoWithCommit();
        Path other = tmp.resolve("feature-wt");
        main.ok("worktree", "add", "-q", "-b", "feature", other.toString());
        TestRepo feature = main.at(other);
        feature.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        assertThat(found(feature.staged(SECRETS))).containsExactly("apps/secret.yaml:7 FW-S001");
        assertThat(found(main.staged(SECRETS))).isEmpty();
        try (GitRepository git = feature.open()) {
            assertThat(git.workTree()).isEqualTo(other.toRealPath());
            assertThat(git.commonDir()).isEqualTo(main.dir.resolve(".git").toRealPath());
        }
    }

    @Test
    void repositoryMadeWithJgitInProcess() throws Exception {
        Path dir = tmp.resolve("jgit");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            java.nio.file.Files.createDirectories(dir.resolve("apps"));
            java.nio.file.Files.writeString(dir.resolve("apps/settings.yaml"), CONFIG_MAP);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setAuthor("Dev", "dev@example.com").setCommitter("Dev", "dev@example.com")
                    .setSign(false).call();
            java.nio.file.Files.writeString(dir.resolve("apps/secret.yaml"), PLAIN);
            git.add().addFilepattern("apps/secret.yaml").call();
        }
        try (GitRepository repo = GitRepository.open(dir)) {
            ScanResult r = ChangeScan.newFindings(new Scanner(SECRETS), repo,
                    GitSnapshots.commit(repo, repo.head().orElseThrow(), "HEAD", ""), GitSnapshots.index(repo, ""),
                    Config.empty(), ScanOptions.defaults());
            assertThat(found(r)).containsExactly("apps/secret.yaml:7 FW-S001");
            Finding f = r.findings().get(0);
            assertThat(f.message()).doesNotContain("hunter2");
        }
    }
}
