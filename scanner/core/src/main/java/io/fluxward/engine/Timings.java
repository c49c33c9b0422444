package io.fluxward.engine;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Wall time per phase of a run, for {@code scan --timings} (a diagnostic flag): where the time of
 * a slow scan goes, without a profiler. Off by default; recording costs one map update per phase.
 * Phases run on several threads add up their threads' time.
 */
public final class Timings {

    private static volatile boolean enabled;
    private static final Map<String, AtomicLong> NANOS = new ConcurrentHashMap<>();
    private static final long START = System.nanoTime();

    private Timings() {
    }

    public static void enable() {
        enabled = true;
    }

    public static boolean enabled() {
        return enabled;
    }

    /** Runs {@code work} and adds its wall time to {@code phase}. */
    public static <T> T time(String phase, Supplier<T> work) {
        return timeChecked(phase, work::get);
    }

    /** Work that may throw a checked exception, for {@link #timeChecked}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    /** As {@link #time}, for work that throws a checked exception. */
    public static <T, E extends Exception> T timeChecked(String phase, Work<T, E> work) throws E {
        if (!enabled) {
            return work.get();
        }
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, System.nanoTime() - t0);
        }
    }

    public static void add(String phase, long nanos) {
        if (enabled) {
            NANOS.computeIfAbsent(phase, p -> new AtomicLong()).addAndGet(nanos);
        }
    }

    /** Prints the phases, slowest first, and the time since the class was loaded (about JVM start-up). */
    public static void print(PrintWriter err) {
        err.printf(Locale.ROOT, "fluxward: timings (ms; parallel phases add their threads' time)%n");
        NANOS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .forEach(e -> err.printf(Locale.ROOT, "  %8.1f  %s%n", e.getValue().get() / 1e6, e.getKey()));
        err.printf(Locale.ROOT, "  %8.1f  since the engine was loaded%n", (System.nanoTime() - START) / 1e6);
        err.flush();
    }
}
