package io.fluxward.cli;

import io.fluxward.baseline.Baseline;
import io.fluxward.config.Config;
import io.fluxward.config.IgnorePatterns;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.report.TextReporter;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fluxward baseline create|check}: accept existing findings, and see which accepted ones are gone. */
@Command(name = "baseline", description = "Record the current findings as accepted debt, or check which recorded ones are gone.",
        subcommands = {BaselineCommand.Create.class, BaselineCommand.Check.class})
public final class BaselineCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static Baseline read(Path file) throws IOException, Baseline.BaselineException {
        try {
            return Baseline.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new Baseline.BaselineException(file + ": baseline file not found (create it with 'fluxward baseline create')");
        } catch (CharacterCodingException e) {
            throw new Baseline.BaselineException(file + ": not a fluxward baseline (not UTF-8 text)");
        } catch (IOException e) {
            // The JDK's message alone ("Is a directory") would not say which file.
            throw new Baseline.BaselineException(file + ": cannot read the baseline ("
                    + (Files.isDirectory(file) ? "a folder" : e.getClass().getSimpleName()) + ")");
        }
    }

    /** Options shared by both subcommands: what to scan and how. */
    static final class Target {
        @Option(names = "--path", paramLabel = "DIR", description = "Folder to scan (default: current folder).")
        Path path = Path.of(".");

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: .fluxward.yaml).")
        Path config;

        @Mixin
        RuleLoading ruleLoading;

        /** Scans the folder the way {@code fluxward scan} does (in git: the files git sees), so fingerprints match. */
        Scanned scan(PrintWriter err) throws IOException, ConfigException {
            RuleSet rules = ruleLoading.load();
            List<ScanTarget> targets = ScanTarget.of(List.of(path), System.getenv());
            ScanTarget target = targets.get(0);
            if (!target.onlyFiles().isEmpty()) {
                throw new IOException(path + ": give a folder, not a file");
            }
            Config cfg = ConfigFiles.load(config, target, rules.descriptors());
            List<String> warnings = new java.util.ArrayList<>();
            Snapshot files = ScanCommand.workTreeNow(target, System.getenv(), warnings);
            warnings.forEach(w -> err.println("fluxward: warning: " + w));
            Snapshot scanned = files.at(target.pathPrefix());
            cfg.checkSchemaFolders(scanned);
            ScanResult result = new Scanner(rules).scan(scanned, cfg, ScanOptions.defaults());
            return new Scanned(result, target.pathPrefix(), covered(target.pathPrefix(), cfg, result));
        }
    }

    /**
     * The entries a scan can judge: of files below its folder that the configuration does not ignore and that
     * were read without a warning, for rules that ran. The findings of the other entries were not looked for.
     */
    static Predicate<Baseline.Entry> covered(String prefix, Config cfg, ScanResult result) {
        IgnorePatterns ignore = cfg.ignored();
        Set<String> ran = result.rules().stream().map(RuleDescriptor::id).collect(Collectors.toSet());
        // Files that could not be read (over the size limit, unreadable, a rule failed on them) or whole folders.
        List<String> unread = result.notes().stream()
                .filter(n -> n.kind() != Note.Kind.INFO && n.path() != null && !n.path().isEmpty())
                .map(Note::path).toList();
        return e -> {
            if (!e.path().startsWith(prefix) || !ran.contains(e.rule())) {
                return false;
            }
            String rel = e.path().substring(prefix.length());
            return !ignore.excludes(rel) && unread.stream().noneMatch(p -> rel.equals(p) || rel.startsWith(p + "/"));
        };
    }

    /** What a scan found, the prefix of its paths below the git top-level, and the entries it can judge. */
    record Scanned(ScanResult result, String prefix, Predicate<Baseline.Entry> covers) {
    }

    /** {@code baseline create [FILE]}. */
    @Command(name = "create", description = "Scan and record every current finding in FILE (default: "
            + Baseline.DEFAULT_FILE + "), so that 'scan --baseline FILE' reports only new ones.")
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Baseline file to write.")
        Path file = Path.of(Baseline.DEFAULT_FILE);

        @Mixin
        Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Scanned scanned = target.scan(err);
                Baseline baseline = Baseline.of(scanned.result().findings(), scanned.prefix());
                write(file, baseline);
                out.println("fluxward: recorded " + baseline.entries().size() + " finding"
                        + (baseline.entries().size() == 1 ? "" : "s") + " in " + file
                        + "; use it with 'fluxward scan --baseline " + file + "'");
                return ExitCodes.CLEAN;
            } catch (IOException | ConfigException e) {
                err.println("fluxward: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    /** {@code baseline check [FILE] [--prune]}. */
    @Command(name = "check", description = "List baseline entries that no longer match a finding (fixed debt); "
            + "exit 1 when there are any, so the file keeps shrinking.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Baseline file to check.")
        Path file = Path.of(Baseline.DEFAULT_FILE);

        @Option(names = "--prune", description = "Remove the entries that no longer match from FILE (exit 0).")
        boolean prune;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Baseline baseline = read(file);
                Scanned scanned = target.scan(err);
                List<Baseline.Entry> stale = baseline.stale(scanned.result().findings(), scanned.prefix(),
                        scanned.covers());
                long checked = baseline.entries().stream().filter(scanned.covers()).count();
                long outside = baseline.entries().size() - checked;
                // Findings still there without some of the values they were accepted with (keys removed from a Secret).
                java.util.Map<Baseline.Entry, Baseline.Entry> shrunk = baseline.shrunk(scanned.result().findings(),
                        scanned.prefix(), scanned.covers());
                for (Baseline.Entry e : stale) {
                    out.println(TextReporter.printable(e.path() + ": " + e.rule() + " " + e.fingerprint()) + ": no longer found");
                }
                shrunk.forEach((e, left) -> out.println(TextReporter.printable(e.path() + ": " + e.rule() + " "
                        + e.fingerprint()) + ": " + (e.parts().size() - left.parts().size()) + " of its " + e.parts().size()
                        + " values no longer found"));
                int kept = baseline.entries().size() - stale.size();
                if (prune && (!stale.isEmpty() || !shrunk.isEmpty())) {
                    write(file, baseline.without(stale).replacing(shrunk));
                    int values = shrunk.entrySet().stream()
                            .mapToInt(x -> x.getKey().parts().size() - x.getValue().parts().size()).sum();
                    List<String> removed = new java.util.ArrayList<>();
                    if (!stale.isEmpty()) {
                        removed.add(stale.size() + " stale entr" + (stale.size() == 1 ? "y" : "ies"));
                    }
                    if (values > 0) {
                        removed.add(values + " value" + (values == 1 ? "" : "s") + " no longer found");
                    }
                    out.println("fluxward: removed " + String.join(" and ", removed) + " from " + file + " (" + kept + " left)");
                    return ExitCodes.CLEAN;
                }
                out.println("fluxward: " + stale.size() + " of " + checked + " baseline entries no longer match"
                        + (shrunk.isEmpty() ? "" : ", " + shrunk.size() + " more match" + (shrunk.size() == 1 ? "es" : "")
                        + " without some of " + (shrunk.size() == 1 ? "its" : "their") + " values")
                        + (outside == 0 ? "" : " (" + outside + " not checked: their files or rules are outside this scan)")
                        + (stale.isEmpty() && shrunk.isEmpty() ? ""
                        : "; drop them with 'fluxward baseline check --prune " + file + "'"));
                return stale.isEmpty() && shrunk.isEmpty() ? ExitCodes.CLEAN : ExitCodes.FINDINGS;
            } catch (Baseline.BaselineException | IOException | ConfigException e) {
                err.println("fluxward: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    /**
     * Writes atomically, so an interrupted run never leaves half a baseline. The file is committed and read by CI jobs
     * of other users: a new one gets the mode any new file gets (the umask's), a replaced one keeps its own.
     */
    static void write(Path file, Baseline baseline) throws IOException {
        try {
            writeAtomically(file.toAbsolutePath(), baseline);
        } catch (IOException e) {
            // Named as asked, not by the temporary file the failure names.
            throw new IOException("error: " + file + ": cannot write: " + reason(e, file), e);
        }
    }

    /** Why {@code file} could not be written, in terms of the path asked for (not the temporary file beside it). */
    private static String reason(IOException e, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        Path shown = file.getParent() != null ? file.getParent() : Path.of(".");
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return Files.isDirectory(folder) ? "files cannot be created in " + shown : "no such folder: " + shown;
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isEmpty()) {
            return Character.toLowerCase(f.getReason().charAt(0)) + f.getReason().substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void writeAtomically(Path abs, Baseline baseline) throws IOException {
        Files.createDirectories(abs.getParent());
        // Not Files.createTempFile: it makes the file readable by its owner only, whatever the umask.
        Path tmp = abs.resolveSibling(".fluxward-baseline-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".tmp");
        try {
            Files.writeString(tmp, baseline.toJson(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            keepMode(abs, tmp);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Gives {@code replacement} the permissions of the regular file {@code original}, where there is one. */
    private static void keepMode(Path original, Path replacement) {
        try {
            if (Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(original, LinkOption.NOFOLLOW_LINKS));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or not ours to change: the new file's default mode stays.
        }
    }
}
