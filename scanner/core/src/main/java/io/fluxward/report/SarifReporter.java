package io.fluxward.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.yaml.Span;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule that ran in {@code tool.driver.rules},
 * results with repo-relative locations under {@code %SRCROOT%} and partial fingerprints that come
 * from fluxward's structural fingerprint (so alerts survive edits above them). GitHub's size
 * limits are respected by truncating deterministically and saying so in a notification.
 */
public final class SarifReporter implements Reporter {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SRCROOT = "%SRCROOT%";
    /** The partial fingerprint key under which fluxward's own fingerprint is published. */
    public static final String FINGERPRINT_KEY = "fluxward/v1";

    /** GitHub rejects runs with more results than this. */
    static final int MAX_RESULTS = 25_000;
    /** GitHub keeps this many related locations per result. */
    static final int MAX_RELATED = 100;
    /** GitHub keeps this many tags per rule. */
    static final int MAX_TAGS = 10;
    /** GitHub's limit for {@code shortDescription} and {@code fullDescription}. */
    static final int MAX_DESCRIPTION = 1024;
    /** GitHub's limit for a rule's {@code name}. */
    static final int MAX_NAME = 255;

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        List<RuleDescriptor> rules = rulesOf(result, context);
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            ruleIndex.put(rules.get(i).id(), i);
        }
        List<Finding> kept = limit(result.findings());
        int omitted = result.findings().size() - kept.size();

        ObjectNode root = Json.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", ToolInfo.NAME);
        driver.put("semanticVersion", context.toolVersion());
        driver.put("version", context.toolVersion());
        driver.put("informationUri", ToolInfo.INFORMATION_URI);
        ArrayNode ruleArray = driver.putArray("rules");
        rules.forEach(r -> ruleArray.add(rule(r)));

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !result.hasErrors());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (Note n : result.notes()) {
            notifications.add(notification(n, context));
        }
        if (omitted > 0) {
            ObjectNode n = notifications.addObject();
            n.put("level", "warning");
            n.putObject("message").put("text", omitted + " results were left out: GitHub code scanning accepts at most "
                    + MAX_RESULTS + " per run (errors were kept first). Use the json format for the complete list.");
        }
        if (notifications.isEmpty()) {
            invocation.remove("toolExecutionNotifications");
        }

        if (!context.sarifCategory().isBlank()) {
            run.putObject("automationDetails").put("id", automationId(context.sarifCategory()));
        }
        ObjectNode base = run.putObject("originalUriBaseIds").putObject(SRCROOT);
        base.putObject("description").put("text",
                "The repository root: the git top-level when the scanned folder is in a git work tree, else that folder.");
        run.put("columnKind", "unicodeCodePoints");

        ArrayNode results = run.putArray("results");
        for (Finding f : kept) {
            results.add(result(f, ruleIndex, context));
        }
        Json.write(root, out);
    }

    /** The rules that ran, plus any rule a finding names that did not (filters may add such findings). */
    private static List<RuleDescriptor> rulesOf(ScanResult result, ReportContext context) {
        Map<String, RuleDescriptor> byId = new TreeMap<>();
        result.rules().forEach(r -> byId.put(r.id(), r));
        for (Finding f : result.findings()) {
            if (!byId.containsKey(f.ruleId()) && context.rules().containsKey(f.ruleId())) {
                byId.put(f.ruleId(), context.rules().get(f.ruleId()));
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** At most {@link #MAX_RESULTS}, most serious first; the kept ones stay in report order. */
    private static List<Finding> limit(List<Finding> findings) {
        if (findings.size() <= MAX_RESULTS) {
            return findings;
        }
        List<Finding> bySeverity = new ArrayList<>(findings);
        bySeverity.sort(Comparator.comparing(Finding::level).thenComparing(Finding.ORDER));
        List<Finding> kept = new ArrayList<>(bySeverity.subList(0, MAX_RESULTS));
        kept.sort(Finding.ORDER);
        return kept;
    }

    private static ObjectNode rule(RuleDescriptor r) {
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("name", clip(r.name(), MAX_NAME));
        node.putObject("shortDescription").put("text", clip(r.summary(), MAX_DESCRIPTION));
        node.putObject("fullDescription").put("text", clip(r.description(), MAX_DESCRIPTION));
        ObjectNode help = node.putObject("help");
        help.put("text", r.helpText());
        help.put("markdown", r.helpMarkdown());
        ObjectNode configuration = node.putObject("defaultConfiguration");
        configuration.put("level", r.level().id());
        ObjectNode properties = node.putObject("properties");
        ArrayNode tags = properties.putArray("tags");
        r.tags().stream().limit(MAX_TAGS).forEach(tags::add);
        properties.put("precision", r.precision());
        properties.put("problem.severity", switch (r.level()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            default -> "recommendation";
        });
        if (r.isSecurity()) {
            properties.put("security-severity", r.securitySeverity());
        }
        return node;
    }

    private static ObjectNode result(Finding f, Map<String, Integer> ruleIndex, ReportContext context) {
        ObjectNode node = Json.object();
        node.put("ruleId", f.ruleId());
        Integer index = ruleIndex.get(f.ruleId());
        if (index != null) {
            node.put("ruleIndex", index);
        }
        node.put("level", f.level().id());
        node.putObject("message").put("text", f.message());
        ObjectNode location = node.putArray("locations").addObject();
        physical(location.putObject("physicalLocation"), f.location(), context);
        if (!f.related().isEmpty()) {
            ArrayNode related = node.putArray("relatedLocations");
            int id = 1;
            for (Finding.Related r : f.related().subList(0, Math.min(MAX_RELATED, f.related().size()))) {
                ObjectNode item = related.addObject();
                item.put("id", id++);
                physical(item.putObject("physicalLocation"), r.location(), context);
                item.putObject("message").put("text", r.message());
            }
        }
        ObjectNode fingerprints = node.putObject("partialFingerprints");
        // GitHub matches alerts across commits by primaryLocationLineHash. fluxward's fingerprint is built
        // from the rule, the path and the node's structural position, never its line, so it is the better hash.
        fingerprints.put("primaryLocationLineHash", f.fingerprint());
        fingerprints.put(FINGERPRINT_KEY, f.fingerprint());
        return node;
    }

    private static void physical(ObjectNode physical, Location location, ReportContext context) {
        ObjectNode artifact = physical.putObject("artifactLocation");
        artifact.put("uri", uri(context.display(location.path())));
        artifact.put("uriBaseId", SRCROOT);
        Span span = Regions.normalized(location.span());
        ObjectNode region = physical.putObject("region");
        region.put("startLine", span.line());
        region.put("startColumn", span.column());
        region.put("endLine", span.endLine());
        region.put("endColumn", span.endColumn());
    }

    private static ObjectNode notification(Note n, ReportContext context) {
        ObjectNode node = Json.object();
        node.put("level", switch (n.kind()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            default -> "note";
        });
        node.putObject("message").put("text", n.message());
        if (n.path() != null && !n.path().isEmpty()) {
            ObjectNode physical = node.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            artifact.put("uri", uri(context.display(n.path())));
            artifact.put("uriBaseId", SRCROOT);
            if (n.line() > 0) {
                physical.putObject("region").put("startLine", n.line());
            }
        }
        return node;
    }

    /**
     * GitHub splits {@code automationDetails.id} at its last {@code /} into category and run id.
     * fluxward writes no run id (reports carry no timestamps), so the category always ends in {@code /}.
     */
    static String automationId(String category) {
        String c = category.strip();
        return c.endsWith("/") ? c : c + "/";
    }

    /** A repo-relative path as a relative URI reference: each segment percent-encoded (RFC 3986). */
    static String uri(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || unreserved(c) || "!$&'()*+,;=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                // ':' is encoded too: in a relative reference's first segment it would read as a scheme.
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** Cuts text to {@code max} characters at a word boundary, ending with an ellipsis. */
    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        if (cut < max / 2) {
            cut = max - 1;
        }
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + "\u2026";
    }
}
