package io.fluxward.engine;

import java.util.Locale;

/** How serious a finding is. Ordered from most to least serious. */
public enum Level {
    ERROR, WARNING, NOTE;

    /** The lower-case name used in config, SARIF and output. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this level is at least as serious as {@code threshold}. */
    public boolean atLeast(Level threshold) {
        return ordinal() <= threshold.ordinal();
    }

    public static Level parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
