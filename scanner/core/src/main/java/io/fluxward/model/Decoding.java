package io.fluxward.model;

import io.fluxward.yaml.LineBreaks;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YamlProblem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bytes to text, the way the Kubernetes YAML readers (go-yaml) see them, so that an encoding trick
 * can neither hide a file from the secret rules nor pass a file that kubectl and Flux reject.
 *
 * <ul>
 *   <li>A byte-order mark selects UTF-8, UTF-16LE/BE or UTF-32LE/BE (go-yaml reads the first three).</li>
 *   <li>UTF-16 without a byte-order mark (every other byte NUL) is decoded, so its text is still
 *       searched for keys and credentials; go-yaml reads such a file as UTF-8 and rejects it.</li>
 *   <li>Other files with NUL bytes in their first 8000 bytes are binary (git's rule), unless they
 *       are YAML or JSON by name: those are decoded, and the parser reports the NUL.</li>
 *   <li>Text that is not valid UTF-8 is read byte by byte (ISO-8859-1), so ASCII patterns still
 *       match, and for YAML the first bad line is a syntax problem.</li>
 *   <li>A byte-order mark after the start of the file is invisible in editors and ends up inside a
 *       value: a warning note.</li>
 * </ul>
 */
public final class Decoding {

    private static final int PROBE = 8000;
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    /**
     * The decoded text.
     *
     * @param problem for YAML and JSON: why kubectl and Flux cannot read the file at all
     * @param notes   other remarks (path left empty; the loader adds it)
     */
    record Decoded(String text, boolean binary, Optional<YamlProblem> problem, List<Note> notes) {
    }

    private Decoding() {
    }

    /**
     * The text of a YAML file's bytes as manifests are read (byte-order marks, UTF-16, bytes that are not UTF-8):
     * for YAML read outside the scanned files (the configuration), whose problems the scan of the file reports.
     */
    public static String yamlText(byte[] bytes) {
        return decode(bytes, true).text();
    }

    /**
     * Decodes {@code bytes}.
     *
     * @param structured true for YAML and JSON files (never taken for binary, always parsed)
     */
    static Decoded decode(byte[] bytes, boolean structured) {
        if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            Charset cs = bytes[0] == 0 ? UTF_32BE : UTF_32LE;
            String text = strip(decodeLenient(bytes, 4, cs));
            return finish(text, structured ? Optional.of(problem(1, "UTF-32 text: kubectl and Flux read only UTF-8 and "
                    + "UTF-16; save the file as UTF-8")) : Optional.empty(), new ArrayList<>());
        }
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            Charset cs = bytes[0] == (byte) 0xFE ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
            List<Note> notes = new ArrayList<>();
            if (structured) {
                notes.add(new Note(Note.Kind.INFO, "", 1, "UTF-16 text with a byte-order mark: read as UTF-16 "
                        + "(kubectl and Flux do too; UTF-8 is safer with other tools)"));
            }
            return finish(decodeLenient(bytes, 2, cs), Optional.empty(), notes);
        }
        Optional<Charset> utf16 = unmarkedUtf16(bytes);
        if (utf16.isPresent()) {
            String text = decodeLenient(bytes, 0, utf16.get());
            Optional<YamlProblem> problem = structured ? Optional.of(problem(1, "UTF-16 text without a byte-order mark: "
                    + "kubectl and Flux read it as UTF-8 and reject it; save the file as UTF-8")) : Optional.empty();
            return finish(text, problem, new ArrayList<>());
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        if (!structured && hasNul(bytes, start, Math.min(bytes.length, PROBE))) {
            return new Decoded("", true, Optional.empty(), List.of());
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
            return finish(text, Optional.empty(), new ArrayList<>());
        } catch (CharacterCodingException e) {
            // Keep the text readable for the key and credential patterns (ASCII), and remember where it broke.
            String text = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
            Optional<YamlProblem> problem = structured
                    ? Optional.of(new YamlProblem(YamlProblem.Kind.SYNTAX, "not valid UTF-8 (first bad byte here)",
                            firstBadByte(bytes, start)))
                    : Optional.empty();
            return finish(text, problem, new ArrayList<>());
        }
    }

    private static Decoded finish(String text, Optional<YamlProblem> problem, List<Note> notes) {
        int bom = text.indexOf('\uFEFF');
        if (bom >= 0) {
            notes.add(new Note(Note.Kind.WARNING, "", LineBreaks.lineOf(text, bom), "stray byte-order mark (U+FEFF) inside "
                    + "the file: invisible in editors, it becomes part of a value (were two files joined?)"));
        }
        return new Decoded(text, false, problem, List.copyOf(notes));
    }

    private static YamlProblem problem(int line, String message) {
        return new YamlProblem(YamlProblem.Kind.SYNTAX, message, Span.of(line, 1));
    }

    private static String strip(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * UTF-16 without a byte-order mark, as the YAML spec detects it: ASCII text has a NUL in every
     * other byte. Required: an even length, NULs at the odd (LE) or even (BE) positions of the probe
     * for most characters, few at the other positions, and a clean decode.
     */
    private static Optional<Charset> unmarkedUtf16(byte[] bytes) {
        int probe = Math.min(bytes.length, PROBE) & ~1;
        if (probe < 2 || (bytes.length & 1) != 0) {
            return Optional.empty();
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i < probe; i += 2) {
            evenNul += bytes[i] == 0 ? 1 : 0;
            oddNul += bytes[i + 1] == 0 ? 1 : 0;
        }
        int pairs = probe / 2;
        Charset cs = null;
        // Characters from U+0100 to U+FFFF put a NUL on the other side now and then (U+0100 is 00 01): allow a few.
        if (oddNul * 2 > pairs && evenNul * 20 <= pairs) {
            cs = StandardCharsets.UTF_16LE;
        } else if (evenNul * 2 > pairs && oddNul * 20 <= pairs) {
            cs = StandardCharsets.UTF_16BE;
        }
        if (cs == null) {
            return Optional.empty();
        }
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return Optional.of(cs);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String decodeLenient(byte[] bytes, int offset, Charset cs) {
        return new String(bytes, offset, bytes.length - offset, cs);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Line and column (in characters of the valid text before it) of the first byte that is not UTF-8. */
    private static Span firstBadByte(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            // Lines end as LineBreaks says: LF, CR, or CR LF (the LF is then skipped below).
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                ByteBuffer in = ByteBuffer.wrap(bytes, lineStart, i - lineStart);
                CharBuffer out = CharBuffer.allocate(i - lineStart + 1);
                CoderResult result = decoder.reset().decode(in, out, true);
                if (result.isError()) {
                    out.flip();
                    return Span.of(line, out.toString().codePointCount(0, out.length()) + 1);
                }
                line++;
                if (i + 1 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        return Span.of(line, 1);
    }
}
