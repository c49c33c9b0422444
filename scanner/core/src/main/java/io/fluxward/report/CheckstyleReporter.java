package io.fluxward.report;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Note;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checkstyle XML, the format many CI tools read (Jenkins warnings-ng, reviewdog, GitLab
 * converters): one {@code <file>} per path with findings, one {@code <error>} per finding.
 * Scan notes that name a file (skipped, unreadable) are listed as {@code source="fluxward.scan"} with
 * the note's own severity: they are about the scan, not errors in the file, except that a file the
 * scan could not read was not checked at all (an error note, exit 2), which a build gate must see.
 */
public final class CheckstyleReporter implements Reporter {

    /** The Checkstyle report format version most consumers expect. */
    static final String FORMAT_VERSION = "4.3";

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        Map<String, List<String>> byFile = new TreeMap<>();
        for (Finding f : result.findings()) {
            byFile.computeIfAbsent(context.display(f.path()), p -> new ArrayList<>()).add("<error line=\"" + f.line()
                    + "\" column=\"" + f.location().column() + "\" severity=\"" + severity(f.level()) + "\" message=\""
                    + escape(f.message()) + "\" source=\"" + escape("fluxward." + f.ruleId()) + "\"/>");
        }
        for (Note n : result.notes()) {
            if (n.kind() == Note.Kind.INFO || n.path() == null || n.path().isEmpty()) {
                continue;
            }
            String line = n.line() > 0 ? " line=\"" + n.line() + "\"" : " line=\"1\"";
            byFile.computeIfAbsent(context.display(n.path()), p -> new ArrayList<>()).add("<error" + line
                    + " severity=\"" + (n.kind() == Note.Kind.ERROR ? "error" : "warning") + "\" message=\""
                    + escape(n.message()) + "\" source=\"fluxward.scan\"/>");
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<checkstyle version=\"").append(FORMAT_VERSION).append("\">\n");
        byFile.forEach((path, errors) -> {
            xml.append("  <file name=\"").append(escape(path)).append("\">\n");
            errors.forEach(e -> xml.append("    ").append(e).append('\n'));
            xml.append("  </file>\n");
        });
        xml.append("</checkstyle>\n");
        out.write(xml.toString());
        out.flush();
    }

    private static String severity(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARNING -> "warning";
            default -> "info";
        };
    }

    /**
     * Escapes text for an XML 1.0 attribute value. Line breaks and tabs become character references
     * (attribute normalisation would turn them into spaces); characters XML 1.0 cannot carry at all
     * (most control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
