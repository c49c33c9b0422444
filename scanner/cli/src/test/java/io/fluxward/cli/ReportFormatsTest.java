package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.Version;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.report.JsonReporter;
import io.fluxward.report.ReportContext;
import io.fluxward.report.Reporters;
import io.fluxward.report.TextReporter;
import io.fluxward.yaml.Span;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report formats: schema, escaping, limits and determinism. */
class ReportFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RuleSet rules;
    private static ScanResult suite;

    @BeforeAll
    static void scanSuite() throws Exception {
        rules = RuleSet.load(List.of());
        suite = FixtureSuite.builtIn();
    }

    private static String render(String format, ScanResult result) throws Exception {
        return render(format, result, rules.descriptors());
    }

    private static String render(String format, ScanResult result, Map<String, RuleDescriptor> known) throws Exception {
        StringWriter out = new StringWriter();
        Reporters.forName(format).orElseThrow().write(result, new ReportContext(known, Version.get(), "", false, "ci"), out);
        return out.toString();
    }

    @Test
    void everyDocumentedFormatIsRegistered() {
        List<String> names = new ArrayList<>();
        Reporters.names().forEach(names::add);
        assertThat(names).contains("text", "json", "sarif", "checkstyle");
    }

    @Test
    void jsonMatchesItsPublishedSchema() throws Exception {
        Schema schema;
        try (InputStream in = JsonReporter.class.getResourceAsStream(JsonReporter.SCHEMA_RESOURCE)) {
            assertThat(in).as("the schema ships in the jar").isNotNull();
            schema = SchemaLoader.load(new JSONObject(new JSONTokener(in)));
        }
        ScanResult withNotes = new ScanResult(suite.findings(), 3, List.of(Note.warning("big.yaml", "not scanned: too big"),
                new Note(Note.Kind.ERROR, "locked.yaml", 0, "cannot read: permission denied"),
                Note.info("", "no YAML files")), suite.filesScanned(), suite.rules(), "work tree");
        for (ScanResult r : List.of(suite, withNotes)) {
            String json = render("json", r);
            schema.validate(new JSONObject(json));
            JsonNode root = JSON.readTree(json);
            assertThat(root.get("version").asInt()).isEqualTo(JsonReporter.FORMAT_VERSION);
            assertThat(root.get("findings")).hasSameSizeAs(r.findings());
            assertThat(root.at("/summary/byLevel/error").asLong()).isEqualTo(r.count(Level.ERROR));
            assertThat(root.at("/summary/executionSuccessful").asBoolean()).isEqualTo(!r.hasErrors());
        }
        JsonNode lastNote = JSON.readTree(render("json", withNotes)).at("/notes/2");
        assertThat(lastNote.get("message").asText()).isEqualTo("no YAML files");
        assertThat(lastNote.get("path").isNull()).as("a note about no file has a null path").isTrue();
        assertThat(lastNote.get("line").isNull()).isTrue();
    }

    @Test
    void jsonCarriesEveryFieldOfAFinding() throws Exception {
        Finding f = new Finding("FW-G002", Level.ERROR, new Location("apps/cm.yaml", new Span(4, 3, 4, 7)), "duplicate key",
                "0123456789abcdef0123456789abcdef", List.of(new Finding.Related(Location.of("apps/a.yaml", 2, 1), "first")));
        String json = render("json", new ScanResult(List.of(f), 0, List.of(), 1, List.of(rules.descriptors().get("FW-G002")),
                "work tree"));
        JsonNode finding = JSON.readTree(json).get("findings").get(0);
        assertThat(finding.get("ruleId").asText()).isEqualTo("FW-G002");
        assertThat(finding.get("name").asText()).isEqualTo("duplicate-key");
        assertThat(finding.get("level").asText()).isEqualTo("error");
        assertThat(finding.get("path").asText()).isEqualTo("apps/cm.yaml");
        assertThat(List.of(finding.get("line").asInt(), finding.get("column").asInt(), finding.get("endLine").asInt(),
                finding.get("endColumn").asInt())).containsExactly(4, 3, 4, 7);
        assertThat(finding.get("fingerprint").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(finding.at("/related/0/path").asText()).isEqualTo("apps/a.yaml");
        assertThat(finding.at("/related/0/endColumn").asInt()).as("an empty span is one character wide").isEqualTo(2);
    }

    @Test
    void checkstyleIsWellFormedXmlWithOneErrorPerFinding() throws Exception {
        String xml = render("checkstyle", suite);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("checkstyle");
        NodeList errors = doc.getElementsByTagName("error");
        long fromFindings = 0;
        for (int i = 0; i < errors.getLength(); i++) {
            Element e = (Element) errors.item(i);
            assertThat(e.getAttribute("severity")).isIn("error", "warning", "info");
            assertThat(Integer.parseInt(e.getAttribute("line"))).isPositive();
            if (e.getAttribute("source").startsWith("fluxward.FW-")) {
                fromFindings++;
            }
        }
        assertThat(fromFindings).isEqualTo(suite.findings().size());
    }

    /** Scan notes keep their own severity (a skipped file is not an error in it), as the README says. */
    @Test
    void checkstyleListsScanNotesWithTheirOwnSeverity() throws Exception {
        List<Note> notes = List.of(Note.warning("apps/link.yaml", "symbolic link to a path outside the scanned folder: "
                + "not followed"), Note.error("apps/locked.yaml", "cannot read: permission denied"),
                Note.info("apps/empty.yaml", "empty file: nothing to check"), Note.warning("", "a note about no file"));
        String xml = render("checkstyle", new ScanResult(List.of(), 0, notes, 1, List.of(), "work tree"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> severities = new LinkedHashMap<>();
        NodeList files = doc.getElementsByTagName("file");
        for (int i = 0; i < files.getLength(); i++) {
            Element file = (Element) files.item(i);
            Element error = (Element) file.getElementsByTagName("error").item(0);
            assertThat(error.getAttribute("source")).isEqualTo("fluxward.scan");
            severities.put(file.getAttribute("name"), error.getAttribute("severity"));
        }
        assertThat(severities).containsExactly(Map.entry("apps/link.yaml", "warning"), Map.entry("apps/locked.yaml", "error"));
        String readme = java.nio.file.Files.readString(TestPaths.root().resolve("README.md"), StandardCharsets.UTF_8);
        String checkstyle = readme.substring(readme.indexOf("### checkstyle"), readme.indexOf("## Flux checks"));
        assertThat(checkstyle.replaceAll("\\s+", " ")).contains("Scan notes that name a file are listed with "
                + "`source=\"fluxward.scan\"` and the note's own severity").doesNotContain("appear as errors");
    }

    @Test
    void checkstyleEscapesEverythingXmlCannotHoldVerbatim() throws Exception {
        String nasty = "key \"a\" & <b> 'c'\nsecond line\ttab \u0007bell \u001b[31mred \uD83D\uDD12 lock \uD800 lone";
        Finding f = new Finding("FW-G002", Level.WARNING, Location.of("dir/with space & <x>.yaml", 2, 5), nasty,
                "0123456789abcdef0123456789abcdef", List.of());
        String xml = render("checkstyle", new ScanResult(List.of(f), 0, List.of(), 1, List.of(), "work tree"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element file = (Element) doc.getElementsByTagName("file").item(0);
        assertThat(file.getAttribute("name")).isEqualTo("dir/with space & <x>.yaml");
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message"))
                .isEqualTo("key \"a\" & <b> 'c'\nsecond line\ttab \uFFFDbell \uFFFD[31mred \uD83D\uDD12 lock \uFFFD lone");
        assertThat(error.getAttribute("severity")).isEqualTo("warning");
        assertThat(error.getAttribute("source")).isEqualTo("fluxward.FW-G002");
        assertThat(error.getAttribute("column")).isEqualTo("5");
    }

    @Test
    void textShowsControlCharactersFromFilesVisibly() throws Exception {
        Finding f = new Finding("FW-G002", Level.ERROR, Location.of("a.yaml", 1, 1),
                "duplicate key 'x\u001b[2J\nfake.yaml:1:1: y'", "0123456789abcdef0123456789abcdef", List.of());
        String text = render("text", new ScanResult(List.of(f), 0, List.of(), 1, List.of(), "work tree"));
        assertThat(text).doesNotContain("\u001b").contains("\\x1b[2J\\x0afake.yaml");
        assertThat(text.lines().filter(l -> l.contains("FW-G002"))).hasSize(1);
        assertThat(TextReporter.printable("plain ünïcode ✓")).isEqualTo("plain ünïcode ✓");
    }

    @Test
    void bidiControlsAndInvisibleCharactersAreShownEscapedInTextGithubAndMarkdown() throws Exception {
        // A right-to-left override shows the rest of the line reversed ("Trojan source"); a key name from a file
        // is escaped as a path is (\xNN), not as \\u001b.
        Path dir = Files.createTempDirectory("bidi");
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
                + "  \"\\e[31mevil\u202Eab\u200B\": 1\n  \"\\e[31mevil\u202Eab\u200B\": 2\n");
        for (String format : List.of("text", "github", "markdown")) {
            CliRun run = CliRun.of("scan", "--no-color", "-f", format, dir.toString());
            assertThat(run.out()).as(format).doesNotContain("\u202E").doesNotContain("\u200B").doesNotContain("\u001b")
                    .doesNotContain("\\u001b").contains("x1b[31mevil").contains("u202Eab").contains("u200B");
        }
        assertThat(TextReporter.printable("a\u202Eb\uFEFFc\u2028d\tz\uDB40\uDC41")).isEqualTo(
                "a\\u202Eb\\uFEFFc\\u2028d\\x09z\\U000E0041");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "sarif", "checkstyle"})
    void outputIsByteIdenticalAcrossRunsAndThreadCounts(String format) throws Exception {
        String cases = TestPaths.testdata().resolve("cases").toString();
        CliRun first = CliRun.of("scan", "--no-color", "--threads", "1", "-f", format, cases);
        CliRun again = CliRun.of("scan", "--no-color", "--threads", "1", "-f", format, cases);
        CliRun parallel = CliRun.of("scan", "--no-color", "--threads", "4", "-f", format, cases);
        assertThat(first.exit()).as("%s", first).isIn(0, 1);
        assertThat(first.out()).isNotBlank().doesNotContain("\r");
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(parallel.out()).isEqualTo(first.out());
        assertThat(parallel.err()).isEqualTo(first.err());
    }

    @Test
    void sarifRespectsGithubLimits() throws Exception {
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < 25_003; i++) {
            Level level = i < 3 ? Level.ERROR : Level.NOTE;
            many.add(new Finding("FW-G002", level, Location.of(String.format("f%05d.yaml", 25_003 - i), 1, 1), "m",
                    String.format("%032x", i), List.of()));
        }
        List<Finding.Related> related = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            related.add(new Finding.Related(Location.of("r.yaml", i, 1), "member " + i));
        }
        many.set(5, new Finding("FW-G002", Level.NOTE, Location.of("a.yaml", 1, 1), "cycle", "f".repeat(32), related));
        String description = "word ".repeat(400);
        RuleDescriptor longRule = new RuleDescriptor("FW-G002", "duplicate-key", Level.ERROR, "Summary.", description, "fix",
                "bad", "good", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"), "", false, Set.of());
        Map<String, RuleDescriptor> known = new LinkedHashMap<>(rules.descriptors());
        known.put("FW-G002", longRule);
        JsonNode run = JSON.readTree(render("sarif", new ScanResult(many, 0, List.of(), 1, List.of(longRule), "work tree"),
                known)).at("/runs/0");
        JsonNode results = run.get("results");
        assertThat(results).hasSize(25_000);
        long errors = 0;
        for (JsonNode r : results) {
            errors += r.get("level").asText().equals("error") ? 1 : 0;
        }
        assertThat(errors).as("the most serious results are kept").isEqualTo(3);
        assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
                .startsWith("3 results were left out");
        JsonNode rule = run.at("/tool/driver/rules/0");
        assertThat(rule.at("/fullDescription/text").asText()).hasSizeLessThanOrEqualTo(1024).endsWith("\u2026");
        assertThat(rule.at("/properties/tags")).hasSize(10);
        for (JsonNode r : results) {
            if (r.get("message").get("text").asText().equals("cycle")) {
                assertThat(r.get("relatedLocations")).hasSize(100);
                assertThat(r.at("/relatedLocations/0/id").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void sarifUrisArePercentEncodedRelativeReferences() throws Exception {
        Finding f = new Finding("FW-G002", Level.ERROR, Location.of("archive/thanos copy/a:b/ünï#?.yaml", 3, 1), "m",
                "0123456789abcdef0123456789abcdef", List.of());
        JsonNode run = JSON.readTree(render("sarif", new ScanResult(List.of(f), 0, List.of(), 1, List.of(), "work tree")))
                .at("/runs/0");
        assertThat(run.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("archive/thanos%20copy/a%3Ab/%C3%BCn%C3%AF%23%3F.yaml");
        assertThat(run.at("/automationDetails/id").asText()).as("a category always ends in /").isEqualTo("ci/");
        assertThat(run.at("/results/0/ruleIndex").asInt()).as("a rule that only findings name is still described")
                .isZero();
    }
}
