package io.fluxward.report;

/** How reports name fluxward itself. */
public final class ToolInfo {

    /** The tool's name in every report. */
    public static final String NAME = "fluxward";

    /** Where users learn about fluxward and its rules (SARIF {@code informationUri}). */
    public static final String INFORMATION_URI = "https://github.com/fluxward/fluxward";

    private ToolInfo() {
    }
}
