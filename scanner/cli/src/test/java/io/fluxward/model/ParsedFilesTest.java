package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files kept between scans: found only under the same path, blob, template flag and limits; bounded. */
class ParsedFilesTest {

    private static final Limits LIMITS = Limits.DEFAULT;

    private static FileLoader.Loaded load(String path, String text) {
        return new FileLoader(LIMITS).load(path, text.getBytes(StandardCharsets.UTF_8), Optional.of("b-" + path), false);
    }

    @Test
    void keyedByPathBlobTemplateAndLimits() {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        FileLoader.Loaded a = load("a.yaml", "kind: ConfigMap\n");
        kept.put("a.yaml", "1111", false, LIMITS, a, 16);
        assertThat(kept.get("a.yaml", "1111", false, LIMITS)).containsSame(a);
        assertThat(kept.get("b.yaml", "1111", false, LIMITS)).isEmpty();
        assertThat(kept.get("a.yaml", "2222", false, LIMITS)).isEmpty();
        assertThat(kept.get("a.yaml", "1111", true, LIMITS)).isEmpty();
        Limits smaller = new Limits(LIMITS.maxFileBytes() / 2, LIMITS.yaml());
        assertThat(kept.get("a.yaml", "1111", false, smaller)).isEmpty();
    }

    @Test
    void boundedByBytesLeastRecentlyUsedFirst() {
        ParsedFiles kept = new ParsedFiles(800);
        for (int i = 0; i < 10; i++) {
            kept.put("f" + i, "blob" + i, false, LIMITS, load("f" + i, "x: 1\n"), 100);
            // f0 is used all along: it stays.
            assertThat(kept.get("f0", "blob0", false, LIMITS)).isPresent();
        }
        assertThat(kept.size()).isEqualTo(8);
        assertThat(kept.get("f0", "blob0", false, LIMITS)).isPresent();
        assertThat(kept.get("f1", "blob1", false, LIMITS)).isEmpty();
        assertThat(kept.get("f9", "blob9", false, LIMITS)).isPresent();
        // A file bigger than an eighth of the budget is never kept.
        kept.put("big", "blobBig", false, LIMITS, load("big", "x: 1\n"), 101);
        assertThat(kept.get("big", "blobBig", false, LIMITS)).isEmpty();
        assertThat(ParsedFiles.NONE.keeps()).isFalse();
        ParsedFiles.NONE.put("a", "b", false, LIMITS, load("a", "x: 1\n"), 1);
        assertThat(ParsedFiles.NONE.get("a", "b", false, LIMITS)).isEmpty();
    }
}
