package io.fluxward.cache;

import io.fluxward.engine.Outcome;
import io.fluxward.engine.ResultCache;
import io.fluxward.model.ParsedFiles;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outcomes found by the resident server's pre-scans (a hook's scan run ahead, when the index changed),
 * held in memory for the scan they anticipate. A pre-scan writes nothing to disk, so what it would have
 * put in a repository's result cache is held here under that cache's folder and key; the scan that asks
 * for it writes it to the disk cache then, leaving the cache as if that scan had found it itself.
 * Bounded (the least recently used go first); thread-safe.
 */
public final class HeldOutcomes {

    /** Where a server keeps its held outcomes, among its derived values. */
    private static final String KEY = "outcomes held by pre-scans";
    /**
     * A pre-scan holds a few (HEAD's and the index's repository outcomes, the load notes, the changed files'
     * outcomes), and a repository outcome may list hundreds of findings: those of the last few pre-scans.
     */
    private static final int MAX_HELD = 32;

    private final LinkedHashMap<String, Outcome> held = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicInteger taken = new AtomicInteger();

    /**
     * The outcomes held in the process that keeps {@code kept} (the server), made when {@code create} and
     * not there yet. Empty in a process that keeps nothing (a run in a JVM of its own).
     */
    public static Optional<HeldOutcomes> of(ParsedFiles kept, boolean create) {
        if (!kept.keeps()) {
            return Optional.empty();
        }
        if (create) {
            return Optional.of(kept.derive(KEY, HeldOutcomes.class, h -> true, HeldOutcomes::new));
        }
        return kept.derived(KEY, HeldOutcomes.class);
    }

    /** The cache a pre-scan uses: the disk cache only read (never touched), and what it finds held here. */
    public ResultCache forPreScan(DiskCache disk) {
        DiskCache read = disk.readOnly();
        String folder = disk.directory() + "\u0000";
        return new ResultCache() {
            @Override
            public Optional<Outcome> get(String key) {
                Optional<Outcome> mine = held(folder + key, false);
                return mine.isPresent() ? mine : read.get(key);
            }

            @Override
            public void put(String key, Outcome outcome) {
                hold(folder + key, outcome);
            }
        };
    }

    /**
     * The cache a request's scan uses: the disk cache, and on a miss an outcome a pre-scan held for the
     * same key, written to the disk cache as the scan takes it.
     */
    public ResultCache forRequest(DiskCache disk) {
        String folder = disk.directory() + "\u0000";
        return new ResultCache() {
            @Override
            public Optional<Outcome> get(String key) {
                Optional<Outcome> stored = disk.get(key);
                if (stored.isPresent()) {
                    return stored;
                }
                Optional<Outcome> mine = held(folder + key, true);
                mine.ifPresent(o -> {
                    disk.put(key, o);
                    taken.incrementAndGet();
                });
                return mine;
            }

            @Override
            public void put(String key, Outcome outcome) {
                disk.put(key, outcome);
            }
        };
    }

    /** How many held outcomes requests have taken so far (the server's log). */
    public int taken() {
        return taken.get();
    }

    private Optional<Outcome> held(String key, boolean take) {
        synchronized (held) {
            return Optional.ofNullable(take ? held.remove(key) : held.get(key));
        }
    }

    private void hold(String key, Outcome outcome) {
        synchronized (held) {
            held.put(key, outcome);
            Iterator<String> eldest = held.keySet().iterator();
            while (held.size() > MAX_HELD && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }
}
