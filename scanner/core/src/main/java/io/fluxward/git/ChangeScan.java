package io.fluxward.git;

import io.fluxward.config.Config;
import io.fluxward.config.Glob;
import io.fluxward.engine.FileRule;
import io.fluxward.engine.FindingFilter;
import io.fluxward.engine.Outcome;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.ResultCache;
import io.fluxward.engine.Rule;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.engine.Timings;
import io.fluxward.model.FileModel;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * "New findings only": scans a snapshot after a change (the index, a pull request's head) and
 * reports only what the snapshot before it (HEAD, the base branch) did not already have.
 * Findings are matched by rule and fingerprint, never by line, so edits that move old findings
 * around do not make them new. A renamed file keeps its findings' identity: the "before" side is
 * fingerprinted under the new names. Cross-file findings count too: deleting a Kustomization
 * that others depend on makes their {@code dependsOn} findings new even though their files did
 * not change.
 */
public final class ChangeScan {

    /** The name under which findings that existed before are counted in {@link ScanResult#hidden()}. */
    public static final String EXISTING = ScanResult.EXISTING;

    private ChangeScan() {
    }

    /**
     * @param before   the snapshot to compare with (empty for a first commit)
     * @param after    the snapshot whose new findings are reported
     * @param options  the scan options of the "after" scan (a baseline filter in it applies to the result)
     */
    public static ScanResult newFindings(Scanner scanner, GitRepository repo, Snapshot before, Snapshot after,
                                         Config config, ScanOptions options) throws IOException {
        Changes changes = Timings.timeChecked("git: compare snapshots", () -> Changes.between(before, after));
        if (changes.isEmpty()) {
            // Nothing differs: nothing can be new. Skip both scans (an empty `git commit --allow-empty`).
            // The rules that would have run are still the scan's rules (no "every rule is disabled").
            // The listing's own notes still hold (unmerged paths that stand as HEAD has them...).
            List<Note> notes = new ArrayList<>(List.of(Note.info("", "no changes compared with " + before.describe())));
            after.notes().stream().filter(n -> n.path() == null || n.path().isEmpty() || options.include().test(n.path()))
                    .forEach(notes::add);
            return new ScanResult(List.of(), 0, new ArrayList<>(new TreeSet<>(notes)),
                    0, scanner.enabled(config, options).stream().map(Rule::descriptor).toList(), after.describe());
        }
        Map<String, String> renames = Timings.timeChecked("git: renames", () -> Renames.detect(repo, before, after));
        ScanOptions beforeOptions = options.withoutFilters().withIdentityPath(p -> renames.getOrDefault(p, p))
                .withObserver(ScanOptions.NO_OBSERVER);
        ScanOptions afterOptions = options;
        if (onlyFileRules(scanner, config, options)) {
            // Findings of file rules depend on the file alone: only changed files can have new ones.
            Set<String> oldSide = new HashSet<>(changes.modified());
            oldSide.addAll(renames.keySet());
            Set<String> newSide = new HashSet<>(changes.modified());
            newSide.addAll(changes.added());
            beforeOptions = beforeOptions.withInclude(and(options.include(), oldSide::contains));
            afterOptions = afterOptions.withInclude(and(options.include(), newSide::contains));
        }
        ScanResult now;
        if (onlyFileRules(scanner, config, options)) {
            ScanResult old = scanner.scan(before, config, beforeOptions);
            // Only changed files are read here: no whole-repository model for observers (the Flux graph).
            now = scanner.scan(after, config, afterOptions.withObserver(ScanOptions.NO_OBSERVER)
                    .withFilter(FindingFilter.knownFindings(EXISTING, old.findings())));
        } else {
            now = withSharedModel(scanner, before, after, config, beforeOptions, afterOptions, changes, renames);
        }
        List<Note> notes = new ArrayList<>(now.notes());
        // The listing's notes about paths that are not files to read (a Git LFS pointer, a submodule, a link not
        // followed) never come with a changed file: one the "before" side did not have is about the change.
        Set<Note> old = new HashSet<>(before.notes());
        List<Glob> ignore = config.ignore().stream().map(Glob::of).toList();
        for (Note n : after.notes()) {
            if (n.path() != null && !n.path().isEmpty() && !old.contains(n) && options.include().test(n.path())
                    && !Glob.anyMatches(ignore, n.path())) {
                notes.add(n);
            }
        }
        for (Map.Entry<String, String> r : renames.entrySet()) {
            notes.add(Note.info(r.getValue(), "renamed from " + r.getKey() + ": its existing findings are not new"));
        }
        // Said even when none was counted: the unchanged files' own findings were not looked at.
        Map<String, Integer> hidden = new java.util.HashMap<>(now.hidden());
        hidden.putIfAbsent(EXISTING, 0);
        return new ScanResult(now.findings(), now.suppressed(), new ArrayList<>(new TreeSet<>(notes)), now.filesScanned(),
                now.rules(), now.source(), hidden);
    }

    /**
     * Both full models (cross-file rules need them), but files whose blob did not change are parsed
     * once: the "after" model reuses the "before" model's immutable file models. File rules run only
     * on changed files on both sides: on an unchanged file they report exactly what they reported
     * before, which is never new.
     */
    private static ScanResult withSharedModel(Scanner scanner, Snapshot before, Snapshot after, Config config,
                                              ScanOptions beforeOptions, ScanOptions afterOptions, Changes changes,
                                              Map<String, String> renames) throws IOException {
        boolean charts = java.util.stream.Stream.of(changes.added(), changes.modified(), changes.deleted())
                .flatMap(Set::stream).anyMatch(p -> p.endsWith("Chart.yaml") || p.endsWith("Chart.yml"));
        beforeOptions = keyed(beforeOptions, before);
        afterOptions = keyed(afterOptions, after);
        if (charts) {
            // Which files are Helm templates depends on where charts are: compare two complete scans.
            ScanResult old = scanner.scan(before, config, beforeOptions);
            return scanner.scan(after, config, afterOptions.withFilter(FindingFilter.knownFindings(EXISTING,
                    old.findings())));
        }
        Set<String> fresh = new HashSet<>(changes.added());
        fresh.addAll(changes.modified());
        Set<String> oldSide = new HashSet<>(changes.modified());
        oldSide.addAll(renames.keySet());
        Optional<Outcome> cachedBefore = scanner.cachedRepositoryOutcome(config, beforeOptions);
        if (cachedBefore.isPresent()) {
            return withCachedBefore(scanner, before, after, config, beforeOptions, afterOptions, fresh, oldSide,
                    cachedBefore.get());
        }
        List<Note> beforeNotes = java.util.Collections.synchronizedList(new ArrayList<>());
        RepositoryModel beforeModel = scanner.model(before, config, beforeOptions, beforeNotes);
        Set<Note> beforeSnapshotNotes = new HashSet<>(before.notes());
        scanner.storeLoadNotes(config, beforeOptions, new Scanner.LoadSummary(beforeModel.files().size(),
                beforeNotes.stream().filter(n -> !beforeSnapshotNotes.contains(n)).toList()));
        ScanResult old = scanner.check(beforeModel, beforeOptions.withFileRuleScope(oldSide::contains), List.of());
        ScanOptions filtered = afterOptions.withFilter(FindingFilter.knownFindings(EXISTING, old.findings()))
                .withFileRuleScope(fresh::contains);
        List<Note> notes = java.util.Collections.synchronizedList(new ArrayList<>());
        RepositoryModel changed = scanner.model(after, config, afterOptions.withInclude(and(afterOptions.include(),
                fresh::contains)), notes);
        Set<String> present = new HashSet<>(after.files());
        Predicate<String> reused = p -> present.contains(p) && !fresh.contains(p);
        Set<Note> afterSnapshotNotes = new HashSet<>(after.notes());
        List<Note> afterLoadNotes = new ArrayList<>();
        for (Note n : notes) {
            if (!afterSnapshotNotes.contains(n)) {
                afterLoadNotes.add(n);
            }
        }
        for (Note n : beforeNotes) {
            if (!beforeSnapshotNotes.contains(n) && reused.test(n.path())) {
                notes.add(n);
                afterLoadNotes.add(n);
            }
        }
        List<FileModel> files = new ArrayList<>(changed.files());
        beforeModel.files().stream().filter(f -> reused.test(f.path())).forEach(files::add);
        files.sort(java.util.Comparator.comparing(FileModel::path));
        scanner.storeLoadNotes(config, afterOptions, new Scanner.LoadSummary(files.size(), afterLoadNotes));
        return scanner.check(new RepositoryModel(after, config, files, afterOptions.parsedFiles()), filtered, notes);
    }

    /**
     * The "before" side when its repository rules' outcome is cached (typically: HEAD was scanned as
     * the index of the previous commit): only its changed files are read, for the file rules. The
     * "after" side is read whole, as its repository rules need it, unless its outcome and the notes of
     * reading it are cached too (the same index scanned again): then only its changed files are read.
     */
    private static ScanResult withCachedBefore(Scanner scanner, Snapshot before, Snapshot after, Config config,
                                               ScanOptions beforeOptions, ScanOptions afterOptions, Set<String> fresh,
                                               Set<String> oldSide, Outcome beforeRepository) throws IOException {
        RepositoryModel oldFiles = scanner.model(before, config, beforeOptions.withInclude(and(beforeOptions.include(),
                oldSide::contains)), java.util.Collections.synchronizedList(new ArrayList<>()));
        ScanResult old = scanner.check(oldFiles, beforeOptions.withFileRuleScope(oldSide::contains), List.of(),
                Optional.of(beforeRepository));
        ScanOptions filtered = afterOptions.withFilter(FindingFilter.knownFindings(EXISTING, old.findings()))
                .withFileRuleScope(fresh::contains);
        Set<String> present = new HashSet<>(after.files());
        Predicate<String> reused = p -> present.contains(p) && !fresh.contains(p);
        Optional<Outcome> afterRepository = scanner.cachedRepositoryOutcome(config, afterOptions);
        // An observer (the Flux graph of a Markdown report) needs the whole model: then it is read.
        Optional<Scanner.LoadSummary> afterLoad = afterRepository.isPresent() && !afterOptions.hasObserver()
                ? scanner.cachedLoadSummary(config, afterOptions) : Optional.empty();
        if (afterLoad.isPresent()) {
            List<Note> notes = java.util.Collections.synchronizedList(new ArrayList<>());
            RepositoryModel changed = scanner.model(after, config, afterOptions.withInclude(and(afterOptions.include(),
                    fresh::contains)), notes);
            afterLoad.get().notes().stream().filter(n -> reused.test(n.path())).forEach(notes::add);
            ScanResult r = scanner.check(changed, filtered, notes, afterRepository);
            // The changed files were read here; the count is that of the whole snapshot, as without the cache.
            return new ScanResult(r.findings(), r.suppressed(), r.notes(), afterLoad.get().files(), r.rules(), r.source(),
                    r.hidden());
        }
        List<Note> loaded = java.util.Collections.synchronizedList(new ArrayList<>());
        RepositoryModel model = scanner.model(after, config, afterOptions, loaded);
        // As when the unchanged files' models come from the "before" side: listing notes only for changed paths.
        Set<Note> listing = new HashSet<>(after.notes());
        List<Note> notes = new ArrayList<>();
        List<Note> loadNotes = new ArrayList<>();
        for (Note n : loaded) {
            boolean general = n.path() == null || n.path().isEmpty();
            if (!listing.contains(n)) {
                loadNotes.add(n);
            }
            if (!listing.contains(n) || general || fresh.contains(n.path())) {
                notes.add(n);
            }
        }
        scanner.storeLoadNotes(config, afterOptions, new Scanner.LoadSummary(model.files().size(), loadNotes));
        return scanner.check(model, filtered, notes);
    }

    /**
     * Options that cache the repository rules' outcome under the snapshot's content digest. Only when
     * the options have a cache, which callers give only when {@code include} selects the whole snapshot.
     */
    public static ScanOptions keyed(ScanOptions options, Snapshot snapshot) {
        if (options.cache() == ResultCache.NONE) {
            return options;
        }
        return options.withSnapshotKey(snapshot.contentKey());
    }

    private static Predicate<String> and(Predicate<String> a, Predicate<String> b) {
        return p -> a.test(p) && b.test(p);
    }

    static boolean onlyFileRules(Scanner scanner, Config config, ScanOptions options) {
        // A rule with a repository part too (FW-S007 reads generator inputs) sees more than the changed files.
        return scanner.enabled(config, options).stream()
                .allMatch(r -> r instanceof FileRule && !(r instanceof RepositoryRule));
    }

    /** Paths added, modified and deleted from one snapshot to the other. */
    record Changes(Set<String> added, Set<String> modified, Set<String> deleted) {

        boolean isEmpty() {
            return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
        }

        static Changes between(Snapshot before, Snapshot after) throws IOException {
            if (before instanceof BlobSnapshot a && after instanceof BlobSnapshot b) {
                return between(a.listing(), b.listing());
            }
            Set<String> old = new HashSet<>(before.files());
            Set<String> added = new TreeSet<>();
            Set<String> modified = new TreeSet<>();
            for (String p : after.files()) {
                if (!old.remove(p)) {
                    added.add(p);
                } else if (!sameContent(before, after, p)) {
                    modified.add(p);
                }
            }
            return new Changes(added, modified, new TreeSet<>(old));
        }

        /** Two git listings compared by blob id, walking both in path order. */
        private static Changes between(BlobSnapshot.Listing before, BlobSnapshot.Listing after) {
            Set<String> added = new TreeSet<>();
            Set<String> modified = new TreeSet<>();
            Set<String> deleted = new TreeSet<>();
            List<String> a = before.paths();
            List<String> b = after.paths();
            int i = 0;
            int j = 0;
            while (i < a.size() || j < b.size()) {
                int order = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).compareTo(b.get(j));
                if (order < 0) {
                    deleted.add(a.get(i));
                } else if (order > 0) {
                    added.add(b.get(j));
                } else if (!before.id(i).equals(after.id(j))) {
                    modified.add(b.get(j));
                }
                if (order <= 0) {
                    i++;
                }
                if (order >= 0) {
                    j++;
                }
            }
            return new Changes(added, modified, deleted);
        }

        private static boolean sameContent(Snapshot before, Snapshot after, String path) throws IOException {
            Optional<String> a = before.blobId(path);
            Optional<String> b = after.blobId(path);
            if (a.isPresent() && b.isPresent()) {
                return a.get().equals(b.get());
            }
            if (a.isPresent()) {
                try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
                    return a.get().equals(f.idFor(Constants.OBJ_BLOB, after.read(path)).name());
                }
            }
            return Arrays.equals(before.read(path), after.read(path));
        }
    }
}
