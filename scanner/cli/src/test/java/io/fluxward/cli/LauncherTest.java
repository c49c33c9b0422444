package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./fluxward} launcher's Class Data Sharing archive: made once by a training run, reused,
 * and renewed when it no longer matches the jar or the Java runtime (the JVM silently ignores a stale
 * archive, which made every run slower without a word). Runs on a copy of the launcher and the built
 * jar, so the checkout's own archive is never touched.
 */
class LauncherTest {

    private static Path jar;

    @TempDir
    Path home;

    @BeforeAll
    static void buildOnce() throws Exception {
        // The real launcher builds the jar when it is missing or older than the sources.
        Run built = run(TestPaths.root().resolve("fluxward"), "version");
        assertThat(built.exit()).as(built.output()).isZero();
        jar = TestPaths.root().resolve("scanner/cli/target/fluxward.jar");
    }

    private Path install() throws IOException {
        Path launcher = home.resolve("fluxward");
        Files.copy(TestPaths.root().resolve("fluxward"), launcher);
        launcher.toFile().setExecutable(true);
        Path target = Files.createDirectories(home.resolve("scanner/cli/target"));
        Files.copy(jar, target.resolve("fluxward.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path sample = TestPaths.root().resolve("testdata/samples/platform-repo");
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path f : files.toList()) {
                Path to = home.resolve("testdata/samples/platform-repo").resolve(sample.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return launcher;
    }

    private Path archive() {
        return home.resolve("scanner/cli/target/fluxward.jsa");
    }

    private Path stamp() {
        return home.resolve("scanner/cli/target/fluxward.jsa.stamp");
    }

    /** The installed launcher's archive, made by a training scan, and its stamp. */
    private void assertTrainedArchive() throws IOException {
        assertThat(archive()).isNotEmptyFile();
        assertThat(stamp()).isNotEmptyFile();
        // The training scanned the sample repository, not just `version`: a scan's classes are archived.
        assertThat(Files.size(archive())).isGreaterThan(4L << 20);
    }

    @Test
    void archiveIsMadeOnceAndRenewedWhenStale() throws Exception {
        Path launcher = install();
        Path archive = archive();
        Path stamp = stamp();

        Run first = run(launcher, "version");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).startsWith("fluxward ");
        assertTrainedArchive();

        FileTime made = Files.getLastModifiedTime(archive);
        Run second = run(launcher, "version");
        assertThat(second.output()).isEqualTo(first.output());
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);

        // A rebuilt jar (as `mvn package` leaves it) makes the archive stale.
        FileTime old = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Files.setLastModifiedTime(archive, old);
        Run afterBuild = run(launcher, "version");
        assertThat(afterBuild.output()).isEqualTo(first.output());
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(old);

        // Another Java runtime: the stamp names the one the archive was made with.
        Files.writeString(stamp, "/some/other/java\n");
        Run otherJava = run(launcher, "version");
        assertThat(otherJava.output()).isEqualTo(first.output());
        assertThat(Files.readString(stamp)).doesNotContain("/some/other/java");

        // A damaged archive is ignored by the JVM: the run still works and says nothing about it.
        Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));
        Run damaged = run(launcher, "version");
        assertThat(damaged.exit()).isZero();
        assertThat(damaged.output()).isEqualTo(first.output());
        try (Stream<Path> left = Files.list(home.resolve("scanner/cli/target"))) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("fluxward.jar", "fluxward.jsa", "fluxward.jsa.stamp");
        }
    }

    @Test
    void theBuildsTrainingStepMakesTheArchiveTheNextRunUses() throws Exception {
        Path launcher = install();

        // What `mvn package` runs after making the jar (scanner/cli/pom.xml): quiet, and never a build.
        Run trained = run(launcher, "--train-cds");
        assertThat(trained.exit()).as(trained.output()).isZero();
        assertThat(trained.output()).isEmpty();
        assertTrainedArchive();

        // The first run after the build maps it as it is: no training of its own.
        FileTime made = Files.getLastModifiedTime(archive());
        Run first = run(launcher, "version");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(Files.getLastModifiedTime(archive())).isEqualTo(made);
    }

    @Test
    void residentServerRunsScansAsAProcessDoes() throws Exception {
        assumeServerCanRunHere();
        Path launcher = install();
        Path run = runtimeFolder();
        Map<String, String> daemon = serverEnvironment(run);
        String sample = home.resolve("testdata/samples/platform-repo").toString();
        try {
            Run alone = run(launcher, Map.of("XDG_RUNTIME_DIR", run.toString()), "scan", "--no-color", sample);
            assertThat(alone.exit()).as(alone.output()).isEqualTo(ExitCodes.FINDINGS);

            // The first run starts the server in the background and runs in a JVM of its own.
            Run first = run(launcher, daemon, "scan", "--no-color", sample);
            assertThat(first).isEqualTo(alone);
            Path portFile = awaitPortFile(run);
            Run served = run(launcher, daemon, "scan", "--no-color", sample);
            assertThat(served).isEqualTo(alone);
            assertThat(Files.readString(Path.of(portFile + ".log"))).contains("request 1: scan, exit 1");

            // The client's environment travels with the request (listed by the launcher without a process):
            // git's GIT_INDEX_FILE, as `git commit -a` sets it, picks the index a staged scan reads.
            Path repo = folderWithAConfigMap("repo");
            git(repo, Map.of(), "init", "-q");
            git(repo, Map.of(), "add", "ok.yaml");
            git(repo, Map.of(), "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "ok");
            Files.writeString(repo.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
                    + "stringData:\n  password: hunter2-is-not-a-password\n");
            Map<String, String> otherIndex = Map.of("GIT_INDEX_FILE", home.resolve("other-index").toString());
            git(repo, otherIndex, "read-tree", "HEAD");
            git(repo, otherIndex, "add", "secret.yaml");
            Map<String, String> served2 = new java.util.HashMap<>(daemon);
            served2.putAll(otherIndex);
            Map<String, String> alone2 = new java.util.HashMap<>(otherIndex);
            alone2.put("XDG_RUNTIME_DIR", run.toString());
            Run stagedAlone = run(launcher, alone2, "scan", "--staged", "--no-color", repo.toString());
            assertThat(stagedAlone.output()).contains("FW-S001").doesNotContain("hunter2");
            Run stagedServed = run(launcher, served2, "scan", "--staged", "--no-color", repo.toString());
            assertThat(stagedServed).isEqualTo(stagedAlone);
            assertThat(Files.readString(Path.of(portFile + ".log"))).contains("request 2: scan, exit 1");
            // Without it, the repository's own index: nothing staged there.
            assertThat(run(launcher, daemon, "scan", "--staged", "--no-color", repo.toString()).output())
                    .doesNotContain("FW-S001");

            // Only scans go to the server.
            Run version = run(launcher, daemon, "version");
            assertThat(version.output()).startsWith("fluxward ");
            assertThat(Files.readString(Path.of(portFile + ".log"))).doesNotContain("request 4");

            Run status = run(launcher, daemon, "daemon", "status");
            assertThat(status.output()).contains("resident server running");
            long pid = Long.parseLong(Files.readString(portFile).trim().split(" ")[2]);
            Run stop = run(launcher, daemon, "daemon", "stop");
            assertThat(stop.output()).contains("stopped the resident server (pid " + pid + ")");
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent()) {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(portFile).doesNotExist();
            assertThat(run(launcher, daemon, "daemon", "status").output()).contains("no resident server running");
        } finally {
            run(launcher, daemon, "daemon", "stop");
        }
    }

    /** A folder in the test's home holding one valid manifest, {@code ok.yaml}. */
    private Path folderWithAConfigMap(String name) throws IOException {
        Path folder = Files.createDirectories(home.resolve(name));
        Files.writeString(folder.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n");
        return folder;
    }

    @Test
    void aHooksRunStartsTheServerWarmedUpOnItsRepository() throws Exception {
        assumeServerCanRunHere();
        Path launcher = install();
        Path run = runtimeFolder();
        Map<String, String> daemon = serverEnvironment(run);
        Path repo = folderWithAConfigMap("hook-repo");
        git(repo, Map.of(), "init", "-q");
        git(repo, Map.of(), "add", "ok.yaml");
        try {
            // As git runs a pre-commit hook: in the work tree's top folder, no path argument.
            Run hook = run(launcher, repo, daemon, "scan", "--staged", "--no-color");
            assertThat(hook.exit()).as(hook.output()).isZero();
            Path log = Path.of(awaitPortFile(run) + ".log");
            // The whole line (the server writes each line at once; the test does not depend on it).
            for (int i = 0; i < 600 && !(Files.exists(log) && Files.readString(log).matches("(?s).*warm-up:[^\n]*\n.*"));
                    i++) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log))
                    .contains("warm-up: 40 staged scans of the repository that started the server (done)");
        } finally {
            run(launcher, daemon, "daemon", "stop");
        }
    }

    @Test
    void aServerStoppedWhileWarmingUpOnTheSampleLeavesNoTemporaryFolder() throws Exception {
        assumeServerCanRunHere();
        Path launcher = install();
        Path run = runtimeFolder();
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        Map<String, String> daemon = new java.util.HashMap<>(serverEnvironment(run));
        daemon.put("FLUXWARD_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        Path folder = folderWithAConfigMap("plain");
        try {
            // Not a hook's run: the server warms up on the bundled sample, copied to a temporary git repository.
            assertThat(run(launcher, folder, daemon, "scan", "--no-color", ".").exit()).isZero();
            long pid = Long.parseLong(Files.readString(awaitPortFile(run)).trim().split(" ")[2]);
            boolean seen = false;
            for (int i = 0; i < 1500 && !seen; i++) {
                try (Stream<Path> made = Files.list(tmp)) {
                    seen = made.anyMatch(p -> p.getFileName().toString().startsWith("fluxward-warm-up"));
                }
                Thread.sleep(seen ? 0 : 20);
            }
            assertThat(seen).as("the sample's warm-up started").isTrue();
            run(launcher, daemon, "daemon", "stop");
            Optional<ProcessHandle> server = ProcessHandle.of(pid);
            if (server.isPresent()) {
                server.get().onExit().get(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("fluxward-warm-up"));
            }
        } finally {
            run(launcher, daemon, "daemon", "stop");
        }
    }

    /** A runtime folder of the test's own, only the user may enter (as the launcher requires). */
    private Path runtimeFolder() throws IOException {
        return Files.createDirectories(home.resolve("run"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }

    /** Scans go to a resident server whose port file is in {@code run}. */
    private static Map<String, String> serverEnvironment(Path run) {
        return Map.of("FLUXWARD_DAEMON", "1", "XDG_RUNTIME_DIR", run.toString(), "FLUXWARD_DAEMON_IDLE", "120");
    }

    /** Skips a test of the resident server where the launcher's client cannot run (it falls back, by design). */
    private static void assumeServerCanRunHere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(serverCanRunHere(),
                "the resident server needs bash 4.4+ with /dev/tcp, mkfifo and sha256sum; the launcher falls back here");
    }

    /** What the launcher's client needs (else it runs every scan in a JVM of its own, by design). */
    private static boolean serverCanRunHere() throws Exception {
        String probe = "(( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 404 )) || exit 1; command -v mkfifo sha256sum od"
                + " >/dev/null || exit 1; { exec 3<>/dev/tcp/127.0.0.1/1; } 2>&1 | grep -q 'No such file' && exit 1; exit 0";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The server's port file, once it is written. */
    private static Path awaitPortFile(Path run) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> dirs = Files.walk(run, 2)) {
                Optional<Path> file = dirs.filter(p -> p.getFileName().toString().matches("daemon-\\d+")).findFirst();
                if (file.isPresent() && Files.size(file.get()) > 0) {
                    return file.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the resident server did not start");
    }

    private record Run(int exit, String output) {
    }

    private static void git(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", args) + ": " + out).isTrue();
    }

    private static Run run(Path launcher, String... args) throws IOException, InterruptedException {
        return run(launcher, Map.of(), args);
    }

    private static Run run(Path launcher, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        return run(launcher, null, env, args);
    }

    /** The launcher run in {@code directory} (null: this process's). */
    private static Run run(Path launcher, Path directory, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().remove("FLUXWARD_DAEMON");
        builder.environment().putAll(env);
        Path errors = Files.createTempFile("launcher", ".err");
        try {
            // stderr to a file, so the output is stdout then stderr whatever order they were written in.
            builder.redirectErrorStream(false).redirectError(errors.toFile());
            Process p = builder.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            return new Run(p.exitValue(), out + Files.readString(errors));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
