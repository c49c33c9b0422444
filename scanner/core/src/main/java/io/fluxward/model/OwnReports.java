package io.fluxward.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Recognises a SARIF report fluxward wrote (a previous run's {@code --sarif} file, or one a CI job
 * committed): its rule help quotes example keys and tokens, which the secret rules would report
 * as leaks in the repository. Findings' messages in it never hold a secret value.
 */
final class OwnReports {

    /** The {@code tool.driver.name} fluxward's SARIF reporter writes ({@code ToolInfo.NAME}). */
    static final String TOOL_NAME = "fluxward";

    /** Made on the first candidate only: an ObjectMapper is tens of milliseconds of cold start-up in every run. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private OwnReports() {
    }

    /**
     * True when the text is a SARIF 2.1.0 log whose every run is fluxward's. Cheap for other files: only a
     * text that starts as a JSON object and names fluxward's driver is parsed.
     */
    static boolean isOwnSarif(String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length() || text.charAt(start) != '{' || !text.contains("\"driver\"")
                || !text.contains("\"" + TOOL_NAME + "\"")) {
            return false;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null) {
                return false;
            }
            JsonNode runs = root.get("runs");
            if (!root.path("version").asText().equals("2.1.0") || runs == null || !runs.isArray() || runs.isEmpty()) {
                return false;
            }
            for (JsonNode run : runs) {
                if (!run.path("tool").path("driver").path("name").asText().equals(TOOL_NAME)) {
                    return false;
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
