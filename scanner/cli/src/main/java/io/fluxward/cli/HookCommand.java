package io.fluxward.cli;

import io.fluxward.git.GitRepository;
import io.fluxward.git.HookInstaller;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxward hook install|uninstall}: the git pre-commit (and pre-merge-commit) hook. */
@Command(name = "hook", description = "Install or remove the git pre-commit and pre-merge-commit hooks that scan staged changes.",
        subcommands = {HookCommand.Install.class, HookCommand.Uninstall.class})
public final class HookCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where the repository is: {@code --repo DIR}, default the current folder. */
    static final class RepoOption {
        @Option(names = "--repo", paramLabel = "DIR", description = "A folder inside the repository (default: current folder).")
        Path repo = Path.of(".");
    }

    /** {@code hook install [--force]}. */
    @Command(name = "install", description = "Write the pre-commit hook, and the pre-merge-commit hook git runs for a merge "
            + "without conflicts, into the folder git runs hooks from (core.hooksPath when set). An existing hook is "
            + "kept unless --force, which chains it.")
    static final class Install implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        RepoOption where;

        @Option(names = "--force", description = "Replace a foreign hook: it is kept as NAME.pre-fluxward "
                + "(pre-commit.pre-fluxward...) and runs first.")
        boolean force;

        @CommandLine.Parameters(paramLabel = "PATH", arity = "0..*", description = "The folders the hooks scan (default: the "
                + "whole work tree), as 'scan --staged PATH' does: the GitOps repository of a monorepo, with its own "
                + ".fluxward.yaml. Recorded relative to the top of the work tree.")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--config", paramLabel = "FILE", description = "The configuration the hooks scan with (default: the "
                + "scanned folder's staged .fluxward.yaml, else the one at the top).")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (GitRepository repo = GitRepository.open(where.repo)) {
                if (repo.hooksPathSet() && Files.exists(repo.hooksDirectory())
                        && !Files.isDirectory(repo.hooksDirectory())) {
                    err.println("fluxward: core.hooksPath " + repo.hooksDirectory() + " is a file, not a folder: git "
                            + "cannot run hooks from it (point core.hooksPath at a folder, or unset it)");
                    return ExitCodes.USAGE;
                }
                List<String> scanArgs = scanArgs(repo.workTree(), paths, config);
                List<String> command = selfCommand();
                String script = HookInstaller.script(HookInstaller.commandLine(command), HookInstaller.commandLine(scanArgs));
                List<HookInstaller.Outcome> outcomes = HookInstaller.install(repo.hooksDirectory(), script, force);
                boolean ok = outcomes.stream().allMatch(HookInstaller.Outcome::ok);
                outcomes.forEach(o -> (o.ok() ? out : err).println("fluxward: " + o.message()));
                if (ok && !scanArgs.isEmpty()) {
                    out.println("fluxward: the hooks run 'fluxward scan --staged " + String.join(" ", scanArgs)
                            + "' from the top of the work tree (install again without them to scan all of it)");
                }
                if (ok) {
                    serverTip(command, System.getenv()).ifPresent(tip -> out.println("fluxward: " + tip));
                }
                // A refusal (another hook is there) is no finding: exit 1 is for findings only.
                return ok ? ExitCodes.CLEAN : ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("fluxward: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    /**
     * What the hook adds to {@code scan --staged}: {@code --config FILE} and the folders, relative to the top of the work
     * tree (where git runs hooks, in every linked worktree); a config outside the work tree stays absolute.
     */
    static List<String> scanArgs(Path workTree, List<Path> paths, Path config) throws IOException {
        Path top = workTree.toRealPath();
        List<String> args = new ArrayList<>();
        if (config != null) {
            Path file = existing(config, "--config");
            if (!Files.isRegularFile(file)) {
                throw new IOException("--config " + config + ": not a file");
            }
            args.add("--config");
            args.add(file.startsWith(top) ? top.relativize(file).toString() : file.toString());
        }
        List<String> folders = new ArrayList<>();
        for (Path path : paths) {
            Path dir = existing(path, path.toString());
            if (!dir.startsWith(top)) {
                throw new IOException(path + ": not inside the work tree " + top + " (the hooks scan what is staged there)");
            }
            String relative = top.relativize(dir).toString();
            folders.add(relative.isEmpty() ? "." : relative);
        }
        if (!folders.isEmpty() && !folders.equals(List.of("."))) {
            args.add("--");
            args.addAll(folders);
        }
        return args;
    }

    private static Path existing(Path path, String what) throws IOException {
        try {
            return path.toAbsolutePath().toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(what + ": no such file or folder", e);
        }
    }

    /** {@code hook uninstall}. */
    @Command(name = "uninstall", description = "Remove fluxward's pre-commit and pre-merge-commit hooks and restore the hooks "
            + "they chained, if any.")
    static final class Uninstall implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        RepoOption where;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (GitRepository repo = GitRepository.open(where.repo)) {
                List<HookInstaller.Outcome> outcomes = HookInstaller.uninstall(repo.hooksDirectory());
                boolean removed = outcomes.stream().anyMatch(HookInstaller.Outcome::removed);
                for (HookInstaller.Outcome o : outcomes) {
                    // A hook fluxward never wrote (pre-merge-commit, from before it did) is not worth a line.
                    if (!(removed && o.action() == HookInstaller.Action.NOT_INSTALLED)) {
                        (o.ok() ? out : err).println("fluxward: " + o.message());
                    }
                }
                // A foreign hook is an error only when none of fluxward's was there to remove.
                boolean foreign = outcomes.stream().anyMatch(o -> !o.ok());
                return removed || !foreign ? ExitCodes.CLEAN : ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("fluxward: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    /**
     * A hint, when the hook runs the launcher without the resident server: in a JVM of its own each commit
     * pays a JVM start and a full check of the index (over a second on a 10,000-file repository).
     */
    static Optional<String> serverTip(List<String> command, Map<String, String> env) {
        boolean launcher = command.size() == 1;
        boolean server = List.of("1", "true", "yes", "on").contains(env.getOrDefault("FLUXWARD_DAEMON", ""));
        return launcher && !server ? Optional.of("tip: with FLUXWARD_DAEMON=1 in your shell profile the hook's checks run in "
                + "a resident server that scans a change as soon as it is staged (about 0.1 s a commit on large "
                + "repositories instead of a JVM start and a full check; README, \"Resident server\")") : Optional.empty();
    }

    /**
     * How the hook should run this fluxward: the {@code ./fluxward} launcher when it started us
     * (it rebuilds after updates), else this jar with this Java, else this class path.
     */
    static List<String> selfCommand() {
        String launcher = System.getenv("FLUXWARD_LAUNCHER");
        if (launcher != null && !launcher.isBlank() && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> words = new ArrayList<>();
        words.add(java);
        try {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
                words.add("-jar");
                words.add(code.toAbsolutePath().toString());
                return words;
            }
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            // Fall through to the class path.
        }
        words.add("-cp");
        words.add(System.getProperty("java.class.path"));
        words.add(Main.class.getName());
        return words;
    }
}
