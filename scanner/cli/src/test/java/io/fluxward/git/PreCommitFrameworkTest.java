package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.ENCRYPTED;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pre-commit framework using this repository's {@code .pre-commit-hooks.yaml}. The hook
 * repository is a copy of the manifest plus a {@code fluxward} launcher that runs the code under
 * test (the real launcher would build the jar with Maven inside pre-commit's cache).
 */
class PreCommitFrameworkTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void preCommitInstalled() throws Exception {
        if (onPath()) {
            return;
        }
        // The Debian package, as the test set-up promised; only possible as root with apt-get.
        if (Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            if (!install(List.of("apt-get", "install", "-y", "-q", "pre-commit"))) {
                install(List.of("apt-get", "update", "-q"));
                install(List.of("apt-get", "install", "-y", "-q", "pre-commit"));
            }
        }
        Assumptions.assumeTrue(onPath(), "the pre-commit framework is not installed and could not be installed "
                + "(apt-get install pre-commit needs root and the Debian mirror): skipping the framework test");
    }

    private static boolean install(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "pre-commit"))) {
                return true;
            }
        }
        return false;
    }

    /** A hook repository: the real manifest, and a launcher that runs fluxward from the test class path. */
    private String hookRepo() throws Exception {
        TestRepo hooks = TestRepo.init(tmp, "fluxward-hooks");
        Files.copy(TestPaths.root().resolve(".pre-commit-hooks.yaml"), hooks.dir.resolve(".pre-commit-hooks.yaml"));
        Path launcher = hooks.dir.resolve("fluxward");
        Files.writeString(launcher, "#!/bin/sh\nexec " + Fluxward.command() + " \"$@\"\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        hooks.add(".").commit("hooks");
        return hooks.head();
    }

    private Map<String, String> env() {
        return Map.of("PRE_COMMIT_HOME", tmp.resolve("pre-commit-cache").toString());
    }

    @Test
    void blocksAPlaintextSecretAndPassesAnEncryptedOne() throws Exception {
        String rev = hookRepo();
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + tmp.resolve("fluxward-hooks") + "\n    rev: " + rev
                + "\n    hooks:\n      - id: fluxward\n      - id: fluxward-secrets\n");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        TestRepo.Run install = repo.run(List.of("pre-commit", "install"), env());
        assertThat(install.exit()).as(install.all()).isZero();

        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        TestRepo.Run blocked = repo.run(List.of("git", "commit", "-q", "-m", "plaintext"), env());
        assertThat(blocked.exit()).as(blocked.all()).isEqualTo(1);
        assertThat(blocked.all()).contains("fluxward secrets").contains("Failed").contains("apps/secret.yaml:7:")
                .contains("FW-S001").doesNotContain("hunter2");

        repo.write("apps/secret.yaml", ENCRYPTED).add("apps/secret.yaml");
        TestRepo.Run passed = repo.run(List.of("git", "commit", "-q", "-m", "encrypted"), env());
        assertThat(passed.exit()).as(passed.all()).isZero();
        assertThat(passed.all()).contains("Passed");
        assertThat(repo.ok("show", "HEAD:apps/secret.yaml").out()).isEqualTo(ENCRYPTED);
    }

    @Test
    void tryRepoRunsTheSecretsHookOnWhatIsStaged() throws Exception {
        hookRepo();
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.ok("rm", "-q", "apps/settings.yaml");
        // Only a deletion is staged: the hook still runs (always_run) and finds nothing new.
        TestRepo.Run deletion = repo.run(List.of("pre-commit", "try-repo", tmp.resolve("fluxward-hooks").toString(),
                "fluxward"), env());
        assertThat(deletion.exit()).as(deletion.all()).isZero();
        assertThat(deletion.all()).contains("fluxward").contains("Passed");
        repo.write("apps/secret.yaml", PLAIN).add("apps/secret.yaml");
        TestRepo.Run run = repo.run(List.of("pre-commit", "try-repo", tmp.resolve("fluxward-hooks").toString(),
                "fluxward-secrets"), env());
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:");
    }
    /** A repository using the hook repository, with a plaintext Secret committed past the hook (--no-verify). */
    private TestRepo withCommittedSecret(String hookId) throws Exception {
        String rev = hookRepo();
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + tmp.resolve("fluxward-hooks") + "\n    rev: " + rev
                + "\n    hooks:\n      - id: " + hookId + "\n");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write("apps/secret.yaml", PLAIN).add(".").commit("add a plaintext Secret, skipping the hook");
        return repo;
    }

    /**
     * {@code pre-commit run --all-files} (CI, pre-commit.ci) stages nothing: a check of the staged changes found
     * nothing new and passed with a plaintext Secret in the tree. It checks the whole repository, as {@code --files}
     * does (the hooks take no file names); a hook that passes names narrows the report to them.
     */
    @Test
    void allFilesAndFilesCheckTheRepository() throws Exception {
        TestRepo repo = withCommittedSecret("fluxward");
        TestRepo.Run all = repo.run(List.of("pre-commit", "run", "--all-files"), env());
        assertThat(all.exit()).as(all.all()).isEqualTo(1);
        assertThat(all.all()).contains("Failed").contains("apps/secret.yaml:7:").contains("FW-S001")
                .doesNotContain("hunter2");
        TestRepo.Run otherFile = repo.run(List.of("pre-commit", "run", "--files", "apps/settings.yaml"), env());
        assertThat(otherFile.exit()).as(otherFile.all()).isEqualTo(1);
        assertThat(otherFile.all()).contains("apps/secret.yaml:7:");

        // The Secret encrypted (in the work tree: --all-files reads the files as they are): nothing left.
        repo.write("apps/secret.yaml", ENCRYPTED);
        TestRepo.Run fixed = repo.run(List.of("pre-commit", "run", "--all-files"), env());
        assertThat(fixed.exit()).as(fixed.all()).isZero();
        assertThat(fixed.all()).contains("Passed");

        // A local hook that passes file names: only the findings of those files.
        repo.write("apps/secret.yaml", PLAIN);
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks:\n      - id: fluxward\n"
                + "        name: fluxward\n        entry: " + tmp.resolve("fluxward-hooks/fluxward")
                + " scan --pre-commit-framework --quiet --no-color\n        language: system\n"
                + "        pass_filenames: true\n        require_serial: true\n");
        TestRepo.Run named = repo.run(List.of("pre-commit", "run", "--files", "apps/secret.yaml"), env());
        assertThat(named.exit()).as(named.all()).isEqualTo(1);
        assertThat(named.all()).contains("apps/secret.yaml:7:");
        TestRepo.Run narrowed = repo.run(List.of("pre-commit", "run", "--files", "apps/settings.yaml"), env());
        assertThat(narrowed.exit()).as(narrowed.all()).isZero();
        assertThat(narrowed.all()).contains("Passed").doesNotContain("apps/secret.yaml");
    }

    /**
     * pre-commit splits a long file list into several runs of a hook (require_serial only makes them sequential);
     * each would repeat the whole staged check and its output. The hooks take no names: one run, one report.
     */
    @Test
    void aCommitOfManyFilesIsCheckedAndReportedOnce() throws Exception {
        String rev = hookRepo();
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + tmp.resolve("fluxward-hooks") + "\n    rev: " + rev
                + "\n    hooks:\n      - id: fluxward\n");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        TestRepo.Run install = repo.run(List.of("pre-commit", "install"), env());
        assertThat(install.exit()).as(install.all()).isZero();
        // Over 128 KiB of file names: the most pre-commit puts on one command line.
        for (int i = 0; i < 2000; i++) {
            repo.write("apps/a-rather-long-folder-name-to-fill-the-command-line-of-the-hook/configmap-" + i + ".yaml",
                    CONFIG_MAP.replace("name: settings", "name: cm" + i));
        }
        repo.write("apps/secret.yaml", PLAIN).add(".");
        TestRepo.Run blocked = repo.run(List.of("git", "commit", "-q", "-m", "many"), env());
        assertThat(blocked.exit()).as(blocked.all()).isEqualTo(1);
        assertThat(blocked.all().split("error FW-S001", -1)).hasSize(2);
        assertThat(blocked.all().split("commit blocked", -1)).hasSize(2);
    }

    /** {@code --from-ref/--to-ref} (a pull request's range in CI): the findings the range adds, not older ones. */
    @Test
    void fromRefToRefChecksWhatTheRangeAdds() throws Exception {
        TestRepo repo = withCommittedSecret("fluxward-secrets");
        TestRepo.Run adds = repo.run(List.of("pre-commit", "run", "--from-ref", "HEAD~1", "--to-ref", "HEAD"), env());
        assertThat(adds.exit()).as(adds.all()).isEqualTo(1);
        assertThat(adds.all()).contains("fluxward secrets").contains("Failed").contains("apps/secret.yaml:7:")
                .doesNotContain("hunter2");

        repo.write("apps/more.yaml", CONFIG_MAP.replace("settings", "more")).add(".").commit("clean change");
        TestRepo.Run clean = repo.run(List.of("pre-commit", "run", "--from-ref", "HEAD~1", "--to-ref", "HEAD"), env());
        assertThat(clean.exit()).as(clean.all()).isZero();
        assertThat(clean.all()).contains("Passed");
        // The commits named, not the work tree: a plaintext Secret only on disk is no part of the range.
        repo.write("apps/more.yaml", PLAIN.replace("name: db", "name: more"));
        assertThat(repo.run(List.of("pre-commit", "run", "--from-ref", "HEAD~1", "--to-ref", "HEAD"), env()).exit())
                .isZero();
    }

    /** The pre-push stage: a push whose commits add a plaintext Secret is stopped; older findings do not stop one. */
    @Test
    void prePushChecksThePushedCommits() throws Exception {
        String rev = hookRepo();
        Path remote = tmp.resolve("remote.git");
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.ok("init", "-q", "--bare", remote.toString());
        repo.ok("remote", "add", "origin", remote.toString());
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + tmp.resolve("fluxward-hooks") + "\n    rev: " + rev
                + "\n    hooks:\n      - id: fluxward\n");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        TestRepo.Run install = repo.run(List.of("pre-commit", "install", "--hook-type", "pre-push"), env());
        assertThat(install.exit()).as(install.all()).isZero();
        TestRepo.Run first = repo.run(List.of("git", "push", "-q", "origin", "main"), env());
        assertThat(first.exit()).as(first.all()).isZero();

        String pushed = repo.head();
        repo.write("apps/secret.yaml", PLAIN).add(".").commit("a plaintext Secret, skipping the commit hook");
        TestRepo.Run blocked = repo.run(List.of("git", "push", "-q", "origin", "main"), env());
        assertThat(blocked.exit()).as(blocked.all()).isNotZero();
        assertThat(blocked.all()).contains("Failed").contains("apps/secret.yaml:7:").contains("FW-S001")
                .doesNotContain("hunter2");
        assertThat(repo.ok("ls-remote", "origin", "refs/heads/main").out()).startsWith(pushed);

        // Pushed anyway (--no-verify), the Secret is old: a later clean push goes through.
        assertThat(repo.run(List.of("git", "push", "-q", "--no-verify", "origin", "main"), env()).exit()).isZero();
        repo.write("apps/more.yaml", CONFIG_MAP.replace("settings", "more")).add(".").commit("clean change");
        TestRepo.Run clean = repo.run(List.of("git", "push", "-q", "origin", "main"), env());
        assertThat(clean.exit()).as(clean.all()).isZero();
    }

    /**
     * A merge that git completes without conflicts runs only pre-merge-commit: the hooks list that stage (pre-commit
     * 3.0 calls it merge-commit), so a merge whose result breaks a dependsOn is stopped.
     */
    @Test
    void aMergeWithoutConflictsIsCheckedInTheMergeCommitStage() throws Exception {
        String rev = hookRepo();
        TestRepo repo = Manifests.fluxRepository(TestRepo.init(tmp, "repo"));
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + tmp.resolve("fluxward-hooks") + "\n    rev: " + rev
                + "\n    hooks:\n      - id: fluxward\n");
        repo.add(".").commit("init");
        TestRepo.Run install = repo.run(List.of("pre-commit", "install", "--hook-type", "pre-merge-commit"), env());
        assertThat(install.exit()).as(install.all()).isZero();
        repo.ok("checkout", "-q", "-b", "monitoring");
        repo.write("clusters/prod/monitoring.yaml", Manifests.kustomization("monitoring", "infra")
                .replace("./apps", "./monitoring"));
        repo.write("monitoring/settings.yaml", CONFIG_MAP.replace("name: settings", "name: monitoring")
                .replace("namespace: apps", "namespace: flux-system")).add(".").commit("monitoring, after infra");
        repo.ok("checkout", "-q", "main");
        repo.ok("rm", "-q", "clusters/prod/infra.yaml");
        repo.write("clusters/prod/apps.yaml", Manifests.kustomization("apps", null)).add(".").commit("no infra");
        String head = repo.head();
        TestRepo.Run merge = repo.run(List.of("git", "merge", "-q", "--no-edit", "monitoring"), env());
        assertThat(merge.exit()).as(merge.all()).isNotZero();
        assertThat(merge.all()).contains("Failed").contains("clusters/prod/monitoring.yaml:").contains("FW-F003");
        assertThat(repo.head()).isEqualTo(head);
    }

    /**
     * In {@code git commit} only what the commit adds fails (the file names pre-commit passes do not make old
     * findings new); a manual {@code pre-commit run} gets the staged files and checks them whole, as it means it.
     */
    @Test
    void aCommitStillChecksOnlyWhatItAdds() throws Exception {
        TestRepo repo = withCommittedSecret("fluxward");
        TestRepo.Run install = repo.run(List.of("pre-commit", "install"), env());
        assertThat(install.exit()).as(install.all()).isZero();
        // The old Secret is staged again, unchanged in content but for a new file next to it: nothing new.
        repo.write("apps/more.yaml", CONFIG_MAP.replace("settings", "more")).add(".");
        TestRepo.Run clean = repo.run(List.of("git", "commit", "-q", "-m", "clean"), env());
        assertThat(clean.exit()).as(clean.all()).isZero();
        // An edit to the file with the old Secret: the commit passes (the finding is old), the file passed to
        // pre-commit run by hand is checked whole.
        repo.write("apps/secret.yaml", PLAIN + "  # reviewed\n").add(".");
        TestRepo.Run edit = repo.run(List.of("git", "commit", "-q", "-m", "edit"), env());
        assertThat(edit.exit()).as(edit.all()).isZero();
        repo.write("apps/secret.yaml", PLAIN).add(".");
        TestRepo.Run manual = repo.run(List.of("pre-commit", "run"), env());
        assertThat(manual.exit()).as(manual.all()).isEqualTo(1);
        assertThat(manual.all()).contains("apps/secret.yaml:7:");
    }
}
