package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.model.ParsedFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hook scans the resident server may run ahead, and on which index. */
class PreScansTest {

    @TempDir
    Path tmp;

    @Test
    void onlyStagedScansThatWriteNothingButTheirOutputAreRepeated() {
        for (String args : List.of("scan --staged --quiet --no-color", "scan --staged --quiet --no-color --only-tag secrets",
                "scan --staged -q --fail-on=warning -f json", "scan --staged --config ci/.fluxward.yaml .",
                "scan --staged --all --baseline .fluxward-baseline.json -- -o")) {
            assertThat(PreScans.repeatable(List.of(args.split(" ")))).as(args).isTrue();
        }
        for (String args : List.of("scan --staged -o report.json", "scan --staged --output=report.json",
                "scan --staged --sarif out.sarif", "scan --staged --no-cache", "scan --staged --timings",
                "scan --staged -qo report.json", "scan --diff-base origin/main", "scan .", "version --staged",
                "scan --staged --unknown-option x", "scan --staged --format")) {
            assertThat(PreScans.repeatable(List.of(args.split(" ")))).as(args).isFalse();
        }
    }

    @Test
    void aChangedIndexIsScannedOnceItSettledAndATemporaryIndexIsNeverWatched() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PreScans preScans = new PreScans(new ParsedFiles(1 << 20), new PrintStream(log, true, StandardCharsets.UTF_8),
                60_000);
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            List<String> hook = List.of("scan", "--staged", "--quiet");
            // git commit -a: the hook reads a temporary index, gone after the commit.
            Path temporary = repo.resolve(".git/index.lock");
            Files.copy(repo.resolve(".git/index"), temporary);
            preScans.served(Invocation.ofClient(repo, Map.of("GIT_INDEX_FILE", temporary.toString()), false), hook, 0);
            preScans.served(Invocation.ofClient(repo, Map.of(), false), List.of("scan", "--staged", "-o", "x.json"), 0);
            preScans.served(Invocation.ofClient(repo, Map.of(), false), hook, ExitCodes.USAGE);
            Files.delete(temporary);
            Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
            git.add().addFilepattern("cm.yaml").call();
            assertThat(preScans.poll()).isFalse();
            assertThat(preScans.poll()).isFalse();

            preScans.served(Invocation.ofClient(repo, Map.of(), false), hook, 0);
            // The index the request read is not scanned again; a new one once it stayed the same for a poll.
            assertThat(preScans.poll()).isFalse();
            Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
            git.add().addFilepattern("cm.yaml").call();
            assertThat(preScans.poll()).isFalse();
            assertThat(preScans.poll()).isTrue();
            assertThat(preScans.poll()).isFalse();
            // While git writes the index (its lock file exists), nothing runs.
            Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n");
            git.add().addFilepattern("cm.yaml").call();
            Files.writeString(repo.resolve(".git/index.lock"), "");
            assertThat(preScans.poll()).isFalse();
            assertThat(preScans.poll()).isFalse();
            Files.delete(repo.resolve(".git/index.lock"));
            assertThat(preScans.poll()).isTrue();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).containsPattern("pre-scan 1: exit 0, \\d+ ms\n")
                .containsPattern("pre-scan 2: exit 0, \\d+ ms\n").doesNotContain("pre-scan 3");
    }
}
