package io.fluxward.cli;

/** The process exit codes, a public contract. */
public final class ExitCodes {

    /** Nothing at or above {@code --fail-on}. */
    public static final int CLEAN = 0;
    /** Findings at or above {@code --fail-on}. */
    public static final int FINDINGS = 1;
    /** Usage or configuration error, or a file the scanner could not process at all. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
