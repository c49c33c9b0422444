package io.fluxward.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a rule example into files: a line {@code # file: path} starts a new file; text before
 * the first such line belongs to {@code example.yaml}.
 */
public final class RuleExamples {

    private RuleExamples() {
    }

    public static Map<String, String> files(String example) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = "example.yaml";
        StringBuilder text = new StringBuilder();
        for (String line : example.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("# file:")) {
                if (text.length() > 0 && !text.toString().isBlank()) {
                    out.put(current, text.toString());
                }
                current = trimmed.substring("# file:".length()).strip();
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        if (!text.toString().isBlank()) {
            out.put(current, text.toString());
        }
        return out;
    }
}
