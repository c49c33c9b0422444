package io.fluxward.config;

import io.fluxward.yaml.YamlLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resource bounds of a scan, all configurable under {@code limits:} in {@code .fluxward.yaml}.
 * The defaults let the largest real manifests through (CRD bundles of several MiB hold a few
 * hundred thousand nodes) while a hostile file costs at most about 100 MB of heap and a few
 * seconds; each key also has a hard ceiling, so a configuration cannot switch a bound off.
 *
 * @param maxFileBytes       files larger than this are not read (a note says so)
 * @param yaml               bounds on parsing one YAML file
 * @param maxRenderedObjects objects one kustomize build may emit: rendering stops there (FW-K005), as a build
 *                           whose bases are included twice at every level doubles per level
 */
public record Limits(long maxFileBytes, YamlLimits yaml, int maxRenderedObjects) {

    /** {@code limits.*} keys with their defaults and accepted ranges. */
    public enum Key {
        MAX_FILE_BYTES("maxFileBytes", 10L * 1024 * 1024, 1, 1L << 30),
        MAX_DEPTH("maxDepth", 512, 1, 100_000),
        MAX_ALIASES("maxAliases", 10_000, 0, 10_000_000),
        MAX_EXPANDED_NODES("maxExpandedNodes", 1_000_000, 1, 100_000_000),
        MAX_RENDERED_OBJECTS("maxRenderedObjects", 20_000, 1, 10_000_000);

        private final String name;
        private final long fallback;
        private final long min;
        private final long max;

        Key(String name, long fallback, long min, long max) {
            this.name = name;
            this.fallback = fallback;
            this.min = min;
            this.max = max;
        }

        public String key() {
            return name;
        }

        public long fallback() {
            return fallback;
        }

        /** An error message when {@code value} is outside the accepted range. */
        public Optional<String> check(long value) {
            return check(java.math.BigInteger.valueOf(value));
        }

        /** As {@link #check(long)}, for a number of any size ({@code -1} and {@code 10^30} get the same message). */
        public Optional<String> check(java.math.BigInteger value) {
            boolean inRange = value.compareTo(java.math.BigInteger.valueOf(min)) >= 0
                    && value.compareTo(java.math.BigInteger.valueOf(max)) <= 0;
            return inRange ? Optional.empty()
                    : Optional.of("'limits." + name + "' must be between " + min + " and " + max);
        }

        public static Optional<Key> named(String name) {
            for (Key k : values()) {
                if (k.name.equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public static final Limits DEFAULT = of(Map.of());

    /** Limits from configured values (keys of {@link Key}); missing keys take their defaults, values are clamped. */
    public static Limits of(Map<Key, Long> configured) {
        Map<Key, Long> v = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            long value = configured.getOrDefault(k, k.fallback);
            v.put(k, Math.max(k.min, Math.min(k.max, value)));
        }
        long maxFileBytes = v.get(Key.MAX_FILE_BYTES);
        // A file of N bytes decodes to at most N code points, so snakeyaml-engine's code-point limit never
        // refuses a file that passed the byte limit: both limits agree by construction.
        return new Limits(maxFileBytes, new YamlLimits((int) Math.min(maxFileBytes, Integer.MAX_VALUE - 8),
                v.get(Key.MAX_DEPTH).intValue(), v.get(Key.MAX_ALIASES).intValue(), v.get(Key.MAX_EXPANDED_NODES)),
                v.get(Key.MAX_RENDERED_OBJECTS).intValue());
    }

    /** Limits with the default bound on rendered objects. */
    public Limits(long maxFileBytes, YamlLimits yaml) {
        this(maxFileBytes, yaml, (int) Key.MAX_RENDERED_OBJECTS.fallback);
    }

    // Written out: compared for every file of every scan of the resident server (see YamlLimits).
    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l && maxFileBytes == l.maxFileBytes && yaml.equals(l.yaml)
                && maxRenderedObjects == l.maxRenderedObjects;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(maxFileBytes) * 31 + yaml.hashCode()) * 31 + maxRenderedObjects;
    }
}
