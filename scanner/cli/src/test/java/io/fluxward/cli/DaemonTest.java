package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident server, in this JVM: a request runs exactly what a process run of the same command
 * prints, in the client's folder and environment; it runs only scans, only for the token holder,
 * writes only to FIFOs, and stops when its jar changes or its port file goes.
 */
class DaemonTest {

    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: apps
            stringData:
              password: hunter2-but-longer-Zq81
            """;

    @TempDir
    Path tmp;

    private Path portFile;
    private Path jar;
    private CompletableFuture<Void> serving;
    private Daemon daemon;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(mkfifo(tmp.resolve("probe")), "mkfifo is not available: the resident server needs FIFOs");
        portFile = tmp.resolve("daemon-test");
        jar = Files.writeString(tmp.resolve("fluxward.jar"), "stands for the jar");
        serve(100);
        assertThat(portFile).exists();
        assertThat(Files.getPosixFilePermissions(portFile))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    /** Starts a server that checks whether it is still wanted every {@code pollMillis}, and waits for its port file. */
    private void serve(int pollMillis) throws Exception {
        daemon = new Daemon(portFile, jar, 60_000, pollMillis, new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
        serving = CompletableFuture.runAsync(() -> {
            try {
                daemon.serve(Optional.empty());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 200 && !Files.exists(portFile); i++) {
            Thread.sleep(25);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (serving != null) {
            Files.deleteIfExists(portFile);
            serving.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void warmsUpOnTheRepositoryOfTheHookThatStartedItWithoutWritingToIt() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("hook-repo"));
        Files.writeString(repo.resolve("secret.yaml"), SECRET);
        Files.writeString(repo.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setSign(false).setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").call();
            // A change staged: the hook's scan reads one file, and finds the rest in the result cache.
            Files.writeString(repo.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n");
            git.add().addFilepattern("ok.yaml").call();
        }
        // The hook that started the server left its result cache: the warm-up reads it, as the next hook will,
        // and still parses every file (kept for the next change's cross-file rules: checked in warmUpLog).
        PrintWriter discard = new PrintWriter(java.io.Writer.nullWriter());
        Main.run(new String[] {"scan", "--staged", "-q", "--fail-on", "never"}, discard, discard,
                Invocation.ofClient(repo, Map.of(), false));
        assertThat(repo.resolve(".git/fluxward/cache")).isDirectory();
        Map<String, String> before = filesAndTimes(repo);

        // Every file of both sides is parsed and kept: HEAD's ok.yaml, the staged one, secret.yaml (scans served
        // whole from the result cache would have parsed only what changed, and left the next change cold).
        String log = warmUpLog(repo, 3);
        assertThat(log).contains("warm-up: 40 staged scans of the repository that started the server (done)");
        // Nothing written (the result cache untouched, the index too): only read, as a hook's scan would.
        assertThat(filesAndTimes(repo)).isEqualTo(before);

        // A folder that cannot be scanned staged is tried once.
        Path plain = Files.createDirectories(tmp.resolve("not-a-repository"));
        assertThat(warmUpLog(plain, 0))
                .contains("warm-up: 1 staged scans of the repository that started the server (stopped: it cannot be scanned)");
    }

    /** The log of a server started for {@code repository}, once it has warmed up (the files it kept: checked). */
    private String warmUpLog(Path repository, int keptFiles) throws Exception {
        WholeLines logged = new WholeLines();
        Path port = tmp.resolve("daemon-warm-up");
        Daemon warm = new Daemon(port, jar, 60_000, 100, new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
        CompletableFuture<Void> warming = CompletableFuture.runAsync(() -> {
            try {
                warm.serve(Optional.empty(), Optional.of(repository));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            for (int i = 0; i < 1200 && !logged.toString(StandardCharsets.UTF_8).contains("warm-up:"); i++) {
                Thread.sleep(50);
            }
            String log = logged.toString(StandardCharsets.UTF_8);
            // A line is written whole: who reads the log (a test, tail -f) never sees half of one.
            assertThat(logged.halfLines()).isEmpty();
            if (log.contains("(done)")) {
                // Its files are parsed and kept for the requests to come.
                assertThat(warm.keptFiles()).isEqualTo(keptFiles);
            }
            return log;
        } finally {
            Files.deleteIfExists(port);
            warming.get(30, TimeUnit.SECONDS);
        }
    }

    /** A log that keeps what each write of the server brought, to tell whether lines came whole. */
    private static final class WholeLines extends ByteArrayOutputStream {
        private final List<String> halfLines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            super.write(bytes, offset, length);
            if (length == 0 || bytes[offset + length - 1] != '\n') {
                halfLines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            if (b != '\n') {
                halfLines.add(String.valueOf((char) b));
            }
        }

        List<String> halfLines() {
            return halfLines;
        }
    }

    private static Map<String, String> filesAndTimes(Path root) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.put(root.relativize(f).toString(), Files.isRegularFile(f)
                        ? Files.getLastModifiedTime(f) + " " + java.util.Arrays.hashCode(Files.readAllBytes(f)) : "folder");
            }
        }
        return out;
    }

    @Test
    void aScanPrintsWhatAProcessRunPrints() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("work/repo"));
        Files.writeString(repo.resolve("secret.yaml"), SECRET);
        Files.writeString(repo.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        // A relative path, resolved against the client's folder (the server's is elsewhere).
        Reply reply = request(token(), tmp.resolve("work"), Map.of(), "scan", "--no-color", "repo");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"scan", "--no-color", repo.toString()}, new PrintWriter(out),
                new PrintWriter(err));

        assertThat(reply.lines()).containsExactly("ok", "exit " + code);
        assertThat(code).isEqualTo(ExitCodes.FINDINGS);
        assertThat(reply.out()).isEqualTo(out.toString()).contains("FW-S001");
        assertThat(reply.err()).isEqualTo(err.toString());
        // The secret's value never leaves the server either.
        assertThat(reply.out() + reply.err()).doesNotContain("hunter2");

        // Output files named relatively land in the client's folder.
        Reply written = request(token(), repo, Map.of(), "scan", "-q", "--format", "json", "-o", "report.json", ".");
        assertThat(written.lines()).containsExactly("ok", "exit 1");
        assertThat(repo.resolve("report.json")).content().contains("\"FW-S001\"");

        // Fixed, then scanned again: the server reuses the unchanged file's model, never the changed one's.
        Files.writeString(repo.resolve("secret.yaml"), SECRET.replace("kind: Secret", "kind: ConfigMap")
                .replace("stringData", "data"));
        Reply again = request(token(), tmp.resolve("work"), Map.of(), "scan", "--no-color", "repo");
        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        int code2 = Main.run(new String[] {"scan", "--no-color", repo.toString()}, new PrintWriter(out2),
                new PrintWriter(err2));
        assertThat(code2).isEqualTo(ExitCodes.CLEAN);
        assertThat(again.lines()).containsExactly("ok", "exit " + code2);
        assertThat(again.out()).isEqualTo(out2.toString()).doesNotContain("FW-S001");
        assertThat(again.err()).isEqualTo(err2.toString());
        assertThat(daemon.keptFiles()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void concurrentRequestsKeepTheirOwnFolderOutputAndExitCode() throws Exception {
        Path leaky = Files.createDirectories(tmp.resolve("leaky"));
        Files.writeString(leaky.resolve("secret.yaml"), SECRET);
        Path clean = Files.createDirectories(tmp.resolve("clean"));
        Files.writeString(clean.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path folder = i % 2 == 0 ? leaky : clean;
            replies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return request(token(), folder, Map.of(), "scan", "--no-color", "-q");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < replies.size(); i++) {
            Reply reply = replies.get(i).get(120, TimeUnit.SECONDS);
            if (i % 2 == 0) {
                assertThat(reply.lines()).containsExactly("ok", "exit 1");
                assertThat(reply.out()).contains("secret.yaml").contains("FW-S001");
            } else {
                assertThat(reply.lines()).containsExactly("ok", "exit 0");
                assertThat(reply.out()).isEmpty();
            }
        }
    }

    @Test
    void gitVariablesAreTheClientsAndRelativeToItsFolder() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("clean").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
            // What `git commit -a` does: stage into a temporary index named by GIT_INDEX_FILE.
            Files.writeString(repo.resolve("secret.yaml"), SECRET);
            git.add().addFilepattern("secret.yaml").call();
            Files.copy(repo.resolve(".git/index"), repo.resolve(".git/other-index"));
            git.reset().call();
        }

        Reply byDefault = request(token(), repo, Map.of(), "scan", "--staged", "--all", "--no-color");
        assertThat(byDefault.lines()).containsExactly("ok", "exit 0");
        Reply other = request(token(), repo, Map.of("GIT_INDEX_FILE", ".git/other-index"), "scan", "--staged", "--all",
                "--no-color");
        assertThat(other.lines()).containsExactly("ok", "exit 1");
        assertThat(other.out()).contains("secret.yaml").contains("FW-S001");
        // A relative GIT_INDEX_FILE is git's, read from the work tree's top: the same from a client in a subfolder.
        Path sub = Files.createDirectories(repo.resolve("sub"));
        Reply fromSub = request(token(), sub, Map.of("GIT_INDEX_FILE", ".git/other-index"), "scan", "--staged", "--all",
                "--no-color", "..");
        assertThat(fromSub.lines()).containsExactly("ok", "exit 1");
        assertThat(fromSub.out()).isEqualTo(other.out());
    }

    /** Served scans of the top and of a subfolder do not take each other's cached outcomes (paths below the folder). */
    @Test
    void servedScansOfTheTopAndOfASubfolderKeepTheirOwnPaths() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("mono"));
        Files.writeString(repo.resolve("README.md"), "top\n");
        Path k8s = Files.createDirectories(repo.resolve("k8s/apps")).getParent();
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
            Files.writeString(k8s.resolve("apps/s.yaml"), SECRET);
            git.add().addFilepattern(".").call();
        }
        for (Path folder : List.of(k8s, repo, k8s)) {
            Reply served = request(token(), folder, Map.of(), "scan", "--staged", "--no-color", "-f", "json");
            Reply uncached = request(token(), folder, Map.of(), "scan", "--staged", "--no-color", "-f", "json", "--no-cache");
            assertThat(served.lines()).containsExactly("ok", "exit 1");
            assertThat(served.out()).as(folder.toString()).contains("\"k8s/apps/s.yaml\"").isEqualTo(uncached.out());
        }
    }

    @Test
    void stagedScansAfterEachChangeReportWhatAProcessRunReports() throws Exception {
        try (Git git = committedConfigMaps("hooked", 6)) {
            Path repo = git.getRepository().getWorkTree().toPath();
            // Each step stages one more change; the server keeps the other files' models from the step before.
            List<String> steps = List.of(SECRET, SECRET.replace("name: db", "name: db2"),
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fixed\n");
            for (String content : steps) {
                Files.writeString(repo.resolve("cm-3.yaml"), content);
                git.add().addFilepattern("cm-3.yaml").call();
                for (String[] args : List.of(new String[] {"scan", "--staged", "--no-color"},
                        new String[] {"scan", "--staged", "--all", "--no-color", "--format", "json"})) {
                    Reply served = request(token(), repo, Map.of(), args);
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    String[] alone = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                            "--no-cache", repo.toString())).toArray(String[]::new);
                    String[] servedNoCache = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                            java.util.stream.Stream.of("--no-cache")).toArray(String[]::new);
                    int code = Main.run(alone, new PrintWriter(out), new PrintWriter(err));
                    Reply uncached = request(token(), repo, Map.of(), servedNoCache);
                    assertThat(uncached.lines()).containsExactly("ok", "exit " + code);
                    assertThat(uncached.out()).isEqualTo(out.toString());
                    assertThat(served.lines()).containsExactly("ok", "exit " + code);
                    assertThat(served.out()).isEqualTo(out.toString());
                }
            }
        }
        // The six files of the index were parsed once and kept (with the versions of cm-3.yaml).
        assertThat(daemon.keptFiles()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aStagedChangeIsScannedAheadWritingNothingAndTheHooksScanTakesWhatItFound() throws Exception {
        try (Git git = committedConfigMaps("ahead", 3)) {
            Path repo = git.getRepository().getWorkTree().toPath();
            // A hook's scan: from now on the server watches the index it read.
            String[] hook = {"scan", "--staged", "--no-color"};
            assertThat(request(token(), repo, Map.of(), hook).lines()).containsExactly("ok", "exit 0");
            Map<String, String> before = filesAndTimes(repo);

            // git add: the server scans the new index ahead, as the hook would, and writes nothing (its cache neither).
            Files.writeString(repo.resolve("cm-1.yaml"), SECRET);
            git.add().addFilepattern("cm-1.yaml").call();
            awaitLog("pre-scan 1: exit 1, ");
            Map<String, String> after = filesAndTimes(repo);
            // What git add wrote: the file's blob, the index.
            after.keySet().removeIf(p -> p.startsWith(".git/objects/") && !before.containsKey(p));
            for (String changed : List.of("cm-1.yaml", ".git/index")) {
                assertThat(after.remove(changed)).isNotEqualTo(before.remove(changed));
            }
            assertThat(after).isEqualTo(before);

            // The commit's hook prints what a process run prints, from what the pre-scan found: all it reads from the
            // result cache comes from there and is written to the disk cache then (it computed nothing to write itself).
            StringWriter out = new StringWriter();
            int code = Main.run(new String[] {"scan", "--staged", "--no-color", "--no-cache", repo.toString()},
                    new PrintWriter(out), new PrintWriter(new StringWriter()));
            assertThat(code).isEqualTo(1);
            Reply served = request(token(), repo, Map.of(), hook);
            assertThat(served.lines()).containsExactly("ok", "exit 1");
            assertThat(served.out()).isEqualTo(out.toString()).contains("FW-S001");
            java.util.regex.Matcher taken = java.util.regex.Pattern.compile("request 2: scan, exit 1, \\d+ ms, (\\d+) outcomes "
                    + "of a pre-scan").matcher(logged.toString(StandardCharsets.UTF_8));
            assertThat(taken.find()).as(logged.toString(StandardCharsets.UTF_8)).isTrue();
            Path cache = repo.resolve(".git/fluxward/cache/v1");
            assertThat(filesAndTimes(cache).values().stream().filter(v -> !v.equals("folder")).count())
                    .isEqualTo(Long.parseLong(taken.group(1)));
        }
    }

    /** A repository of {@code count} ConfigMaps ({@code cm-0.yaml}...) committed on main; the caller closes it. */
    private Git committedConfigMaps(String folder, int count) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve(folder));
        for (int i = 0; i < count; i++) {
            Files.writeString(repo.resolve("cm-" + i + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-"
                    + i + "\n");
        }
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        try {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
            return git;
        } catch (Exception e) {
            git.close();
            throw e;
        }
    }

    /** Waits until the server's log has {@code text}. */
    private void awaitLog(String text) throws InterruptedException {
        for (int i = 0; i < 600 && !logged.toString(StandardCharsets.UTF_8).contains(text); i++) {
            Thread.sleep(50);
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains(text);
    }

    @Test
    void onlyScansRunHere() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("f"));
        for (List<String> args : List.of(List.of("version"), List.of("hook", "install"), List.of("baseline"),
                List.of("scan", "--timings", "."), List.<String>of())) {
            Reply reply = request(token(), folder, Map.of(), args.toArray(String[]::new));
            assertThat(reply.lines()).as(args.toString()).containsExactly("fallback");
        }
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aWrongTokenGetsNoAnswer() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("f"));
        Reply reply = request("0".repeat(64), folder, Map.of(), "scan", ".");
        assertThat(reply.lines()).isEmpty();
        assertThat(reply.out()).isEmpty();
    }

    @Test
    void oneFifoCarriesBothStreamsWhenTheyGoToOneFile() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("f"));
        Files.writeString(folder.resolve("secret.yaml"), SECRET);
        Path fifo = Files.createTempDirectory(tmp, "fifo").resolve("both");
        assertThat(mkfifo(fifo)).isTrue();
        CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> drain(fifo));
        List<String> lines = exchange(new ArrayList<>(List.of(token(), Daemon.PROTOCOL, folder.toString(), "0",
                fifo.toString(), fifo.toString(), "3", "scan", "--no-color", "does-not-exist", "0")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"scan", "--no-color", folder.resolve("does-not-exist").toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(lines).containsExactly("ok", "exit " + code);
        assertThat(err.toString()).isNotEmpty();
        assertThat(text.get(60, TimeUnit.SECONDS)).isEqualTo(out.toString() + err.toString());
        assertThat(fifo).doesNotExist();
    }

    @Test
    void outputGoesOnlyToFifos() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("f"));
        Path file = Files.writeString(tmp.resolve("precious.txt"), "keep me");
        List<String> fields = new ArrayList<>(List.of(token(), Daemon.PROTOCOL, folder.toString(), "0", file.toString(),
                file.toString(), "2", "scan", ".", "0"));
        assertThat(exchange(fields)).containsExactly("fallback");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void stopsWhenItsJarChangesOrItsPortFileGoes() throws Exception {
        // The port file goes: the server stops at its next check.
        Files.delete(portFile);
        serving.get(30, TimeUnit.SECONDS);
        // The jar changes: a request is told "stale". Asked of a server that checks on its own only every ten minutes,
        // as one checking every 100 ms may stop, its port file gone, before the request is made (a flaky test).
        serve(600_000);
        Path folder = Files.createDirectories(tmp.resolve("f"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Reply reply = request(token(), folder, Map.of(), "scan", ".");
        assertThat(reply.lines()).containsExactly("stale");
        // That answer stops it; its loop sees so when the next connection (or check) wakes it.
        int port = Integer.parseInt(Files.readString(portFile).trim().split(" ")[0]);
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        serving.get(30, TimeUnit.SECONDS);
        assertThat(portFile).doesNotExist();
        serving = null;
    }

    @Test
    void invocationOfAClientMakesGitPathsAbsolute() {
        Invocation at = Invocation.ofClient(Path.of("/work/repo"), Map.of("GIT_DIR", ".git", "GIT_INDEX_FILE",
                "/abs/index", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "a/objects:/b/objects", "HOME", "rel"), false);
        assertThat(at.env()).containsEntry("GIT_DIR", "/work/repo/.git").containsEntry("GIT_INDEX_FILE", "/abs/index")
                .containsEntry("GIT_ALTERNATE_OBJECT_DIRECTORIES", "/work/repo/a/objects:/b/objects")
                .containsEntry("HOME", "rel");
        assertThat(at.path("x.yaml")).isEqualTo(Path.of("/work/repo/x.yaml"));
        // git reads a relative GIT_INDEX_FILE from the work tree's top, not from the client's folder.
        assertThat(Invocation.ofClient(Path.of("/work/repo/sub"), Map.of("GIT_INDEX_FILE", ".git/index"), false).env())
                .containsEntry("GIT_INDEX_FILE", ".git/index");
        assertThat(Invocation.ofProcess().path("x.yaml")).isEqualTo(Path.of("x.yaml"));
    }

    private String token() throws IOException {
        return Files.readString(portFile).trim().split(" ")[1];
    }

    private record Reply(List<String> lines, String out, String err) {
    }

    /** Sends a request as the launcher does and collects what comes back on the socket and the FIFOs. */
    private Reply request(String token, Path cwd, Map<String, String> env, String... args) throws Exception {
        Path fifos = Files.createTempDirectory(tmp, "fifo");
        Path out = fifos.resolve("out");
        Path err = fifos.resolve("err");
        assertThat(mkfifo(out) && mkfifo(err)).isTrue();
        List<String> fields = new ArrayList<>(List.of(token, Daemon.PROTOCOL, cwd.toString(), "0", out.toString(),
                err.toString(), String.valueOf(args.length)));
        fields.addAll(List.of(args));
        fields.add(String.valueOf(env.size()));
        env.forEach((k, v) -> fields.add(k + "=" + v));
        // Readers first, as the launcher starts its `cat`s: opening a FIFO waits for the other side.
        CompletableFuture<String> outText = CompletableFuture.supplyAsync(() -> drain(out));
        CompletableFuture<String> errText = CompletableFuture.supplyAsync(() -> drain(err));
        List<String> lines = exchange(fields);
        if (!lines.contains("ok")) {
            // Nothing opened the FIFOs: release the readers.
            Files.newOutputStream(out).close();
            Files.newOutputStream(err).close();
        } else {
            // Once open, the server removed them: the client has nothing to clean up.
            assertThat(out).doesNotExist();
            assertThat(err).doesNotExist();
        }
        return new Reply(lines, outText.get(60, TimeUnit.SECONDS), errText.get(60, TimeUnit.SECONDS));
    }

    private List<String> exchange(List<String> fields) throws Exception {
        int port = Integer.parseInt(Files.readString(portFile).trim().split(" ")[0]);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(120_000);
            // One write: a server that drops the request early (a wrong token) must not break a half-sent one.
            OutputStream o = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            String challenge = Long.toHexString(System.nanoTime()) + "c0ffee";
            o.write(challenge.getBytes(StandardCharsets.UTF_8));
            o.write(0);
            for (String f : fields) {
                o.write(f.getBytes(StandardCharsets.UTF_8));
                o.write(0);
            }
            o.flush();
            InputStream in = socket.getInputStream();
            // Before anything else, the server shows it knows the proof of its port file, without sending it.
            String proof = Files.readString(portFile).trim().split(" ")[3];
            String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((proof + challenge + "\n").getBytes(StandardCharsets.UTF_8)));
            String greeting = readLine(in);
            assertThat(greeting).isEqualTo("fluxward " + expected + "\n").doesNotContain(proof);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (java.net.SocketException e) {
                // A request the server drops unread is reset, not closed.
            }
            String text = all.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String drain(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
