package io.fluxward.git;

import io.fluxward.config.Config;
import io.fluxward.config.IgnorePatterns;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Secrets anywhere in a repository's history. Walks every commit reachable from any ref, oldest
 * first, and scans each file version (blob at a path) once with file rules only; a finding is
 * reported once, at the commit that introduced it, with whether it is still present at HEAD.
 * A secret that reached history must be rotated even when HEAD no longer has it.
 */
public final class HistoryAudit {

    /**
     * @param since        only commits after this time (committer time), or empty
     * @param sinceRef     only commits not reachable from this revision, or empty
     * @param maxCommits   the newest N commits at most (0: no limit)
     * @param maxBlobBytes larger blobs are not read (counted and noted)
     * @param threads      parallel scans; output never depends on it
     */
    public record Options(Optional<Instant> since, Optional<String> sinceRef, int maxCommits, long maxBlobBytes,
                          int threads) {
    }

    /**
     * One secret found in history, at the commit that introduced it.
     *
     * @param movedTo where HEAD holds it when it was moved (renamed) since, else empty
     */
    public record Leak(Finding finding, String commit, Instant authorDate, String author, boolean presentAtHead,
                       List<String> movedTo) {

        public Leak {
            movedTo = List.copyOf(movedTo);
        }
    }

    /** What the audit found and how much it read. */
    public record Report(List<Leak> leaks, int commits, long blobs, long skippedLarge, long bytes, Duration elapsed,
                         List<Note> notes) {

        /** Distinct blobs scanned per second of wall time. */
        public double blobsPerSecond() {
            double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
            return blobs / seconds;
        }
    }

    /** @param raw the path's bytes in git (looked up by them: {@code path} is decoded text, see {@link GitPaths}) */
    private record Version(String path, byte[] raw, ObjectId blob, int order, RevCommit commit, String chartDir) {
    }

    /**
     * A finding of one file version, with a digest of the rule and the text it flags (never shown): the same
     * secret moved to another path (a rename) has the same digest, so it is not introduced again.
     */
    private record Seen(Finding finding, String digest) {

        /** The finding's identity, one per part for a finding about several values (a Secret's, one per value). */
        List<Identity> identities() {
            if (finding.parts().isEmpty()) {
                return List.of(new Identity(finding.ruleId(), finding.path(), finding.fingerprint(), ""));
            }
            return finding.parts().stream()
                    .map(p -> new Identity(finding.ruleId(), finding.path(), finding.fingerprint(), p)).toList();
        }
    }

    /**
     * Which finding of which file a version's finding is: its rule, path and fingerprint, and for a finding about
     * several values which of them ({@link Finding#parts}; else empty). A value added to a Secret that history had
     * already is a leak of its own; one removed or moved within it is nothing new.
     */
    private record Identity(String rule, String path, String fingerprint, String part) implements Comparable<Identity> {

        private static final Comparator<Identity> ORDER = Comparator.comparing(Identity::rule)
                .thenComparing(Identity::path).thenComparing(Identity::fingerprint).thenComparing(Identity::part);

        @Override
        public int compareTo(Identity other) {
            return ORDER.compare(this, other);
        }
    }

    private final GitRepository repo;
    private final Scanner scanner;
    private final Config config;
    private final ScanOptions scanOptions;
    private final Options options;
    private final IgnorePatterns ignore;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Each path's bytes in git, by its text. */
    private final Map<String, byte[]> raws = new HashMap<>();

    /** @param scanOptions selects the (file) rules to run */
    public HistoryAudit(GitRepository repo, Scanner scanner, Config config, ScanOptions scanOptions, Options options) {
        this.repo = repo;
        this.scanner = scanner;
        this.config = config;
        this.scanOptions = scanOptions.withThreads(1);
        this.options = options;
        this.ignore = config.ignored();
    }

    public Report run() throws IOException {
        long start = System.nanoTime();
        Repository git = repo.jgit();
        List<RevCommit> commits = commits();
        Map<String, Version> firstSeen = new LinkedHashMap<>();
        List<Note> notes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(r, "fluxward-audit");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<List<Seen>>> scans = new HashMap<>();
        try (ObjectReader reader = git.newObjectReader()) {
            for (int i = 0; i < commits.size(); i++) {
                RevCommit commit = commits.get(i);
                for (Version v : changedFiles(reader, commit, i)) {
                    String key = v.blob().name() + ":" + v.path();
                    if (firstSeen.putIfAbsent(key, v) == null) {
                        scans.put(key, pool.submit(() -> scan(v)));
                    }
                }
            }
            Map<Identity, Leak> leaks = new TreeMap<>();
            // The leak each identity belongs to: itself, or the earlier one whose secret it carries to another path.
            Map<Identity, Identity> leakOf = new HashMap<>();
            // Every identity with this digest, the paths a leak moved to included (so a rename chain is followed).
            Map<String, Set<Identity>> byDigest = new HashMap<>();
            for (Map.Entry<String, Version> e : firstSeen.entrySet()) {
                Version v = e.getValue();
                for (Seen seen : await(scans.get(e.getKey()))) {
                    // Introduced (or moved there) by an earlier commit unless it has a new part: versions come in
                    // commit order.
                    List<Identity> fresh = seen.identities().stream().filter(i -> !leakOf.containsKey(i)).toList();
                    if (fresh.isEmpty()) {
                        continue;
                    }
                    Identity identity = fresh.get(0);
                    // Moved (renamed): the same secret at a path this very commit removes (as git's rename detection
                    // sees one), where the leak was introduced or had moved to. A copy, or the same value on an
                    // unrelated branch, is a leak of its own.
                    Identity leak = identity;
                    if (v.commit().getParentCount() > 0) {
                        for (Identity earlier : byDigest.getOrDefault(seen.digest(), Set.of())) {
                            String from = earlier.path();
                            if (!from.equals(identity.path()) && !exists(reader, v.commit(), raws.get(from))
                                    && exists(reader, v.commit().getParent(0), raws.get(from))) {
                                leak = leakOf.get(earlier);
                                break;
                            }
                        }
                    }
                    for (Identity i : fresh) {
                        leakOf.put(i, leak);
                    }
                    if (leak.equals(identity)) {
                        leaks.put(identity, leak(seen.finding(), v.commit(), false));
                    }
                    byDigest.computeIfAbsent(seen.digest(), k -> new java.util.TreeSet<>()).addAll(fresh);
                }
            }
            // Each leak's identities: its own and those of the paths it moved to.
            Map<Identity, Set<Identity>> members = new HashMap<>();
            Set<String> paths = new java.util.TreeSet<>();
            leakOf.forEach((identity, leak) -> {
                members.computeIfAbsent(leak, k -> new HashSet<>()).add(identity);
                paths.add(identity.path());
            });
            Set<Identity> atHead = presentAtHead(reader, paths);
            List<Leak> out = new ArrayList<>();
            for (Map.Entry<Identity, Leak> e : leaks.entrySet()) {
                Leak l = e.getValue();
                List<String> heldAt = members.get(e.getKey()).stream().filter(atHead::contains).map(Identity::path)
                        .distinct().sorted().toList();
                out.add(new Leak(l.finding(), l.commit(), l.authorDate(), l.author(), !heldAt.isEmpty(),
                        heldAt.contains(l.finding().path()) ? List.of() : heldAt));
            }
            out.sort(Comparator.comparing((Leak l) -> l.finding().path()).thenComparing(l -> l.finding().line())
                    .thenComparing(l -> l.finding().ruleId()).thenComparing(Leak::commit));
            if (skipped.get() > 0) {
                notes.add(Note.warning("", skipped.get() + " blob(s) over " + options.maxBlobBytes()
                        + " bytes were not read (--max-blob-bytes)"));
            }
            return new Report(out, commits.size(), firstSeen.size(), skipped.get(), bytes.get(),
                    Duration.ofNanos(System.nanoTime() - start), notes);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The commits to audit, parents before children (so "first seen" is "introduced"). */
    private List<RevCommit> commits() throws IOException {
        Repository git = repo.jgit();
        List<RevCommit> newestFirst = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git)) {
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            int starts = 0;
            List<Ref> refs = new ArrayList<>(git.getRefDatabase().getRefs());
            Optional.ofNullable(git.exactRef(Constants.HEAD)).ifPresent(refs::add);
            for (Ref ref : refs) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id == null) {
                    continue;
                }
                RevObject object = walk.peel(walk.parseAny(id));
                if (object instanceof RevCommit c) {
                    walk.markStart(c);
                    starts++;
                }
            }
            if (starts == 0) {
                return List.of();
            }
            if (options.sinceRef().isPresent()) {
                walk.markUninteresting(walk.parseCommit(repo.commit(options.sinceRef().get())));
            }
            options.since().ifPresent(t -> walk.setRevFilter(CommitTimeRevFilter.after(java.util.Date.from(t))));
            for (RevCommit c : walk) {
                newestFirst.add(c);
                if (options.maxCommits() > 0 && newestFirst.size() >= options.maxCommits()) {
                    break;
                }
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Files whose content differs from the first parent's (all files of a root commit). */
    private List<Version> changedFiles(ObjectReader reader, RevCommit commit, int order) throws IOException {
        List<Version> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.setRecursive(true);
            if (commit.getParentCount() > 0) {
                RevCommit parent = commit.getParent(0);
                walk.addTree(parent.getTree() != null ? parent.getTree() : parseTree(reader, parent));
                walk.addTree(commit.getTree());
                walk.setFilter(TreeFilter.ANY_DIFF);
            } else {
                walk.addTree(commit.getTree());
            }
            int self = walk.getTreeCount() - 1;
            Set<String> charts = null;
            while (walk.next()) {
                FileMode mode = walk.getFileMode(self);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                String path = GitPaths.of(walk);
                if (ignore.excludes(path) || !scanOptions.include().test(path)) {
                    continue;
                }
                byte[] raw = raws.computeIfAbsent(path, k -> walk.getRawPath());
                String chartDir = null;
                int templates = path.lastIndexOf("/templates/");
                if (templates >= 0 || path.startsWith("templates/")) {
                    if (charts == null) {
                        charts = new HashSet<>();
                    }
                    chartDir = chartOf(reader, commit, raw, charts);
                }
                out.add(new Version(path, raw, walk.getObjectId(self), order, commit, chartDir));
            }
        }
        return out;
    }

    private static org.eclipse.jgit.revwalk.RevTree parseTree(ObjectReader reader, RevCommit c) throws IOException {
        try (RevWalk w = new RevWalk(reader)) {
            return w.parseCommit(c).getTree();
        }
    }

    private static boolean exists(ObjectReader reader, RevCommit commit, byte[] path) throws IOException {
        org.eclipse.jgit.revwalk.RevTree tree = commit.getTree() != null ? commit.getTree() : parseTree(reader, commit);
        try (TreeWalk t = GitPaths.forPath(reader, path, tree)) {
            return t != null;
        }
    }

    /** The Helm chart folder whose {@code templates/} holds {@code path} (bytes) in this commit, or null. */
    private static String chartOf(ObjectReader reader, RevCommit commit, byte[] path, Set<String> cache) throws IOException {
        byte[] templates = "templates".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // Each folder above the file, deepest first: path[0, end) whose name starts at start.
        for (int end = lastSlash(path, path.length); end >= 0; end = lastSlash(path, end)) {
            int start = lastSlash(path, end) + 1;
            if (java.util.Arrays.equals(path, start, end, templates, 0, templates.length)) {
                byte[] chart = java.util.Arrays.copyOf(path, Math.max(0, start - 1));
                String name = GitPaths.decode(chart);
                if (cache.contains(name)) {
                    return name;
                }
                byte[] suffix = (chart.length == 0 ? "Chart.yaml" : "/Chart.yaml")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] chartFile = java.util.Arrays.copyOf(chart, chart.length + suffix.length);
                System.arraycopy(suffix, 0, chartFile, chart.length, suffix.length);
                try (TreeWalk t = GitPaths.forPath(reader, chartFile, commit.getTree())) {
                    if (t != null) {
                        cache.add(name);
                        return name;
                    }
                }
            }
        }
        return null;
    }

    /** The index of the last '/' before {@code before} in {@code path}, or -1. */
    private static int lastSlash(byte[] path, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (path[i] == '/') {
                return i;
            }
        }
        return -1;
    }

    /** Runs the file rules on one file version. */
    private List<Seen> scan(Version v) throws IOException {
        byte[] content;
        try (ObjectReader reader = repo.jgit().newObjectReader()) {
            long size = reader.getObjectSize(v.blob(), Constants.OBJ_BLOB);
            if (size > options.maxBlobBytes()) {
                skipped.incrementAndGet();
                return List.of();
            }
            content = reader.open(v.blob(), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
        bytes.addAndGet(content.length);
        Map<String, byte[]> files = new TreeMap<>();
        files.put(v.path(), content);
        if (v.chartDir() != null) {
            // Only the chart's presence matters: its templates are not plain manifests.
            files.put(v.chartDir().isEmpty() ? "Chart.yaml" : v.chartDir() + "/Chart.yaml", new byte[0]);
        }
        MemorySnapshot snapshot = new MemorySnapshot("history", files, Map.of(v.path(), v.blob().name()));
        ScanResult result = scanner.scan(snapshot, config, scanOptions.withInclude(v.path()::equals));
        String[] lines = new String(content, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        List<Seen> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            out.add(new Seen(f, io.fluxward.engine.CodeStamp.sha256(f.ruleId() + "\u0000" + flagged(lines, f))));
        }
        return out;
    }

    /** The text a finding points at (its span on one line, else the rest of its first line). */
    private static String flagged(String[] lines, Finding f) {
        io.fluxward.yaml.Span span = f.location().span();
        if (span.line() < 1 || span.line() > lines.length) {
            return f.fingerprint();
        }
        String line = lines[span.line() - 1];
        int from = Math.min(line.length(), Math.max(0, span.column() - 1));
        int to = span.endLine() == span.line() && span.endColumn() > span.column()
                ? Math.min(line.length(), span.endColumn() - 1) : line.length();
        return line.substring(from, Math.max(from, to)).strip();
    }

    private static List<Seen> await(Future<List<Seen>> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("audit interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("audit failed", e.getCause());
        }
    }

    private static Leak leak(Finding f, RevCommit commit, boolean present) {
        var who = commit.getAuthorIdent();
        return new Leak(f, commit.getId().name(), who.getWhenAsInstant(), who.getName(), present, List.of());
    }

    /** The identities (rule, path and fingerprint) that HEAD has at {@code paths}. */
    private Set<Identity> presentAtHead(ObjectReader reader, Set<String> paths) throws IOException {
        Set<Identity> present = new HashSet<>();
        Optional<RevCommit> head = repo.head();
        if (head.isEmpty()) {
            return present;
        }
        for (String path : paths) {
            byte[] raw = raws.get(path);
            try (TreeWalk t = GitPaths.forPath(reader, raw, head.get().getTree())) {
                if (t == null || (t.getFileMode(0) != FileMode.REGULAR_FILE && t.getFileMode(0) != FileMode.EXECUTABLE_FILE)) {
                    continue;
                }
                String chartDir = path.contains("templates/") ? chartOf(reader, head.get(), raw, new HashSet<>()) : null;
                for (Seen seen : scan(new Version(path, raw, t.getObjectId(0), -1, head.get(), chartDir))) {
                    present.addAll(seen.identities());
                }
            }
        }
        return present;
    }

    /** Rule IDs the audit runs by default: the secret rules that look at one file. */
    public static final List<String> DEFAULT_RULES = List.of("FW-S001", "FW-S002", "FW-S004", "FW-S005", "FW-S008");

    /** The level counts of a report, for the summary line. */
    public static Map<Level, Long> levels(Report report) {
        Map<Level, Long> out = new java.util.EnumMap<>(Level.class);
        report.leaks().forEach(l -> out.merge(l.finding().level(), 1L, Long::sum));
        return out;
    }
}
