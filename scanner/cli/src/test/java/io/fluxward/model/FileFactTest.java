package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxward.config.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void parallelAsksAgreeOnOneValuePerFact() throws Exception {
        List<FileFact<Object>> facts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            facts.add(FileFact.of("fact " + i, f -> {
                // Slow enough for threads to compute the same fact at once.
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return new Object();
            }));
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 300; round++) {
                FileModel file = load("e.yaml", "x: 1\n");
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<List<Object>>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    answers.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return facts.stream().map(file::fact).toList();
                    }));
                }
                List<Object> kept = facts.stream().map(file::fact).toList();
                for (Future<List<Object>> answer : answers) {
                    // Every thread got the value that was kept: one per fact, the others dropped.
                    List<Object> got = answer.get(30, TimeUnit.SECONDS);
                    for (int i = 0; i < facts.size(); i++) {
                        assertThat(got.get(i)).as("round %d, fact %d", round, i).isSameAs(kept.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFactNeverHoldsNull() {
        FileFact<String> nothing = FileFact.of("nothing", f -> null);
        FileModel file = load("d.yaml", "x: 1\n");
        assertThatThrownBy(() -> file.fact(nothing)).isInstanceOf(NullPointerException.class).hasMessageContaining("nothing");
    }
}
