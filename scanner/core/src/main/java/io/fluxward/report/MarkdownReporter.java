package io.fluxward.report;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Markdown report for a CI job summary ({@code $GITHUB_STEP_SUMMARY}): the totals, a count per
 * rule and level, and the findings table, each location linked to its line when the GitHub
 * environment says where the files live ({@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY},
 * {@code GITHUB_SHA}).
 */
public final class MarkdownReporter implements Reporter {

    /** GitHub rejects step summaries over 1 MiB; stay well below with a bounded table. */
    static final int MAX_ROWS = 500;

    /** Mermaid's default {@code maxTextSize}: a larger diagram is not rendered, so it is left out. */
    static final int MAX_DIAGRAM_CHARS = 50_000;

    private final Optional<String> blobBase;
    private final List<String> graphs;

    /** @param blobBase e.g. {@code https://github.com/OWNER/REPO/blob/SHA}, or empty for plain paths */
    public MarkdownReporter(Optional<String> blobBase) {
        this(blobBase, List.of());
    }

    private MarkdownReporter(Optional<String> blobBase, List<String> graphs) {
        this.blobBase = blobBase.map(b -> b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.graphs = List.copyOf(graphs);
    }

    /**
     * The same report with the Flux dependency graph of each scanned repository, as Mermaid
     * flowcharts (appliers with findings marked), e.g. from {@code io.fluxward.graph.MermaidRenderer}.
     */
    public MarkdownReporter withGraphs(List<String> mermaid) {
        return new MarkdownReporter(blobBase, mermaid);
    }

    /** Links to GitHub when run in GitHub Actions. */
    public static MarkdownReporter fromEnvironment() {
        return forEnvironment(System.getenv());
    }

    /** Links to GitHub when {@code env} is that of a GitHub Actions run. */
    public static MarkdownReporter forEnvironment(Map<String, String> env) {
        return new MarkdownReporter(blobBase(env));
    }

    static Optional<String> blobBase(Map<String, String> env) {
        String server = env.getOrDefault("GITHUB_SERVER_URL", "");
        String repo = env.getOrDefault("GITHUB_REPOSITORY", "");
        String sha = env.getOrDefault("GITHUB_SHA", "");
        if (server.isBlank() || repo.isBlank() || sha.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(server + "/" + repo + "/blob/" + sha);
    }

    @Override
    public void write(ScanResult result, ReportContext context, Writer out) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## fluxward: ").append(totals(result)).append("\n\n");
        md.append(plural(result.filesScanned(), "file")).append(" scanned (").append(cell(result.source())).append(")");
        if (result.suppressed() > 0) {
            md.append(", ").append(result.suppressed()).append(" suppressed inline");
        }
        for (String line : result.hiddenSummary()) {
            md.append(", ").append(cell(line));
        }
        md.append(".\n\n");
        if (result.findings().isEmpty()) {
            md.append("No findings.\n");
            graphs(md);
            out.write(md.toString());
            return;
        }
        md.append("| rule | name | errors | warnings | notes |\n|---|---|---:|---:|---:|\n");
        Map<String, EnumMap<Level, Integer>> perRule = new TreeMap<>();
        for (Finding f : result.findings()) {
            perRule.computeIfAbsent(f.ruleId(), k -> new EnumMap<>(Level.class)).merge(f.level(), 1, Integer::sum);
        }
        for (Map.Entry<String, EnumMap<Level, Integer>> e : perRule.entrySet()) {
            RuleDescriptor rule = context.rules().get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(rule == null ? "" : rule.name());
            for (Level level : Level.values()) {
                md.append(" | ").append(e.getValue().getOrDefault(level, 0));
            }
            md.append(" |\n");
        }
        md.append("\n### Findings\n\n| level | rule | location | message |\n|---|---|---|---|\n");
        int rows = 0;
        for (Finding f : result.findings()) {
            if (rows++ == MAX_ROWS) {
                md.append("\n").append(result.findings().size() - MAX_ROWS)
                        .append(" more findings are not listed here; see the full report.\n");
                break;
            }
            RuleDescriptor rule = context.rules().get(f.ruleId());
            md.append("| ").append(f.level().id()).append(" | ").append(f.ruleId())
                    .append(rule == null ? "" : " " + rule.name()).append(" | ").append(link(context.display(f.path()), f.line()))
                    .append(" | ").append(cell(f.message())).append(" |\n");
        }
        graphs(md);
        out.write(md.toString());
    }

    private void graphs(StringBuilder md) {
        for (String graph : graphs) {
            if (graph.isBlank() || !graph.contains("\n  ")) {
                continue;
            }
            md.append("\n### Flux dependency graph\n\n");
            if (graph.length() > MAX_DIAGRAM_CHARS) {
                md.append("The graph is too large to draw here (").append(graph.length())
                        .append(" characters of Mermaid); `fluxward graph --format dot` draws it with Graphviz.\n");
                continue;
            }
            md.append("Appliers with errors are marked red, with warnings orange.\n\n```mermaid\n").append(graph);
            if (!graph.endsWith("\n")) {
                md.append('\n');
            }
            md.append("```\n");
        }
    }

    private String link(String path, int line) {
        String text = cell(path) + ":" + line;
        if (blobBase.isEmpty()) {
            return "`" + text + "`";
        }
        StringBuilder url = new StringBuilder(blobBase.get());
        for (String segment : path.split("/")) {
            url.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return "[" + text + "](" + url + "#L" + line + ")";
    }

    /** Text safe inside a table cell: no pipes, no line breaks, no HTML, no control characters (shown as {@code \xNN}). */
    static String cell(String text) {
        String oneLine = TextReporter.printable(text.replace("\r", "").replace("\n", " "));
        return oneLine.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String totals(ScanResult result) {
        return plural(result.count(Level.ERROR), "error") + ", " + plural(result.count(Level.WARNING), "warning") + ", "
                + plural(result.count(Level.NOTE), "note");
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
