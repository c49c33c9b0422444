package io.fluxward.cache;

import io.fluxward.engine.CodeStamp;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.Outcome;
import io.fluxward.engine.ResultCache;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.yaml.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * Rule outcomes on disk, one small file per key under {@code <git common dir>/fluxward/cache/v1/}
 * (never in the work tree or the index). Built for a pre-commit hook that may run several times
 * at once (parallel hooks, IDE plus terminal) and may be killed at any point:
 * <ul>
 *   <li>concurrent runs: an entry is written to a temporary file and moved into place atomically,
 *       so readers see a whole entry or none; two writers of one key write the same bytes, and the
 *       last rename wins; there are no locks, so nothing can deadlock or be left locked;</li>
 *   <li>corruption: an entry carries its key and a CRC-32 of its bytes; one that is truncated,
 *       garbled, of another format or for another key is a miss (and is deleted), never an error;</li>
 *   <li>bounded size: when a run wrote entries and the folder holds more than {@code maxBytes},
 *       the least recently used entries (reads refresh an entry's time) are deleted down to 3/4 of
 *       the bound; leftover temporary files of killed runs older than an hour go too;</li>
 *   <li>secrets: entries hold findings (whose messages rules already mask), locators (structural
 *       key paths, and for secrets the short value digests of {@code Fingerprints.valueTag}) and notes;
 *       never file content.</li>
 * </ul>
 */
public final class DiskCache implements ResultCache {

    /** Default bound of the cache folder: 64 MiB, some 200,000 clean files' outcomes. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final int MAGIC = 0x46574332; // "FWC2": findings carry their parts
    private static final int MAX_ENTRY_BYTES = 16 * 1024 * 1024;
    private static final long STALE_TEMP_MILLIS = 3_600_000L;

    private final Path dir;
    /** The folder the cache trusts (the git dir): below it, no folder of the cache may be a symbolic link. */
    private final Path base;
    private final long maxBytes;
    private final boolean readOnly;
    private final AtomicLong written = new AtomicLong();
    /** Shard folders (and the cache folder itself) known to be real folders, not links. */
    private final Set<Path> checked = ConcurrentHashMap.newKeySet();

    public DiskCache(Path dir, long maxBytes) {
        this(dir, dir, maxBytes, false);
    }

    private DiskCache(Path dir, Path base, long maxBytes, boolean readOnly) {
        this.dir = dir;
        this.base = base;
        this.maxBytes = maxBytes;
        this.readOnly = readOnly;
    }

    /**
     * The same cache, only read: hits are served, nothing is written, touched, deleted or evicted (the
     * resident server's warm-up scans a user's repository this way, as the next hook will, without a trace).
     */
    public DiskCache readOnly() {
        return new DiskCache(dir, base, maxBytes, true);
    }

    /** The cache of a git repository: below its common dir, shared by all its worktrees. */
    public static DiskCache forGitDir(Path commonGitDir, long maxBytes) {
        return new DiskCache(commonGitDir.resolve("fluxward").resolve("cache").resolve("v1"), commonGitDir, maxBytes, false);
    }

    /**
     * True when no folder from the git dir down to {@code folder} is a symbolic link. The repository is untrusted
     * input: a {@code .git/fluxward} (or {@code cache}, or shard) that links elsewhere would have entries written,
     * touched and evicted there. Such a cache is only read. Folders that do not exist yet are made by
     * {@link #put} as real folders.
     */
    private boolean linkFree(Path folder) {
        if (checked.contains(folder)) {
            return true;
        }
        Path at = base;
        for (Path part : base.relativize(folder)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return false;
            }
        }
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            checked.add(folder);
        }
        return true;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Optional<Outcome> get(String key) {
        Path file = fileOf(key);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ENTRY_BYTES) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<Outcome> outcome = decode(key, bytes);
        if (readOnly || !linkFree(file.getParent())) {
            return outcome;
        }
        if (outcome.isEmpty()) {
            deleteQuietly(file);
            return outcome;
        }
        try {
            // Recently used entries survive eviction.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // A read-only cache still serves hits.
        }
        return outcome;
    }

    @Override
    public void put(String key, Outcome outcome) {
        if (readOnly) {
            return;
        }
        Path file = fileOf(key);
        try {
            if (!linkFree(file.getParent())) {
                return;
            }
            byte[] bytes = encode(key, outcome);
            Files.createDirectories(file.getParent());
            if (replace(file, bytes)) {
                written.addAndGet(bytes.length);
            }
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written (read-only .git, full disk) only makes the next run slower.
        }
    }

    /**
     * Writes {@code file} through a temporary file renamed into place, so concurrent runs see the old
     * content or the new one, never half of it. False (and no temporary file left) when it cannot.
     */
    private static boolean replace(Path file, byte[] bytes) {
        Path temp = file.resolveSibling(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            return false;
        }
    }

    /**
     * Evicts down to the bound once the runs since the last eviction wrote a quarter of it. Call once
     * at the end of a run. Listing every entry costs as much as a small scan, so runs keep a shared
     * count of the bytes they wrote (next to the folder) and only the run that crosses the quarter
     * lists and evicts. Concurrent runs may lose each other's counts: eviction then comes a little
     * later, and the folder can exceed the bound by about a quarter until it does.
     */
    public void trim() {
        long mine = written.get();
        if (mine == 0 || !linkFree(dir)) {
            return;
        }
        Path ledger = dir.resolveSibling(dir.getFileName() + ".written");
        long since = readLedger(ledger);
        if (since >= 0 && since + mine <= maxBytes / 4) {
            writeLedger(ledger, since + mine);
            return;
        }
        trim(maxBytes);
        writeLedger(ledger, 0);
    }

    /** Bytes written since the last eviction, or -1 when unknown (then evict now). */
    private static long readLedger(Path ledger) {
        try {
            if (Files.size(ledger) > 32) {
                return -1;
            }
            return Long.parseLong(Files.readString(ledger, StandardCharsets.US_ASCII).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void writeLedger(Path ledger, long bytes) {
        replace(ledger, Long.toString(bytes).getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes least recently used entries until the folder holds at most 3/4 of {@code bound} bytes. */
    void trim(long bound) {
        record Entry(Path path, long size, long time) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        try {
                            long size = Files.size(f);
                            long time = Files.getLastModifiedTime(f).toMillis();
                            if (f.getFileName().toString().startsWith(".tmp-")) {
                                if (now - time > STALE_TEMP_MILLIS) {
                                    deleteQuietly(f);
                                }
                                continue;
                            }
                            entries.add(new Entry(f, size, time));
                            total += size;
                        } catch (IOException e) {
                            // Deleted by a concurrent run meanwhile.
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (total <= bound) {
            return;
        }
        entries.sort(Comparator.comparingLong(Entry::time).thenComparing(e -> e.path().toString()));
        long target = bound / 4 * 3;
        for (Entry e : entries) {
            if (total <= target) {
                break;
            }
            deleteQuietly(e.path());
            total -= e.size();
        }
    }

    private Path fileOf(String key) {
        String hash = CodeStamp.sha256(key);
        return dir.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // Another run may hold or have removed it.
        }
    }

    static byte[] encode(String key, Outcome outcome) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(MAGIC);
        writeLong(out, key);
        out.writeInt(outcome.suppressed());
        out.writeInt(outcome.reported().size());
        for (Outcome.Reported r : outcome.reported()) {
            Finding f = r.finding();
            out.writeUTF(f.ruleId());
            out.writeUTF(f.level().name());
            writeLocation(out, f.location());
            writeLong(out, f.message());
            writeLong(out, f.fingerprint());
            out.writeInt(f.related().size());
            for (Finding.Related rel : f.related()) {
                writeLocation(out, rel.location());
                writeLong(out, rel.message());
            }
            out.writeInt(f.parts().size());
            for (String part : f.parts()) {
                out.writeUTF(part);
            }
            writeLong(out, r.locator());
        }
        out.writeInt(outcome.notes().size());
        for (Note n : outcome.notes()) {
            out.writeUTF(n.kind().name());
            writeLong(out, n.path() == null ? "" : n.path());
            out.writeInt(n.line());
            writeLong(out, n.message());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return buffer.toByteArray();
    }

    /** The outcome stored in {@code bytes} for {@code key}; empty for anything else (corrupt, foreign, old). */
    static Optional<Outcome> decode(String key, byte[] bytes) {
        if (bytes.length < 12) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = 0;
        for (int i = bytes.length - 8; i < bytes.length; i++) {
            stored = (stored << 8) | (bytes[i] & 0xFF);
        }
        if (stored != crc.getValue()) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (in.readInt() != MAGIC || !readLong(in).equals(key)) {
                return Optional.empty();
            }
            int suppressed = in.readInt();
            int count = count(in);
            List<Outcome.Reported> reported = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String rule = in.readUTF();
                Level level = Level.valueOf(in.readUTF());
                Location location = readLocation(in);
                String message = readLong(in);
                String fingerprint = readLong(in);
                int relatedCount = count(in);
                List<Finding.Related> related = new ArrayList<>(relatedCount);
                for (int j = 0; j < relatedCount; j++) {
                    related.add(new Finding.Related(readLocation(in), readLong(in)));
                }
                int partCount = count(in);
                List<String> parts = new ArrayList<>(partCount);
                for (int j = 0; j < partCount; j++) {
                    parts.add(in.readUTF());
                }
                reported.add(new Outcome.Reported(new Finding(rule, level, location, message, fingerprint, related, parts),
                        readLong(in)));
            }
            int notes = count(in);
            List<Note> noteList = new ArrayList<>(notes);
            for (int i = 0; i < notes; i++) {
                noteList.add(new Note(Note.Kind.valueOf(in.readUTF()), readLong(in), in.readInt(), readLong(in)));
            }
            if (in.available() != 0 || suppressed < 0) {
                return Optional.empty();
            }
            return Optional.of(new Outcome(reported, suppressed, noteList));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRY_BYTES) {
            throw new IOException("bad count");
        }
        return n;
    }

    private static void writeLocation(DataOutputStream out, Location location) throws IOException {
        writeLong(out, location.path());
        Span s = location.span();
        out.writeInt(s.line());
        out.writeInt(s.column());
        out.writeInt(s.endLine());
        out.writeInt(s.endColumn());
    }

    private static Location readLocation(DataInputStream in) throws IOException {
        String path = readLong(in);
        return new Location(path, new Span(in.readInt(), in.readInt(), in.readInt(), in.readInt()));
    }

    /** Strings of any length (writeUTF stops at 64 KiB). */
    private static void writeLong(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int n = count(in);
        if (n > in.available()) {
            throw new IOException("truncated");
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }
}
