package io.fluxward.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of {@code testdata/hostile/<case>/}: the files to scan in {@code repo/} (plus any
 * generated at test time) and the exact outcome in {@code case.txt}:
 *
 * <pre>
 * exit: 1                                   exit code
 * finding: f.yaml:7 FW-G001                 every finding, as path:line RULE (the set must match exactly)
 * count: FW-G002 1000                       or a count of one rule's findings instead
 * note: warning f.yaml:1 language-specific  every note (-v shows all): level, then a fragment of "path[:line]: message"
 * absent: FWCANARY                          text that must not appear in any output
 * generate: deep-flow-seq f.yaml 10000      a generator, the file it writes into repo/, its size parameter
 * args: --threads 1                         extra scan options
 * seconds: 30                               time bound in seconds (default 30; wall time, generous: CI machines are shared)
 * fork: true                                also run in a new JVM with -Xmx256m (real exit code, real streams)
 * </pre>
 */
record HostileCase(String name, Path dir, int exit, List<String> findings, List<String> counts, List<String> notes,
                   List<String> absent, List<String> generate, List<String> args, int seconds, boolean fork) {

    static HostileCase read(Path dir) throws IOException {
        int exit = -1;
        int seconds = 30;
        boolean fork = false;
        List<String> findings = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        List<String> generate = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (String raw : Files.readAllLines(dir.resolve("case.txt"), StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(dir + "/case.txt: not 'key: value': " + line);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "exit" -> exit = Integer.parseInt(value);
                case "finding" -> findings.add(value);
                case "count" -> counts.add(value);
                case "note" -> notes.add(value);
                case "absent" -> absent.add(value);
                case "generate" -> generate.add(value);
                case "args" -> args.addAll(List.of(value.split("\\s+")));
                case "seconds" -> seconds = Integer.parseInt(value);
                case "fork" -> fork = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException(dir + "/case.txt: unknown key " + key);
            }
        }
        if (exit < 0) {
            throw new IllegalArgumentException(dir + "/case.txt: 'exit:' is required");
        }
        findings.sort(null);
        return new HostileCase(dir.getFileName().toString(), dir, exit, findings, counts, notes, absent, generate, args,
                seconds, fork);
    }
}
