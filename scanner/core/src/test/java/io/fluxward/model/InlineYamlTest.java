package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Text inside a block scalar mapped to the outer file's lines and columns. */
class InlineYamlTest {

    private static final String TEXT = "data:\n  run.sh: |\n    #!/bin/sh\n    tar czf /b/${NAME}.tgz\n"
            + "  folded: >\n    a ${X}\n    b\n";

    private static SourceFile file() {
        return new SourceFile("cm.yaml", FileType.YAML, TEXT, TEXT.length(), Optional.empty());
    }

    private static YNode value(String key) {
        return YamlParser.parse(TEXT).documents().get(0).root().get("data").get(key);
    }

    @Test
    void aLiteralBlockMapsLineByLine() {
        YNode script = value("run.sh");
        int start = script.textOr("").indexOf("${NAME}");
        Span span = InlineYaml.spanAt(script, file(), start, start + "${NAME}".length());
        assertThat(span.line()).isEqualTo(4);
        assertThat(span.column()).isEqualTo(16);
        assertThat(span.endColumn()).isEqualTo(23);
    }

    @Test
    void otherStylesAndRangesOverALineBreakAreTheWholeScalar() {
        YNode folded = value("folded");
        assertThat(InlineYaml.spanAt(folded, file(), 2, 6)).isEqualTo(folded.span());
        YNode script = value("run.sh");
        assertThat(InlineYaml.spanAt(script, file(), 0, 12)).isEqualTo(script.span());
        assertThat(InlineYaml.spanAt(script, file(), 5, 500)).isEqualTo(script.span());
    }
}
