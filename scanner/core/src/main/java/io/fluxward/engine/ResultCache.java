package io.fluxward.engine;

import java.util.Optional;

/**
 * Rule outcomes kept between runs. Keys are built by {@link Scanner} and already include
 * everything an outcome depends on (fluxward and rule versions, the configuration, the enabled
 * rules, the file's blob or the snapshot's content), so an implementation only stores and
 * returns values. Implementations must be thread-safe, must never throw, and must return
 * exactly what was stored or nothing.
 */
public interface ResultCache {

    /** No caching. */
    ResultCache NONE = new ResultCache() {
        @Override
        public Optional<Outcome> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, Outcome outcome) {
            // Nothing kept.
        }
    };

    Optional<Outcome> get(String key);

    void put(String key, Outcome outcome);
}
