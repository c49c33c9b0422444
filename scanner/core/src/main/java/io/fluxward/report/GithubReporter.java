package io.fluxward.report;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.yaml.Span;
import java.io.IOException;
import java.io.Writer;

/**
 * GitHub Actions workflow commands, one annotation per finding:
 * {@code ::error file=PATH,line=L,endLine=L,col=C,endColumn=C,title=FW-ID name::message}.
 * GitHub shows them on the pull request's diff and in the run summary. Levels map to
 * {@code error}, {@code warning} and {@code notice}. Escaping follows the runner's rules: in the
 * message {@code %}, CR and LF are percent-encoded; in property values also {@code :} and {@code ,}.
 */
public final class GithubReporter implements Reporter {

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        for (Finding f : result.findings()) {
            RuleDescriptor rule = context.rules().get(f.ruleId());
            String title = f.ruleId() + (rule == null ? "" : " " + rule.name());
            Span s = f.location().span();
            StringBuilder line = new StringBuilder("::").append(command(f.level()));
            line.append(" file=").append(property(context.display(f.path())));
            line.append(",line=").append(s.line());
            int endLine = Math.max(s.line(), s.endLine());
            line.append(",endLine=").append(endLine);
            // Columns only make sense on one line; GitHub's endColumn is inclusive, the span's end is exclusive.
            if (endLine == s.line()) {
                line.append(",col=").append(s.column());
                if (s.endColumn() > s.column() + 1) {
                    line.append(",endColumn=").append(s.endColumn() - 1);
                }
            }
            line.append(",title=").append(property(title));
            String text = f.message() + (rule == null ? "" : " (fluxward explain " + f.ruleId() + ")");
            line.append("::").append(data(text)).append('\n');
            out.write(line.toString());
        }
    }

    private static String command(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "notice";
        };
    }

    /**
     * Escapes a message (the part after {@code ::}): the runner's percent escapes for line breaks, and any
     * other control character (a crafted file or key name) shown as {@code \xNN}, as the text report does:
     * the runner has no escape for them and the job log would pass them to the viewer.
     */
    static String data(String s) {
        return TextReporter.printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"));
    }

    /** Escapes a property value ({@code file=}, {@code title=}). */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
