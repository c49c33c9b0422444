package io.fluxward.yaml;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlVersionException;

/**
 * Turns snakeyaml-engine's exceptions into one-line messages that never quote the file. Some of
 * its messages end with the text it stumbled on (up to eight characters after a bad {@code \\u}
 * escape, a whole URI or tag handle): on a line holding a secret that would be part of the secret.
 * What follows "found" is kept only when it is a token name or a single character.
 */
final class YamlMessages {

    /** Where snakeyaml appends the offending text. */
    private static final Pattern QUOTES_INPUT = Pattern.compile(
            "(but found:?|in UTF-8:|tag handle|character found|escape character|cannot represent a valid version:)(.*)$");
    /** A token name such as {@code '<block end>'} or {@code 'Scalar'}: not file content. */
    private static final Pattern TOKEN = Pattern.compile("\\s*'?<[A-Za-z ]+>'?\\s*");
    private static final int MAX_LENGTH = 160;
    /** snakeyaml's message for a token starting with a reserved indicator. */
    private static final Pattern RESERVED = Pattern.compile("found character '([@`])' that cannot start any token");

    private YamlMessages() {
    }

    static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : redact(e.getProblem());
        String context = e.getContext() == null ? "" : redact(e.getContext());
        if (unclosed(e)) {
            return clip(context.replaceFirst("^while (scanning|parsing) ", "").replace("quoted scalar", "quoted string")
                    + " opens here and is never closed");
        }
        Matcher reserved = RESERVED.matcher(problem);
        if (reserved.find()) {
            // snakeyaml's hint speaks of indentation; in a manifest it is nearly always an unquoted value.
            return "a plain value cannot start with '" + reserved.group(1) + "' (reserved in YAML): quote the value";
        }
        return clip(context.isBlank() ? problem : context + ": " + problem);
    }

    /** True when parsing stopped at the end of the stream inside a construct that opens at the context mark. */
    static boolean unclosed(MarkedYamlEngineException e) {
        String problem = String.valueOf(e.getProblem());
        return e.getContext() != null && e.getContextMark().isPresent()
                && (problem.contains("unexpected end of stream") || problem.contains("<stream end>"));
    }

    static String describe(ReaderException e) {
        return "character U+" + String.format(java.util.Locale.ROOT, "%04X", e.getCodePoint())
                + " is not allowed in YAML (control characters and non-characters are rejected by kubectl and Flux too)";
    }

    static String describe(YamlEngineException e) {
        if (e instanceof YamlVersionException v) {
            // Its message is the version object's toString ("Version{major=2, minor=0}").
            return "unsupported YAML version " + v.getSpecVersion().getRepresentation() + " (only 1.x)";
        }
        return "YAML error: " + clip(redact(String.valueOf(e.getMessage())));
    }

    /** The first line of {@code message}, with any quoted input reduced to what cannot be a secret. */
    static String redact(String message) {
        String line = firstLine(message);
        Matcher m = QUOTES_INPUT.matcher(line);
        if (!m.find()) {
            return line;
        }
        String rest = m.group(2);
        if (TOKEN.matcher(rest).matches() && !m.group(1).startsWith("escape") && !m.group(1).startsWith("in UTF")
                && !m.group(1).startsWith("tag") && !m.group(1).endsWith("version:")) {
            return line;
        }
        // Inside an escape sequence the character found is part of the value (the 4 of "...\\x4"), as is a letter or
        // digit where a block scalar's indicator should be (|Hunter2): only punctuation is YAML's own syntax.
        boolean escape = line.contains("escape");
        return line.substring(0, m.end(1)) + (!escape && punctuation(rest) ? rest : " (text not shown)");
    }

    /**
     * True for renderings of one character that is neither a letter nor a digit, such as {@code ':'}, {@code -(45)}
     * or {@code '\t(TAB)'}.
     */
    private static boolean punctuation(String rest) {
        String t = rest.strip().replaceAll("\\(\\d+\\)$", "").replace("(TAB)", "").replace("'", "").replace("\"", "");
        if (t.matches("\\\\[tnr]")) {
            return true;
        }
        return t.codePointCount(0, t.length()) == 1 && !Character.isLetterOrDigit(t.codePointAt(0));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    private static String clip(String text) {
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 3) + "..." : text;
    }
}
