package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxward.config.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FileFactTest {

    private static FileModel load(String path, String text) {
        return new FileLoader(Limits.of(Map.of())).load(path, text.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                .model().orElseThrow();
    }

    @Test
    void computedOncePerFileModelAndKeptWithIt() {
        AtomicInteger computed = new AtomicInteger();
        FileFact<Integer> objects = FileFact.of("objects", f -> {
            computed.incrementAndGet();
            return f.objects().size();
        });
        FileModel file = load("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        assertThat(file.fact(objects)).isEqualTo(1);
        assertThat(file.fact(objects)).isEqualTo(1);
        assertThat(computed).hasValue(1);

        // Another model of the same content is another file: its own facts (a kept fact never outlives its model).
        FileModel same = load("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        assertThat(same).isNotSameAs(file);
        assertThat(same.fact(objects)).isEqualTo(1);
        assertThat(computed).hasValue(2);
    }

    @Test
    void factsAreToldApartByIdentityNotName() {
        FileFact<String> first = FileFact.of("same name", f -> "first");
        FileFact<String> second = FileFact.of("same name", f -> "second");
        FileModel file = load("b.yaml", "x: 1\n");
        assertThat(file.fact(first)).isEqualTo("first");
        assertThat(file.fact(second)).isEqualTo("second");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aFactMayAskTheSameFileAnotherFact() {
        FileFact<Integer> size = FileFact.of("size", f -> f.file().text().length());
        FileFact<Integer> doubled = FileFact.of("doubled", f -> 2 * f.fact(size));
        FileModel file = load("c.yaml", "x: 1\n");
        assertThat(file.fact(doubled)).isEqualTo(10);
        assertThat(file.fact(size)).isEqualTo(5);
    }

    @Test
    void aFactNeverHoldsNull() {
        FileFact<String> nothing = FileFact.of("nothing", f -> null);
        FileModel file = load("d.yaml", "x: 1\n");
        assertThatThrownBy(() -> file.fact(nothing)).isInstanceOf(NullPointerException.class).hasMessageContaining("nothing");
    }
}
