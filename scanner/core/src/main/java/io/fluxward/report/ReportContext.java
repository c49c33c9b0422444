package io.fluxward.report;

import io.fluxward.engine.RuleDescriptor;
import java.util.Map;

/**
 * What reporters need besides the findings.
 *
 * @param rules         every known rule by ID (for descriptors of findings' rules)
 * @param toolVersion   fluxward's version
 * @param pathPrefix    prefix that makes the scan root's paths relative to the git top-level ({@code ""} or {@code dir/})
 * @param color         ANSI colors (console only)
 * @param sarifCategory SARIF {@code automationDetails.id} category, or empty
 */
public record ReportContext(Map<String, RuleDescriptor> rules, String toolVersion, String pathPrefix, boolean color,
                            String sarifCategory) {

    /** The path as printed: relative to the git top-level, {@code /}-separated. */
    public String display(String path) {
        return pathPrefix + path;
    }
}
