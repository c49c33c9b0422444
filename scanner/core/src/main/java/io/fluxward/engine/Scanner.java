package io.fluxward.engine;

import io.fluxward.config.Config;
import io.fluxward.config.Glob;
import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.Suppression;
import io.fluxward.snapshot.Paths;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.yaml.YNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
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
        List<Glob> ignore = config.ignore().stream().map(Glob::of).toList();
        List<String> all = snapshot.files();
        Set<String> chartDirs = new TreeSet<>();
        for (String p : all) {
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (name.equals("Chart.yaml") || name.equals("Chart.yml")) {
                chartDirs.add(Paths.parent(p));
            }
        }
        List<String> selected = all.stream()
                .filter(options.include())
                .filter(p -> !Glob.anyMatches(ignore, p))
                .toList();
        FileLoader loader = new FileLoader(config.limits());
        long maxBytes = config.limits().maxFileBytes();
        List<FileLoader.Loaded> loaded = parallel(options.threads(), selected,
                path -> load(snapshot, loader, path, maxBytes, chartDirs));
        List<FileModel> files = new ArrayList<>();
        // Listing notes (links not followed, unreadable folders) only for paths this scan selected.
        snapshot.notes().stream().filter(n -> n.path() == null || n.path().isEmpty()
                || (options.include().test(n.path()) && !Glob.anyMatches(ignore, n.path()))).forEach(notes::add);
        for (FileLoader.Loaded l : loaded) {
            l.model().ifPresent(files::add);
            notes.addAll(l.notes());
        }
        return new RepositoryModel(snapshot, config, files);
    }

    private static FileLoader.Loaded load(Snapshot snapshot, FileLoader loader, String path, long maxBytes,
                                          Set<String> chartDirs) {
        try {
            long size = snapshot.size(path);
            if (size > maxBytes) {
                return new FileLoader.Loaded(Optional.empty(), List.of(Note.warning(path, "not scanned: "
                        + humanBytes(size) + " is over the limit of " + humanBytes(maxBytes) + " (limits.maxFileBytes)")));
            }
            byte[] bytes = snapshot.read(path);
            boolean template = false;
            for (String dir : chartDirs) {
                if (Paths.isUnder(path, dir.isEmpty() ? "templates" : dir + "/templates")) {
                    template = true;
                    break;
                }
            }
            return loader.load(path, bytes, snapshot.blobId(path), template);
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
        return check(model, options, notes);
    }

    /** Runs the enabled rules on a model and filters what they report. */
    public ScanResult check(RepositoryModel model, ScanOptions options, List<Note> notesSoFar) {
        Config config = model.config();
        List<Rule> enabled = rules.all().values().stream()
                .filter(r -> config.isEnabled(r.descriptor()))
                .filter(r -> options.ruleFilter().test(r.descriptor()))
                .toList();
        List<Note> notes = Collections.synchronizedList(new ArrayList<>(notesSoFar));
        List<FileRule> fileRules = enabled.stream().filter(FileRule.class::isInstance).map(FileRule.class::cast).toList();
        List<RepositoryRule> repoRules = enabled.stream().filter(RepositoryRule.class::isInstance)
                .map(RepositoryRule.class::cast).toList();

        // One locator per file for the whole scan: each document is indexed once, however many findings it has.
        Map<String, Fingerprints.Locator> locators = new java.util.concurrent.ConcurrentHashMap<>();
        List<FileModel> scoped = model.files().stream().filter(f -> options.fileRuleScope().test(f.path())).toList();
        List<List<Reported>> perFile = parallel(options.threads(), scoped, file -> {
            List<Reported> out = new ArrayList<>();
            for (FileRule rule : fileRules) {
                run(rule, model, out, notes, () -> rule.check(file, contextFor(rule, model, out, locators)), file.path());
            }
            return out;
        });
        List<List<Reported>> perRule = parallel(options.threads(), repoRules, rule -> {
            List<Reported> out = new ArrayList<>();
            run(rule, model, out, notes, () -> rule.check(model, contextFor(rule, model, out, locators)), null);
            return out;
        });
        List<Reported> reported = new ArrayList<>();
        perFile.forEach(reported::addAll);
        perRule.forEach(reported::addAll);
        ScanResult result = finish(model, reported, notes, enabled, options);
        options.observer().accept(model, result);
        return result;
    }

    private void run(Rule rule, RepositoryModel model, List<Reported> out, List<Note> notes, Runnable body, String path) {
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

    private ScanResult finish(RepositoryModel model, List<Reported> reported, List<Note> notes, List<Rule> enabled,
                              ScanOptions options) {
        Config config = model.config();
        List<Finding> kept = new ArrayList<>();
        int suppressed = 0;
        Map<String, List<Suppression>> suppressionsByPath = new HashMap<>();
        for (FileModel f : model.files()) {
            if (!f.suppressions().isEmpty()) {
                suppressionsByPath.put(f.path(), f.suppressions());
            }
        }
        reported.sort((a, b) -> Finding.ORDER.compare(a.finding, b.finding));
        Map<String, Integer> occurrences = new HashMap<>();
        Map<String, Integer> hidden = new HashMap<>();
        for (Reported r : reported) {
            Finding f = r.finding;
            List<Suppression> sup = suppressionsByPath.getOrDefault(f.path(), List.of());
            if (sup.stream().anyMatch(s -> s.covers(f.ruleId(), f.line())) && !f.ruleId().equals("FW-G005")) {
                suppressed++;
                continue;
            }
            Level level = config.levelOverride(f.ruleId()).orElse(f.level());
            String identity = options.identityPath().apply(f.path());
            String base = f.ruleId() + "\u0000" + identity + "\u0000" + r.locator;
            int n = occurrences.merge(base, 1, Integer::sum);
            kept.add(f.withLevel(level).withFingerprint(Fingerprints.fingerprint(f.ruleId(), identity, r.locator, n)));
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

    /** A finding plus the structural locator its fingerprint is made from. */
    private record Reported(Finding finding, String locator) {
    }

    private RuleContext contextFor(Rule rule, RepositoryModel model, List<Reported> out,
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
            public FindingBuilder at(String path, YNode node) {
                return new Builder(descriptor, new Location(path, node.span()), () -> model.file(path)
                        .map(f -> locators.computeIfAbsent(path, p -> Fingerprints.locator(f)).locate(node))
                        .orElse("node"), out);
            }

            @Override
            public FindingBuilder at(Location location) {
                return new Builder(descriptor, location, () -> "text", out);
            }
        };
    }

    private static final class Builder implements RuleContext.FindingBuilder {
        private final RuleDescriptor rule;
        private final Location location;
        private final java.util.function.Supplier<String> locator;
        private final List<Reported> out;
        private String message;
        private Level level;
        private String key;
        private final List<Finding.Related> related = new ArrayList<>();

        Builder(RuleDescriptor rule, Location location, java.util.function.Supplier<String> locator, List<Reported> out) {
            this.rule = rule;
            this.location = location;
            this.locator = locator;
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
            String text = message == null ? rule.summary() : message;
            String loc = key != null ? Fingerprints.keyed(key) : locator.get();
            out.add(new Reported(new Finding(rule.id(), level, location, text, "", related), loc));
        }
    }

    /** Maps {@code items} in parallel on a private pool, keeping their order. */
    static <T, R> List<R> parallel(int threads, List<T> items, Function<T, R> work) {
        if (threads <= 1 || items.size() < 2) {
            return items.stream().map(work).collect(Collectors.toList());
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
