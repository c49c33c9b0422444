package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scanning a subfolder of a git repository: a kustomization entry that leaves the scanned folder but not the
 * repository is not seen, so it is not known to be missing (no FW-K001); one that leaves the repository is.
 */
class SubfolderScanTest {

    private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

    @TempDir
    Path repo;

    @BeforeEach
    void repository() throws Exception {
        Files.createDirectories(repo.resolve("base"));
        Files.createDirectories(repo.resolve("overlays/prod"));
        Files.writeString(repo.resolve("base/settings.yaml"), CONFIG_MAP);
        Files.writeString(repo.resolve("base/kustomization.yaml"), "resources:\n  - settings.yaml\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
        }
    }

    private void overlay(String resources) throws Exception {
        Files.writeString(repo.resolve("overlays/prod/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n" + resources);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
        }
    }

    @Test
    void entriesIntoTheRestOfTheRepositoryAreNotReported() throws Exception {
        overlay("  - ../../base\n  - ../../not-scanned-here.yaml\n");
        for (String mode : new String[] {"--no-git", "--staged"}) {
            CliRun run = mode.equals("--no-git")
                    ? CliRun.of("scan", "--no-color", repo.resolve("overlays/prod").toString())
                    : CliRun.of("scan", "--no-color", "--staged", "--all", repo.resolve("overlays/prod").toString());
            assertThat(run.out()).as(mode).doesNotContain("FW-K001");
            assertThat(run.exit()).as("%s %s", mode, run).isZero();
        }
    }

    @Test
    void entriesOutOfTheRepositoryAreStillReported() throws Exception {
        overlay("  - ../../base\n  - ../../../elsewhere\n  - /etc/passwd\n");
        CliRun run = CliRun.of("scan", "--no-color", repo.resolve("overlays/prod").toString());
        assertThat(run.out()).contains("overlays/prod/kustomization.yaml:5:5: error FW-K001",
                "overlays/prod/kustomization.yaml:6:5: error FW-K001").doesNotContain("kustomization.yaml:4:5");
        assertThat(run.exit()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void theRepositoryTopStillReportsEntriesThatLeaveIt() throws Exception {
        overlay("  - ../../base\n");
        Files.writeString(repo.resolve("kustomization.yaml"), "resources:\n  - ../sibling\n");
        CliRun run = CliRun.of("scan", "--no-color", repo.toString());
        assertThat(run.out()).contains("kustomization.yaml:2:5: error FW-K001");
    }

    @Test
    void fluxPathsAreRelativeToTheRepositoryTopNotToTheScannedFolder() throws Exception {
        Files.createDirectories(repo.resolve("clusters/prod"));
        Files.writeString(repo.resolve("clusters/prod/apps.yaml"), """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./base
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                """);
        CliRun sub = CliRun.of("scan", "--no-color", repo.resolve("clusters/prod").toString());
        assertThat(sub.out()).as("%s", sub).doesNotContain("FW-F009");
        Files.writeString(repo.resolve("clusters/prod/apps.yaml"),
                Files.readString(repo.resolve("clusters/prod/apps.yaml")).replace("./base", "./nowhere"));
        CliRun top = CliRun.of("scan", "--no-color", repo.toString());
        assertThat(top.out()).as("%s", top).contains("clusters/prod/apps.yaml:8:9: error FW-F009");
    }

    @Test
    void findingsHaveTheSameFingerprintsFromTheTopAndFromTheSubfolder() throws Exception {
        overlay("  - ../../base\n  - secret.yaml\n");
        Files.writeString(repo.resolve("overlays/prod/secret.yaml"),
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: c0rrect-h0rse-battery\n");
        CliRun top = CliRun.of("scan", "--format", "json", repo.toString());
        CliRun sub = CliRun.of("scan", "--format", "json", repo.resolve("overlays/prod").toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> fromTop = new ArrayList<>();
        json.readTree(top.out()).get("findings").forEach(f -> fromTop.add(f.get("path").asText() + " "
                + f.get("ruleId").asText() + " " + f.get("fingerprint").asText()));
        List<String> fromSub = new ArrayList<>();
        json.readTree(sub.out()).get("findings").forEach(f -> fromSub.add(f.get("path").asText() + " "
                + f.get("ruleId").asText() + " " + f.get("fingerprint").asText()));
        assertThat(fromSub).isNotEmpty().anyMatch(f -> f.contains("FW-S001"));
        assertThat(fromTop).containsAll(fromSub);
    }

    @Test
    void pathsInMessagesAreNamedFromTheRepositoryTopAsLocationsAre() throws Exception {
        overlay("  - ../../base\n  - secret.yaml\n");
        Files.writeString(repo.resolve("overlays/prod/secret.yaml"),
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: c0rrect-h0rse-battery\n");
        Files.writeString(repo.resolve("overlays/prod/stray.yaml"), CONFIG_MAP.replace("settings", "stray"));
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
        }
        for (String mode : new String[] {"--no-git", "--staged"}) {
            CliRun run = mode.equals("--no-git")
                    ? CliRun.of("scan", "--no-color", repo.resolve("overlays/prod").toString())
                    : CliRun.of("scan", "--no-color", "--staged", "--all", repo.resolve("overlays/prod").toString());
            assertThat(run.out()).as("%s %s", mode, run)
                    .contains("overlays/prod/secret.yaml:6:13: error FW-S001", "--in-place overlays/prod/secret.yaml`",
                            "not included by the kustomization in overlays/prod nor")
                    .doesNotContain("--in-place secret.yaml", "kustomization in . nor");
        }
    }

    /**
     * A folder scanned outside git: a .sops.yaml above the scanned folder is what sops finds, so a Secret below no
     * .sops.yaml of the scanned folder is not FW-S010 then; with the only .sops.yaml beside it (not above), it is.
     */
    @Test
    void aSopsConfigAboveAFolderScannedOutsideGitCounts(@TempDir Path plain) throws Exception {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: c0rrect-h0rse\n";
        String config = "creation_rules:\n  - path_regex: .*\\.yaml$\n    age: "
                + "age1e872k4x3n0wtl7z45kww6l7ecrr9daus36ugwlujw040h9vjtg9q7a2drn\n";
        Files.createDirectories(plain.resolve("above/apps/web"));
        Files.createDirectories(plain.resolve("above/apps/other"));
        Files.writeString(plain.resolve("above/.sops.yaml"), config);
        Files.writeString(plain.resolve("above/apps/web/secret.yaml"), secret);
        Files.writeString(plain.resolve("above/apps/other/.sops.yaml"), config);
        CliRun fromAbove = CliRun.of("scan", "--no-color", plain.resolve("above/apps").toString());
        assertThat(fromAbove.out()).as("%s", fromAbove).contains("FW-S001").doesNotContain("FW-S010");
        Files.delete(plain.resolve("above/.sops.yaml"));
        CliRun beside = CliRun.of("scan", "--no-color", plain.resolve("above/apps").toString());
        assertThat(beside.out()).as("%s", beside).contains("web/secret.yaml:2:1: error FW-S010");
    }
}
