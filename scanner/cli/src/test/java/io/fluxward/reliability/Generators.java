package io.fluxward.reliability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the big hostile inputs at test time (nothing of this size is committed). Each writes
 * straight to disk, so the test JVM's own heap stays free for the scan under test.
 */
final class Generators {

    private Generators() {
    }

    /** Runs generator {@code spec} ({@code name file size}) in {@code repo}. */
    static void generate(Path repo, String spec) throws IOException {
        String[] parts = spec.split("\\s+");
        String name = parts[0];
        Path file = repo.resolve(parts[1]);
        long n = Long.parseLong(parts[2].replace("_", ""));
        Files.createDirectories(file.getParent());
        if (name.equals("random-bytes")) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                Random random = new Random(n);
                byte[] chunk = new byte[8192];
                for (long written = 0; written < n; written += chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(chunk.length, n - written));
                }
            }
            return;
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            switch (name) {
                case "deep-flow-seq" -> {
                    repeat(w, "[", n);
                    repeat(w, "]", n);
                    w.write("\n");
                }
                case "deep-flow-map" -> {
                    repeat(w, "{a: ", n);
                    w.write("1");
                    repeat(w, "}", n);
                    w.write("\n");
                }
                case "deep-block-seq" -> {
                    repeat(w, "- ", n);
                    w.write("x\n");
                }
                case "deep-block-map" -> {
                    for (long i = 0; i < n; i++) {
                        repeat(w, " ", i);
                        w.write("a:\n");
                    }
                    repeat(w, " ", n);
                    w.write("x\n");
                }
                case "long-line" -> {
                    // One ConfigMap whose single value fills the file up to n bytes, on one line.
                    String head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: \"";
                    w.write(head);
                    repeat(w, "x", n - head.length() - 2);
                    w.write("\"\n");
                }
                case "keys" -> {
                    for (long i = 0; i < n; i++) {
                        w.write(Long.toString(i, 36));
                        w.write(": 1\n");
                    }
                }
                case "many-documents" -> {
                    for (long i = 0; i < n; i++) {
                        w.write("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm" + i + "}\n");
                    }
                }
                case "aliases" -> {
                    w.write("a: &a x\nb: [");
                    for (long i = 0; i < n; i++) {
                        w.write(i == 0 ? "*a" : ", *a");
                    }
                    w.write("]\n");
                }
                case "duplicate-keys" -> {
                    for (long i = 0; i < n; i++) {
                        w.write("same: " + i + "\n");
                    }
                }
                case "merge-fanout" -> {
                    // Each level merges the previous one twice: 2^n paths lead to the first mapping.
                    w.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fanout}\nl0: &l0 {x: 1}\n");
                    for (long i = 1; i <= n; i++) {
                        w.write("l" + i + ": &l" + i + " {<<: [*l" + (i - 1) + ", *l" + (i - 1) + "], y" + i + ": 1}\n");
                    }
                    w.write("data:\n  <<: *l" + n + "\n");
                }
                default -> throw new IllegalArgumentException("unknown generator " + name);
            }
        }
    }

    private static void repeat(Writer w, String s, long times) throws IOException {
        StringBuilder chunk = new StringBuilder();
        long left = times;
        while (left > 0) {
            int now = (int) Math.min(left, 65536);
            chunk.setLength(0);
            chunk.append(s.repeat(now));
            w.write(chunk.toString());
            left -= now;
        }
    }
}
