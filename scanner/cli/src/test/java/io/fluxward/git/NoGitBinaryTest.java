package io.fluxward.git;

import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fluxward never runs the git binary: a scan works, identically, with a PATH on which git fails loudly. */
class NoGitBinaryTest {

    @TempDir
    Path tmp;

    @Test
    void stagedScanNeverExecutesGit() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", Manifests.CONFIG_MAP).add(".").commit("init");
        repo.write("apps/secret.yaml", PLAIN).add(".");
        Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path marker = tmp.resolve("git-was-run");
        Path fakeGit = fakeBin.resolve("git");
        Files.writeString(fakeGit, "#!/bin/sh\necho \"$@\" >> '" + marker + "'\nexit 1\n");
        assertThat(fakeGit.toFile().setExecutable(true)).isTrue();
        String path = fakeBin + java.io.File.pathSeparator + System.getenv("PATH");
        TestRepo.Run run = repo.run(List.of("sh", "-c", Fluxward.command() + " scan --staged --quiet --no-color ."),
                Map.of("PATH", path, "GIT_CONFIG_NOSYSTEM", ""));
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.all()).contains("apps/secret.yaml:7:13: error FW-S001");
        assertThat(marker).as("fluxward ran git").doesNotExist();
    }
}
