package io.fluxward.engine;

import io.fluxward.config.Config;
import io.fluxward.config.IgnorePatterns;
import io.fluxward.config.Limits;
import io.fluxward.kustomize.ListedFiles;
import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.model.ParsedFiles;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.Suppression;
import io.fluxward.secrets.Mask;
import io.fluxward.snapshot.Paths;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.yaml.YNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pipeline: snapshot, files, documents and objects, repository model, rules, findings,
 * filters. Files are read and rules run in parallel; the result is sorted, so it never depends
 * on the thread count.
 */
public final class Scanner {

    private final RuleSet rules;

    public Scanner(RuleSet rules) {
        this.rules = rules;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Reads the snapshot into a model (no rules run). */
    public RepositoryModel model(Snapshot snapshot, Config config, ScanOptions options, List<Note> notes)
            throws IOException {
        IgnorePatterns ignore = config.ignored();
        List<String> all = snapshot.files();
        Set<String> chartDirs = new HashSet<>();
        for (String p : all) {
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (name.equals("Chart.yaml") || name.equals("Chart.yml")) {
                chartDirs.add(Paths.parent(p));
            }
        }
        List<String> selected = all.stream()
                .filter(options.include())
                .filter(p -> !ignore.excludes(p))
                .toList();
        FileLoader loader = new FileLoader(config.limits());
        long t0 = System.nanoTime();
        ParsedFiles kept = options.parsedFiles();
        List<Optional<String>> blobIds = snapshot.blobIds(selected);
        List<Integer> order = java.util.stream.IntStream.range(0, selected.size()).boxed().toList();
        List<FileLoader.Loaded> loaded = new ArrayList<>(parallel(options.threads(), order,
                i -> load(snapshot, loader, selected.get(i), blobIds.get(i), chartDirs, kept, config.limits())));
        Timings.add("read and parse " + selected.size() + " files", System.nanoTime() - t0);
        readListedAsYaml(snapshot, loader, selected, blobIds, loaded);
        List<FileModel> files = new ArrayList<>();
        // Listing notes (links not followed, unreadable folders) only for paths this scan selected.
        snapshot.notes().stream().filter(n -> n.path() == null || n.path().isEmpty()
                || (options.include().test(n.path()) && !ignore.excludes(n.path()))).forEach(notes::add);
        for (FileLoader.Loaded l : loaded) {
            l.model().ifPresent(files::add);
            notes.addAll(l.notes());
        }
        return new RepositoryModel(snapshot, config, files, kept);
    }

    /**
     * Reads again as YAML the files a kustomization lists as manifests that were read as text (or as JSON that did not
     * parse): kustomize reads them as YAML, whatever their names. Rare, and not kept between scans (a file's reading
     * depends on other files).
     */
    private static void readListedAsYaml(Snapshot snapshot, FileLoader loader, List<String> selected,
                                         List<Optional<String>> blobIds, List<FileLoader.Loaded> loaded) {
        List<FileModel> models = loaded.stream().flatMap(l -> l.model().stream()).toList();
        Set<String> listed = ListedFiles.readAsYaml(models);
        if (listed.isEmpty()) {
            return;
        }
        for (int i = 0; i < selected.size(); i++) {
            String path = selected.get(i);
            if (!listed.contains(path)) {
                continue;
            }
            try {
                loaded.set(i, loader.load(path, snapshot.read(path), blobIds.get(i), false, FileType.YAML));
            } catch (IOException e) {
                // Read a moment ago: the first reading stands.
            }
        }
    }

    private static FileLoader.Loaded load(Snapshot snapshot, FileLoader loader, String path, Optional<String> blobId,
                                          Set<String> chartDirs, ParsedFiles kept, Limits limits) {
        try {
            boolean template = inChartTemplates(path, chartDirs);
            // Same content and limits as a file kept from an earlier scan: it was under the size limit then too.
            Optional<FileLoader.Loaded> before = blobId.flatMap(id -> kept.get(path, id, template, limits));
            if (before.isPresent()) {
                return before.get();
            }
            long size = snapshot.size(path);
            long maxBytes = limits.maxFileBytes();
            if (size > maxBytes) {
                return new FileLoader.Loaded(Optional.empty(), List.of(Note.warning(path, "not scanned: "
                        + humanBytes(size) + " is over the limit of " + humanBytes(maxBytes) + " (limits.maxFileBytes)")));
            }
            byte[] bytes = snapshot.read(path);
            // A work-tree file has no blob id: it is kept by a hash of what was read (never mixed with git's ids).
            Optional<String> key = blobId.isPresent() || !kept.keeps() ? blobId
                    : Optional.of("content:" + CodeStamp.sha256(bytes));
            if (blobId.isEmpty()) {
                before = key.flatMap(k -> kept.get(path, k, template, limits));
                if (before.isPresent()) {
                    return before.get();
                }
            }
            FileLoader.Loaded loaded = loader.load(path, bytes, blobId, template);
            if (key.isPresent()) {
                kept.put(path, key.get(), template, limits, loaded, bytes.length);
            }
            return loaded;
        } catch (AccessDeniedException e) {
            return new FileLoader.Loaded(Optional.empty(), List.of(Note.error(path, "cannot read: "
                    + (e.getReason() == null ? "permission denied" : e.getReason()))));
        } catch (NoSuchFileException e) {
            return new FileLoader.Loaded(Optional.empty(), List.of(Note.warning(path, "disappeared while scanning")));
        } catch (IOException e) {
            return new FileLoader.Loaded(Optional.empty(), List.of(Note.error(path, "cannot read: "
                    + e.getClass().getSimpleName())));
        } catch (OutOfMemoryError e) {
            return new FileLoader.Loaded(Optional.empty(), List.of(Note.error(path, "not scanned: out of memory")));
        } catch (RuntimeException | StackOverflowError e) {
            // A defect in reading one file must not end the scan; the message is not printed (it may quote content).
            return new FileLoader.Loaded(Optional.empty(), List.of(Note.error(path, "internal error while reading ("
                    + e.getClass().getSimpleName() + at(e) + "); please report it")));
        }
    }

    /** True when the path is (below) {@code templates} of a chart folder: each {@code templates} segment is tried. */
    static boolean inChartTemplates(String path, Set<String> chartDirs) {
        if (chartDirs.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (path.startsWith("templates", start) && end - start == "templates".length()
                    && chartDirs.contains(start == 0 ? "" : path.substring(0, start - 1))) {
                return true;
            }
            if (slash < 0) {
                return false;
            }
            start = slash + 1;
        }
        return false;
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }

    /** Runs the whole pipeline. */
    public ScanResult scan(Snapshot snapshot, Config config, ScanOptions options) throws IOException {
        List<Note> notes = Collections.synchronizedList(new ArrayList<>());
        RepositoryModel model = model(snapshot, config, options, notes);
        Set<Note> listing = new java.util.HashSet<>(snapshot.notes());
        storeLoadNotes(config, options, new LoadSummary(model.files().size(),
                notes.stream().filter(n -> !listing.contains(n)).toList()));
        return check(model, options, notes);
    }

    /**
     * What reading a whole snapshot gave, besides the models: how many files were read, and the notes
     * about them (not the snapshot's own listing notes).
     */
    public record LoadSummary(int files, List<Note> notes) {
    }

    /**
     * The {@link LoadSummary} of the snapshot of {@code options.snapshotKey()}, when cached: with the
     * repository rules' outcome, all a scan of that snapshot needs besides its changed files.
     */
    public Optional<LoadSummary> cachedLoadSummary(Config config, ScanOptions options) {
        // Stored as an outcome without findings whose count field holds the number of files.
        return loadNotesKey(config, options).flatMap(k -> options.cache().get(k))
                .filter(o -> o.reported().isEmpty())
                .map(o -> new LoadSummary(o.suppressed(), o.notes()));
    }

    /** Keeps what reading the whole snapshot of {@code options.snapshotKey()} gave (see {@link #cachedLoadSummary}). */
    public void storeLoadNotes(Config config, ScanOptions options, LoadSummary summary) {
        loadNotesKey(config, options).ifPresent(k -> options.cache().put(k,
                new Outcome(List.of(), summary.files(), summary.notes())));
    }

    private static Optional<String> loadNotesKey(Config config, ScanOptions options) {
        if (options.snapshotKey().isEmpty() || options.cache() == ResultCache.NONE || config.cacheKey().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CodeStamp.sha256(io.fluxward.Version.get() + "\u0000" + CodeStamp.of(Scanner.class)
                + "\u0000" + config.cacheKey().get()) + "/load-notes/" + options.snapshotKey().get());
    }

    /** Runs the enabled rules on a model and filters what they report. */
    public ScanResult check(RepositoryModel model, ScanOptions options, List<Note> notesSoFar) {
        return check(model, options, notesSoFar, Optional.empty());
    }

    /**
     * The repository rules' outcome for the snapshot of {@code options.snapshotKey()}, when the cache
     * has it: then a scan of that snapshot needs no whole-repository model (only the files file rules
     * run on). Empty when not cached or not cacheable.
     */
    public Optional<Outcome> cachedRepositoryOutcome(Config config, ScanOptions options) {
        Optional<String> key = repositoryKey(config, options, enabled(config, options));
        return key.flatMap(k -> Timings.time("cache: read", () -> options.cache().get(k)));
    }

    /**
     * Runs the enabled rules on a model and filters what they report.
     *
     * @param repositoryOutcome the repository rules' outcome from {@link #cachedRepositoryOutcome}; when
     *                          given, repository rules do not run and {@code model} may hold only the files
     *                          in {@link ScanOptions#fileRuleScope()}
     */
    public ScanResult check(RepositoryModel model, ScanOptions options, List<Note> notesSoFar,
                            Optional<Outcome> repositoryOutcome) {
        Config config = model.config();
        List<Rule> enabled = enabled(config, options);
        List<FileRule> fileRules = enabled.stream().filter(FileRule.class::isInstance).map(FileRule.class::cast).toList();
        List<RepositoryRule> repoRules = enabled.stream().filter(RepositoryRule.class::isInstance)
                .map(RepositoryRule.class::cast).toList();
        Optional<String> namespace = namespace(config, enabled);
        Map<String, List<Suppression>> suppressionsByPath = new HashMap<>();
        for (FileModel f : model.files()) {
            if (!f.suppressions().isEmpty()) {
                suppressionsByPath.put(f.path(), f.suppressions());
            }
        }

        // One locator per file for the whole scan: each document is indexed once, however many findings it has.
        Map<String, Fingerprints.Locator> locators = new java.util.concurrent.ConcurrentHashMap<>();
        List<FileModel> scoped = model.files().stream().filter(f -> options.fileRuleScope().test(f.path())).toList();
        List<Note> unknownIds = unknownSuppressedRules(scoped);
        long t0 = System.nanoTime();
        List<Outcome> perFile = parallel(options.threads(), scoped,
                file -> fileOutcome(file, fileRules, model, namespace, options.cache(), locators, suppressionsByPath));
        Timings.add("file rules (incl. cache)", System.nanoTime() - t0);
        Outcome repository;
        if (repositoryOutcome.isPresent()) {
            repository = repositoryOutcome.get();
        } else {
            Optional<String> key = repositoryKey(config, options, enabled);
            Optional<Outcome> cached = key.flatMap(k -> Timings.time("cache: read", () -> options.cache().get(k)));
            if (cached.isPresent()) {
                repository = cached.get();
            } else {
                List<Note> ruleNotes = Collections.synchronizedList(new ArrayList<>());
                long rulesStart = System.nanoTime();
                List<List<Outcome.Reported>> perRule = parallel(options.threads(), repoRules, rule -> {
                    long start = System.nanoTime();
                    List<Outcome.Reported> out = new ArrayList<>();
                    run(rule, out, ruleNotes, () -> rule.check(model, contextFor(rule, model, out, ruleNotes, locators)), null);
                    Timings.add("repository rule " + rule.descriptor().id(), System.nanoTime() - start);
                    return out;
                });
                Timings.add("repository rules (wall time)", System.nanoTime() - rulesStart);
                List<Outcome.Reported> all = new ArrayList<>();
                perRule.forEach(all::addAll);
                repository = suppress(all, suppressionsByPath, ruleNotes);
                Outcome computed = repository;
                key.ifPresent(k -> Timings.time("cache: write", () -> {
                    options.cache().put(k, computed);
                    return null;
                }));
            }
        }
        List<Outcome.Reported> reported = new ArrayList<>();
        List<Note> notes = new ArrayList<>(notesSoFar);
        notes.addAll(unknownIds);
        int suppressed = 0;
        for (Outcome o : perFile) {
            reported.addAll(o.reported());
            notes.addAll(o.notes());
            suppressed += o.suppressed();
        }
        reported.addAll(repository.reported());
        notes.addAll(repository.notes());
        suppressed += repository.suppressed();
        ScanResult result = finish(model, reported, suppressed, notes, enabled, options);
        options.observer().accept(model, result);
        return result;
    }

    /** The rules a scan with this configuration and these options runs. */
    public List<Rule> enabled(Config config, ScanOptions options) {
        return rules.all().values().stream()
                .filter(r -> config.isEnabled(r.descriptor()))
                .filter(r -> options.ruleFilter().test(r.descriptor()))
                .toList();
    }

    /**
     * Everything besides the input that rule outcomes depend on: fluxward's and the rules' code, the
     * enabled rules, the configuration. Empty when the configuration cannot be keyed (then nothing is cached).
     */
    private Optional<String> namespace(Config config, List<Rule> enabled) {
        Optional<String> configKey = config.cacheKey();
        if (configKey.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder(io.fluxward.Version.get()).append('\u0000')
                .append(CodeStamp.of(Scanner.class));
        for (Rule r : enabled) {
            key.append('\u0000').append(r.descriptor().id()).append('=').append(r.getClass().getName())
                    .append('@').append(CodeStamp.of(r.getClass()));
        }
        key.append('\u0000').append(configKey.get());
        return Optional.of(CodeStamp.sha256(key.toString()));
    }

    private Optional<String> repositoryKey(Config config, ScanOptions options, List<Rule> enabled) {
        if (options.snapshotKey().isEmpty() || options.cache() == ResultCache.NONE) {
            return Optional.empty();
        }
        return namespace(config, enabled).map(ns -> ns + "/repository/" + options.snapshotKey().get());
    }

    /** The file rules' outcome for one file: from the cache when its blob was checked before, else computed. */
    private Outcome fileOutcome(FileModel file, List<FileRule> fileRules, RepositoryModel model,
                                Optional<String> namespace, ResultCache cache, Map<String, Fingerprints.Locator> locators,
                                Map<String, List<Suppression>> suppressionsByPath) {
        Optional<String> key = cache == ResultCache.NONE || fileRules.isEmpty() ? Optional.empty()
                : namespace.flatMap(ns -> file.file().blobId().map(blob -> ns + "/file/" + blob + "/"
                + (file.template() ? "template/" : "")
                // A file a kustomization lists is read as YAML whatever its name: other outcomes than its name's.
                + (file.file().type() != FileType.byName(file.path()) ? "as-" + file.file().type() + "/" : "")
                // The outcome's paths are relative to the scanned folder: keyed by where that folder sits and the
                // path below it, so a scan of the top and one of a subfolder never take each other's outcomes.
                + model.snapshot().positionInRepository() + "\u0000" + file.path()));
        if (key.isPresent()) {
            Optional<Outcome> cached = cache.get(key.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<Outcome.Reported> out = new ArrayList<>();
        List<Note> ruleNotes = new ArrayList<>();
        for (FileRule rule : fileRules) {
            run(rule, out, ruleNotes, () -> rule.check(file, contextFor(rule, model, out, ruleNotes, locators)),
                    file.path());
        }
        Outcome outcome = suppress(out, suppressionsByPath, ruleNotes);
        // Cached only when it depends on this file alone: every finding in it (file rules report there).
        if (key.isPresent() && out.stream().allMatch(r -> r.finding().path().equals(file.path())
                && r.finding().related().stream().allMatch(x -> x.location().path().equals(file.path())))) {
            cache.put(key.get(), outcome);
        }
        return outcome;
    }

    /**
     * A warning for each rule ID a suppression names that is no rule of this run (a typo, a rule of another version),
     * and for each {@code fluxward:} comment that is no suppression (a mistyped directive, an ID behind other text).
     */
    private List<Note> unknownSuppressedRules(List<FileModel> files) {
        List<Note> out = new ArrayList<>();
        for (FileModel f : files) {
            for (Suppression s : f.suppressions()) {
                if (!s.valid()) {
                    out.add(new Note(Note.Kind.WARNING, f.path(), s.span().line(), s.problem()));
                }
                for (String id : s.ruleIds()) {
                    if (!rules.all().containsKey(id)) {
                        out.add(new Note(Note.Kind.WARNING, f.path(), s.span().line(), (s.wholeFile() ? "fluxward:ignore-file"
                                : "fluxward:ignore") + " names " + id + ", which is no rule: "
                                + Suppression.SUPPRESSES_NOTHING + " for it (list the rules with 'fluxward rules')"));
                    }
                }
            }
        }
        return out;
    }

    /** Drops the findings inline suppressions cover (FW-G005, about suppressions themselves, cannot be). */
    private static Outcome suppress(List<Outcome.Reported> reported, Map<String, List<Suppression>> suppressionsByPath,
                                    List<Note> notes) {
        List<Outcome.Reported> kept = new ArrayList<>();
        int suppressed = 0;
        for (Outcome.Reported r : reported) {
            Finding f = r.finding();
            List<Suppression> sup = suppressionsByPath.getOrDefault(f.path(), List.of());
            if (sup.stream().anyMatch(s -> s.covers(f.ruleId(), f.line())) && !f.ruleId().equals("FW-G005")) {
                suppressed++;
            } else {
                kept.add(r);
            }
        }
        return new Outcome(kept, suppressed, notes);
    }

    private void run(Rule rule, List<Outcome.Reported> out, List<Note> notes, Runnable body, String path) {
        try {
            body.run();
        } catch (RuntimeException | StackOverflowError e) {
            // A rule that breaks on odd input must not hide the other rules' findings. The exception
            // message is not printed: it might quote file content.
            notes.add(Note.error(path == null ? "" : path, "internal error in " + rule.descriptor().id() + " ("
                    + e.getClass().getSimpleName() + at(e) + "); please report it"));
        }
    }

    private static String at(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "" : " at " + trace[0].getClassName().replaceAll(".*\\.", "") + "."
                + trace[0].getMethodName() + ":" + trace[0].getLineNumber();
    }

    private ScanResult finish(RepositoryModel model, List<Outcome.Reported> reported, int suppressed, List<Note> notes,
                              List<Rule> enabled, ScanOptions options) {
        Config config = model.config();
        List<Finding> kept = new ArrayList<>();
        // Stable sort: findings that compare equal keep rule order, so occurrence numbers do not depend on threads.
        reported.sort((a, b) -> Finding.ORDER.compare(a.finding(), b.finding()));
        Map<String, Integer> occurrences = new HashMap<>();
        Map<String, Integer> hidden = new HashMap<>();
        for (Outcome.Reported r : reported) {
            Finding f = r.finding();
            Level level = config.levelOverride(f.ruleId()).orElse(f.level());
            // Fingerprinted under the path from the repository's top, so scanning a subfolder gives the same ones.
            String identity = model.snapshot().positionInRepository() + options.identityPath().apply(f.path());
            // A finding keyed by its file's name takes the name the file has after a rename (its identity path).
            String locator = Fingerprints.resolve(r.locator(), identity);
            String base = f.ruleId() + "\u0000" + identity + "\u0000" + locator;
            int n = occurrences.merge(base, 1, Integer::sum);
            kept.add(f.withLevel(level).withFingerprint(Fingerprints.fingerprint(f.ruleId(), identity, locator, n)));
        }
        List<Finding> unique = new ArrayList<>();
        for (Finding f : kept.stream().distinct().sorted(Finding.ORDER).toList()) {
            FindingFilter hiding = options.filters().stream().filter(x -> x.hides(f)).findFirst().orElse(null);
            if (hiding == null) {
                unique.add(f);
            } else {
                hidden.merge(hiding.name(), 1, Integer::sum);
            }
        }
        List<Note> sortedNotes = new ArrayList<>(new TreeSet<>(notes));
        List<RuleDescriptor> ran = enabled.stream().map(Rule::descriptor).toList();
        return new ScanResult(unique, suppressed, sortedNotes, model.files().size(), ran, model.snapshot().describe(),
                hidden);
    }

    private RuleContext contextFor(Rule rule, RepositoryModel model, List<Outcome.Reported> out, List<Note> notes,
                                   Map<String, Fingerprints.Locator> locators) {
        RuleDescriptor descriptor = rule.descriptor();
        return new RuleContext() {
            @Override
            public RuleDescriptor rule() {
                return descriptor;
            }

            @Override
            public Config config() {
                return model.config();
            }

            @Override
            public String shown(String path) {
                return model.snapshot().positionInRepository() + path;
            }

            @Override
            public FindingBuilder at(String path, YNode node) {
                Function<YNode, String> locate = n -> model.file(path)
                        .map(f -> locators.computeIfAbsent(path, p -> Fingerprints.locator(f, model.config().limits().yaml()))
                                .locate(n)).orElse("node");
                return new Builder(descriptor, new Location(path, node.span()), node, locate, out);
            }

            @Override
            public FindingBuilder at(Location location) {
                return new Builder(descriptor, location, null, n -> "text", out);
            }

            @Override
            public void note(Note note) {
                notes.add(note);
            }
        };
    }

    private static final class Builder implements RuleContext.FindingBuilder {
        private final RuleDescriptor rule;
        private final Location location;
        /** The node reported at, or null for a span of a text file. */
        private final YNode node;
        /** The structural locator of a node of the file. */
        private final Function<YNode, String> locate;
        private final List<Outcome.Reported> out;
        private String message;
        private Level level;
        private String key;
        private boolean fileNameKey;
        private String secret;
        /** The object whose values are the finding's parts ({@link #secretPart}), or null. */
        private YNode object;
        /** The place of the embedded object whose values are the finding's parts ({@link #embeddedPart}), or null. */
        private String embedded;
        /** True when the finding's parts are values its node reads from elsewhere ({@link #sourcePart}). */
        private boolean sourced;
        private final List<String> parts = new ArrayList<>();
        private final List<Finding.Related> related = new ArrayList<>();

        Builder(RuleDescriptor rule, Location location, YNode node, Function<YNode, String> locate,
                List<Outcome.Reported> out) {
            this.rule = rule;
            this.location = location;
            this.node = node;
            this.locate = locate;
            this.out = out;
            this.level = rule.level();
        }

        @Override
        public RuleContext.FindingBuilder message(String text) {
            this.message = text;
            return this;
        }

        @Override
        public RuleContext.FindingBuilder level(Level newLevel) {
            this.level = newLevel;
            return this;
        }

        @Override
        public RuleContext.FindingBuilder key(String newKey) {
            this.key = newKey;
            return this;
        }

        @Override
        public RuleContext.FindingBuilder keyFileName() {
            this.fileNameKey = true;
            return this;
        }

        @Override
        public RuleContext.FindingBuilder secret(String value) {
            this.secret = value;
            return this;
        }

        @Override
        public RuleContext.FindingBuilder secretPart(YNode owner, YNode at, String value) {
            if (object != null && object != owner || embedded != null || sourced) {
                throw new IllegalStateException("the parts of one finding are values of one object");
            }
            this.object = owner;
            String place = locate.apply(at);
            parts.add(Fingerprints.part(rule.id(), place, Fingerprints.valueTag(rule.id(), place, value)));
            return this;
        }

        @Override
        public RuleContext.FindingBuilder embeddedPart(YNode holder, String owner, String at, String value) {
            String where = locate.apply(holder) + ">" + owner;
            if (object != null || sourced || embedded != null && !embedded.equals(where)) {
                throw new IllegalStateException("the parts of one finding are values of one object");
            }
            this.embedded = where;
            String place = where + ":" + at;
            parts.add(Fingerprints.part(rule.id(), place, Fingerprints.valueTag(rule.id(), place, value)));
            return this;
        }

        @Override
        public RuleContext.FindingBuilder sourcePart(String at, String value) {
            if (object != null || embedded != null || node == null) {
                throw new IllegalStateException("the parts of one finding are values of one object");
            }
            this.sourced = true;
            String place = locate.apply(node) + ">" + at;
            parts.add(Fingerprints.part(rule.id(), place, Fingerprints.valueTag(rule.id(), place, value)));
            return this;
        }

        @Override
        public RuleContext.FindingBuilder related(Location where, String text) {
            related.add(new Finding.Related(where, text));
            return this;
        }

        @Override
        public RuleContext.FindingBuilder related(List<Finding.Related> more) {
            related.addAll(more);
            return this;
        }

        @Override
        public void report() {
            // Rules mask values and show key names; a name that is itself a credential is masked here too, for
            // every rule and message (a token used as a data key was printed in full).
            String text = Mask.redact(message == null ? rule.summary() : message);
            related.replaceAll(r -> new Finding.Related(r.location(), Mask.redact(r.message())));
            // A finding with parts is the object's: its values are told apart by the parts, not the fingerprint.
            String loc = key != null ? Fingerprints.keyed(key) : fileNameKey ? Fingerprints.FILE_NAME
                    : object != null ? locate.apply(object) + "#parts"
                    : embedded != null ? embedded + "#parts"
                    : node != null ? locate.apply(node) : "text";
            if (secret != null) {
                loc += "#value:" + Fingerprints.valueTag(rule.id(), loc, secret);
            }
            out.add(new Outcome.Reported(new Finding(rule.id(), level, location, text, "", related, parts), loc));
        }
    }

    /** The most worker threads a scan takes: a ForkJoinPool's limit (a larger one throws IllegalArgumentException). */
    public static final int MAX_THREADS = 0x7fff;

    /** Maps {@code items} in parallel on a private pool, keeping their order. */
    static <T, R> List<R> parallel(int threads, List<T> items, Function<T, R> work) {
        if (threads <= 1 || items.size() < 2) {
            return items.stream().map(work).collect(Collectors.toList());
        }
        if (threads == ForkJoinPool.getCommonPoolParallelism() + 1 && !ForkJoinTask.inForkJoinPool()) {
            // The JVM's shared pool and this thread make as many threads, and its threads outlive the scan: a pool
            // per call started and stopped threads three times a scan (each new thread takes fresh allocation
            // buffers, so the resident server collected garbage more often).
            return items.parallelStream().map(work).collect(Collectors.toList());
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> items.parallelStream().map(work).collect(Collectors.toList())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
    }
}
