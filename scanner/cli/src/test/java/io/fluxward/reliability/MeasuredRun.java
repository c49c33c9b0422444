package io.fluxward.reliability;

import io.fluxward.cli.Main;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run of the command line with its cost: in this JVM ({@link io.fluxward.cli.CliRun}, plus the
 * time it took and the heap it peaked at) or in a fresh one ({@code java -Xmx256m ... Main}, plus
 * its real exit code and streams).
 */
record MeasuredRun(int exit, String out, String err, long millis, long peakHeapBytes) {

    private static final Pattern FINDING = Pattern.compile("^(\\S.*?):(\\d+):(\\d+): (error|warning|note) (FW-[A-Z]\\d{3}) ",
            Pattern.MULTILINE);

    /** Runs {@code fluxward args...} in this JVM. */
    static MeasuredRun inProcess(String... args) {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        io.fluxward.cli.CliRun run = io.fluxward.cli.CliRun.of(args);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new MeasuredRun(run.exit(), run.out(), run.err(), millis, peakHeap());
    }

    /** Runs {@code fluxward args...} in a new JVM with {@code jvmOptions}; kills it after {@code timeoutSeconds}. */
    static MeasuredRun forked(List<String> jvmOptions, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("fluxward-out", ".txt");
        Path err = Files.createTempFile("fluxward-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("FLUXWARD_DEBUG");
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("fluxward " + String.join(" ", args) + " still running after " + timeoutSeconds + " s");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new MeasuredRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis, -1);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The class path of this test JVM (surefire puts the real one in a property when it uses a manifest jar). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    /** {@code path:line RULE} of every finding in the text output, sorted. */
    List<String> findings() {
        List<String> found = new ArrayList<>();
        Matcher m = FINDING.matcher(out);
        while (m.find()) {
            found.add(m.group(1) + ":" + m.group(2) + " " + m.group(5));
        }
        found.sort(null);
        return found;
    }

    /** The note lines on stderr ({@code fluxward: warning: path: message}), without the summary lines. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.matches("^fluxward: (info|warning|error): .*")) {
                notes.add(line.substring("fluxward: ".length()));
            }
        }
        return notes;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
