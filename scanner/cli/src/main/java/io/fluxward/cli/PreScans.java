package io.fluxward.cli;

import io.fluxward.git.GitException;
import io.fluxward.git.GitRepository;
import io.fluxward.git.GitSnapshots;
import io.fluxward.model.ParsedFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The resident server's pre-scans: a hook's scan run ahead of the hook. After a {@code scan --staged}
 * request, the server watches the index file that scan read; when the index changes ({@code git add})
 * and then stays the same for a poll interval, it runs that request's command again in the background,
 * output discarded, writing nothing: the result cache is only read and what the scan would write to it is
 * held in memory ({@link io.fluxward.cache.HeldOutcomes}). The commit's hook then finds the outcome of
 * that very index computed and reads only the changed files, as when an index is scanned again. A request
 * that comes while a pre-scan runs waits for it rather than compete for the cores. Commands that write
 * files ({@code --output}, {@code --sarif}) or take options this class does not know are never repeated;
 * temporary indexes ({@code git commit -a}'s {@code index.lock}) are not watched.
 */
final class PreScans {

    /** Options of a hook's scan that only change what it prints: the same command may run again unseen. */
    private static final Set<String> FLAGS = Set.of("--staged", "--all", "--no-color", "-q", "--quiet", "-v",
            "--verbose");
    /** Options with a value that read files at most. */
    private static final Set<String> WITH_VALUE = Set.of("--fail-on", "--only-tag", "--only-rules", "--enable",
            "--disable", "-f", "--format", "--config", "--baseline", "--schemas", "--threads", "--sarif-category");
    /** Indexes watched at most (a repository or two, each with a hook or two). */
    private static final int MAX_WATCHED = 4;

    private record Watch(Path index, Path workingDir, List<String> args) {
    }

    /** What a watch last saw: the request to repeat, the index as last polled and as last scanned. */
    private static final class State {
        private Invocation invocation;
        private long lastRequest;
        private Optional<Stamp> seen = Optional.empty();
        private Optional<Stamp> scanned = Optional.empty();
    }

    /**
     * An index file as last seen: the checksum git writes at its end (over all of its content), and its
     * identity and time (git writes a new index by renaming a new file into place), as file times are coarse
     * and git may leave the checksum out.
     */
    private record Stamp(Optional<String> checksum, Object fileKey, long modifiedNanos, long size) {
    }

    private final ParsedFiles kept;
    private final PrintStream log;
    private final long expireMillis;
    private final LinkedHashMap<Watch, State> watched = new LinkedHashMap<>();
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param kept         the server's kept files and values (the pre-scans' are the requests')
     * @param expireMillis a watch with no request for this long is dropped
     */
    PreScans(ParsedFiles kept, PrintStream log, long expireMillis) {
        this.kept = kept;
        this.log = log;
        this.expireMillis = expireMillis;
    }

    /** Whether a command may be repeated unseen: a staged scan that writes nothing but its output. */
    static boolean repeatable(List<String> args) {
        if (args.isEmpty() || !"scan".equals(args.get(0)) || !args.contains("--staged")) {
            return false;
        }
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                return true;
            }
            if (!arg.startsWith("-") || FLAGS.contains(arg)) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq > 0 && arg.startsWith("--") && WITH_VALUE.contains(arg.substring(0, eq))) {
                continue;
            }
            if (!WITH_VALUE.contains(arg) || i + 1 == args.size()) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** After a request ran to its end (exit 0 or 1): watches the index it read when it may be repeated. */
    void served(Invocation invocation, List<String> args, int exitCode) {
        if (exitCode > ExitCodes.FINDINGS || !repeatable(args) || invocation.workingDir().isEmpty()) {
            return;
        }
        Path index;
        try (GitRepository repo = GitRepository.open(invocation.workingDir().get(), invocation.env())) {
            index = repo.indexFile().toPath().toAbsolutePath().normalize();
        } catch (GitException | RuntimeException e) {
            return;
        }
        if (index.getFileName().toString().endsWith(".lock")) {
            // git commit -a or with paths: a temporary index, gone once the commit is made.
            return;
        }
        Watch watch = new Watch(index, invocation.workingDir().get(), List.copyOf(args));
        Optional<Stamp> now = stamp(index);
        synchronized (watched) {
            State state = watched.computeIfAbsent(watch, w -> new State());
            state.invocation = invocation;
            state.lastRequest = System.currentTimeMillis();
            state.seen = now;
            state.scanned = now;
            Iterator<Watch> eldest = watched.keySet().iterator();
            while (watched.size() > MAX_WATCHED && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /**
     * One look at the watched indexes: the first that changed and has settled since the last look
     * (and that git is not writing) is scanned ahead. Called by the server's watcher when no request runs.
     *
     * @return whether a pre-scan ran
     */
    boolean poll() {
        Map.Entry<Watch, State> due = null;
        synchronized (watched) {
            long now = System.currentTimeMillis();
            Iterator<Map.Entry<Watch, State>> it = watched.entrySet().iterator();
            while (it.hasNext() && due == null) {
                Map.Entry<Watch, State> e = it.next();
                Path index = e.getKey().index();
                Optional<Stamp> stamp = stamp(index);
                if (now - e.getValue().lastRequest > expireMillis || stamp.isEmpty()) {
                    it.remove();
                    continue;
                }
                State state = e.getValue();
                boolean settled = stamp.equals(state.seen) && !Files.exists(index.resolveSibling(index.getFileName() + ".lock"));
                state.seen = stamp;
                if (settled && !stamp.equals(state.scanned)) {
                    state.scanned = stamp;
                    due = e;
                }
            }
        }
        if (due == null) {
            return false;
        }
        run(due.getKey(), due.getValue().invocation);
        return true;
    }

    private void run(Watch watch, Invocation invocation) {
        List<String> args = new ArrayList<>(watch.args());
        args.add(1, "--pre-scan");
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        long start = System.nanoTime();
        int code;
        running.lock();
        try {
            code = Main.run(args.toArray(String[]::new), discard, discard, invocation.withParsedFiles(kept));
        } catch (RuntimeException e) {
            // Only work saved: the hook's own scan does it again.
            code = ExitCodes.USAGE;
        } finally {
            running.unlock();
        }
        // One write per line (printf writes, and flushes, piece by piece): who reads the log never sees half a line.
        log.print(String.format("pre-scan %d: exit %d, %d ms%n", count.incrementAndGet(), code,
                (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Waits (at most {@code maxMillis}) for a pre-scan that is running: it is most likely the very scan
     * the request asks for, and two scans at once on the same cores would both be slow.
     */
    void awaitRunning(long maxMillis) {
        if (!running.isLocked()) {
            return;
        }
        try {
            if (running.tryLock(maxMillis, TimeUnit.MILLISECONDS)) {
                running.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Stamp> stamp(Path index) {
        try {
            BasicFileAttributes a = Files.readAttributes(index, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stamp(GitSnapshots.indexChecksum(index.toFile()), a.fileKey(),
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
