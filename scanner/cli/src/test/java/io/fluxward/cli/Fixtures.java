package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fixture cases: one folder each under {@code testdata/cases/<group>/<case>/}. Expected findings
 * are written inline as {@code # expect: FW-S001} (several IDs separated by commas or spaces) on
 * the line the finding points at, or in {@code expect.txt} as {@code path:line FW-ID} lines (for
 * files that cannot hold comments). A case's {@code .fluxward.yaml} configures its scan.
 */
public final class Fixtures {

    private static final Pattern INLINE = Pattern.compile("#\\s*expect:\\s*((?:[A-Z]+-[A-Z]\\d{3}[\\s,]*)+)");
    private static final Pattern ID = Pattern.compile("[A-Z]+-[A-Z]\\d{3}");

    private Fixtures() {
    }

    /** Every case folder, sorted. */
    public static List<Path> cases() throws IOException {
        Path root = TestPaths.testdata().resolve("cases");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> groups = Files.list(root)) {
            for (Path group : groups.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> cases = Files.list(group)) {
                    cases.filter(Files::isDirectory).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The expected {@code path:line RULE} triples of a case, sorted. */
    public static List<String> expected(Path caseDir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(caseDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = caseDir.relativize(f).toString().replace('\\', '/');
                if (rel.equals("expect.txt")) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        String t = line.strip();
                        if (!t.isEmpty() && !t.startsWith("#")) {
                            out.add(t);
                        }
                    }
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = INLINE.matcher(lines[i]);
                    if (m.find()) {
                        Matcher id = ID.matcher(m.group(1));
                        while (id.find()) {
                            out.add(rel + ":" + (i + 1) + " " + id.group());
                        }
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Scans a case with the built-in rules and its own configuration. */
    public static ScanResult scan(Path caseDir, RuleSet rules) throws Exception {
        Config config = Config.empty();
        Path cfg = caseDir.resolve(".fluxward.yaml");
        if (Files.isRegularFile(cfg)) {
            config = Config.parse(Files.readString(cfg), cfg.toString(), rules.descriptors());
        }
        return new Scanner(rules).scan(new WorkTreeSnapshot(caseDir), config, ScanOptions.defaults());
    }

    /** The actual {@code path:line RULE} triples, sorted. */
    public static List<String> actual(ScanResult result) {
        List<String> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            out.add(f.path() + ":" + f.line() + " " + f.ruleId());
        }
        out.sort(null);
        return out;
    }
}
