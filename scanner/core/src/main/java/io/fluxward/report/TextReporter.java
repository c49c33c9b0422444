package io.fluxward.report;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.yaml.Printable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code path:line:col: level FW-ID name: message}, grouped by file, then a summary line.
 */
public final class TextReporter implements Reporter {

    private static final String RESET = "\u001b[0m";

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        String previousPath = null;
        for (Finding f : result.findings()) {
            if (previousPath != null && !previousPath.equals(f.path())) {
                out.write('\n');
            }
            previousPath = f.path();
            RuleDescriptor rule = context.rules().get(f.ruleId());
            String name = rule == null ? "" : " " + rule.name();
            out.write(printable(context.display(f.path())) + ":" + f.location().line() + ":" + f.location().column() + ": "
                    + paint(f.level(), context.color()) + " " + f.ruleId() + name + ": " + printable(f.message()) + "\n");
            for (Finding.Related r : f.related()) {
                out.write("    " + printable(context.display(r.location().path())) + ":" + r.location().line() + ":"
                        + r.location().column() + ": " + printable(r.message()) + "\n");
            }
        }
        if (!result.findings().isEmpty()) {
            out.write('\n');
        }
        out.write(summary(result) + "\n");
    }

    /** e.g. {@code 3 errors, 1 warning, 0 notes in 42 files (2 suppressed)}. */
    public static String summary(ScanResult result) {
        String text = plural(result.count(Level.ERROR), "error") + ", " + plural(result.count(Level.WARNING), "warning")
                + ", " + plural(result.count(Level.NOTE), "note") + " in " + plural(result.filesScanned(), "file");
        if (result.suppressed() > 0) {
            text += " (" + result.suppressed() + " suppressed)";
        }
        return text;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String paint(Level level, boolean color) {
        if (!color) {
            return level.id();
        }
        String code = switch (level) {
            case ERROR -> "\u001b[31m";
            case WARNING -> "\u001b[33m";
            default -> "\u001b[36m";
        };
        return code + level.id() + RESET;
    }

    /**
     * Text that came from the scanned files (paths, key names in messages) with control characters
     * shown as {@code \xNN}: a crafted key name must not move the cursor, recolour or clear the terminal,
     * nor start a new line that looks like another finding.
     */
    public static String printable(String text) {
        return Printable.of(text);
    }

    static List<Finding> sorted(ScanResult result) {
        return result.findings();
    }
}
