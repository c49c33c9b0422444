package io.fluxward.yaml;

import java.util.Locale;

/**
 * The one escaping of text from scanned files (paths, key names, values) in what fluxward prints: reports, notes and
 * error messages. Control characters (C0, DEL, C1) become a backslash, x and two hex digits, so a crafted file cannot
 * move the cursor or forge a line; invisible format characters (bidirectional controls such as U+202E, which make a
 * terminal or a web page show the rest of the line reversed, a byte-order mark, zero-width characters) and the Unicode
 * line and paragraph separators become a backslash, u and four hex digits, so what is printed is what the file holds.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with every character a reader could not see, or that would act on the terminal, escaped. */
    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String escaped = escape(cp);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(text, i, next);
                }
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    /** True when {@code c} is printed escaped. */
    public static boolean escaped(int c) {
        return escape(c) != null;
    }

    private static String escape(int c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format(Locale.ROOT, "\\x%02x", c);
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return c <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04X", c) : String.format(Locale.ROOT, "\\U%08X", c);
        }
        return null;
    }
}
