package io.fluxward.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlMessagesTest {

    private static YamlProblem fatal(String text) {
        return YamlParser.parse(text).fatal().orElseThrow();
    }

    @Test
    void anUnclosedStringIsReportedWhereItOpensNotAtTheEndOfTheFile() {
        YamlProblem p = fatal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"x\ndata:\n  a: b\n");
        assertThat(p.span().line()).isEqualTo(4);
        assertThat(p.span().column()).isEqualTo(9);
        assertThat(p.message()).isEqualTo("a quoted string opens here and is never closed");
    }

    @Test
    void anUnclosedFlowCollectionIsReportedWhereItOpens() {
        YamlProblem p = fatal("a: b\nc: {x: 1\n");
        assertThat(p.span().line()).isEqualTo(2);
        assertThat(p.span().column()).isEqualTo(4);
        assertThat(p.message()).isEqualTo("a flow mapping opens here and is never closed");
    }

    @Test
    void anEmptyUnclosedFlowCollectionOrOneEndingWithACommaIsReportedWhereItOpens() {
        // snakeyaml stops waiting for the next item, at the end of the file ("while parsing a flow node").
        assertOpens(fatal("a: ["), 1, 4, "sequence");
        assertOpens(fatal("a: {"), 1, 4, "mapping");
        assertOpens(fatal("[\n  b,\n"), 1, 1, "sequence");
        assertOpens(fatal("a: 1\ndata: {a: 1,\n\n"), 2, 7, "mapping");
        assertOpens(fatal("a: [b, {c: [\n"), 1, 12, "sequence");
        assertOpens(fatal("a: {b: \n"), 1, 4, "mapping");
    }

    private static void assertOpens(YamlProblem p, int line, int column, String collection) {
        assertThat(p.message()).isEqualTo("a flow " + collection + " opens here and is never closed");
        assertThat(p.span().line()).as(p.message()).isEqualTo(line);
        assertThat(p.span().column()).as(p.message()).isEqualTo(column);
    }

    @Test
    void aValueStartingWithAReservedIndicatorAsksForQuotesNotForIndentation() {
        YamlProblem p = fatal("data:\n  a: @foo\n");
        assertThat(p.span().line()).isEqualTo(2);
        assertThat(p.span().column()).isEqualTo(6);
        assertThat(p.message()).isEqualTo("a plain value cannot start with '@' (reserved in YAML): quote the value")
                .doesNotContain("foo");
    }

    @Test
    void anUnsupportedYamlVersionIsNamed() {
        YamlProblem p = fatal("%YAML 2.0\n---\na: b\n");
        assertThat(p.span().line()).isEqualTo(1);
        assertThat(p.message()).isEqualTo("unsupported YAML version 2.0 (only 1.x)");
    }

    @Test
    void noCharacterOfAValueIsQuoted() {
        for (String value : java.util.List.of("\"hunter2\\x4\"", "\"hunter2\\x4Q\"", "\"\\qwerty\"", "\"\\UHunter2x\"",
                "|Hunter2\n    x", ">9Hunter2\n    x")) {
            YamlProblem p = fatal("stringData:\n  password: " + value + "\n");
            assertThat(p.message()).as(value).endsWith("(text not shown)");
        }
    }

    @Test
    void onlyATagNamingALanguageClassIsQuoted() {
        java.util.List<String> warnings = YamlParser.parse("a: !!java.lang.Runtime {}\nb: !!python/object:os.system [ls]\n"
                + "password: !!Hunter2-S3cr3t plain\nc: !Hunter3.S3cr3t x\n").problems().stream()
                .map(YamlProblem::message).toList();
        assertThat(warnings).contains("language-specific tag !!java.lang.Runtime is never constructed (read as plain data)",
                "language-specific tag !!python/object:os.system is never constructed (read as plain data)");
        assertThat(String.join("\n", warnings)).contains("unknown tag (text not shown)").doesNotContain("Hunter");
    }
}
