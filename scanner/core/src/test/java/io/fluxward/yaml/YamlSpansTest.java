package io.fluxward.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlSpansTest {

    private static final String TEXT = """
            spec:
              dependsOn:
                - name: infra-controllers
                  namespace: flux-system
                - {name: apps}
              path: ./apps
            """;

    private static YNode spec() {
        return YamlParser.parse(TEXT).documents().get(0).root().get("spec");
    }

    @Test
    void aBlockCollectionEndsWithItsLastValueNotAtTheNextLinesIndent() {
        // The parser's end event for a block collection sits where the next token starts (line 6, column 3): a
        // finding's region would reach into a line it does not concern (and hide a pull-request annotation).
        assertThat(spec().get("dependsOn").items().get(0).span()).isEqualTo(new Span(3, 7, 4, 29));
        assertThat(spec().get("dependsOn").span()).isEqualTo(new Span(3, 5, 5, 19));
        assertThat(spec().span()).isEqualTo(new Span(2, 3, 6, 15));
    }

    @Test
    void aFlowCollectionEndsAfterItsClosingBracket() {
        assertThat(spec().get("dependsOn").items().get(1).span()).isEqualTo(new Span(5, 7, 5, 19));
    }

    @Test
    void aTabBetweenTokensOfALineIsASpaceAndKeepsColumns() {
        // YAML 1.2 and kubectl take it; snakeyaml-engine stopped there with "Do not use \t(TAB) for indentation".
        YamlParse parse = YamlParser.parse("a:\tone\nb:\t'two'\t# note\nc: {d:\tthree}\n");
        assertThat(parse.problems()).isEmpty();
        YNode root = parse.documents().get(0).root();
        assertThat(root.get("a").textOr("")).isEqualTo("one");
        assertThat(root.get("b").span()).isEqualTo(new Span(2, 4, 2, 9));
        assertThat(root.get("c").get("d").textOr("")).isEqualTo("three");
        assertThat(YamlParser.parse("a: 'x\ty'\nb: x\ty\n").documents().get(0).root().get("b").textOr(""))
                .as("tabs inside scalars are content").isEqualTo("x\ty");
    }

    @Test
    void aTabAsIndentationStaysAnError() {
        assertThat(YamlParser.parse("a:\n\tb: c\n").fatal()).isPresent();
        assertThat(YamlParser.parse("a:\n  \tb: c\n").fatal()).isPresent();
    }
}
