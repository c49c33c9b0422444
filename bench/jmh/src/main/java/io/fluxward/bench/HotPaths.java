package io.fluxward.bench;

import io.fluxward.config.Config;
import io.fluxward.engine.FileRule;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot paths of a scan, each over a whole synthetic repository held in memory (no disk I/O in the
 * measured code), single-threaded so numbers compare across machines: YAML parsing of every file,
 * kustomize rendering of every kustomization folder, file rules, repository rules and the whole
 * pipeline. Each result is time per repository; divide by {@code files} for time per file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xss4m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class HotPaths {

    /** Size of the generated repository (bench/GenerateRepo.java --files). */
    @Param("1000")
    public int files;

    /** An existing repository folder to use instead of a generated one. */
    @Param("")
    public String repo;

    private final Config config = Config.empty();
    private MemorySnapshot snapshot;
    private List<String> yamlTexts;
    private List<FileModel> parsed;
    private Scanner scanner;
    private ScanOptions fileRulesOnly;
    private ScanOptions repositoryRulesOnly;
    private ScanOptions all;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path root = repo.isEmpty() ? generate(files) : Path.of(repo);
        WorkTreeSnapshot disk = new WorkTreeSnapshot(root);
        Map<String, byte[]> content = new TreeMap<>();
        for (String path : disk.files()) {
            content.put(path, disk.read(path));
        }
        snapshot = new MemorySnapshot("bench", content, Map.of());
        yamlTexts = content.entrySet().stream().filter(e -> FileType.byName(e.getKey()) == FileType.YAML)
                .map(e -> new String(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.toList());
        RuleSet rules = RuleSet.load(List.of());
        scanner = new Scanner(rules);
        Set<String> fileRuleIds = rules.all().entrySet().stream().filter(e -> e.getValue() instanceof FileRule)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        all = ScanOptions.defaults().withThreads(1);
        fileRulesOnly = all.withRuleFilter(r -> fileRuleIds.contains(r.id()));
        repositoryRulesOnly = all.withRuleFilter(r -> !fileRuleIds.contains(r.id()));
        parsed = scanner.model(snapshot, config, all, new ArrayList<Note>()).files();
    }

    /** Runs bench/GenerateRepo.java (found from the working folder upwards) into a temporary folder. */
    private static Path generate(int count) throws IOException, InterruptedException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bench/GenerateRepo.java"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the fluxward checkout (bench/GenerateRepo.java not found), "
                    + "or pass -p repo=DIR");
        }
        Path out = Files.createTempDirectory("fluxward-jmh-");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), dir.resolve("bench/GenerateRepo.java").toString(),
                "--files", String.valueOf(count), "--out", out.resolve("repo").toString(), "--seed", "42")
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("GenerateRepo failed");
        }
        return out.resolve("repo");
    }

    /** A fresh model of the already parsed files: facets (renders, Flux graph) are computed again. */
    private RepositoryModel freshModel() {
        return new RepositoryModel(snapshot, config, parsed);
    }

    @Benchmark
    public void yamlParse(Blackhole bh) {
        YamlParser parser = new YamlParser(config.limits().yaml());
        for (String text : yamlTexts) {
            YamlParse parse = parser.parseText(text);
            bh.consume(parse);
        }
    }

    @Benchmark
    public int kustomizeRenderAllFolders() {
        Kustomize kustomize = freshModel().facet(Kustomize.FACET);
        int resources = 0;
        for (FileModel k : kustomize.kustomizationFiles()) {
            resources += kustomize.build(k.file().directory()).resources().size();
        }
        return resources;
    }

    @Benchmark
    public ScanResult fileRules() {
        return scanner.check(freshModel(), fileRulesOnly, List.of());
    }

    @Benchmark
    public ScanResult repositoryRules() {
        return scanner.check(freshModel(), repositoryRulesOnly, List.of());
    }

    @Benchmark
    public ScanResult fullScan() throws IOException {
        return scanner.scan(snapshot, config, all);
    }
}
