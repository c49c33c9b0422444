import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Renders every kustomization folder of a corpus of repositories with fluxward's in-process
 * kustomize and (with --kubectl) with `kubectl kustomize` on each folder, and prints time per folder.
 * CPU time is reported next to wall time because the machine may be shared.
 *
 * Usage: java -cp scanner/cli/target/fluxward.jar bench/KustomizeCorpus.java CORPUS_DIR [--kubectl] [--rounds N]
 */
public final class KustomizeCorpus {

    private KustomizeCorpus() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        boolean kubectl = List.of(args).contains("--kubectl");
        int rounds = List.of(args).contains("--rounds") ? Integer.parseInt(args[List.of(args).indexOf("--rounds") + 1]) : 3;
        List<Path> repos = new ArrayList<>();
        try (Stream<Path> s = Files.list(corpus)) {
            s.filter(Files::isDirectory).sorted().forEach(repos::add);
        }
        RuleSet rules = RuleSet.load(List.of());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> perFolder = new ArrayList<>();
        List<String[]> folders = new ArrayList<>();
        long loadWall = 0;
        long renderWall = 0;
        long renderCpu = 0;
        int resources = 0;
        for (int round = 0; round < rounds; round++) {
            boolean last = round == rounds - 1;
            for (Path repo : repos) {
                long t0 = System.nanoTime();
                RepositoryModel model = new Scanner(rules).model(new WorkTreeSnapshot(repo), Config.empty(),
                        ScanOptions.defaults(), new ArrayList<Note>());
                long t1 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                Kustomize k = model.facet(Kustomize.FACET);
                for (FileModel f : k.kustomizationFiles()) {
                    if (Kustomize.isComponent(f)) {
                        continue;
                    }
                    long s = System.nanoTime();
                    Build b = k.build(f.file().directory());
                    long e = System.nanoTime();
                    if (last) {
                        perFolder.add(e - s);
                        resources += b.resources().size();
                        folders.add(new String[] {repo.toString(), f.file().directory()});
                    }
                }
                long c1 = threads.getCurrentThreadCpuTime();
                long t2 = System.nanoTime();
                if (last) {
                    loadWall += t1 - t0;
                    renderWall += t2 - t1;
                    renderCpu += c1 - c0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "repositories: %d, folders rendered: %d, objects: %d (round %d of %d, JIT warm)%n",
                repos.size(), perFolder.size(), resources, rounds, rounds);
        System.out.printf(Locale.ROOT, "fluxward: read+parse repositories %.2f s; render all folders %.2f s wall, %.2f s CPU%n",
                loadWall / 1e9, renderWall / 1e9, renderCpu / 1e9);
        System.out.println("fluxward per folder (memoized as in a scan): " + distribution(perFolder));
        if (kubectl) {
            List<Long> wall = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            for (String[] f : folders) {
                long[] t = kubectl(Path.of(f[0]).resolve(f[1].isEmpty() ? "." : f[1]));
                wall.add(t[0]);
                cpu.add(t[1]);
            }
            System.out.printf(Locale.ROOT, "kubectl kustomize, one process per folder: %.1f s wall, %.1f s CPU%n",
                    sum(wall) / 1e9, sum(cpu) / 1e9);
            System.out.println("kubectl per folder wall: " + distribution(wall));
            System.out.println("kubectl per folder CPU:  " + distribution(cpu));
        }
    }

    /** Wall and CPU (user+sys, from /usr/bin/time) nanoseconds of one kubectl run. */
    private static long[] kubectl(Path dir) throws IOException, InterruptedException {
        Path times = Files.createTempFile("kubectl-time", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "-o", times.toString(),
                    "/usr/bin/kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", dir.toString());
            pb.environment().put("GIT_ALLOW_PROTOCOL", "file");
            pb.environment().put("HTTPS_PROXY", "http://127.0.0.1:9");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            long s = System.nanoTime();
            pb.start().waitFor();
            long wall = System.nanoTime() - s;
            String[] parts = Files.readString(times).strip().split("\\s+");
            long cpu = parts.length < 2 ? 0
                    : (long) ((Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1])) * 1e9);
            return new long[] {wall, cpu};
        } finally {
            Files.deleteIfExists(times);
        }
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static String distribution(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms",
                sum(sorted) / 1e6 / sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.95)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
