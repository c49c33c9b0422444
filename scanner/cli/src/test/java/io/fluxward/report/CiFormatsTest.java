package io.fluxward.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Location;
import io.fluxward.yaml.Span;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CI formats against their documented shapes: GitHub workflow commands, GitLab Code Quality, job summary. */
class CiFormatsTest {

    private static final RuleDescriptor SECRET = new RuleDescriptor("FW-S001", "unencrypted-secret", Level.ERROR,
            "A Secret is not encrypted.", "d", "f", "b", "g", List.of("security"), "9.0", false, Set.of());
    private static final RuleDescriptor DEPENDS = new RuleDescriptor("FW-F003", "depends-on-missing", Level.ERROR,
            "dependsOn names nothing.", "d", "f", "b", "g", List.of("flux"), "", false, Set.of());
    private static final RuleDescriptor DEPRECATED = new RuleDescriptor("FW-K003", "deprecated-kustomize-field",
            Level.WARNING, "deprecated", "d", "f", "b", "g", List.of(), "", false, Set.of());

    private static final ReportContext CONTEXT = new ReportContext(Map.of("FW-S001", SECRET, "FW-F003", DEPENDS,
            "FW-K003", DEPRECATED), "0.1.0", "gitops/", false, "");

    private static ScanResult result() {
        List<Finding> findings = List.of(
                new Finding("FW-S001", Level.ERROR, new Location("apps/db, prod/secret.yaml", new Span(7, 13, 7, 20)),
                        "Secret apps/db has a plaintext value: stringData.password (100% visible)\nrotate it", "fp1", List.of()),
                new Finding("FW-F003", Level.ERROR, new Location("clusters/apps.yaml", new Span(14, 7, 15, 3)),
                        "depends on flux-system/infra | which does not exist <script>", "fp2", List.of()),
                new Finding("FW-K003", Level.WARNING, new Location("apps/kustomization.yaml", Span.of(3, 1)),
                        "patchesStrategicMerge is deprecated", "fp3", List.of()),
                new Finding("FW-K003", Level.NOTE, new Location("apps/kustomization.yaml", Span.of(9, 1)),
                        "note-level", "fp4", List.of()));
        return new ScanResult(findings, 1, List.of(), 12, List.of(SECRET, DEPENDS, DEPRECATED), "work tree",
                Map.of("existing before the change", 5));
    }

    private static String render(Reporter reporter) throws Exception {
        StringWriter out = new StringWriter();
        reporter.write(result(), CONTEXT, out);
        return out.toString();
    }

    /** The workflow command grammar: {@code ::cmd key=value,key=value::message}, one per line. */
    private static final Pattern COMMAND = Pattern.compile("^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:\\r\\n]*)"
            + "(?:,[a-zA-Z]+=[^,:\\r\\n]*)*)::([^\\r\\n]*)$");

    /** Reverses the runner's escaping (actions/runner ActionCommand: %25, %0D, %0A, %3A, %2C). */
    private static String unescape(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }

    @Test
    void githubAnnotationsFollowTheWorkflowCommandGrammar() throws Exception {
        String[] lines = render(new GithubReporter()).split("\n");
        assertThat(lines).hasSize(4);
        Matcher first = COMMAND.matcher(lines[0]);
        assertThat(first.matches()).as(lines[0]).isTrue();
        assertThat(first.group(1)).isEqualTo("error");
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (String kv : first.group(2).split(",")) {
            String[] p = kv.split("=", 2);
            props.put(p[0], unescape(p[1]));
        }
        assertThat(props).containsEntry("file", "gitops/apps/db, prod/secret.yaml").containsEntry("line", "7")
                .containsEntry("endLine", "7").containsEntry("col", "13").containsEntry("endColumn", "19")
                .containsEntry("title", "FW-S001 unencrypted-secret");
        assertThat(unescape(first.group(3))).isEqualTo("Secret apps/db has a plaintext value: stringData.password "
                + "(100% visible)\nrotate it (fluxward explain FW-S001)");
        Matcher multiLine = COMMAND.matcher(lines[1]);
        assertThat(multiLine.matches()).isTrue();
        assertThat(multiLine.group(2)).contains("line=14,endLine=15").doesNotContain("col=");
        assertThat(COMMAND.matcher(lines[2]).matches()).isTrue();
        assertThat(lines[2]).startsWith("::warning ");
        assertThat(lines[3]).startsWith("::notice ");
    }

    /** A control character in a path or message (a crafted file name or key) never reaches a job log or summary raw. */
    @Test
    void ciFormatsCarryNoControlCharacters() throws Exception {
        Finding crafted = new Finding("FW-S001", Level.ERROR, new Location("b\u001b[2J.yaml", Span.of(2, 1)),
                "key 'a\u0007b'\tbad", "fp", List.of());
        ScanResult result = new ScanResult(List.of(crafted), 1, List.of(), 1, List.of(SECRET), "work tree", Map.of());
        StringWriter github = new StringWriter();
        new GithubReporter().write(result, CONTEXT, github);
        String line = github.toString().strip();
        assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)).count()).as(line).isZero();
        assertThat(line).contains("file=gitops/b\\x1b[2J.yaml").endsWith("::key 'a\\x07b'\\x09bad (fluxward explain FW-S001)");
        StringWriter markdown = new StringWriter();
        new MarkdownReporter(java.util.Optional.empty()).write(result, CONTEXT, markdown);
        String summary = markdown.toString();
        assertThat(summary.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f)).count()).as(summary)
                .isZero();
        assertThat(summary).contains("`gitops/b\\\\x1b[2J.yaml:2`").contains("key 'a\\\\x07b'\\\\x09bad");
    }

    @Test
    void gitlabCodeQualityHasTheDocumentedFields() throws Exception {
        JsonNode report = new ObjectMapper().readTree(render(new GitlabReporter()));
        assertThat(report.isArray()).isTrue();
        assertThat(report).hasSize(4);
        Set<String> fingerprints = new HashSet<>();
        Set<String> severities = Set.of("info", "minor", "major", "critical", "blocker");
        for (JsonNode issue : report) {
            assertThat(issue.path("description").isTextual()).isTrue();
            assertThat(issue.path("check_name").isTextual()).isTrue();
            assertThat(issue.path("fingerprint").isTextual()).isTrue();
            assertThat(fingerprints.add(issue.path("fingerprint").asText())).as("unique fingerprint").isTrue();
            assertThat(severities).contains(issue.path("severity").asText());
            assertThat(issue.path("location").path("path").asText()).startsWith("gitops/").doesNotStartWith("/");
            assertThat(issue.path("location").path("lines").path("begin").isInt()).isTrue();
        }
        assertThat(report.get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(report.get(1).path("severity").asText()).isEqualTo("major");
        assertThat(report.get(2).path("severity").asText()).isEqualTo("minor");
        assertThat(report.get(3).path("severity").asText()).isEqualTo("info");
        assertThat(report.get(0).path("check_name").asText()).isEqualTo("FW-S001");
        assertThat(report.get(0).path("location").path("lines").path("begin").asInt()).isEqualTo(7);
    }

    @Test
    void markdownSummaryCountsLinksAndEscapes() throws Exception {
        MarkdownReporter linked = new MarkdownReporter(MarkdownReporter.blobBase(Map.of("GITHUB_SERVER_URL",
                "https://github.com", "GITHUB_REPOSITORY", "acme/fleet", "GITHUB_SHA", "0123abc")));
        StringWriter out = new StringWriter();
        linked.write(result(), CONTEXT, out);
        String md = out.toString();
        assertThat(md).startsWith("## fluxward: 2 errors, 1 warning, 1 note");
        assertThat(md).contains("at least 5 findings not shown (existing before the change; 'fluxward scan' lists all)");
        assertThat(md).contains("| FW-S001 | unencrypted-secret | 1 | 0 | 0 |")
                .contains("| FW-K003 | deprecated-kustomize-field | 0 | 1 | 1 |");
        assertThat(md).contains("[gitops/apps/db, prod/secret.yaml:7]"
                + "(https://github.com/acme/fleet/blob/0123abc/gitops/apps/db%2C%20prod/secret.yaml#L7)");
        assertThat(md).contains("infra \\| which does not exist &lt;script&gt;").doesNotContain("<script>");
        assertThat(md).doesNotContain("password (100% visible)\n");
        StringWriter plain = new StringWriter();
        new MarkdownReporter(Optional.empty()).write(result(), CONTEXT, plain);
        assertThat(plain.toString()).contains("`gitops/clusters/apps.yaml:14`").doesNotContain("](http");
        assertThat(MarkdownReporter.blobBase(Map.of("GITHUB_SHA", "x"))).isEmpty();
    }

    @Test
    void formatsAreRegistered() {
        assertThat(Reporters.forName("github")).isPresent();
        assertThat(Reporters.forName("gitlab")).isPresent();
        assertThat(Reporters.forName("markdown")).isPresent();
    }
}
