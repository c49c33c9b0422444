package io.fluxward.model;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values derived from immutable model objects (a file, a Kubernetes object), kept from one scan of a
 * long-lived process (the resident server) to the next. The server loads an unchanged file to the very
 * same model ({@link ParsedFiles}), so what was derived from it holds as long as the key is that same
 * object: keys are compared by identity, never by equality. A value that also read other files says,
 * through {@code stillValid}, whether those reads still give the same answers. Only the values a scan
 * used are kept for the next one. Thread-safe. In a process that scans once nothing is kept.
 */
public final class ScanMemo<K, V> {

    private final Map<K, V> previous;
    private final Map<K, V> current;

    private ScanMemo(Map<K, V> previous, Map<K, V> current) {
        this.previous = previous;
        this.current = current;
    }

    /**
     * The memo named {@code name} for this scan: it starts from what the previous scan of the process
     * kept under that name. The name must stand for everything the values depend on besides their key
     * and what {@code stillValid} checks (the configuration, when it matters).
     */
    @SuppressWarnings("unchecked")
    public static <K, V> ScanMemo<K, V> of(RepositoryModel model, String name) {
        ParsedFiles kept = model.kept();
        if (!kept.keeps()) {
            return new ScanMemo<>(null, null);
        }
        String key = "scan-memo\u0000" + name;
        Map<K, V> previous = kept.derived(key, Map.class).orElse(Map.of());
        Map<K, V> current = Collections.synchronizedMap(new IdentityHashMap<>());
        kept.keepDerived(key, current);
        return new ScanMemo<>(previous, current);
    }

    /** True when both lists hold the very same objects in the same order (what a kept value was made from). */
    public static boolean sameObjects(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value for {@code key}: kept from the previous scan, or computed (and kept for the next). */
    public V get(K key, Function<K, V> compute) {
        return get(key, compute, v -> true);
    }

    /** As {@link #get(Object, Function)}; a kept value is reused only when {@code stillValid} accepts it. */
    public V get(K key, Function<K, V> compute, Predicate<V> stillValid) {
        if (current == null) {
            return compute.apply(key);
        }
        V value = current.get(key);
        if (value != null) {
            return value;
        }
        V before = previous.get(key);
        value = before != null && stillValid.test(before) ? before : compute.apply(key);
        if (value != null) {
            current.put(key, value);
        }
        return value;
    }
}
