package io.fluxward.model;

import io.fluxward.config.Limits;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loaded files kept between the scans of one long-lived process (the resident server), so a
 * pre-commit scan after a one-file change parses one file, not the whole index, and a scan of a
 * folder after a fix parses only what changed. Beside them, a few larger values derived from
 * content (see {@link #derived}): git listings, kustomize renders. A loaded file depends only on its path, its content,
 * whether it is a Helm template and the YAML limits, which together are the key; the content is
 * named by its git blob id, or for a work-tree file by a hash of the bytes just read (so a file is
 * still read every time: nothing is trusted to timestamps). Bounded by the bytes of the files kept,
 * least recently used out first. File models are immutable, so scans running at the same time may
 * share them. Thread-safe.
 */
public final class ParsedFiles {

    /** Keeps nothing (one scan per process). */
    public static final ParsedFiles NONE = new ParsedFiles(0);

    /** Asked for every file of every scan: the hash is computed once, and the blob id (most distinct) compared first. */
    private record Key(String path, String blobId, boolean chartTemplate, Limits limits, int hash) {
        Key(String path, String blobId, boolean chartTemplate, Limits limits) {
            this(path, blobId, chartTemplate, limits, (blobId.hashCode() * 31 + path.hashCode()) * 31
                    + Boolean.hashCode(chartTemplate));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && blobId.equals(k.blobId) && path.equals(k.path)
                    && chartTemplate == k.chartTemplate && (limits == k.limits || limits.equals(k.limits));
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Entry(FileLoader.Loaded loaded, long bytes) {
    }

    /** Derived values kept at most: each may be as large as a model's listing or render. */
    private static final int DERIVED_VALUES = 16;

    private final long budgetBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    /** Softly held: under memory pressure the collector drops them (they are only work saved), never the scan. */
    private final LinkedHashMap<String, java.lang.ref.SoftReference<Object>> derived = new LinkedHashMap<>(16, 0.75f, true);

    /** @param budgetBytes the most file bytes whose models are kept */
    public ParsedFiles(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    public boolean keeps() {
        return budgetBytes > 0;
    }

    /**
     * The file loaded before with this content, path, template flag and limits.
     *
     * @param blobId a git blob id, or {@code content:} and a hash of the bytes (never the same text)
     */
    public Optional<FileLoader.Loaded> get(String path, String blobId, boolean chartTemplate, Limits limits) {
        if (!keeps()) {
            return Optional.empty();
        }
        synchronized (entries) {
            Entry e = entries.get(new Key(path, blobId, chartTemplate, limits));
            return e == null ? Optional.empty() : Optional.of(e.loaded());
        }
    }

    /** Keeps a loaded file of {@code size} bytes, evicting the least recently used beyond the budget. */
    public void put(String path, String blobId, boolean chartTemplate, Limits limits, FileLoader.Loaded loaded,
                    long size) {
        if (!keeps() || size > budgetBytes / 8) {
            return;
        }
        synchronized (entries) {
            Entry old = entries.put(new Key(path, blobId, chartTemplate, limits), new Entry(loaded, size));
            bytes += size - (old == null ? 0 : old.bytes());
            Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > budgetBytes && eldest.hasNext()) {
                bytes -= eldest.next().getValue().bytes();
                eldest.remove();
            }
        }
    }

    /**
     * A value kept by {@link #keepDerived} under {@code key}, if it is still kept and of {@code type}.
     * Its key must name everything it was derived from (a git tree id, an index checksum) or the value
     * must carry what it depends on and be checked before use (a render's inputs).
     */
    public <T> Optional<T> derived(String key, Class<T> type) {
        if (!keeps()) {
            return Optional.empty();
        }
        synchronized (derived) {
            return Optional.ofNullable(derived.get(key)).map(java.lang.ref.SoftReference::get).filter(type::isInstance)
                    .map(type::cast);
        }
    }

    /** Work that may fail, for {@link #derive}. */
    @FunctionalInterface
    public interface Derivation<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * The value kept under {@code key} when {@code stillValid} accepts it, else {@code compute}'s, kept
     * for the next scan. In a process that keeps nothing, always {@code compute}'s.
     */
    public <T, E extends Exception> T derive(String key, Class<T> type, java.util.function.Predicate<T> stillValid,
                                             Derivation<T, E> compute) throws E {
        Optional<T> before = derived(key, type).filter(stillValid);
        if (before.isPresent()) {
            return before.get();
        }
        T value = compute.get();
        keepDerived(key, value);
        return value;
    }

    /** Keeps an immutable or thread-safe value under {@code key}; the least recently used goes beyond a few. */
    public void keepDerived(String key, Object value) {
        if (!keeps()) {
            return;
        }
        synchronized (derived) {
            derived.put(key, new java.lang.ref.SoftReference<>(value));
            Iterator<String> eldest = derived.keySet().iterator();
            while (derived.size() > DERIVED_VALUES && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** Number of files kept (tests). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
