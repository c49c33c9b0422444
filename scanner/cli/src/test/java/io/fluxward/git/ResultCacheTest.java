package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cache.DiskCache;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.Outcome;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.yaml.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache under {@code .git/fluxward}: a git scan gives exactly the same report with a cold
 * cache, a warm cache, a corrupt cache and no cache; concurrent runs share it safely; a changed
 * configuration or rule selection does not reuse outcomes; the folder stays bounded; and it never
 * holds secret values or lands in the work tree or the index.
 */
class ResultCacheTest {

    @TempDir
    Path tmp;

    /** A Flux repository with findings of file rules (a plaintext Secret) and cross-file rules (a dangling dependsOn). */
    private TestRepo repository() {
        TestRepo repo = Manifests.fluxRepository(TestRepo.init(tmp, "repo"));
        repo.write("apps/secret.yaml", PLAIN);
        repo.write("clusters/prod/extra.yaml", Manifests.kustomization("extra", "missing").replace("./apps", "./infra"));
        repo.write("apps/suppressed.yaml", "# fluxward:ignore-file FW-S001 test fixture\n" + PLAIN
                .replace("name: db", "name: db2"));
        repo.add(".").commit("init");
        return repo;
    }

    private static Fluxward.Result scan(TestRepo repo, String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--fail-on", "never", "-f", "json"));
        args.addAll(List.of(extra));
        args.add(repo.dir.toString());
        return Fluxward.run(args.toArray(String[]::new));
    }

    private static Path cacheDir(TestRepo repo) {
        return repo.dir.resolve(".git/fluxward/cache/v1");
    }

    private static long totalBytes(Path dir) throws IOException {
        long total = 0;
        for (Path p : entries(dir)) {
            total += Files.size(p);
        }
        return total;
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every way of comparing a snapshot: staged, staged --all, a commit, a pull request. */
    private static List<String[]> modes() {
        return List.of(new String[] {"--staged"}, new String[] {"--staged", "--all"}, new String[] {"--head", "HEAD"},
                new String[] {"--diff-base", "HEAD~1"});
    }

    private void assertSameWithAndWithoutCache(TestRepo repo) {
        for (String[] mode : modes()) {
            Fluxward.Result reference = scan(repo, concat(mode, "--no-cache"));
            Fluxward.Result cold = scan(repo, mode);
            Fluxward.Result warm = scan(repo, mode);
            assertThat(cold.out()).as("cold cache, %s", String.join(" ", mode)).isEqualTo(reference.out());
            assertThat(warm.out()).as("warm cache, %s", String.join(" ", mode)).isEqualTo(reference.out());
            assertThat(warm.err()).isEqualTo(reference.err());
            assertThat(warm.exit()).isEqualTo(reference.exit());
        }
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void reportsAreIdenticalWithColdWarmAndNoCache() throws Exception {
        TestRepo repo = repository();
        // A second commit, so that --diff-base HEAD~1 has something to compare.
        repo.write("apps/more.yaml", CONFIG_MAP.replace("name: settings", "name: more")).add(".").commit("more");
        // A staged change with a new file-rule finding and a new cross-file finding.
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak"));
        repo.write("clusters/prod/broken.yaml", Manifests.kustomization("broken", "nowhere").replace("./apps", "./infra"));
        repo.add(".");
        assertSameWithAndWithoutCache(repo);
        Fluxward.Result staged = scan(repo, "--staged");
        assertThat(staged.out()).contains("apps/leak.yaml").contains("nowhere").doesNotContain("apps/secret.yaml");
        assertThat(entries(cacheDir(repo))).isNotEmpty();

        // The pre-commit flow: commit what was scanned, stage the next change. HEAD's outcome is now the
        // one stored for the index of the previous run.
        repo.commit("leak");
        repo.write("apps/settings.yaml", CONFIG_MAP.replace("level: debug", "level: info"));
        repo.write("apps/leak2.yaml", PLAIN.replace("name: db", "name: leak2"));
        repo.git("rm", "-q", "clusters/prod/apps.yaml");
        repo.add(".");
        assertSameWithAndWithoutCache(repo);
        // Renames keep the identity of the moved file's findings, cached or not.
        repo.commit("next");
        repo.git("mv", "apps/leak2.yaml", "apps/renamed.yaml");
        assertSameWithAndWithoutCache(repo);
    }

    @Test
    void subfolderScansAreIdenticalWithAndWithoutCache() throws Exception {
        TestRepo repo = repository();
        // The same content in two folders: the cross-file outcome of one must not be served for the other.
        repo.write("a/ks.yaml", Manifests.kustomization("a", "elsewhere").replace("./apps", "../b"));
        repo.write("b/ks.yaml", Manifests.kustomization("a", "elsewhere").replace("./apps", "../b"));
        repo.add(".").commit("folders");
        repo.write("a/leak.yaml", PLAIN).write("b/leak.yaml", PLAIN).add(".");
        for (String folder : List.of("a", "b", "apps")) {
            Path dir = repo.dir.resolve(folder);
            Fluxward.Result reference = Fluxward.run("scan", "--staged", "--no-cache", "--fail-on", "never", "-f", "json",
                    dir.toString());
            for (int i = 0; i < 2; i++) {
                Fluxward.Result cached = Fluxward.run("scan", "--staged", "--fail-on", "never", "-f", "json",
                        dir.toString());
                assertThat(cached.out()).as(folder).isEqualTo(reference.out());
                assertThat(cached.exit()).isEqualTo(reference.exit());
            }
        }
    }

    /**
     * A file's outcome holds paths relative to the scanned folder: a scan of the top and one of a subfolder (the hook
     * and {@code cd k8s && fluxward scan --staged}) must not take each other's, in either order. They did: the second
     * printed {@code apps/s.yaml} or {@code k8s/k8s/apps/s.yaml}, with another fingerprint.
     */
    @Test
    void topAndSubfolderScansNeverTakeEachOthersOutcomes() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("README.md", "top\n").add(".").commit("init");
        repo.write("k8s/apps/s.yaml", PLAIN).add(".");
        Path top = repo.dir;
        Path k8s = repo.dir.resolve("k8s");
        for (String[] mode : List.of(new String[] {"--staged"}, new String[] {"--head", "HEAD"})) {
            if (mode[0].equals("--head")) {
                repo.commit("secret");
            }
            for (List<Path> order : List.of(List.of(k8s, top), List.of(top, k8s))) {
                for (Path p : entries(repo.dir.resolve(".git/fluxward"))) {
                    Files.delete(p);
                }
                String[] scan = concat(new String[] {"scan"}, mode);
                for (Path folder : order) {
                    Fluxward.Result reference = Fluxward.run(concat(scan, "--no-cache", "--fail-on", "never", "-f", "json",
                            folder.toString()));
                    assertThat(reference.out()).contains("\"k8s/apps/s.yaml\"");
                    Fluxward.Result cached = Fluxward.run(concat(scan, "--fail-on", "never", "-f", "json",
                            folder.toString()));
                    assertThat(cached.out()).as("%s %s after %s", mode[0], folder, order).isEqualTo(reference.out());
                }
            }
        }
    }

    @Test
    void corruptEntriesAreIgnoredAndReplaced() throws Exception {
        TestRepo repo = repository();
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        Fluxward.Result reference = scan(repo, "--staged", "--no-cache");
        scan(repo, "--staged");
        List<Path> written = entries(cacheDir(repo));
        assertThat(written).isNotEmpty();
        Random random = new Random(7);
        int i = 0;
        for (Path entry : written) {
            byte[] bytes = Files.readAllBytes(entry);
            switch (i++ % 5) {
                case 0 -> Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated
                case 1 -> Files.write(entry, new byte[0]); // empty
                case 2 -> { // one flipped bit
                    bytes[bytes.length / 3] ^= 0x10;
                    Files.write(entry, bytes);
                }
                case 3 -> { // garbage of the same length
                    random.nextBytes(bytes);
                    Files.write(entry, bytes);
                }
                default -> Files.writeString(entry, "not a cache entry at all\n");
            }
        }
        Fluxward.Result corrupt = scan(repo, "--staged");
        assertThat(corrupt.out()).isEqualTo(reference.out());
        assertThat(corrupt.err()).isEqualTo(reference.err());
        assertThat(corrupt.exit()).isEqualTo(reference.exit());
        // The bad entries were dropped and written again: the next run is warm and still right.
        assertThat(scan(repo, "--staged").out()).isEqualTo(reference.out());
        for (Path entry : entries(cacheDir(repo))) {
            assertThat(Files.size(entry)).isGreaterThan(12);
        }
    }

    @Test
    void aReadOnlyViewServesHitsAndNeverWritesTouchesOrDeletes() throws Exception {
        Path dir = tmp.resolve("c");
        DiskCache cache = new DiskCache(dir, DiskCache.DEFAULT_MAX_BYTES);
        cache.put("a", outcome("one"));
        Path a = entries(dir).get(0);
        cache.put("broken", outcome("two"));
        List<Path> before = entries(dir);
        Path broken = before.stream().filter(p -> !p.equals(a)).findFirst().orElseThrow();
        Files.write(broken, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
        DiskCache readOnly = cache.readOnly();

        assertThat(readOnly.get("a")).contains(outcome("one"));
        assertThat(Files.getLastModifiedTime(a).toMillis()).isEqualTo(1_000_000L);
        assertThat(readOnly.get("broken")).isEmpty();
        readOnly.put("c", outcome("three"));
        readOnly.trim();
        assertThat(entries(dir)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(readOnly.get("c")).isEmpty();
        // The writable cache still deletes the broken entry and touches what it serves.
        assertThat(cache.get("broken")).isEmpty();
        assertThat(entries(dir)).hasSize(1);
    }

    @Test
    void aCacheFolderThatLinksOutOfTheGitDirIsNeverWrittenTouchedOrTrimmed() throws Exception {
        // The shard folder of key "a": the first two hex digits of its hash.
        DiskCache probe = new DiskCache(tmp.resolve("probe"), DiskCache.DEFAULT_MAX_BYTES);
        probe.put("a", outcome("one"));
        String shard = entries(tmp.resolve("probe")).get(0).getParent().getFileName().toString();
        for (String linked : List.of("fluxward", "fluxward/cache", "fluxward/cache/v1", "fluxward/cache/v1/" + shard)) {
            Path gitDir = tmp.resolve("links-" + linked.replace('/', '-')).resolve(".git");
            Path outside = tmp.resolve("outside-" + linked.replace('/', '-'));
            Files.createDirectories(outside);
            Path dir = gitDir.resolve("fluxward/cache/v1");
            Path link = gitDir.resolve(linked);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, outside);
            // A file where the cache would see an old entry of that shard (through the link), which trim would evict.
            Files.createDirectories(dir.resolve(shard));
            Path old = dir.resolve(shard).toRealPath().resolve("old-entry");
            Files.writeString(old, "not fluxward's");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));

            DiskCache cache = DiskCache.forGitDir(gitDir, 1);
            cache.put("a", outcome("one"));
            cache.trim();

            try (Stream<Path> files = Files.walk(outside.toRealPath())) {
                assertThat(files.filter(Files::isRegularFile).toList()).as(linked).containsExactly(old);
            }
            assertThat(Files.getLastModifiedTime(old).toMillis()).as(linked).isEqualTo(1_000_000L);
            assertThat(cache.get("a")).as(linked).isEmpty();
        }
        // The same cache without links writes as usual.
        DiskCache plain = DiskCache.forGitDir(tmp.resolve("plain/.git"), DiskCache.DEFAULT_MAX_BYTES);
        plain.put("a", outcome("one"));
        assertThat(plain.get("a")).contains(outcome("one"));
    }

    @Test
    void entryOfAnotherKeyIsAMiss() throws Exception {
        DiskCache cache = new DiskCache(tmp.resolve("c"), DiskCache.DEFAULT_MAX_BYTES);
        cache.put("a", outcome("one"));
        // An entry moved to another key's file (a hash collision, a copied folder) is not served.
        Path a = entries(tmp.resolve("c")).get(0);
        cache.put("b", outcome("two"));
        Path b = entries(tmp.resolve("c")).stream().filter(p -> !p.equals(a)).findFirst().orElseThrow();
        Files.copy(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).contains(outcome("one"));
    }

    @Test
    void randomBytesNeverDecodeAndNeverThrow() throws Exception {
        DiskCache cache = new DiskCache(tmp.resolve("c"), DiskCache.DEFAULT_MAX_BYTES);
        cache.put("k", outcome("x"));
        Path entry = entries(tmp.resolve("c")).get(0);
        byte[] good = Files.readAllBytes(entry);
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = java.util.Arrays.copyOf(good, random.nextInt(good.length + 8));
            for (int j = 0; j < 1 + random.nextInt(4) && bytes.length > 0; j++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Files.write(entry, bytes);
            Optional<Outcome> read = cache.get("k");
            // A damaged entry is never served; only an undamaged one (a mutation that wrote the same byte) is.
            if (read.isPresent()) {
                assertThat(read.get()).isEqualTo(outcome("x"));
            }
        }
    }

    @Test
    void concurrentRunsShareTheCacheSafely() throws Exception {
        TestRepo repo = repository();
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        Fluxward.Result reference = scan(repo, "--staged", "--no-cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                // Each round starts cold: several runs write the same entries at once.
                deleteTree(repo.dir.resolve(".git/fluxward"));
                List<Future<Fluxward.Result>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<Fluxward.Result> run = () -> scan(repo, "--staged");
                    runs.add(pool.submit(run));
                }
                for (Future<Fluxward.Result> run : runs) {
                    Fluxward.Result r = run.get();
                    assertThat(r.out()).isEqualTo(reference.out());
                    assertThat(r.exit()).isEqualTo(reference.exit());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.walk(cacheDir(repo))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
        }
        assertThat(scan(repo, "--staged").out()).isEqualTo(reference.out());
    }

    @Test
    void concurrentProcessesShareTheCacheSafely() throws Exception {
        TestRepo repo = repository();
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        Fluxward.Result reference = Fluxward.run("scan", "--staged", "--no-cache", "--fail-on", "never", "-f", "text",
                repo.dir.toString());
        assertThat(reference.out()).contains("apps/leak.yaml");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(javaBin, "-cp", System.getProperty("java.class.path"), "io.fluxward.cli.Main", "scan",
                "--staged", "--fail-on", "never", "-f", "text", repo.dir.toString());
        List<java.util.concurrent.CompletableFuture<TestRepo.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> repo.run(command, java.util.Map.of())));
        }
        for (var run : runs) {
            TestRepo.Run r = run.get();
            assertThat(r.out()).as(r.err()).isEqualTo(reference.out());
            assertThat(r.exit()).isEqualTo(reference.exit());
        }
    }

    @Test
    void configurationAndRuleSelectionChangesAreNotServedOldOutcomes() throws Exception {
        TestRepo repo = repository();
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        Fluxward.Result before = scan(repo, "--staged");
        assertThat(before.out()).contains("FW-S001");
        // Warm cache, then the staged config turns the rule off: the cached outcome must not be reused.
        repo.write(".fluxward.yaml", "rules:\n  FW-S001:\n    enabled: false\n").add(".fluxward.yaml");
        Fluxward.Result off = scan(repo, "--staged");
        assertThat(off.out()).isEqualTo(scan(repo, "--staged", "--no-cache").out()).doesNotContain("FW-S001");
        // A level override changes what the same findings look like.
        repo.write(".fluxward.yaml", "rules:\n  FW-S001:\n    level: note\n").add(".fluxward.yaml");
        Fluxward.Result note = scan(repo, "--staged");
        assertThat(note.out()).isEqualTo(scan(repo, "--staged", "--no-cache").out()).contains("\"note\"");
        // Command-line selection is part of the key too.
        Fluxward.Result disabled = scan(repo, "--staged", "--disable", "FW-S001");
        assertThat(disabled.out()).doesNotContain("FW-S001");
        Fluxward.Result again = scan(repo, "--staged");
        assertThat(again.out()).isEqualTo(note.out());
    }

    @Test
    void cacheFolderStaysBoundedAndKeepsRecentlyUsedEntries() throws Exception {
        Path dir = tmp.resolve("bounded");
        DiskCache cache = new DiskCache(dir, 20_000);
        long old = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 200; i++) {
            cache.put("key-" + i, outcome("finding " + i));
        }
        // Make age explicit (file times have coarse resolution on some file systems).
        int n = 0;
        for (Path p : entries(dir)) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(old + n++));
        }
        assertThat(cache.get("key-5")).isPresent(); // used now: the most recent entry
        cache.trim();
        assertThat(totalBytes(dir)).isLessThanOrEqualTo(20_000L * 3 / 4);
        assertThat(cache.get("key-5")).contains(outcome("finding 5"));
        assertThat(entries(dir).size()).isLessThan(200);
    }

    @Test
    void onlyTheRunThatFillsAQuarterOfTheBoundEvicts() throws Exception {
        Path dir = tmp.resolve("ledger");
        DiskCache generous = new DiskCache(dir, 100_000_000);
        for (int i = 0; i < 400; i++) {
            generous.put("old-" + i, outcome("finding " + i));
        }
        generous.trim();
        int filled = entries(dir).size();
        long old = System.currentTimeMillis() - 3_600_000;
        for (Path p : entries(dir)) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(old));
        }
        assertThat(totalBytes(dir)).isGreaterThan(20_000);

        // A run that writes little under a smaller bound: counted, not evicted yet.
        DiskCache small = new DiskCache(dir, 20_000);
        small.put("new-0", outcome("finding new"));
        small.trim();
        assertThat(entries(dir)).hasSize(filled + 1);

        // The run whose writes cross a quarter of the bound evicts, the old entries first.
        DiskCache crossing = new DiskCache(dir, 20_000);
        for (int i = 0; i < 100; i++) {
            crossing.put("newer-" + i, outcome("finding newer " + i));
        }
        crossing.trim();
        assertThat(totalBytes(dir)).isLessThanOrEqualTo(20_000L * 3 / 4);
        assertThat(crossing.get("newer-99")).contains(outcome("finding newer 99"));
    }

    @Test
    void noSecretValueIsStoredAndNothingLandsInTheWorkTreeOrIndex() throws Exception {
        TestRepo repo = repository();
        repo.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        String statusBefore = repo.ok("status", "--porcelain", "--untracked-files=all").out();
        scan(repo, "--staged");
        scan(repo, "--head", "HEAD");
        assertThat(repo.ok("status", "--porcelain", "--untracked-files=all").out()).isEqualTo(statusBefore);
        List<Path> written = entries(cacheDir(repo));
        assertThat(written).isNotEmpty();
        for (Path entry : written) {
            String text = new String(Files.readAllBytes(entry), StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("hunter2").doesNotContain("canary");
        }
    }

    @Test
    void linkedWorktreesShareTheCacheOfTheCommonGitDir() throws Exception {
        TestRepo main = repository();
        Path other = tmp.resolve("feature-wt");
        main.ok("worktree", "add", "-q", "-b", "feature", other.toString());
        TestRepo feature = main.at(other);
        feature.write("apps/leak.yaml", PLAIN.replace("name: db", "name: leak")).add(".");
        Fluxward.Result reference = scan(feature, "--staged", "--no-cache");
        assertThat(scan(feature, "--staged").out()).isEqualTo(reference.out());
        assertThat(entries(cacheDir(main))).isNotEmpty();
        assertThat(other.resolve("fluxward")).doesNotExist();
        try (Stream<Path> files = Files.walk(main.dir.resolve(".git/worktrees"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("fluxward"))).isEmpty();
        }
        assertThat(scan(feature, "--staged").out()).isEqualTo(reference.out());
    }

    private static Outcome outcome(String message) {
        Finding f = new Finding("FW-S001", Level.ERROR, new Location("apps/a.yaml", new Span(3, 5, 3, 9)), message, "",
                List.of(new Finding.Related(new Location("apps/b.yaml", new Span(1, 1, 1, 2)), "other")));
        return new Outcome(List.of(new Outcome.Reported(f, "key:stringData.password")), 2,
                List.of(Note.warning("apps/a.yaml", "a note")));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
