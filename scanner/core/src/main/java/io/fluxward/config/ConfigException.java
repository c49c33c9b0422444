package io.fluxward.config;

/** A configuration file that cannot be used, with the place to fix: {@code file:line:col: reason}. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
