package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.schema.ApiMigration;
import io.fluxward.schema.LineEdits;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxward migrate --apis [PATH] [--write]}: upgrades deprecated Flux and External
 * Secrets API versions where only the version changes, as a unified diff on stdout (or in place
 * with {@code --write}), and lists on stderr the objects that need more than that.
 */
@Command(name = "migrate", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {"Upgrade deprecated API versions where the schema is unchanged.",
            "Prints a unified diff (apply it with 'git apply'); --write changes the files instead.",
            "Objects whose fields changed in the new version are listed with what remains to do."})
public final class MigrateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--apis", required = true,
            description = "Migrate deprecated Flux and External Secrets apiVersions (see 'fluxward explain FW-F010').")
    private boolean apis;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "Repository folder or file (default: current folder).")
    private Path path;

    @Option(names = "--write", description = "Change the files in place instead of printing a diff.")
    private boolean write;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: .fluxward.yaml at the root); flux.version and eso.version "
                    + "select what is migrated, as for FW-F010.")
    private Path config;

    @Mixin
    private RuleLoading ruleLoading;

    @Mixin
    private SchemaOptions schemaOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return migrate(out, err);
        } catch (ConfigException | IOException e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private int migrate(PrintWriter out, PrintWriter err) throws IOException, ConfigException {
        RuleSet rules = ruleLoading.load();
        List<ScanTarget> targets = ScanTarget.of(List.of(path == null ? Path.of(".") : path));
        ScanTarget target = targets.get(0);
        Config cfg = schemaOptions.apply(ConfigFiles.load(config, target, rules.descriptors()), err);
        ScanOptions options = ScanOptions.defaults();
        if (!target.onlyFiles().isEmpty()) {
            options = options.withInclude(target.onlyFiles()::contains);
        }
        List<Note> notes = Collections.synchronizedList(new ArrayList<>());
        WorkTreeSnapshot snapshot = new WorkTreeSnapshot(target.root());
        cfg.checkSchemaFolders(snapshot);
        RepositoryModel model = new Scanner(rules).model(snapshot, cfg, options, notes);
        ApiMigration.Plan plan = ApiMigration.plan(model);

        Map<String, List<ApiMigration.Edit>> planned = new LinkedHashMap<>();
        plan.edits().forEach(e -> planned.computeIfAbsent(e.location().path(), k -> new ArrayList<>()).add(e));
        Map<String, List<ApiMigration.Edit>> byFile = followLinks(target.root(), planned);
        int changed = 0;
        List<String> skipped = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        for (Map.Entry<String, List<ApiMigration.Edit>> file : byFile.entrySet()) {
            Path onDisk = target.root().resolve(file.getKey());
            String shown = target.pathPrefix() + file.getKey();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(onDisk);
            } catch (IOException e) {
                throw new IOException("error: " + shown + ": cannot read: " + reason(e, onDisk), e);
            }
            String before = LineEdits.decode(bytes).orElse(null);
            String after = before == null ? null : LineEdits.apply(before, replacements(file.getValue())).orElse(null);
            if (after == null) {
                skipped.add(file.getKey());
                continue;
            }
            Optional<String> diff = write ? Optional.of("") : LineEdits.diff(shown, before, after);
            if (diff.isEmpty()) {
                withheld.add(file.getKey());
                continue;
            }
            changed += file.getValue().size();
            if (write) {
                try {
                    replace(onDisk, after.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IOException("error: " + shown + ": cannot write: " + reason(e, onDisk), e);
                }
            } else {
                out.print(diff.get());
            }
        }
        out.flush();
        schemaOptions.printLateProblems(err);
        summary(err, plan, changed, byFile.size() - skipped.size() - withheld.size(), skipped, withheld,
                target.pathPrefix());
        return ExitCodes.CLEAN;
    }

    /**
     * The files to change, each once: a symbolic link (the scan reads in-folder links as their target)
     * is not a file of its own, as git stores the link, so its edits go to the file it points at.
     */
    private static Map<String, List<ApiMigration.Edit>> followLinks(Path root, Map<String, List<ApiMigration.Edit>> byFile)
            throws IOException {
        Path realRoot = root.toRealPath();
        Map<String, List<ApiMigration.Edit>> out = new TreeMap<>();
        Map<String, List<ApiMigration.Edit>> viaLinks = new TreeMap<>();
        for (Map.Entry<String, List<ApiMigration.Edit>> file : byFile.entrySet()) {
            Path onDisk = root.resolve(file.getKey());
            if (!Files.isSymbolicLink(onDisk)) {
                out.put(file.getKey(), file.getValue());
                continue;
            }
            Path real = onDisk.toRealPath();
            if (real.startsWith(realRoot)) {
                viaLinks.putIfAbsent(realRoot.relativize(real).toString().replace('\\', '/'), file.getValue());
            }
        }
        // Same bytes, same edits: the target's own, when it was scanned too.
        viaLinks.forEach(out::putIfAbsent);
        return out;
    }

    /**
     * Replaces a file's content whole or not at all: a file this process may not write fails before
     * anything is written, and the new content goes to a file beside it that is then renamed over it.
     */
    private static void replace(Path file, byte[] content) throws IOException {
        // Opened for writing without truncating: a read-only file stays untouched (a rename would not ask).
        try (FileChannel check = FileChannel.open(file, StandardOpenOption.WRITE)) {
            check.size();
        }
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".fluxward");
        try {
            Files.write(temp, content);
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (view != null) {
                PosixFileAttributes was = Files.readAttributes(file, PosixFileAttributes.class);
                view.setPermissions(was.permissions());
                try {
                    view.setOwner(was.owner());
                    view.setGroup(was.group());
                } catch (IOException e) {
                    // Only root may give a file away; the user's own file keeps the user as its owner anyway.
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The cause of a failed read or write, as scan words it ({@code permission denied}). */
    private static String reason(IOException e, Path file) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason().isEmpty() ? fse.getReason()
                    : Character.toLowerCase(fse.getReason().charAt(0)) + fse.getReason().substring(1);
        } else {
            why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        boolean elsewhere = e instanceof FileSystemException fse && fse.getFile() != null
                && !Path.of(fse.getFile()).equals(file);
        return elsewhere ? why + " (in its folder)" : why;
    }

    private static List<LineEdits.Replacement> replacements(List<ApiMigration.Edit> edits) {
        List<LineEdits.Replacement> out = new ArrayList<>();
        for (ApiMigration.Edit e : edits) {
            var span = e.location().span();
            out.add(new LineEdits.Replacement(span.line(), span.column(), span.endColumn(), e.from(), e.to()));
        }
        return out;
    }

    private void summary(PrintWriter err, ApiMigration.Plan plan, int changed, int files, List<String> skipped,
                         List<String> withheld, String prefix) {
        if (changed == 0 && plan.manual().isEmpty() && skipped.isEmpty() && withheld.isEmpty()) {
            err.println("fluxward: no deprecated API version to migrate");
            err.flush();
            return;
        }
        if (changed > 0) {
            err.println("fluxward: " + (write ? "changed " : "the diff changes ") + changed + " API version"
                    + (changed == 1 ? "" : "s") + " in " + files + " file" + (files == 1 ? "" : "s")
                    + (write ? "" : "; apply it with 'git apply' or run again with --write"));
        }
        for (String s : skipped) {
            err.println("fluxward: warning: " + prefix + s + ": not changed (not UTF-8, or changed while reading)");
        }
        for (String w : withheld) {
            // A diff's lines are printed as they are in the file (git apply compares them), so none can be masked.
            err.println("fluxward: warning: " + prefix + w + ": not in the diff: a line of its change may hold a secret"
                    + " value, which fluxward never prints; run again with --write to change it");
        }
        if (!plan.manual().isEmpty()) {
            err.println("fluxward: " + plan.manual().size() + " to change by hand:");
            for (ApiMigration.Manual m : plan.manual()) {
                err.println("  " + prefix + m.location().path() + ":" + m.location().line() + " " + m.what() + ": "
                        + m.from() + " -> " + m.to());
                m.reasons().forEach(r -> err.println("      " + r));
            }
        }
        err.flush();
    }
}
