package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.ParsedFiles;
import io.fluxward.snapshot.MemorySnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the resident server carries from one scan to the next (parsed files, kustomize builds, patches,
 * schema validations, namespaces...) never changes a result: on the bundled sample and every real
 * repository of the shared corpus, after each of a series of random changes (a file deleted, a file
 * edited so that namespaces and resource paths move, a file copied to a new name), a scan that reuses
 * the previous scans' work reports exactly what a fresh scan reports, notes included.
 */
class KeptWorkCorpusTest {

    private static final int CHANGES = 6;
    private static RuleSet rules;

    @BeforeAll
    static void loadRules() throws Exception {
        rules = RuleSet.load(List.of());
    }

    static Stream<Arguments> repositories() throws Exception {
        List<Arguments> out = new ArrayList<>();
        Path sample = TestPaths.testdata().resolve("samples/platform-repo");
        out.add(Arguments.of(Named.of("sample platform-repo", sample)));
        Path corpus = TestPaths.shared().map(s -> s.resolve("corpus")).orElse(null);
        if (corpus != null && Files.isDirectory(corpus)) {
            try (Stream<Path> dirs = Files.list(corpus)) {
                dirs.filter(Files::isDirectory).sorted().forEach(d -> out.add(Arguments.of(Named.of(
                        d.getFileName().toString(), d))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void reusingEarlierScansGivesWhatAFreshScanGives(Path repo) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(repo), repo + " is absent");
        Map<String, byte[]> files = read(repo);
        ParsedFiles kept = new ParsedFiles(64L << 20);
        scan(files, kept);
        Random random = new Random(repo.getFileName().toString().hashCode());
        for (int i = 0; i < CHANGES; i++) {
            List<String> yaml = files.keySet().stream().filter(p -> p.endsWith(".yaml") || p.endsWith(".yml")).toList();
            String victim = yaml.get(random.nextInt(yaml.size()));
            Map<String, byte[]> next = new TreeMap<>(files);
            String text = new String(files.get(victim), StandardCharsets.UTF_8);
            switch (i % 3) {
                case 0 -> next.remove(victim);
                case 1 -> next.put(victim, text.replace("namespace: ", "namespace: x-").replaceFirst("- ", "- ../")
                        .getBytes(StandardCharsets.UTF_8));
                default -> next.put(victim.replaceAll("[^/]*$", "copy-" + i + ".yaml"), files.get(victim));
            }
            files = next;
            assertThat(scan(files, kept)).as("change %d (%s)", i, victim).isEqualTo(scan(files, ParsedFiles.NONE));
        }
    }

    private static Map<String, byte[]> read(Path repo) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = repo.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".git/")) {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static List<String> scan(Map<String, byte[]> files, ParsedFiles kept) throws Exception {
        ScanResult result = new Scanner(rules).scan(new MemorySnapshot("memory", files, Map.of()), Config.empty(),
                ScanOptions.defaults().withParsedFiles(kept));
        List<String> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            out.add(f.ruleId() + " " + f.path() + ":" + f.location().span() + " " + f.message() + " "
                    + f.fingerprint());
        }
        result.notes().forEach(n -> out.add("note " + n));
        return out;
    }
}
