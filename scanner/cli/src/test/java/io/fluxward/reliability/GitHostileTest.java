package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken, odd and huge git repositories, read through the command line ({@code scan --staged},
 * {@code --diff-base}, {@code audit}): each gives a one-line message or a note and a defined exit
 * code, never a stack trace, and a read-only scan leaves {@code .git} byte for byte as it was
 * (it never takes {@code index.lock}). Repositories are made with the {@code git} binary.
 * Inert until the git snapshots are part of the build (the test asks the CLI for {@code --staged}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GitHostileTest {

    private static final String SECRET = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n";

    @TempDir
    Path temp;

    private Path repo;

    @BeforeAll
    static void gitSnapshotsAndGitBinary() throws Exception {
        Reliability.requireOwnExecution();
        picocli.CommandLine scan = io.fluxward.cli.Main.commandLine().getSubcommands().get("scan");
        assumeTrue(scan.getCommandSpec().findOption("--staged") != null,
                "the git snapshots (scan --staged) are not in this build yet");
        assumeTrue(run(Path.of("."), "git", "--version") == 0, "the git binary makes the test repositories");
    }

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(temp.resolve("repo"));
        git("init", "-q", "-b", "main");
        git("config", "user.email", "t@example.com");
        git("config", "user.name", "t");
        git("config", "commit.gpgsign", "false");
        Files.writeString(repo.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        git("add", "cm.yaml");
        git("commit", "-q", "-m", "one");
        Files.writeString(repo.resolve("secret.yaml"), SECRET);
        git("add", "secret.yaml");
    }

    @Test
    void lockedIndexIsReadAndNeverTouched() throws Exception {
        Path lock = repo.resolve(".git/index.lock");
        Files.writeString(lock, "held by another git process\n");
        Map<String, String> before = withoutCache(NoSideEffectsTest.hashTree(repo.resolve(".git")));
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "--staged", repo.toString());
        assertThat(run.findings()).containsExactly("secret.yaml:4 FW-S001");
        assertThat(run.exit()).isEqualTo(1);
        // Only the result cache under .git/fluxward may be written.
        assertThat(withoutCache(NoSideEffectsTest.hashTree(repo.resolve(".git")))).as(".git byte for byte").isEqualTo(before);
    }

    @Test
    void readOnlyScansLeaveGitAsItWas() throws Exception {
        git("commit", "-q", "-m", "two");
        Map<String, String> before = withoutCache(NoSideEffectsTest.hashTree(repo.resolve(".git")));
        for (String[] args : List.of(new String[] {"scan", "--no-color", "--staged", repo.toString()},
                new String[] {"scan", "--no-color", "--diff-base", "HEAD~1", repo.toString()},
                new String[] {"audit", "--history", "--repo", repo.toString()})) {
            MeasuredRun run = MeasuredRun.inProcess(args);
            assertThat(run.out() + run.err()).doesNotContain("Exception", "\tat ");
            assertThat(Files.exists(repo.resolve(".git/index.lock"))).isFalse();
        }
        assertThat(withoutCache(NoSideEffectsTest.hashTree(repo.resolve(".git")))).isEqualTo(before);
    }

    @Test
    void corruptIndexIsAOneLineError() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(repo.resolve(".git/index"), garbage);
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "--staged", repo.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("index").doesNotContain("Exception:", "\tat ");
        assertThat(run.err().strip().lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void missingObjectIsAnErrorNoteForThatFile() throws Exception {
        String blob = gitOut("ls-files", "-s", "secret.yaml").split("\\s+")[1];
        Files.delete(repo.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "--staged", repo.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.notes()).anyMatch(n -> n.startsWith("error: secret.yaml: cannot read"));
        assertThat(run.out() + run.err()).doesNotContain("\tat ", "hunter2");
    }

    @Test
    void shallowCloneWithoutTheBaseSaysSo() throws Exception {
        git("commit", "-q", "-m", "two");
        Path shallow = temp.resolve("shallow");
        assertThat(run(temp, "git", "clone", "-q", "--depth", "1", repo.toUri().toString(), shallow.toString())).isZero();
        MeasuredRun staged = MeasuredRun.inProcess("scan", "--no-color", "--staged", shallow.toString());
        assertThat(staged.exit()).as(staged.err()).isZero();
        MeasuredRun diff = MeasuredRun.inProcess("scan", "--no-color", "--diff-base", "HEAD~1", shallow.toString());
        assertThat(diff.exit()).isEqualTo(2);
        assertThat(diff.err()).contains("shallow").doesNotContain("\tat ");
        MeasuredRun audit = MeasuredRun.inProcess("audit", "--history", "--repo", shallow.toString());
        assertThat(audit.exit()).as(audit.err()).isIn(0, 1);
        assertThat(audit.out() + audit.err()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void hugeBinaryBlobInHistoryIsCapped() throws Exception {
        Path big = repo.resolve("disk.img");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(1);
            for (int i = 0; i < 64; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        git("add", "disk.img");
        git("commit", "-q", "-m", "big");
        MeasuredRun audit = MeasuredRun.inProcess("audit", "--history", "--repo", repo.toString());
        assertThat(audit.out() + audit.err()).contains("--max-blob-bytes").doesNotContain("\tat ", "out of memory");
        assertThat(audit.exit()).isEqualTo(1);
        assertThat(audit.peakHeapBytes()).as("a 64 MiB blob is never loaded").isLessThan(HostileInputTest.HEAP_BOUND);
    }

    @Test
    void hundredThousandRefs() throws Exception {
        git("commit", "-q", "-m", "two");
        String head = gitOut("rev-parse", "HEAD").strip();
        StringBuilder packed = new StringBuilder("# pack-refs with: peeled fully-peeled sorted \n");
        for (int i = 0; i < 100_000; i++) {
            packed.append(head).append(String.format(" refs/tags/t%06d%n", i));
        }
        Files.writeString(repo.resolve(".git/packed-refs"), packed);
        assertThat(gitOut("tag", "-l").lines().count()).isEqualTo(100_000);
        MeasuredRun staged = MeasuredRun.inProcess("scan", "--no-color", "--staged", repo.toString());
        assertThat(staged.exit()).as(staged.err()).isZero();
        MeasuredRun audit = MeasuredRun.inProcess("audit", "--history", "--repo", repo.toString());
        assertThat(audit.exit()).as(audit.err()).isEqualTo(1);
        assertThat(audit.millis()).as("audit of 2 commits reachable from 100,000 refs (ms)").isLessThan(120_000);
    }

    @Test
    void gitReadingStartsNoProgram() throws Exception {
        assumeTrue(run(temp, "strace", "-V") == 0, "strace is not installed");
        Path marker = temp.resolve("ran");
        Path script = temp.resolve("evil.sh");
        Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        git("config", "core.fsmonitor", script.toString());
        git("config", "core.hooksPath", temp.toString());
        for (String hook : List.of("pre-commit", "post-index-change", "reference-transaction")) {
            Files.copy(script, repo.resolve(".git/hooks/" + hook));
        }
        for (List<String> args : List.of(List.of("scan", "--no-color", "--staged", repo.toString()),
                List.of("audit", "--history", "--repo", repo.toString()))) {
            Path trace = temp.resolve("trace-" + args.get(0) + ".txt");
            List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.toString(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                    MeasuredRun.classPath(),
                    "io.fluxward.cli.Main"));
            command.addAll(args);
            assertThat(run(temp, command.toArray(String[]::new))).isIn(0, 1);
            List<String> started = Files.readAllLines(trace).stream().filter(l -> l.contains("execve(")).toList();
            assertThat(started).as("programs started by 'fluxward %s' (JGit runs 'git config --system' to find the system "
                    + "config unless told where it is)", args.get(0)).hasSize(1);
        }
        assertThat(marker).doesNotExist();
    }

    private static Map<String, String> withoutCache(Map<String, String> tree) {
        tree.keySet().removeIf(k -> k.startsWith("fluxward"));
        return tree;
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        assertThat(run(repo, command.toArray(String[]::new))).as("git %s", String.join(" ", args)).isZero();
    }

    private String gitOut(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
