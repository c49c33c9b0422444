package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines of a file by number, from an index of line starts. */
class SourceFileTest {

    private static SourceFile file(String text) {
        return new SourceFile("f.yaml", FileType.YAML, text, text.length(), Optional.empty());
    }

    @Test
    void linesAreFoundByNumberWithoutTheirLineBreak() {
        SourceFile f = file("a: 1\r\nb: 2\n\n  c: 3");
        assertThat(f.line(1)).isEqualTo("a: 1");
        assertThat(f.line(2)).isEqualTo("b: 2");
        assertThat(f.line(3)).isEmpty();
        assertThat(f.line(4)).isEqualTo("  c: 3");
        assertThat(f.line(5)).isEmpty();
        assertThat(f.line(0)).isEqualTo("a: 1");
    }

    @Test
    void aTrailingLineBreakEndsTheLastLine() {
        SourceFile f = file("x\ny\n");
        assertThat(f.line(2)).isEqualTo("y");
        assertThat(f.line(3)).isEmpty();
        assertThat(f.line(4)).isEmpty();
        assertThat(file("").line(1)).isEmpty();
    }

    @Test
    void aLoneCarriageReturnEndsALineAsInYaml() {
        SourceFile f = file("a: 1\rb: 2\r\n\rc: 3\r");
        assertThat(f.line(2)).isEqualTo("b: 2");
        assertThat(f.line(3)).isEmpty();
        assertThat(f.line(4)).isEqualTo("c: 3");
        assertThat(f.line(5)).isEmpty();
    }
}
