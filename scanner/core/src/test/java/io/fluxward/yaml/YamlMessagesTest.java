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
}
