package io.fluxward.config;

import io.fluxward.yaml.Printable;

/**
 * A configuration that cannot be used. The message is one line (file, line, reason): control characters,
 * line breaks and invisible characters that come from the file itself (e.g. inside an unknown key) are shown
 * escaped, as everywhere ({@link Printable}).
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    static String oneLine(String message) {
        return Printable.of(message);
    }
}
