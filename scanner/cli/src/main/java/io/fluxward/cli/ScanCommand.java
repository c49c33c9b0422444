package io.fluxward.cli;

import io.fluxward.Version;
import io.fluxward.baseline.Baseline;
import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.config.ConfigFile;
import io.fluxward.engine.Finding;
import io.fluxward.engine.FindingFilter;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.engine.Timings;
import io.fluxward.flux.FluxModel;
import io.fluxward.git.GitException;
import io.fluxward.git.GitRepository;
import io.fluxward.git.GitSnapshots;
import io.fluxward.git.IgnoreSources;
import io.fluxward.graph.FluxGraph;
import io.fluxward.graph.MermaidRenderer;
import io.fluxward.model.FileType;
import io.fluxward.model.Note;
import io.fluxward.report.MarkdownReporter;
import io.fluxward.report.ReportContext;
import io.fluxward.report.Reporter;
import io.fluxward.report.Reporters;
import io.fluxward.report.TextReporter;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fluxward scan [PATH...]}. */
@Command(name = "scan", description = "Scan folders or files and report policy findings.", sortOptions = false)
public final class ScanCommand implements Callable<Integer> {

    /** The console formats; {@code --sarif} writes SARIF in addition to any of them. */
    enum FailOn {
        error, warning, note, never;

        /** The worst finding at or above this level, the one that makes the run exit 1; none for {@code never}. */
        Optional<Finding> blocking(ScanResult result) {
            return this == never ? Optional.empty() : HookAdvice.blocking(result, Level.parse(name()));
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private Main parent;

    @Parameters(paramLabel = "PATH", description = "Folders or files to scan (default: current folder).")
    private List<String> typedPaths = new ArrayList<>();
    private List<Path> paths;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: text, json, sarif, checkstyle, github, gitlab, markdown (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    private Path output;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Also write a SARIF 2.1.0 report to FILE (for CI).")
    private Path sarif;

    @Option(names = "--sarif-category", paramLabel = "CATEGORY",
            description = "SARIF automationDetails.id category (one per upload to GitHub code scanning).")
    private String sarifCategory = "";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: .fluxward.yaml at the scan root).")
    private Path config;

    @Option(names = "--enable", paramLabel = "ID", split = ",", description = "Enable a rule (also opt-in ones). Repeatable.")
    private Set<String> enable = new LinkedHashSet<>();

    @Option(names = "--disable", paramLabel = "ID", split = ",", description = "Disable a rule. Repeatable.")
    private Set<String> disable = new LinkedHashSet<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit 1 when a finding is at or above LEVEL: error, warning, note, never (default: ${DEFAULT-VALUE}).")
    private FailOn failOn;

    @Option(names = {"-q", "--quiet"}, description = "Print findings only: no summary, no notes but errors and warnings about"
            + " fluxward: comments that suppress nothing.")
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print informational notes (skipped files...).")
    private boolean verbose;

    @Option(names = "--no-color", description = "No ANSI colors (colors are used only on a terminal anyway).")
    private boolean noColor;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of CPUs).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--only-tag", paramLabel = "TAG", split = ",",
            description = "Run only rules with one of these tags (e.g. security for the secret rules). Repeatable.")
    private Set<String> onlyTags = new LinkedHashSet<>();

    @Option(names = "--offline", description = "Also report remote kustomize resources (URLs), which fluxward never "
            + "fetches, as FW-K001 notes.")
    private boolean offline;

    @Option(names = "--only-rules", paramLabel = "ID", split = ",",
            description = "Run only these rules (among the enabled ones), e.g. to time one check. Repeatable.")
    private Set<String> onlyRules = new LinkedHashSet<>();

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Hide findings recorded in FILE (see 'fluxward baseline create').")
    private Path baseline;

    @Option(names = "--timings", hidden = true, description = "Print where the time went (diagnostics).")
    private boolean timings;

    @Mixin
    private GitScan git;

    private final Set<String> configWarnings = new java.util.HashSet<>();

    @Mixin
    private RuleLoading ruleLoading;

    @Mixin
    private SchemaOptions schemaOptions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return scan(err);
        } catch (ConfigException | RuleSet.RuleLoadException e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("fluxward: " + describe(e));
            return ExitCodes.USAGE;
        }
    }

    /** An I/O failure as {@code path: reason}, without the exception's class name or stack. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof FileAlreadyExistsException ? "a file is in the way of a folder to create"
                    : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private int scan(PrintWriter err) throws IOException, ConfigException {
        if (timings) {
            Timings.enable();
        }
        try {
            return scanTimed(err);
        } finally {
            if (timings) {
                Timings.print(err);
            }
        }
    }

    /** Why {@code --threads N} cannot be used, for scan and audit alike. */
    static Optional<String> threadsProblem(int threads) {
        // Not quietly taken as 1 (or as the maximum): --threads 0 is no way to ask for "all CPUs" (the default) either.
        return threads >= 1 && threads <= Scanner.MAX_THREADS ? Optional.empty()
                : Optional.of("--threads must be from 1 to " + Scanner.MAX_THREADS + ", not " + threads
                        + " (the default is one per CPU)");
    }

    private int scanTimed(PrintWriter err) throws IOException, ConfigException {
        Optional<String> badThreads = threadsProblem(threads);
        if (badThreads.isPresent()) {
            err.println("fluxward: " + badThreads.get());
            return ExitCodes.USAGE;
        }
        Optional<Reporter> reporter = Reporters.forName(format);
        if (reporter.isEmpty()) {
            err.println("fluxward: unknown format '" + format + "' (known: " + String.join(", ", Reporters.names()) + ")");
            return ExitCodes.USAGE;
        }
        List<String> reportedFiles = null;
        if (git.preCommitFramework) {
            Optional<String> clash = git.preCommitFrameworkProblem();
            if (clash.isPresent()) {
                err.println("fluxward: " + clash.get());
                return ExitCodes.USAGE;
            }
            reportedFiles = git.preCommitFramework(typedPaths, invocation().env()).orElse(null);
            // pre-commit runs hooks at the top of the repository: that is the folder scanned, in every mode.
            typedPaths = new ArrayList<>();
        }
        if (typedPaths.contains("")) {
            // Path.of("") is the current folder: "$DIR" of an unset variable would scan the wrong files.
            err.println("fluxward: an empty path was given (an unset variable?): name a folder or file, or none for the"
                    + " current folder");
            return ExitCodes.USAGE;
        }
        try {
            paths = typedPaths.isEmpty() ? List.of(invocation().path("."))
                    : typedPaths.stream().map(invocation()::path).toList();
        } catch (java.nio.file.InvalidPathException e) {
            err.println("fluxward: invalid path: " + TextReporter.printable(e.getInput()));
            return ExitCodes.USAGE;
        }
        Map<Path, CompletableFuture<Optional<Snapshot>>> gitListings = startGitListings();
        RuleSet rules = Timings.timeChecked("load rules", ruleLoading::load);
        Map<String, RuleDescriptor> descriptors = rules.descriptors();
        try {
            enable = RuleIds.canonical(enable, descriptors.keySet());
            disable = RuleIds.canonical(disable, descriptors.keySet());
            onlyRules = RuleIds.canonical(onlyRules, descriptors.keySet());
        } catch (RuleIds.UnknownRule e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Optional<String> problem = git.problem().or(() -> RuleSelection.unknownTags(onlyTags, descriptors.values()));
        if (problem.isPresent()) {
            err.println("fluxward: " + problem.get());
            return ExitCodes.USAGE;
        }
        Scanner scanner = new Scanner(rules);
        List<ScanTarget> targets = ScanTarget.of(paths, invocation().env(), git.staged);
        List<ScanResult> results = new ArrayList<>();
        Optional<Baseline> accepted;
        try {
            accepted = baseline == null ? Optional.empty() : Optional.of(BaselineCommand.read(baseline));
        } catch (Baseline.BaselineException e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<String> folderWarnings = new ArrayList<>();
        List<String> graphs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (ScanTarget target : targets) {
            ScanOptions options = ScanOptions.defaults().withThreads(threads).withParsedFiles(invocation().parsedFiles())
                    .withRuleFilter(RuleSelection.byTags(onlyTags).and(r -> onlyRules.isEmpty() || onlyRules.contains(r.id())));
            if (reporter.get() instanceof MarkdownReporter) {
                options = options.withObserver((model, scanned) -> {
                    FluxGraph graph = FluxGraph.of(model.facet(FluxModel.FACET), model.config(), scanned.findings());
                    // A repository without Flux appliers has nothing to draw: no empty diagram in the summary.
                    if (!graph.nodes().isEmpty()) {
                        graphs.add(MermaidRenderer.render(graph));
                    }
                });
            }
            if (!target.onlyFiles().isEmpty()) {
                options = options.withInclude(target.onlyFiles()::contains);
            }
            Set<String> ownOutput = writtenInside(target.root());
            if (!ownOutput.isEmpty()) {
                // A report from the previous run is not part of the repository under review.
                options = options.withInclude(options.include().and(p -> !ownOutput.contains(p)));
            }
            if (accepted.isPresent()) {
                options = options.withFilter(accepted.get().filter(target.pathPrefix()));
            }
            if (reportedFiles != null) {
                options = options.withFilter(onlyIn(reportedFiles, target.root()));
            }
            if (git.active()) {
                results.add(git.scan(scanner, target, invocation().env(), (snapshot, name) -> configured(
                        loadConfig(target, snapshot, name, descriptors), err, descriptors), options));
            } else {
                Config cfg = configured(loadConfig(target, descriptors), err, descriptors);
                Snapshot snapshot = workTree(target, gitListings, folderWarnings);
                Snapshot scanned = snapshot.at(target.pathPrefix());
                cfg.checkSchemaFolders(scanned);
                results.add(scanner.scan(scanned, cfg, options));
                // Not when something could not be read (an error): "no files" would contradict it.
                if (target.onlyFiles().isEmpty() && !results.get(results.size() - 1).hasErrors()) {
                    folderWarning(target.root(), snapshot.files()).ifPresent(folderWarnings::add);
                }
            }
        }
        String prefix = targets.size() == 1 ? targets.get(0).pathPrefix() : "";
        ScanResult result = targets.size() == 1 ? results.get(0) : Merged.merge(results, targets);
        ReportContext context = new ReportContext(descriptors, Version.get(), prefix,
                !noColor && output == null && invocation().colors(),
                sarifCategory);
        Reporter chosen = reporter.get() instanceof MarkdownReporter
                ? MarkdownReporter.forEnvironment(invocation().env()).withGraphs(graphs) : reporter.get();
        Timings.timeChecked("report", () -> {
            write(chosen, result, context, output);
            return null;
        });
        if (sarif != null) {
            Optional<Reporter> sarifReporter = Reporters.forName("sarif");
            if (sarifReporter.isEmpty()) {
                err.println("fluxward: SARIF output is not available in this build");
                return ExitCodes.USAGE;
            }
            write(sarifReporter.get(), result, context, sarif);
        }
        printNotes(result, context, err);
        // Also when quiet (the hook): a check that had nothing to judge is not to pass for a clean one unsaid.
        git.nothingStagedNotes().forEach(n -> err.println("fluxward: note: " + TextReporter.printable(n)));
        if (!quiet) {
            folderWarnings.forEach(w -> err.println("fluxward: warning: " + TextReporter.printable(w)));
        }
        schemaOptions.printLateProblems(err);
        if (result.hasErrors()) {
            return ExitCodes.USAGE;
        }
        Optional<Finding> blocking = failOn.blocking(result);
        boolean failed = blocking.isPresent();
        if (!quiet && !git.staged) {
            HookAdvice.hiddenSummary(result, err);
        }
        if (git.staged && "text".equals(format) && output == null) {
            HookAdvice.print(result, blocking, git.all, prefix, HookAdvice.Staging.of(invocation().env()), git.firstCommit(),
                    targets.size() == 1 ? Optional.of(targets.get(0).root()) : Optional.empty(), err);
        }
        return failed ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
    }

    /**
     * Hides the findings of files other than {@code files} (names relative to the current folder): the whole
     * repository is scanned, so that the cross-file rules see it all, and the findings of the files pre-commit
     * passed are reported, old or new, as pre-commit's {@code --all-files} and {@code --files} ask.
     */
    private FindingFilter onlyIn(List<String> files, Path root) {
        Set<String> names = new java.util.HashSet<>();
        for (String f : files) {
            try {
                Path p = invocation().path(f).toAbsolutePath().normalize();
                if (p.startsWith(root)) {
                    names.add(root.relativize(p).toString().replace('\\', '/'));
                }
            } catch (java.nio.file.InvalidPathException e) {
                // Not a path of this file system: no finding can be in it.
            }
        }
        return new FindingFilter() {
            @Override
            public String name() {
                return "in files pre-commit did not pass";
            }

            @Override
            public boolean hides(Finding finding) {
                return !names.contains(finding.path());
            }
        };
    }

    /**
     * The listings of what git sees in the folders of a plain scan that lie in a git work tree, started in the
     * background: JGit's start-up, the index and the ignore rules take as long as loading the rules.
     */
    private Map<Path, CompletableFuture<Optional<Snapshot>>> startGitListings() {
        Map<Path, CompletableFuture<Optional<Snapshot>>> out = new java.util.HashMap<>();
        if (git.active()) {
            return out;
        }
        Map<String, String> env = invocation().env();
        for (Path given : paths) {
            Path dir = given.toAbsolutePath().normalize();
            if (Files.isDirectory(dir) && ScanTarget.gitTopLevel(dir, env).isPresent()) {
                out.computeIfAbsent(dir, d -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return visibleWorkTree(d, env);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
        }
        return out;
    }

    /**
     * The files a plain scan reads. In a git work tree, those git sees (tracked files, and untracked files that
     * are not ignored), as the {@code --diff-base} head: a git-ignored {@code age.agekey} next to the manifests
     * is not in the repository Flux reads. Files named on the command line, and a folder git ignores, are read
     * as named; outside git, every file.
     */
    private static Snapshot workTree(ScanTarget target, Map<Path, CompletableFuture<Optional<Snapshot>>> listings,
                                     List<String> warnings) throws IOException {
        CompletableFuture<Optional<Snapshot>> listing = listings.get(target.root());
        if (listing != null && target.gitTop().isPresent() && target.onlyFiles().isEmpty()) {
            try {
                Optional<Snapshot> visible = listing.join();
                if (visible.isPresent()) {
                    return visible.get();
                }
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u && u.getCause() instanceof GitException g) {
                    warnings.add(g.getMessage() + ": git-ignored files are scanned too");
                } else if (e.getCause() instanceof java.io.UncheckedIOException u) {
                    throw u.getCause();
                } else {
                    throw e;
                }
            }
        }
        return new WorkTreeSnapshot(target.root());
    }

    /** The files a plain scan of {@code target} reads ({@link #workTree}), listed now (for {@code baseline}). */
    static Snapshot workTreeNow(ScanTarget target, Map<String, String> env, List<String> warnings) throws IOException {
        CompletableFuture<Optional<Snapshot>> listing = new CompletableFuture<>();
        try {
            listing.complete(target.gitTop().isPresent() ? visibleWorkTree(target.root(), env) : Optional.empty());
        } catch (IOException e) {
            listing.completeExceptionally(new java.io.UncheckedIOException(e));
        }
        return workTree(target, Map.of(target.root(), listing), warnings);
    }

    private static Optional<Snapshot> visibleWorkTree(Path dir, Map<String, String> env) throws IOException {
        Optional<Path> top = ScanTarget.gitTopLevel(dir, env);
        WorkTreeSnapshot disk = new WorkTreeSnapshot(dir);
        if (top.isPresent() && !IgnoreSources.mayIgnore(dir, top.get(), disk.files(), env)
                && !IgnoreSources.mayDifferFromIndex(top.get(), disk.files())) {
            return Optional.of(disk); // no ignore rule, submodule or sparse checkout: every file is visible, without JGit
        }
        try (GitRepository repo = GitRepository.open(dir, env)) {
            String subdir = GitScan.subdir(repo, dir);
            return Timings.timeChecked("git: leave out ignored files", () -> GitSnapshots.visibleWorkTree(repo, subdir, disk));
        }
    }

    /**
     * The config for a git snapshot: --config, else the snapshot's own .fluxward.yaml, else none: a file
     * only in the work tree (untracked, or removed from the index) is not what will be committed.
     */
    private Config loadConfig(ScanTarget target, Snapshot snapshot, String name,
                              Map<String, RuleDescriptor> descriptors) throws IOException, ConfigException {
        if (config != null) {
            return loadConfig(target, descriptors);
        }
        if (!snapshot.files().contains(".fluxward.yaml")) {
            return Config.empty();
        }
        if (snapshot.size(".fluxward.yaml") > ConfigFile.MAX_BYTES) {
            throw new IOException(name + ": larger than " + ConfigFile.MAX_BYTES + " bytes; not read");
        }
        String text = ConfigFile.decode(snapshot.read(".fluxward.yaml"));
        return Config.parse(text, name, descriptors);
    }

    /** The folder, environment and terminal of this run; the process's own when run without {@link Main}. */
    private Invocation invocation() {
        return parent != null ? parent.invocation() : Invocation.ofProcess();
    }

    /**
     * True when stdout is a terminal. Java 22+ returns a console even for redirected output and
     * says so with {@code Console.isTerminal()}, looked up reflectively because fluxward targets 17.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The loaded configuration with the command line applied; its warnings printed (each once per run). */
    private Config configured(Config loaded, PrintWriter err, Map<String, RuleDescriptor> descriptors) throws IOException {
        Config cfg = schemaOptions.apply(loaded, err).withCommandLine(enable, disable).withOffline(offline);
        List<String> warnings = new ArrayList<>(cfg.warnings());
        idleRule(cfg, descriptors).ifPresent(warnings::add);
        for (String warning : warnings) {
            if (configWarnings.add(warning)) {
                err.println("fluxward: warning: " + TextReporter.printable(warning));
            }
        }
        return cfg;
    }

    /** {@code --config FILE} when given, else {@code .fluxward.yaml} at the scan root, else at the git top-level. */
    private Config loadConfig(ScanTarget target, Map<String, RuleDescriptor> descriptors)
            throws IOException, ConfigException {
        return ConfigFiles.load(config, target, descriptors);
    }

    /** The report files this run writes ({@code --output}, {@code --sarif}) that lie in {@code root}, relative to it. */
    private Set<String> writtenInside(Path root) {
        Set<String> out = new java.util.TreeSet<>();
        Path top;
        try {
            top = root.toRealPath();
        } catch (IOException e) {
            top = root;
        }
        for (Path file : java.util.Arrays.asList(output, sarif)) {
            if (file == null) {
                continue;
            }
            Path abs = realParent(file.toAbsolutePath().normalize());
            if (abs.startsWith(top) && !abs.equals(top)) {
                out.add(top.relativize(abs).toString().replace('\\', '/'));
            }
        }
        return out;
    }

    /** The path with its folder's links resolved (the file itself may not exist yet). */
    private static Path realParent(Path p) {
        Path parent = p.getParent();
        try {
            return parent == null || !Files.isDirectory(parent) ? p : parent.toRealPath().resolve(p.getFileName());
        } catch (IOException e) {
            return p;
        }
    }

    private void write(Reporter reporter, ScanResult result, ReportContext context, Path file) throws IOException {
        if (file == null) {
            PrintWriter out = spec.commandLine().getOut();
            StringWriter buffer = new StringWriter();
            reporter.write(result, context, buffer);
            String text = buffer.toString();
            if (quiet && reporter instanceof TextReporter) {
                text = text.lines().filter(l -> l.contains(": ") && l.matches("^\\S.*:\\d+:\\d+: .*"))
                        .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
            }
            out.print(text);
            out.flush();
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)) {
            reporter.write(result, context, w);
        }
    }

    private void printNotes(ScanResult result, ReportContext context, PrintWriter err) {
        if (quiet) {
            // Errors, and warnings about suppression comments that suppress nothing: they say why a finding the user
            // meant to accept is reported (and a commit blocked).
            result.notes().stream().filter(n -> n.kind() == Note.Kind.ERROR || n.aboutSuppression())
                    .forEach(n -> err.println("fluxward: " + (n.kind() == Note.Kind.ERROR ? "" : "warning: ")
                            + TextReporter.printable(display(n, context))));
            return;
        }
        int hidden = 0;
        for (Note n : result.notes()) {
            if (n.kind() == Note.Kind.INFO && !verbose) {
                hidden++;
                continue;
            }
            err.println("fluxward: " + n.kind().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + TextReporter.printable(display(n, context)));
        }
        if (hidden > 0) {
            err.println("fluxward: " + hidden + " informational note" + (hidden == 1 ? "" : "s")
                    + " (skipped templates, empty files...): use --verbose to list them");
        }
        if (result.rules().isEmpty()) {
            err.println("fluxward: every rule is disabled");
        }
    }

    /**
     * A scanned folder that holds nothing fluxward can check is most likely the wrong folder: say so
     * (it is not an error: a pre-commit run over a commit without manifests is normal).
     */
    private static Optional<String> folderWarning(Path root, List<String> files) {
        if (files.isEmpty()) {
            return Optional.of(root + ": no files to scan");
        }
        boolean yaml = files.stream().map(FileType::byName).anyMatch(t -> t == FileType.YAML || t == FileType.JSON);
        return yaml ? Optional.empty() : Optional.of(root + ": no YAML files found; only the " + files.size()
                + " other file" + (files.size() == 1 ? " was" : "s were") + " searched for keys and credentials");
    }

    /** An enabled rule its configuration leaves nothing to check: FW-F016 without {@code tenants}. */
    private static Optional<String> idleRule(Config cfg, Map<String, RuleDescriptor> descriptors) {
        RuleDescriptor tenants = descriptors.get("FW-F016");
        return tenants != null && cfg.isEnabled(tenants) && cfg.strings("tenants").isEmpty()
                ? Optional.of("FW-F016 is enabled but the configuration lists no 'tenants': it has nothing to check")
                : Optional.empty();
    }

    private static String display(Note n, ReportContext context) {
        return n.path() == null || n.path().isEmpty() ? n.message()
                : new Note(n.kind(), context.display(n.path()), n.line(), n.message()).render();
    }
}
