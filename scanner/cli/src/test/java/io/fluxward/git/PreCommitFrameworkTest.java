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
}
