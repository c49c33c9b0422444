package io.fluxward.cli;

import io.fluxward.cache.HeldOutcomes;
import io.fluxward.engine.CodeStamp;
import io.fluxward.model.ParsedFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident server behind {@code FLUXWARD_DAEMON=1}: one JVM that stays up between runs, so a
 * pre-commit scan pays neither JVM start-up nor JIT warm-up. The launcher talks to it over a
 * loopback socket; a run's stdout and stderr go to two FIFOs the launcher reads, and the exit code
 * comes back on the socket.
 *
 * <p>Security: the server listens on 127.0.0.1 only and runs a request only with the random token
 * it wrote to its port file, which is readable by its user alone (in a folder only that user may
 * enter). It runs only {@code scan}, which never writes to the repository; anything else, and
 * {@code --timings} (process-wide counters), is answered with "fallback" and the launcher runs it
 * in a JVM of its own.
 *
 * <p>Lifetime: it exits after {@code --idle-seconds} without a request, when the jar it was
 * started from changes (a rebuild), and when its port file is removed or replaced ({@code fluxward
 * daemon stop}).
 *
 * <p>Protocol (version 2), fields NUL-terminated, replies one line each: the client sends a random
 * challenge; the server answers {@code fluxward HASH}, the SHA-256 of the fourth word of its port
 * file (the proof, never sent) followed by the challenge and a newline (what the launcher hashes with
 * a here-string), so a client never sends a request to another process that took the port over. Then
 * the client sends: token, {@code 2}, working folder, {@code 1} if stdout is a terminal else
 * {@code 0}, stdout FIFO, stderr FIFO (the same FIFO when both streams go to one file), argument
 * count, arguments, environment count, {@code NAME=value} entries. Replies: {@code ok} (the
 * request is accepted; its output follows on the FIFOs, which the server removes once it has opened
 * them), then {@code exit N}; or {@code fallback} or {@code stale} instead of {@code ok}.
 */
public final class Daemon {

    static final String PROTOCOL = "2";
    private static final int MAX_FIELD_BYTES = 1 << 20;
    private static final int MAX_FIELDS = 100_000;
    private static final int REQUEST_READ_MILLIS = 10_000;
    private static final int POLL_MILLIS = 5_000;
    private static final int WARM_UP_DELAY_MILLIS = 3_000;
    private static final int WARM_UP_RUNS = 5;
    /** How long a stopping server waits for the sample's warm-up to end and delete its copy. */
    private static final long WARM_UP_STOP_MILLIS = 10_000;
    /**
     * Staged scans of the repository whose hook started the server, before its first request: the
     * first runs parse every file (kept for the requests) and compile the hot code, which otherwise
     * the next commits would wait for (on M the first served hook run took 1.7 s, the third 0.35 s;
     * with four warm-up scans the first served runs took 0.28 s, after forty hook runs 0.13 s, as the
     * optimising compiler needs that many). Stopped by the first request, so the cost is cores the
     * developer is not using while writing the commit message.
     */
    private static final int REPOSITORY_WARM_UP_RUNS = 40;
    /** A repository whose scan takes longer than this is warmed up once only. */
    private static final long REPOSITORY_WARM_UP_MILLIS = 10_000;
    /** And the warm-up ends after this long in all. */
    private static final long REPOSITORY_WARM_UP_BUDGET_MILLIS = 30_000;
    /**
     * Bytes of files whose models are kept (about 10 bytes of heap each): twice a repository of 10,000
     * manifests of 1.7 KB (the benchmark's M, 16.9 MB); a budget below a repository's size makes every
     * scan parse again the files the previous one pushed out.
     */
    private static final long PARSED_FILES_BUDGET = 32L << 20;
    /** How often the watched indexes are looked at: a change is scanned ahead once it has settled for this long. */
    private static final int PRE_SCAN_POLL_MILLIS = 250;
    /** The longest a request waits for a pre-scan that is running (then both run). */
    private static final long PRE_SCAN_WAIT_MILLIS = 10_000;

    private final Path portFile;
    private final Path jar;
    private final long idleMillis;
    private final int pollMillis;
    private final java.io.PrintStream log;
    private final String token;
    private final String proof;
    private final String jarStamp;
    private final ServerSocket server;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger served = new AtomicInteger();
    /** Files parsed by earlier scans (a hook's or an audit's next scan parses only what changed). */
    private final ParsedFiles parsedFiles = new ParsedFiles(PARSED_FILES_BUDGET);
    private final PreScans preScans;
    private volatile boolean stopping;
    private int collectedAfter;

    /** A server that has not published its port yet ({@link #serve} does). */
    Daemon(Path portFile, Path jar, long idleMillis, int pollMillis, java.io.PrintStream log) throws IOException {
        this.log = log;
        this.portFile = portFile;
        this.jar = jar;
        this.idleMillis = idleMillis;
        this.pollMillis = pollMillis;
        SecureRandom random = new SecureRandom();
        this.token = randomHex(random);
        this.proof = randomHex(random);
        this.jarStamp = stamp(jar);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.preScans = new PreScans(parsedFiles, log, idleMillis);
    }

    /**
     * {@code Daemon --port-file FILE --jar JAR [--idle-seconds N] [--warm-up DIR] [--warm-up-repo DIR]};
     * started by the launcher in the background, not by users.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--port-file") || !options.containsKey("--jar")) {
            System.err.println("usage: Daemon --port-file FILE --jar JAR [--idle-seconds N] [--warm-up DIR]"
                    + " [--warm-up-repo DIR]");
            System.exit(ExitCodes.USAGE);
        }
        long idle = Long.parseLong(options.getOrDefault("--idle-seconds", "900")) * 1000;
        Daemon daemon = new Daemon(Path.of(options.get("--port-file")), Path.of(options.get("--jar")), idle,
                POLL_MILLIS, System.out);
        Optional<Path> warmUp = Optional.ofNullable(options.get("--warm-up")).map(Path::of);
        Optional<Path> repository = Optional.ofNullable(options.get("--warm-up-repo")).map(Path::of);
        daemon.serve(warmUp, repository);
        System.exit(0);
    }

    /** Files kept for later scans (tests). */
    int keptFiles() {
        return parsedFiles.size();
    }

    /** {@link #serve(Optional, Optional)} without a repository to warm up on. */
    void serve(Optional<Path> warmUp) throws IOException {
        serve(warmUp, Optional.empty());
    }

    /**
     * Publishes the port file, warms up (on {@code repository}, the work tree of the hook that started
     * the server, then on the bundled sample {@code warmUp}), then answers requests until idle, stale or
     * stopped.
     */
    void serve(Optional<Path> warmUp, Optional<Path> repository) throws IOException {
        publish();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fluxward-daemon-request");
            t.setDaemon(true);
            return t;
        });
        Optional<Path> sample = warmUp.filter(Files::isDirectory);
        Optional<Path> repo = repository.filter(Files::isDirectory);
        if (sample.isPresent() || repo.isPresent()) {
            workers.execute(() -> warmUp(sample, repo));
        }
        workers.execute(this::watchIndexes);
        server.setSoTimeout(pollMillis);
        try {
            while (!stopping) {
                try {
                    Socket socket = server.accept();
                    running.incrementAndGet();
                    lastActivity.set(System.currentTimeMillis());
                    workers.execute(() -> {
                        try (socket) {
                            handle(socket);
                        } catch (IOException | RuntimeException e) {
                            // The client went away or sent garbage: nothing to answer.
                        } finally {
                            lastActivity.set(System.currentTimeMillis());
                            running.decrementAndGet();
                        }
                    });
                } catch (SocketTimeoutException e) {
                    checkStillWanted();
                }
            }
        } finally {
            server.close();
            unpublish();
        }
    }

    /**
     * Stops when idle, when the jar changed or when the port file is no longer ours. Between
     * requests, gives the memory of the last scans back to the system (a full collection lets the
     * heap shrink to what is live).
     */
    private void checkStillWanted() {
        boolean quiet = running.get() == 0;
        if (quiet && System.currentTimeMillis() - lastActivity.get() > idleMillis
                || !jarStamp.equals(stamp(jar)) || !ownsPortFile()) {
            stopping = true;
        } else if (quiet && served.get() != collectedAfter) {
            collectedAfter = served.get();
            Runtime.getRuntime().gc();
        }
    }

    private void handle(Socket socket) throws IOException {
        socket.setSoTimeout(REQUEST_READ_MILLIS);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream reply = socket.getOutputStream();
        // First who we are: the client sends its request (environment included) only to the server
        // of its port file, not to whatever took over the port of one that died. The proof itself is
        // never sent: only its hash with the client's random challenge.
        answer(reply, "fluxward " + proofFor(field(in)));
        byte[] given = field(in).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        Request request = Request.read(in);
        if (!jarStamp.equals(stamp(jar))) {
            stopping = true;
            answer(reply, "stale");
            return;
        }
        if (!request.runsHere()) {
            answer(reply, "fallback");
            return;
        }
        if (!isFifo(request.stdout()) || !isFifo(request.stderr())) {
            // Never open anything else for writing: it would be truncated.
            answer(reply, "fallback");
            return;
        }
        answer(reply, "ok");
        socket.setSoTimeout(0);
        long start = System.nanoTime();
        int takenBefore = HeldOutcomes.of(parsedFiles, false).map(HeldOutcomes::taken).orElse(0);
        int code;
        boolean oneStream = request.stdout().equals(request.stderr());
        try (PrintWriter out = writer(request.stdout()); PrintWriter err = oneStream ? out : writer(request.stderr())) {
            // Both ends are open: the names are no longer needed (the client removes them only if we never got here).
            // Only FIFOs are removed, as only FIFOs were opened.
            for (Path fifo : List.of(request.stdout(), request.stderr())) {
                if (isFifo(fifo)) {
                    Files.deleteIfExists(fifo);
                }
            }
            preScans.awaitRunning(PRE_SCAN_WAIT_MILLIS);
            code = run(request.withParsedFiles(parsedFiles), out, err);
        }
        int taken = HeldOutcomes.of(parsedFiles, false).map(HeldOutcomes::taken).orElse(0) - takenBefore;
        // The server's log (next to its port file): what ran, never its output. One write per line (printf writes,
        // and flushes, piece by piece): who reads the log never sees half a line.
        log.print(String.format("request %d: %s, exit %d, %d ms%s%n", served.incrementAndGet(), request.args().get(0),
                code, (System.nanoTime() - start) / 1_000_000, taken > 0 ? ", " + taken + " outcomes of a pre-scan" : ""));
        answer(reply, "exit " + code);
        preScans.served(request.invocation(), request.args(), code);
    }

    /** Between requests, scans ahead the indexes that hooks' scans read, when they change (see {@link PreScans}). */
    private void watchIndexes() {
        while (!stopping) {
            try {
                Thread.sleep(PRE_SCAN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running.get() == 0) {
                preScans.poll();
            }
        }
    }

    private static boolean isFifo(Path path) {
        try {
            var attributes = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return attributes.isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static int run(Request request, PrintWriter out, PrintWriter err) {
        try {
            return Main.run(request.args().toArray(String[]::new), out, err, request.invocation());
        } catch (RuntimeException e) {
            // Main reports command failures itself; this is a failure of the run around it.
            err.println("fluxward: internal error (" + e.getClass().getSimpleName() + "); please report it");
            return ExitCodes.USAGE;
        }
    }

    private static PrintWriter writer(Path fifo) throws IOException {
        // The default charset, as the launcher's own JVM would print with (the server is keyed by the locale).
        Writer w = new OutputStreamWriter(openFifo(fifo), Charset.defaultCharset());
        return new PrintWriter(w, true);
    }

    /**
     * Opens a FIFO for writing. That waits for its reader; a client that died before opening it
     * would leave this request waiting forever, so after a while the server opens it for reading
     * itself: the open returns and what the run prints goes nowhere.
     */
    private static FileOutputStream openFifo(Path fifo) throws IOException {
        Thread unblock = new Thread(() -> {
            try {
                Thread.sleep(REQUEST_READ_MILLIS);
                new java.io.FileInputStream(fifo.toFile()).close();
            } catch (InterruptedException | IOException e) {
                // Opened by the client in time, or gone.
            }
        }, "fluxward-daemon-fifo");
        unblock.setDaemon(true);
        unblock.start();
        try {
            return new FileOutputStream(fifo.toFile());
        } finally {
            unblock.interrupt();
        }
    }

    private static void answer(OutputStream reply, String line) throws IOException {
        reply.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        reply.flush();
    }

    /**
     * Scans the repository whose hook started the server a few times as that hook does, with nothing
     * written (the result cache neither), its files kept for the requests; without one (or when it cannot be
     * scanned), the bundled sample, as a pre-commit hook would (a staged scan of a git repository made
     * from it in a temporary folder) and as CI would (the folder); so the first real request finds the
     * code compiled. After a pause: the run that started the server is still going, on the same cores.
     * Stops as soon as a real request comes.
     */
    private void warmUp(Optional<Path> sample, Optional<Path> repository) {
        try {
            Thread.sleep(WARM_UP_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // The sample's scans (the hook's and CI's paths) only where the repository gave none: they would
        // compete for the cores with the next commit's hook, on code its repository already compiled.
        if (repository.map(this::warmUpOn).orElse(0) == 0) {
            sample.ifPresent(this::warmUp);
        }
    }

    private boolean requested() {
        return stopping || served.get() > 0 || running.get() > 0;
    }

    /** Staged scans of {@code repository} until a request comes; the number of those that ran to the end. */
    private int warmUpOn(Path repository) {
        Invocation at = Invocation.ofClient(repository, Map.of(), false).withParsedFiles(parsedFiles);
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        long start = System.nanoTime();
        int runs = 0;
        int code = ExitCodes.CLEAN;
        try {
            while (runs < REPOSITORY_WARM_UP_RUNS && code == ExitCodes.CLEAN && !requested()) {
                long run = System.nanoTime();
                // Mostly without the result cache, which holds this very index's outcome (the hook that started
                // the server wrote it): a scan served from it parses nothing and runs no rule, and the next
                // commit's change would find no file kept and cold code. Every fourth reads it, as that hook
                // will for HEAD's side, so its code is compiled too; neither writes anything.
                String cache = runs % 4 == 3 ? "--read-only-cache" : "--no-cache";
                code = Main.run(new String[] {"scan", "--staged", cache, "-q", "--fail-on", "never"}, discard,
                        discard, at);
                runs++;
                long now = System.nanoTime();
                if ((now - run) / 1_000_000 > REPOSITORY_WARM_UP_MILLIS
                        || (now - start) / 1_000_000 > REPOSITORY_WARM_UP_BUDGET_MILLIS) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // Warming up is an optimisation: the first request is slower without it, never wrong.
            code = -1;
        }
        log.print(String.format("warm-up: %d staged scans of the repository that started the server (%s), %d ms%n",
                runs, code == ExitCodes.CLEAN ? "done" : "stopped: it cannot be scanned",
                (System.nanoTime() - start) / 1_000_000));
        return code == ExitCodes.CLEAN ? runs : 0;
    }

    private void warmUp(Path sample) {
        try (ScratchFolder scratch = new ScratchFolder(null, "fluxward-warm-up", () -> stopping = true,
                WARM_UP_STOP_MILLIS)) {
            Path repo = scratch.path().resolve("repo");
            copyTree(sample, repo);
            try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
                git.add().addFilepattern(".").call();
            }
            Invocation at = Invocation.ofClient(repo, Map.of(), false);
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            for (int i = 0; i < WARM_UP_RUNS && !requested(); i++) {
                Main.run(new String[] {"scan", "--staged", "--all", "--no-cache", "-q", "--fail-on", "never"}, discard,
                        discard, at);
                Main.run(new String[] {"scan", "-q", "--fail-on", "never", "."}, discard, discard, at);
            }
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            // Warming up is an optimisation: the first request is slower without it, never wrong.
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(f)) {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Writes "port token pid proof" to the port file: created private, then renamed into place. */
    private void publish() throws IOException {
        Path dir = portFile.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".daemon", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, server.getLocalPort() + " " + token + " " + ProcessHandle.current().pid() + " " + proof
                + "\n");
        try {
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING);
        }
        // The launcher's "a server is starting" lock.
        Files.deleteIfExists(Path.of(portFile + ".starting"));
    }

    private boolean ownsPortFile() {
        try {
            return Files.readString(portFile).contains(" " + token + " ");
        } catch (IOException e) {
            return false;
        }
    }

    private void unpublish() {
        if (ownsPortFile()) {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException e) {
                // Another run will find the port closed and start a new server.
            }
        }
    }

    /** SHA-256 of the proof followed by the client's challenge, in hex. */
    String proofFor(String challenge) {
        return CodeStamp.sha256(proof + challenge + "\n");
    }

    private static String randomHex(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        } catch (IOException e) {
            return "missing";
        }
    }

    /** One NUL-terminated UTF-8 field. */
    static String field(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0) {
            if (b < 0) {
                throw new IOException("request ends early");
            }
            if (bytes.size() == MAX_FIELD_BYTES) {
                throw new IOException("request field too long");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A run the client asks for. */
    record Request(Invocation invocation, Path stdout, Path stderr, List<String> args) {

        static Request read(InputStream in) throws IOException {
            if (!PROTOCOL.equals(field(in))) {
                throw new IOException("unknown protocol");
            }
            Path cwd = Path.of(field(in));
            boolean terminal = "1".equals(field(in));
            Path out = Path.of(field(in));
            Path err = Path.of(field(in));
            List<String> args = new ArrayList<>();
            for (int i = 0, n = count(in); i < n; i++) {
                args.add(field(in));
            }
            Map<String, String> env = new HashMap<>();
            for (int i = 0, n = count(in); i < n; i++) {
                String entry = field(in);
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            if (!cwd.isAbsolute() || !out.isAbsolute() || !err.isAbsolute()) {
                throw new IOException("paths must be absolute");
            }
            return new Request(Invocation.ofClient(cwd, env, terminal), out, err, List.copyOf(args));
        }

        Request withParsedFiles(ParsedFiles kept) {
            return new Request(invocation.withParsedFiles(kept), stdout, stderr, args);
        }

        private static int count(InputStream in) throws IOException {
            try {
                int n = Integer.parseInt(field(in));
                if (n < 0 || n > MAX_FIELDS) {
                    throw new IOException("bad count");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IOException("bad count", e);
            }
        }

        /**
         * Only scans run in the server: they never write to the repository, and their output is
         * what this process prints. {@code --timings} counts process-wide, so it needs a JVM of its own.
         */
        boolean runsHere() {
            return !args.isEmpty() && "scan".equals(args.get(0)) && !args.contains("--timings");
        }
    }
}
