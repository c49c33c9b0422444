package io.fluxward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import java.io.IOException;
import java.io.Writer;

/**
 * GitLab Code Quality report (a subset of the Code Climate issue format): a JSON array of
 * {@code description}, {@code check_name}, {@code fingerprint}, {@code severity} and
 * {@code location.path} / {@code location.lines.begin}. GitLab shows the issues in the merge
 * request widget and diff; the fingerprint must be unique per issue and stable across runs,
 * which fluxward's structural fingerprints are.
 */
public final class GitlabReporter implements Reporter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        ArrayNode issues = JSON.createArrayNode();
        for (Finding f : result.findings()) {
            RuleDescriptor rule = context.rules().get(f.ruleId());
            ObjectNode issue = issues.addObject();
            issue.put("description", f.ruleId() + (rule == null ? "" : " " + rule.name()) + ": " + f.message());
            issue.put("check_name", f.ruleId());
            issue.put("fingerprint", f.fingerprint().isEmpty()
                    ? Integer.toHexString((f.ruleId() + f.path() + f.line()).hashCode()) : f.fingerprint());
            issue.put("severity", severity(f, rule));
            ObjectNode location = issue.putObject("location");
            location.put("path", context.display(f.path()));
            location.putObject("lines").put("begin", Math.max(1, f.line()));
        }
        out.write(JSON.writeValueAsString(issues));
        out.write('\n');
    }

    /** {@code info}, {@code minor}, {@code major}, {@code critical}, {@code blocker}: security errors are critical. */
    static String severity(Finding f, RuleDescriptor rule) {
        return switch (f.level()) {
            case ERROR -> rule != null && rule.isSecurity() ? "critical" : "major";
            case WARNING -> "minor";
            case NOTE -> "info";
        };
    }
}
