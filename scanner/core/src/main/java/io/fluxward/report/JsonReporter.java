package io.fluxward.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Note;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * fluxward's own JSON report, format version {@value #FORMAT_VERSION}. The schema is
 * {@code io/fluxward/report/fluxward-report-v1.schema.json} (documented in the README). Within a
 * format version fields are only ever added, never renamed, removed or retyped.
 */
public final class JsonReporter implements Reporter {

    /** Bumped only for an incompatible change of the schema. */
    public static final int FORMAT_VERSION = 1;

    /** The JSON Schema of this format, a resource next to this class. */
    public static final String SCHEMA_RESOURCE = "fluxward-report-v1.schema.json";

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        ObjectNode root = Json.object();
        root.put("version", FORMAT_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", ToolInfo.NAME);
        tool.put("version", context.toolVersion());
        tool.put("informationUri", ToolInfo.INFORMATION_URI);
        root.put("source", result.source());
        ArrayNode rules = root.putArray("rules");
        result.rules().forEach(r -> rules.add(r.id()));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : result.findings()) {
            findings.add(finding(f, context));
        }
        ArrayNode notes = root.putArray("notes");
        for (Note n : result.notes()) {
            ObjectNode note = notes.addObject();
            note.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
            if (n.path() == null || n.path().isEmpty()) {
                note.putNull("path");
            } else {
                note.put("path", context.display(n.path()));
            }
            if (n.line() > 0) {
                note.put("line", n.line());
            } else {
                note.putNull("line");
            }
            note.put("message", n.message());
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("findings", result.findings().size());
        ObjectNode byLevel = summary.putObject("byLevel");
        for (Level level : Level.values()) {
            byLevel.put(level.id(), result.count(level));
        }
        summary.put("suppressed", result.suppressed());
        summary.put("filesScanned", result.filesScanned());
        summary.put("rulesRun", result.rules().size());
        summary.put("executionSuccessful", !result.hasErrors());
        Json.write(root, out);
    }

    private static ObjectNode finding(Finding f, ReportContext context) {
        ObjectNode node = Json.object();
        node.put("ruleId", f.ruleId());
        RuleDescriptor rule = context.rules().get(f.ruleId());
        node.put("name", rule == null ? "" : rule.name());
        node.put("level", f.level().id());
        Json.position(node, f.location(), context);
        node.put("message", f.message());
        node.put("fingerprint", f.fingerprint());
        if (!f.parts().isEmpty()) {
            ArrayNode parts = node.putArray("parts");
            f.parts().forEach(parts::add);
        }
        ArrayNode related = node.putArray("related");
        for (Finding.Related r : f.related()) {
            ObjectNode item = Json.position(related.addObject(), r.location(), context);
            item.put("message", r.message());
        }
        return node;
    }
}
