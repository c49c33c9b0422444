package io.fluxward.schema;

import io.fluxward.secrets.CredentialKeys;
import io.fluxward.secrets.Mask;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies in-line replacements to a text file without touching anything else: line endings
 * (LF or CRLF), a byte-order mark and a missing final newline are kept, and the result is a
 * unified diff that {@code git apply} accepts.
 */
public final class LineEdits {

    private static final int CONTEXT = 3;
    private static final String BOM = "\uFEFF";
    /** Keys whose values name an object and are shown in a diff: anything else may be a credential. */
    private static final Set<String> SHOWN_KEYS = Set.of("apiVersion", "kind", "name", "namespace");
    /** {@code key:}, {@code - key: value} or {@code key: {k: v, ...}} (one flow mapping of plain values). */
    private static final Pattern KEY_LINE = Pattern.compile("(?:-\\s+)*([\\w./-]+):(?:\\s+(.*))?");
    /** Any {@code key:} of a line, block or flow. */
    private static final Pattern ANY_KEY = Pattern.compile("(?:^|[{,\\s-])([\\w./-]+):(?=\\s|$)");
    /** Keys whose values are a Secret's contents or a value given inline (ESO fake provider, env var). */
    private static final Set<String> VALUE_KEYS = Set.of("data", "stringData", "value", "values", "binaryData");
    private static final Pattern FLOW_PAIR = Pattern.compile("\\s*([\\w./-]+):\\s*([^,{}\\[\\]:#]*)\\s*");

    /**
     * Replace {@code from} with {@code to} inside the given columns of one line.
     *
     * @param line      1-based line
     * @param column    1-based first column (code points), as in spans
     * @param endColumn exclusive end column
     */
    public record Replacement(int line, int column, int endColumn, String from, String to) {
    }

    private LineEdits() {
    }

    /** The file's text when its bytes are valid UTF-8 (a lossy decoding would corrupt the file on write). */
    public static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Splits text into lines, each keeping its terminator ({@code \n} or {@code \r\n}); the last may have none. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /**
     * Applies replacements; empty when one of them does not find its text where it should be
     * (the file changed since it was read, or the scalar is written with escapes).
     */
    public static Optional<String> apply(String text, List<Replacement> replacements) {
        if (text.startsWith(BOM)) {
            // Spans come from the decoded text, which has no byte-order mark; keep the mark as it was.
            return apply(text.substring(1), replacements).map(t -> BOM + t);
        }
        List<String> lines = new ArrayList<>(lines(text));
        List<Replacement> sorted = new ArrayList<>(replacements);
        // Right to left within a line, so earlier columns stay valid.
        sorted.sort(Comparator.comparingInt(Replacement::line).thenComparing(Replacement::column, Comparator.reverseOrder()));
        for (Replacement r : sorted) {
            if (r.line() < 1 || r.line() > lines.size()) {
                return Optional.empty();
            }
            String line = lines.get(r.line() - 1);
            int start;
            int end;
            try {
                start = line.offsetByCodePoints(0, r.column() - 1);
                end = line.offsetByCodePoints(0, r.endColumn() - 1);
            } catch (IndexOutOfBoundsException e) {
                return Optional.empty();
            }
            String slice = line.substring(start, end);
            int at = slice.indexOf(r.from());
            if (at < 0) {
                return Optional.empty();
            }
            String replaced = slice.substring(0, at) + r.to() + slice.substring(at + r.from().length());
            lines.set(r.line() - 1, line.substring(0, start) + replaced + line.substring(end));
        }
        return Optional.of(String.join("", lines));
    }

    /**
     * A unified diff of two versions of a file with the same number of lines, as {@code git diff}
     * prints it (up to three lines of context, all of the changed line's own YAML document), or {@code ""}
     * when they are equal. Context stops before a line that may hold a secret value ({@link #shown(String)}); empty
     * when a changed line may hold one, or when no line after a change can be shown ({@code git apply} reads a hunk
     * without trailing context as one at the end of the file, so the diff would not apply).
     *
     * @param path repository-relative path, used as {@code a/path} and {@code b/path}
     */
    public static Optional<String> diff(String path, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("in-line edits keep the number of lines");
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i);
            }
        }
        if (changed.isEmpty()) {
            return Optional.of("");
        }
        for (int c : changed) {
            if (mayHoldSecret(a.get(c)) || mayHoldSecret(b.get(c))) {
                return Optional.empty();
            }
        }
        String name = quote(path);
        StringBuilder out = new StringBuilder();
        out.append("diff --git ").append(prefixed("a/", path)).append(' ').append(prefixed("b/", path)).append('\n');
        out.append("--- ").append(prefixed("a/", path)).append(tabIfSpace(name)).append('\n');
        out.append("+++ ").append(prefixed("b/", path)).append(tabIfSpace(name)).append('\n');
        // Context never leaves the changed line's YAML document (it stops at a "---" line, which it may show): the
        // lines of a neighbouring document can be a Secret's values, and this diff is printed to CI logs.
        int i = 0;
        while (i < changed.size()) {
            int first = changed.get(i);
            int last = first;
            int j = i;
            while (j + 1 < changed.size() && changed.get(j + 1) - last <= 2 * CONTEXT
                    && !separatorBetween(a, last, changed.get(j + 1)) && shownBetween(a, last, changed.get(j + 1))) {
                j++;
                last = changed.get(j);
            }
            // Context is printed as is (git apply compares it with the file, so it cannot be masked): it stops before
            // a line that may hold a secret value, such as a URL with a password or an inline spec's values.
            int from = first;
            while (from > 0 && first - from < CONTEXT && !isSeparator(a.get(from)) && shown(a.get(from - 1))) {
                from--;
            }
            int to = last;
            while (to < a.size() - 1 && to - last < CONTEXT && !isSeparator(a.get(to)) && shown(a.get(to + 1))) {
                to++;
            }
            if (to == last && to < a.size() - 1) {
                return Optional.empty();
            }
            int count = to - from + 1;
            out.append("@@ -").append(range(from, count)).append(" +").append(range(from, count)).append(" @@\n");
            int k = from;
            while (k <= to) {
                if (!changed.contains(k)) {
                    line(out, ' ', a.get(k++));
                    continue;
                }
                int run = k;
                while (run + 1 <= to && changed.contains(run + 1)) {
                    run++;
                }
                for (int m = k; m <= run; m++) {
                    line(out, '-', a.get(m));
                }
                for (int m = k; m <= run; m++) {
                    line(out, '+', b.get(m));
                }
                k = run + 1;
            }
            i = j + 1;
        }
        return Optional.of(out.toString());
    }

    /**
     * True for a line a diff may print: blank, a document marker, a key that opens a block ({@code metadata:}), or
     * {@code apiVersion}, {@code kind}, {@code name} and {@code namespace} with their values, also as one flow
     * mapping ({@code metadata: {name: a, namespace: b}}), with no credential {@link Mask} would hide. Any other
     * value may be a secret (a Secret's data, an ESO fake provider's values, a password under any name), and so may
     * a comment.
     */
    public static boolean shown(String line) {
        String t = uncommented(line.replace(BOM, "")).strip();
        if (t.isEmpty() || isSeparator(line)) {
            return Mask.redact(line).equals(line);
        }
        if (!Mask.redact(line).equals(line)) {
            return false;
        }
        Matcher m = KEY_LINE.matcher(t);
        if (!m.matches()) {
            return false;
        }
        String value = m.group(2) == null ? "" : m.group(2).strip();
        if (value.isEmpty()) {
            return true;
        }
        if (value.startsWith("{") && value.endsWith("}")) {
            for (String pair : value.substring(1, value.length() - 1).split(",", -1)) {
                Matcher p = FLOW_PAIR.matcher(pair);
                if (!p.matches() || !SHOWN_KEYS.contains(p.group(1))) {
                    return false;
                }
            }
            return true;
        }
        return SHOWN_KEYS.contains(m.group(1)) && value.matches("[\\w./\"'-]+");
    }

    /**
     * True when a changed line ({@code apiVersion: ...}, which must be printed) may hold a secret value: one {@link Mask}
     * would hide, or, in a flow mapping that holds the whole object, a value under a credential-named key, a Secret's
     * {@code data}/{@code stringData} or a {@code value} (an ESO fake provider's, an env var's).
     */
    public static boolean mayHoldSecret(String line) {
        if (!Mask.redact(line).equals(line)) {
            return true;
        }
        Matcher key = ANY_KEY.matcher(line);
        while (key.find()) {
            String k = key.group(1);
            if (VALUE_KEYS.contains(k) || CredentialKeys.isCredential(k)) {
                return true;
            }
        }
        return false;
    }

    /** The line without a trailing comment ({@code #} after a space, outside quotes: a cheap reading, erring to keep). */
    private static String uncommented(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** A YAML document start or end marker line. */
    private static boolean isSeparator(String line) {
        String t = line.stripTrailing();
        return t.equals("---") || t.startsWith("--- ") || t.equals("...") || t.startsWith("---\t");
    }

    private static boolean separatorBetween(List<String> lines, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            if (isSeparator(lines.get(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean shownBetween(List<String> lines, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            if (!shown(lines.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static String range(int from, int count) {
        return count == 1 ? String.valueOf(from + 1) : (from + 1) + "," + count;
    }

    private static void line(StringBuilder out, char sign, String line) {
        out.append(sign).append(line);
        if (!line.endsWith("\n")) {
            out.append("\n\\ No newline at end of file\n");
        }
    }

    /** git appends a tab to file names with spaces on the ---/+++ lines, so they parse unambiguously. */
    private static String tabIfSpace(String name) {
        return name.contains(" ") && !name.startsWith("\"") ? "\t" : "";
    }

    private static String prefixed(String prefix, String path) {
        String q = quote(path);
        return q.startsWith("\"") ? "\"" + prefix + q.substring(1) : prefix + path;
    }

    /** C-style quoting as git does for names with quotes, backslashes, control or non-ASCII characters. */
    static String quote(String path) {
        boolean needs = false;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') {
                needs = true;
                break;
            }
        }
        if (!needs) {
            return path;
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append('\\').append(String.format("%03o", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
