package io.fluxward.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one line-break rule of every line and column fluxward reports: LF, CR and CR LF each end a line, as in YAML 1.2
 * (and snakeyaml-engine's marks, editors and SARIF viewers). Counting LF only put every position in a file with old
 * Mac line ends (CR only) on line 1, at a column past the end of that line.
 */
public final class LineBreaks {

    private LineBreaks() {
    }

    /** The length of the line break starting at {@code i}: 2 for CR LF, 1 for LF or a lone CR, 0 for none. */
    public static int at(CharSequence text, int i) {
        if (i < 0 || i >= text.length()) {
            return 0;
        }
        char c = text.charAt(i);
        if (c == '\n') {
            return 1;
        }
        if (c == '\r') {
            return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
        }
        return 0;
    }

    /** The index of the first line break at or after {@code from}, or -1. */
    public static int next(String text, int from) {
        for (int i = Math.max(from, 0); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Where the line starting at {@code lineStart} ends (its line break, or the end of the text). */
    public static int lineEnd(String text, int lineStart) {
        int end = next(text, lineStart);
        return end < 0 ? text.length() : end;
    }

    /** Where the line after the one holding {@code index} starts, or -1 when that line is the last. */
    public static int nextLineStart(String text, int index) {
        int end = next(text, index);
        return end < 0 ? -1 : end + at(text, end);
    }

    /** The char index where each line starts (the first is 0). */
    public static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 1;
        for (int i = nextLineStart(text, 0); i >= 0; i = nextLineStart(text, i)) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = i;
        }
        return Arrays.copyOf(starts, n);
    }

    /** The lines of the text without their line breaks; a text ending in a line break ends with an empty line. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int end = next(text, 0); end >= 0; end = next(text, start)) {
            out.add(text.substring(start, end));
            start = end + at(text, end);
        }
        out.add(text.substring(start));
        return out;
    }

    /** The 1-based line of char index {@code index}. */
    public static int lineOf(String text, int index) {
        int line = 1;
        for (int i = nextLineStart(text, 0); i >= 0 && i <= index; i = nextLineStart(text, i)) {
            line++;
        }
        return line;
    }

    /** The line and code-point column of the {@code index}-th code point. */
    public static Span spanOfCodePoint(String text, int index) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int cp = 0; cp < index && i < text.length(); cp++) {
            int brk = at(text, i);
            if (brk > 0) {
                // CR LF is one break, and snakeyaml-engine counts it as two code points.
                cp += brk - 1;
                i += brk;
                line++;
                column = 1;
            } else {
                i += Character.charCount(text.codePointAt(i));
                column++;
            }
        }
        return Span.of(line, column);
    }
}
