package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.ENCRYPTED;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed pre-commit hook, end to end: real {@code git commit} runs it in a separate
 * process, which runs fluxward (with the test-only secret rule) on the staged content.
 */
class HookTest {

    @TempDir
    Path tmp;

    private Map<String, String> hookEnv() {
        return Map.of("FLUXWARD", Fluxward.command());
    }

    private TestRepo.Run commit(TestRepo repo, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "commit", "-q", "-m", "change"));
        cmd.addAll(List.of(args));
        return repo.run(cmd, hookEnv());
    }

    private TestRepo installed() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Fluxward.Result r = Fluxward.run("hook", "install", "--repo", repo.dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("installed the fluxward pre-commit hook");
        return repo;
    }

    @Test
    void blocksAPlaintextSecretWithAReadableMessageAndChangesNothing() throws Exception {
        TestRepo repo = installed();
        String head = repo.head();
        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        repo.write("apps/settings.yaml", CONFIG_MAP + "  extra: unstaged\n");
        // git commit itself refreshes stat data and adds the cache tree to the index before it runs the
        // hook; do both first, so that any byte that changes below would be the hook's doing.
        Thread.sleep(1100);
        repo.ok("update-index", "-q", "--refresh");
        repo.ok("write-tree");
        Map<String, byte[]> before = repo.allBytes();
        before.keySet().removeIf(k -> !k.equals(".git/index") && k.startsWith(".git/"));
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:").contains("FW-S001").contains("commit blocked")
                .contains("fluxward explain FW-S001").contains("fluxward:ignore FW-S001")
                .doesNotContain("hunter2").doesNotContain("Exception");
        assertThat(repo.head()).isEqualTo(head);
        Map<String, byte[]> after = repo.allBytes();
        after.keySet().removeIf(k -> !k.equals(".git/index") && k.startsWith(".git/"));
        assertThat(TestRepo.changed(before, after)).isEmpty();
    }

    @Test
    void hookRunOnItsOwnChangesNothingAnywhereInTheRepository() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/secret.yaml", "# staged\n" + PLAIN).add("apps/secret.yaml");
        repo.write("apps/secret.yaml", ENCRYPTED);
        repo.write("apps/untracked.yaml", CONFIG_MAP);
        Map<String, byte[]> before = repo.allBytes();
        TestRepo.Run run = repo.run(List.of(repo.dir.resolve(".git/hooks/pre-commit").toString()), hookEnv());
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:8:");
        // The only writes: the result cache, in fluxward's own folder of the git dir (see ResultCacheTest).
        Map<String, byte[]> after = repo.allBytes();
        List<String> changed = TestRepo.changed(before, after);
        assertThat(changed).isNotEmpty().allMatch(p -> p.startsWith(".git/fluxward/cache/"));
        for (String p : changed) {
            assertThat(new String(after.get(p), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        }
        after.keySet().removeIf(p -> p.startsWith(".git/fluxward/"));
        assertThat(TestRepo.changed(before, after)).isEmpty();
        // A second run, served from the cache, says exactly the same.
        TestRepo.Run again = repo.run(List.of(repo.dir.resolve(".git/hooks/pre-commit").toString()), hookEnv());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.all()).isEqualTo(run.all());
    }

    @Test
    void letsACleanCommitThroughAndPartialStagingIsJudgedByTheIndex() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/secret.yaml", ENCRYPTED).add("apps/secret.yaml");
        repo.write("apps/secret.yaml", PLAIN);
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(repo.ok("show", "HEAD:apps/secret.yaml").out()).isEqualTo(ENCRYPTED);
        // Old debt elsewhere does not block a later, unrelated commit.
        repo.ok("commit", "-q", "--no-verify", "-am", "debt committed around the hook");
        repo.write("apps/more.yaml", CONFIG_MAP).add("apps/more.yaml");
        TestRepo.Run clean = commit(repo);
        assertThat(clean.exit()).as(clean.all()).isZero();
        assertThat(clean.all()).isEmpty();
    }

    @Test
    void commitAllChecksTheTemporaryIndexGitHandsTheHook() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/secret.yaml", ENCRYPTED).add("apps/secret.yaml").commit("encrypted");
        repo.write("apps/secret.yaml", PLAIN);
        // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the hook must read that one.
        TestRepo.Run run = commit(repo, "-a");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:");
        // `git commit PATH` (an "only" commit) uses yet another temporary index.
        TestRepo.Run only = commit(repo, "--", "apps/secret.yaml");
        assertThat(only.exit()).as(only.all()).isEqualTo(1);
        // Both take the file from the work tree: 'git add' is not what the next attempt needs.
        for (TestRepo.Run fromWorkTree : List.of(run, only)) {
            assertThat(fromWorkTree.all()).contains("fix:      edit the file, then commit again")
                    .doesNotContain("'git add' it again");
        }
    }

    @Test
    void firstCommitOfAnEmptyRepository() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "fresh");
        assertThat(Fluxward.run("hook", "install", "--repo", repo.dir.toString()).exit()).isZero();
        repo.write("apps/secret.yaml", PLAIN).add(".");
        TestRepo.Run blocked = commit(repo);
        assertThat(blocked.exit()).isEqualTo(1);
        // Nothing is older than the first commit: no "older findings are not shown".
        assertThat(blocked.all()).contains("commit blocked").doesNotContain("older than this change");
        repo.write("apps/secret.yaml", ENCRYPTED).add(".");
        TestRepo.Run ok = commit(repo);
        assertThat(ok.exit()).as(ok.all()).isZero();
    }

    /**
     * git runs pre-merge-commit, not pre-commit, for a merge that completes without conflicts: a merge whose two
     * sides are each fine but whose result breaks a dependsOn is stopped there, and a merged branch's own older
     * findings do not stop one (git writes no MERGE_HEAD before that hook: the heads come from its GITHEAD_ variables).
     */
    @Test
    void aMergeWithoutConflictsIsCheckedByThePreMergeCommitHook() throws Exception {
        TestRepo repo = Manifests.fluxRepository(TestRepo.init(tmp, "repo")).add(".").commit("init");
        Fluxward.Result r = Fluxward.run("hook", "install", "--repo", repo.dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("installed the fluxward pre-commit hook")
                .contains("installed the fluxward pre-merge-commit hook");
        assertThat(Files.readString(repo.dir.resolve(".git/hooks/pre-merge-commit"))).contains(HookInstaller.MARKER);

        repo.ok("checkout", "-q", "-b", "monitoring");
        repo.write("clusters/prod/monitoring.yaml", Manifests.kustomization("monitoring", "infra")
                .replace("./apps", "./monitoring"));
        repo.write("monitoring/settings.yaml", CONFIG_MAP.replace("name: settings", "name: monitoring")
                .replace("namespace: apps", "namespace: flux-system")).add(".");
        TestRepo.Run feature = commit(repo);
        assertThat(feature.exit()).as(feature.all()).isZero();
        repo.ok("checkout", "-q", "-b", "debt", "main");
        repo.write("apps/secret.yaml", PLAIN).add(".").commit("a plaintext Secret, skipping the hook");
        repo.ok("checkout", "-q", "main");
        repo.ok("rm", "-q", "clusters/prod/infra.yaml");
        repo.write("clusters/prod/apps.yaml", Manifests.kustomization("apps", null)).add(".");
        TestRepo.Run dropInfra = commit(repo);
        assertThat(dropInfra.exit()).as(dropInfra.all()).isZero();

        String head = repo.head();
        TestRepo.Run broken = repo.run(List.of("git", "merge", "-q", "--no-edit", "monitoring"), hookEnv());
        assertThat(broken.exit()).as(broken.all()).isNotZero();
        assertThat(broken.all()).contains("clusters/prod/monitoring.yaml:").contains("FW-F003").contains("commit blocked");
        assertThat(repo.head()).isEqualTo(head);
        repo.ok("merge", "--abort");

        TestRepo.Run debt = repo.run(List.of("git", "merge", "-q", "--no-edit", "debt"), hookEnv());
        assertThat(debt.exit()).as(debt.all()).isZero();
        assertThat(debt.all()).isEmpty();
        assertThat(repo.head()).isNotEqualTo(head);

        Fluxward.Result removed = Fluxward.run("hook", "uninstall", "--repo", repo.dir.toString());
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(repo.dir.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(repo.dir.resolve(".git/hooks/pre-merge-commit")).doesNotExist();
    }

    /**
     * A monorepo whose GitOps folder k8s/ has its own .fluxward.yaml: the hooks scan the folder given to hook install,
     * with its configuration (or --config), as {@code cd k8s && fluxward scan --staged} does, from any linked worktree.
     */
    @Test
    void hooksScanTheFolderAndConfigGivenToHookInstall() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("README", "monorepo\n").write("k8s/.fluxward.yaml", "rules:\n  FW-S001: {enabled: false}\n")
                .write("k8s/strict.yaml", "rules:\n  FW-S001: {enabled: true}\n").add(".").commit("init");
        assertThat(Fluxward.run("hook", "install", "--repo", repo.dir.toString()).exit()).isZero();
        repo.write("k8s/apps/secret.yaml", PLAIN).add(".");
        // The whole work tree, with the top's (absent) configuration: blocked, unlike a scan of k8s.
        assertThat(commit(repo).exit()).isEqualTo(1);

        Path k8s = repo.dir.resolve("k8s");
        Fluxward.Result folder = Fluxward.run("hook", "install", "--repo", repo.dir.toString(), k8s.toString());
        assertThat(folder.exit()).as(folder.err()).isZero();
        assertThat(folder.out()).contains("updated the fluxward pre-commit hook")
                .contains("the hooks run 'fluxward scan --staged -- k8s'");
        for (String hook : HookInstaller.HOOKS) {
            assertThat(Files.readString(repo.dir.resolve(".git/hooks/" + hook)))
                    .contains("fluxward_scan_args=" + HookInstaller.quote(HookInstaller.commandLine(List.of("--", "k8s"))));
        }
        TestRepo.Run passes = commit(repo);
        assertThat(passes.exit()).as(passes.all()).isZero();

        Fluxward.Result strict = Fluxward.run("hook", "install", "--repo", repo.dir.toString(), "--config",
                k8s.resolve("strict.yaml").toString(), k8s.toString());
        assertThat(strict.exit()).as(strict.err()).isZero();
        Path other = tmp.resolve("wt");
        repo.ok("worktree", "add", "-q", "-b", "feature", other.toString());
        TestRepo feature = repo.at(other);
        feature.write("k8s/apps/other.yaml", PLAIN.replace("name: db", "name: other")).add(".");
        TestRepo.Run blocked = commit(feature);
        assertThat(blocked.exit()).as(blocked.all()).isEqualTo(1);
        assertThat(blocked.all()).contains("k8s/apps/other.yaml:7:").contains("FW-S001");

        Fluxward.Result outside = Fluxward.run("hook", "install", "--repo", repo.dir.toString(), tmp.toString());
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).contains("not inside the work tree");
        Fluxward.Result missing = Fluxward.run("hook", "install", "--repo", repo.dir.toString(), k8s.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope: no such file or folder");
    }

    /**
     * The hooks of {@code hook install k8s} scan k8s/ as the index has it, not the work tree: a sparse checkout that
     * leaves it out blocked every commit ("k8s: no such file or directory"), and so did a commit that deletes it. Once
     * it is gone from HEAD too, the hook says so (a check of nothing is not to pass for a clean one).
     */
    @Test
    void aHookForAFolderReadsItFromTheIndex() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("k8s/app/kustomization.yaml", "resources:\n  - secret.yaml\n").write("k8s/app/secret.yaml", PLAIN)
                .write("docs/README.md", "# docs\n").add(".").commit("init");
        Path k8s = repo.dir.resolve("k8s");
        assertThat(Fluxward.run("hook", "install", "--repo", repo.dir.toString(), k8s.toString()).exit()).isZero();
        repo.ok("sparse-checkout", "set", "--no-cone", "/docs/");
        assertThat(k8s).doesNotExist();
        repo.write("docs/README.md", "# docs\nmore\n").add("docs/README.md");
        TestRepo.Run docs = commit(repo);
        assertThat(docs.exit()).as(docs.all()).isZero();
        assertThat(docs.all()).isEmpty();
        byte[] index = Files.readAllBytes(repo.dir.resolve(".git/index"));
        Fluxward.Result all = Fluxward.run("scan", "--staged", "--all", "--no-color", k8s.toString());
        assertThat(all.exit()).as(all.out() + all.err()).isEqualTo(1);
        assertThat(all.out()).contains("k8s/app/secret.yaml:7:13: error FW-S001");
        assertThat(Files.readAllBytes(repo.dir.resolve(".git/index"))).isEqualTo(index);
        assertThat(k8s).doesNotExist();

        repo.ok("sparse-checkout", "disable");
        repo.ok("rm", "-rq", "k8s");
        String head = repo.head();
        TestRepo.Run deletion = commit(repo);
        assertThat(deletion.exit()).as(deletion.all()).isZero();
        assertThat(deletion.all()).isEqualTo("fluxward: note: k8s: nothing is staged there (the index holds no file below "
                + "it): nothing to check\n");
        assertThat(repo.head()).isNotEqualTo(head);
        repo.write("docs/README.md", "# docs\n").add("docs/README.md");
        TestRepo.Run gone = commit(repo);
        assertThat(gone.exit()).as(gone.all()).isEqualTo(1);
        assertThat(gone.all()).contains("fluxward: k8s: no such file or folder in the index, in HEAD or in the work tree "
                + "(a hook that scans it: 'fluxward hook install' again with the folders to check)");
    }

    /** A foreign pre-merge-commit hook is kept as the pre-commit one is: refused, chained with --force, restored. */
    @Test
    void aForeignPreMergeCommitHookIsKeptAndChained() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path hooks = repo.dir.resolve(".git/hooks");
        Path marker = tmp.resolve("foreign-ran");
        String foreign = "#!/bin/sh\necho foreign >> '" + marker + "'\nexit 0\n";
        Files.writeString(hooks.resolve("pre-merge-commit"), foreign);
        assertThat(hooks.resolve("pre-merge-commit").toFile().setExecutable(true)).isTrue();

        Fluxward.Result refused = Fluxward.run("hook", "install", "--repo", repo.dir.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("pre-merge-commit already exists and is not fluxward's").contains("--force");
        assertThat(hooks.resolve("pre-commit")).doesNotExist();

        Fluxward.Result forced = Fluxward.run("hook", "install", "--force", "--repo", repo.dir.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(hooks.resolve("pre-merge-commit.pre-fluxward"))).isEqualTo(foreign);
        repo.ok("checkout", "-q", "-b", "side");
        repo.write("apps/more.yaml", CONFIG_MAP.replace("settings", "more")).add(".").commit("side");
        repo.ok("checkout", "-q", "main");
        repo.write("apps/other.yaml", CONFIG_MAP.replace("settings", "other")).add(".").commit("main");
        TestRepo.Run merged = repo.run(List.of("git", "merge", "-q", "--no-edit", "side"), hookEnv());
        assertThat(merged.exit()).as(merged.all()).isZero();
        assertThat(Files.readString(marker)).isEqualTo("foreign\n");

        Fluxward.Result removed = Fluxward.run("hook", "uninstall", "--repo", repo.dir.toString());
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(Files.readString(hooks.resolve("pre-merge-commit"))).isEqualTo(foreign);
        assertThat(hooks.resolve("pre-commit")).doesNotExist();
    }

    /** {@code scan --staged} typed by hand runs in no commit: it says a commit would be blocked, not that one is. */
    @Test
    void scanStagedByHandSaysACommitWouldBeBlocked() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        TestRepo.Run run = repo.run(List.of("sh", "-c", Fluxward.command() + " scan --staged -q"), Map.of());
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("fluxward: the staged changes add 1 finding (1 error); a commit would be blocked.")
                .contains("'git add' it again").doesNotContain("commit blocked");
    }

    @Test
    void aCoreHooksPathThatIsAFileIsNamedInTheError() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        Files.writeString(repo.dir.resolve("hooks"), "");
        repo.ok("config", "core.hooksPath", "hooks");
        Fluxward.Result r = Fluxward.run("hook", "install", "--repo", repo.dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fluxward: core.hooksPath " + repo.dir.toRealPath().resolve("hooks")
                + " is a file, not a folder: git cannot run hooks from it (point core.hooksPath at a folder, or unset it)\n");
        repo.ok("config", "core.hooksPath", "hooks/sub");
        assertThat(Fluxward.run("hook", "install", "--repo", repo.dir.toString()).err())
                .startsWith("fluxward: cannot create the hooks folder ").contains("hooks/sub (Not a directory)");
    }

    @Test
    void respectsCoreHooksPathAndKeepsAForeignHook() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.ok("config", "core.hooksPath", ".githooks");
        Path hooks = repo.dir.resolve(".githooks");
        Files.createDirectories(hooks);
        Path marker = tmp.resolve("foreign-ran");
        String foreign = "#!/bin/sh\necho foreign >> '" + marker + "'\nexit 0\n";
        Files.writeString(hooks.resolve("pre-commit"), foreign);
        assertThat(hooks.resolve("pre-commit").toFile().setExecutable(true)).isTrue();

        Fluxward.Result refused = Fluxward.run("hook", "install", "--repo", repo.dir.toString());
        // Exit 1 means findings: a refusal is a usage error (2), so that a script can tell the two apart.
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("not fluxward's").contains("--force");
        assertThat(Files.readString(hooks.resolve("pre-commit"))).isEqualTo(foreign);
        assertThat(repo.dir.resolve(".git/hooks/pre-commit")).doesNotExist();

        Fluxward.Result forced = Fluxward.run("hook", "install", "--force", "--repo", repo.dir.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(hooks.resolve(HookInstaller.CHAINED))).isEqualTo(foreign);
        assertThat(Files.readString(hooks.resolve("pre-commit"))).contains(HookInstaller.MARKER);

        repo.write("apps/secret.yaml", PLAIN).add(".");
        assertThat(commit(repo).exit()).isEqualTo(1);
        assertThat(Files.readString(marker)).isEqualTo("foreign\n");
        repo.write("apps/secret.yaml", ENCRYPTED).add(".");
        assertThat(commit(repo).exit()).isZero();
        assertThat(Files.readString(marker)).isEqualTo("foreign\nforeign\n");

        // Installing again updates in place and never chains fluxward to itself.
        assertThat(Fluxward.run("hook", "install", "--force", "--repo", repo.dir.toString()).out()).contains("updated");
        assertThat(Files.readString(hooks.resolve(HookInstaller.CHAINED))).isEqualTo(foreign);

        Fluxward.Result removed = Fluxward.run("hook", "uninstall", "--repo", repo.dir.toString());
        assertThat(removed.exit()).isZero();
        assertThat(Files.readString(hooks.resolve("pre-commit"))).isEqualTo(foreign);
        assertThat(hooks.resolve(HookInstaller.CHAINED)).doesNotExist();
        Fluxward.Result notOurs = Fluxward.run("hook", "uninstall", "--repo", repo.dir.toString());
        assertThat(notOurs.exit()).isEqualTo(2);
        assertThat(notOurs.err()).contains("not fluxward's hook: left as it is");
    }

    /**
     * A kustomization that names a file or folder only in the work tree: the finding says it "does not exist" (in what
     * is committed), and the advice names what to stage, as "edit the file" alone leaves the user puzzled.
     */
    @Test
    void namesTheFilesAKustomizationListsThatAreInTheWorkTreeButNotStaged() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/web/cm.yaml", CONFIG_MAP)
                .write("apps/base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                .write("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources:\n  - cm.yaml\n  - ../base\n  - gone.yaml\n")
                .add("apps/web/kustomization.yaml");
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/web/kustomization.yaml:4:5: error FW-K001")
                .contains("apps/web/kustomization.yaml:6:5: error FW-K001")
                .contains("not staged: 'apps/base', 'apps/web/cm.yaml' are in the work tree but not in "
                        + "the index: git add -- ':/apps/base' ':/apps/web/cm.yaml'")
                .doesNotContain("gone.yaml' are").doesNotContain(":/apps/web/gone.yaml");
        repo.add("apps/web/cm.yaml", "apps/base/kustomization.yaml");
        TestRepo.Run again = commit(repo);
        assertThat(again.exit()).as(again.all()).isEqualTo(1);
        assertThat(again.all()).contains("'gone.yaml' does not exist").doesNotContain("not staged:");
        // A Flux Kustomization's spec.path whose folder is only in the work tree (FW-F009).
        repo.write("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources:\n  - cm.yaml\n").write("apps/extra/cm.yaml", CONFIG_MAP)
                .write("clusters/sync.yaml", """
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: GitRepository
                        metadata: {name: flux-system, namespace: flux-system}
                        spec: {interval: 1m, url: "https://example.com/fleet.git", ref: {branch: main}}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: extra, namespace: flux-system}
                        spec:
                          interval: 10m
                          prune: true
                          path: ./apps/extra
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """).add("apps/web/kustomization.yaml", "clusters/sync.yaml");
        TestRepo.Run flux = commit(repo);
        assertThat(flux.all()).contains("FW-F009")
                .contains("not staged: 'apps/extra' is in the work tree but not in the index: git add -- ':/apps/extra'");
    }

    /**
     * {@code git commit PATH} commits HEAD's tree with the named paths only: a file staged in the repository's index but
     * not named is rightly missing (FW-K001), and 'git add' (the advice for a file never staged) changes nothing. The
     * advice says it is not part of this commit instead; naming it in the commit's paths lets the commit through.
     */
    @Test
    void aCommitOfSomePathsSaysWhatItLeavesOutInsteadOfGitAdd() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n").add(".").commit("kustomization");
        repo.write("apps/other.yaml", CONFIG_MAP.replace("name: settings", "name: other"))
                .write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n  - other.yaml\n").add("apps");
        TestRepo.Run only = commit(repo, "--", "apps/kustomization.yaml");
        assertThat(only.exit()).as(only.all()).isEqualTo(1);
        assertThat(only.all()).contains("apps/kustomization.yaml:3:5: error FW-K001")
                .contains("not in this commit: 'apps/other.yaml' is in the work tree but not among the paths this commit "
                        + "takes: name it in the commit's paths too ('git add' a new file first), or commit without paths")
                .doesNotContain("not staged:").doesNotContain("git add --");
        TestRepo.Run named = commit(repo, "--", "apps/kustomization.yaml", "apps/other.yaml");
        assertThat(named.exit()).as(named.all()).isZero();
        // The other modes keep their advice: a file never staged is to be added (git commit -a takes tracked files only).
        repo.write("apps/extra.yaml", CONFIG_MAP.replace("name: settings", "name: extra"))
                .write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n  - other.yaml\n  - extra.yaml\n");
        for (String[] args : List.of(new String[] {"-a"}, new String[0])) {
            if (args.length == 0) {
                repo.add("apps/kustomization.yaml");
            }
            TestRepo.Run run = commit(repo, args);
            assertThat(run.exit()).as(run.all()).isEqualTo(1);
            assertThat(run.all()).contains("not staged: 'apps/extra.yaml' is in the work tree but not in the index: "
                    + "git add -- ':/apps/extra.yaml'").doesNotContain("not in this commit");
        }
    }

    /** A staged key file is taken out of the commit: editing it is no fix, and a private key is not to be accepted. */
    @Test
    void aStagedKeyFileIsToBeUnstagedNotEditedOrAccepted() throws Exception {
        TestRepo repo = installed();
        repo.write("keys/age.agekey", "# created: 2024-01-01T00:00:00Z\n"
                + "# public key: age1e872k4x3n0wtl7z45kww6l7ecrr9daus36ugwlujw040h9vjtg9q7a2drn\n"
                + "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3FQNFG\n").add(".");
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("keys/age.agekey:3:").contains("FW-S004")
                .contains("fix:      take the key file out of the commit: git rm --cached -- ':/keys/age.agekey'")
                .contains("fluxward explain FW-S004").doesNotContain("edit the file").doesNotContain("fluxward:ignore")
                .doesNotContain("QYQSZQGPQYQS");
        // A key inside a manifest is edited out of it as before.
        repo.ok("rm", "-q", "--cached", "keys/age.agekey");
        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        assertThat(commit(repo).all()).contains("edit the file").contains("fluxward:ignore FW-S001");
    }

    /**
     * git finds {@code ~} and the user's config through {@code $HOME}; Java's {@code user.home} comes from the passwd
     * entry, which differs in containers and CI. {@code hook install} must write where git runs hooks from.
     */
    @Test
    void installsWhereGitLooksWhenHomeIsNotJavasUserHome() throws Exception {
        Path javaHome = Files.createDirectories(tmp.resolve("passwd-home"));
        Path home = tmp.resolve("home"); // TestRepo's HOME (and GIT_CONFIG_GLOBAL=home/.gitconfig)
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + javaHome);
        List<String> install = List.of("sh", "-c", Fluxward.command() + " hook install");

        // core.hooksPath with ~ in the repository's config.
        TestRepo tilde = TestRepo.init(tmp, "tilde");
        tilde.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        tilde.ok("config", "core.hooksPath", "~/.githooks");
        TestRepo.Run installed = tilde.run(install, env);
        assertThat(installed.exit()).as(installed.all()).isZero();
        assertThat(installed.out()).contains("installed the fluxward pre-commit hook in " + home.resolve(".githooks"));
        assertThat(home.resolve(".githooks/pre-commit")).exists();
        assertThat(javaHome.resolve(".githooks")).doesNotExist();
        tilde.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        assertThat(commit(tilde).exit()).isEqualTo(1);

        // core.hooksPath in the user's (global) config, which git reads from $HOME/.gitconfig.
        TestRepo global = TestRepo.init(tmp, "global");
        global.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path globalHooks = tmp.resolve("global-hooks");
        Files.writeString(home.resolve(".gitconfig"), "[core]\n\thooksPath = " + globalHooks + "\n");
        assertThat(global.ok("rev-parse", "--git-path", "hooks").out().strip()).isEqualTo(globalHooks.toString());
        installed = global.run(List.of("env", "-u", "GIT_CONFIG_GLOBAL", "sh", "-c", Fluxward.command() + " hook install"),
                env);
        assertThat(installed.exit()).as(installed.all()).isZero();
        assertThat(globalHooks.resolve("pre-commit")).exists();
        assertThat(global.dir.resolve(".git/hooks/pre-commit")).doesNotExist();
        global.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        assertThat(commit(global).exit()).isEqualTo(1);

        // GIT_CONFIG_GLOBAL names the user's config instead of ~/.gitconfig (git 2.32+).
        TestRepo named = TestRepo.init(tmp, "named");
        named.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path namedConfig = tmp.resolve("named.gitconfig");
        Path namedHooks = tmp.resolve("named-hooks");
        Files.writeString(namedConfig, "[core]\n\thooksPath = " + namedHooks + "\n");
        installed = named.run(install, Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + javaHome, "GIT_CONFIG_GLOBAL",
                namedConfig.toString()));
        assertThat(installed.exit()).as(installed.all()).isZero();
        assertThat(namedHooks.resolve("pre-commit")).exists();
        assertThat(named.dir.resolve(".git/hooks/pre-commit")).doesNotExist();
    }

    @Test
    void aFailingForeignHookStillBlocks() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\necho 'lint failed' >&2\nexit 3\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
        assertThat(Fluxward.run("hook", "install", "--force", "--repo", repo.dir.toString()).exit()).isZero();
        repo.write("apps/more.yaml", CONFIG_MAP).add(".");
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("lint failed");
    }

    @Test
    void linkedWorktreeSharesTheHooksOfTheMainRepository() throws Exception {
        TestRepo main = TestRepo.init(tmp, "repo");
        main.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path other = tmp.resolve("wt");
        main.ok("worktree", "add", "-q", "-b", "feature", other.toString());
        TestRepo feature = main.at(other);
        Fluxward.Result r = Fluxward.run("hook", "install", "--repo", other.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(main.dir.resolve(".git/hooks/pre-commit")).exists();
        feature.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        TestRepo.Run run = commit(feature);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:");
    }

    /**
     * git hands hooks {@code GIT_INDEX_FILE=.git/index}, relative to the work tree's top (where git reads it). A hook
     * that runs fluxward from a subfolder read no index there and let everything through. One that names no file is
     * an error, not an empty index.
     */
    @Test
    void aHookRunInASubfolderReadsTheIndexGitNamesFromTheTop() throws Exception {
        TestRepo repo = installed();
        Files.writeString(repo.dir.resolve(".git/hooks/pre-commit"),
                "#!/bin/sh\ncd apps && eval \"$FLUXWARD scan --staged --quiet --no-color\"\n");
        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        String head = repo.head();
        TestRepo.Run run = commit(repo);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:").contains("FW-S001");
        assertThat(repo.head()).isEqualTo(head);
        TestRepo apps = repo.at(repo.dir.resolve("apps"));
        List<String> staged = List.of("sh", "-c", Fluxward.command() + " scan --staged --quiet --no-color --no-cache");
        TestRepo.Run relative = apps.run(staged, Map.of("GIT_INDEX_FILE", ".git/index"));
        assertThat(relative.exit()).as(relative.all()).isEqualTo(1);
        assertThat(relative.out()).contains("apps/secret.yaml:7:13: error FW-S001");
        for (String missing : List.of(".git/no-such-index", tmp.resolve("no-such-index").toString())) {
            TestRepo.Run none = apps.run(staged, Map.of("GIT_INDEX_FILE", missing));
            assertThat(none.exit()).as(none.all()).isEqualTo(2);
            assertThat(none.out()).isEmpty();
            assertThat(none.err().strip()).doesNotContain("\n").contains("GIT_INDEX_FILE").contains("no-such-index");
        }
    }

    /**
     * {@code git clone --separate-git-dir}: {@code .git} is a file naming a git dir elsewhere, with no {@code core.worktree};
     * git's work tree is the folder holding that file, not the git dir's parent. With the git dir next to the work tree
     * (work/ + work.git/) every scan read nothing and passed; with it elsewhere every scan and commit failed.
     */
    @Test
    void separateGitDirNextToTheWorkTreeOrElsewhere() throws Exception {
        TestRepo src = TestRepo.init(tmp, "src");
        src.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        for (String gitDir : List.of("work.git", "gitdirs/elsewhere.git")) {
            Path work = tmp.resolve("work-" + gitDir.length());
            Files.createDirectories(tmp.resolve(gitDir).getParent());
            src.ok("clone", "-q", "--separate-git-dir=" + tmp.resolve(gitDir), src.dir.toString(), work.toString());
            TestRepo clone = src.at(work);
            clone.ok("config", "user.email", "dev@example.com");
            clone.ok("config", "user.name", "Dev");
            assertThat(Fluxward.run("hook", "install", "--repo", work.toString()).exit()).isZero();
            assertThat(tmp.resolve(gitDir).resolve("hooks/pre-commit")).exists();
            clone.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
            // (--no-cache: the hook below scans from the top, and its outcome must not come from this subfolder scan)
            Fluxward.Result staged = Fluxward.run("scan", "--staged", "--no-cache", "--no-color",
                    work.resolve("apps").toString());
            assertThat(staged.exit()).as(gitDir + "\n" + staged.out() + staged.err()).isEqualTo(1);
            assertThat(staged.out()).contains("apps/secret.yaml:7:13: error FW-S001");
            String head = clone.head();
            TestRepo.Run run = commit(clone);
            assertThat(run.exit()).as(gitDir + "\n" + run.all()).isEqualTo(1);
            assertThat(run.all()).contains("apps/secret.yaml:7:").contains("FW-S001").contains("commit blocked");
            assertThat(clone.head()).isEqualTo(head);
            Fluxward.Result disk = Fluxward.run("scan", "--no-color", work.toString());
            assertThat(disk.exit()).as(gitDir + "\n" + disk.out() + disk.err()).isEqualTo(1);
            assertThat(disk.out()).contains("apps/secret.yaml:7:13: error FW-S001");
        }
    }

    /** A hook whose jar or launcher is gone says fluxward could not run, not (java's exit 1) that there are findings. */
    @Test
    void aHookWhoseFluxwardIsGoneSaysItCouldNotRun() throws Exception {
        TestRepo repo = installed();
        repo.write("apps/secret.yaml", ENCRYPTED).add("apps/secret.yaml");
        Path hook = repo.dir.resolve(".git/hooks/pre-commit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = tmp.resolve("gone/fluxward.jar");
        List<String> jarGone = List.of(java, "-jar", jar.toString());
        List<String> launcherGone = List.of(tmp.resolve("gone/fluxward").toString());
        for (List<String> command : List.of(jarGone, launcherGone)) {
            Files.writeString(hook, HookInstaller.script(HookInstaller.commandLine(command)));
            TestRepo.Run run = repo.run(List.of("git", "commit", "-q", "-m", "change"), Map.of());
            assertThat(run.exit()).as(run.all()).isEqualTo(1);
            assertThat(run.all()).contains("fluxward pre-commit hook: fluxward could not run: "
                    + command.get(command.size() - 1) + " is not there; commit blocked")
                    .contains("rebuild fluxward").contains("'fluxward hook install' again")
                    .doesNotContain("Unable to access jarfile");
        }
        TestRepo.Run override = repo.run(List.of("git", "commit", "-q", "-m", "change"),
                Map.of("FLUXWARD", java + " -jar " + jar));
        assertThat(override.all()).contains("could not run: " + jar).contains("fix FLUXWARD");
        // The hook's own exit status (git reports only that the hook failed) is 2, not the findings' 1.
        TestRepo.Run direct = repo.run(List.of(hook.toString()), Map.of());
        assertThat(direct.exit()).isEqualTo(2);
    }

    @Test
    void hookScriptInTheRepositoryIsTheOneInstalled() throws Exception {
        Path source = io.fluxward.cli.TestPaths.root().resolve("hooks/pre-commit");
        String shipped = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
        String installed = HookInstaller.script("fluxward");
        assertThat(installed).isEqualTo(shipped.replace("fluxward_installed=''", "fluxward_installed='fluxward'"));
        assertThat(source.toFile().canExecute()).isTrue();
    }
}
