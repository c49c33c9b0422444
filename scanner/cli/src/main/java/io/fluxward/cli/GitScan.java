package io.fluxward.cli;

import io.fluxward.cache.DiskCache;
import io.fluxward.cache.HeldOutcomes;
import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.Finding;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.engine.Timings;
import io.fluxward.git.ChangeScan;
import io.fluxward.git.GitException;
import io.fluxward.git.GitRepository;
import io.fluxward.git.GitSnapshots;
import io.fluxward.model.ParsedFiles;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Option;

/**
 * The git options of {@code scan}: which snapshot to scan (index, a commit, the work tree) and
 * what to compare it with, so that only new findings are reported.
 */
public final class GitScan {

    @Option(names = "--staged", description = "Scan what is staged (the git index, exactly as it will be committed) and "
            + "report only findings that are new compared to HEAD. For pre-commit hooks.")
    boolean staged;

    @Option(names = "--diff-base", paramLabel = "REF", description = "Report only findings that are new compared to "
            + "REF (its merge base with HEAD), e.g. origin/main in a pull request.")
    String diffBase;

    @Option(names = "--head", paramLabel = "REF", description = "Scan the commit REF instead of the work tree "
            + "(with --diff-base: the pull request's head).")
    String head;

    @Option(names = "--all", description = "With --staged or --diff-base: report every finding, not only new ones.")
    boolean all;

    @Option(names = "--pre-commit-framework", description = "Run as a hook of the pre-commit framework: in git commit "
            + "and git merge, as --staged; with PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF (--from-ref/--to-ref, pre-push), the "
            + "findings the range adds; otherwise (--all-files, --files, a manual run) every finding in the repository "
            + "(in the files passed, when the hook passes file names).")
    boolean preCommitFramework;

    @Option(names = "--no-cache", description = "With --staged, --diff-base or --head: do not use the result cache "
            + "in .git/fluxward (outcomes kept by git blob and tree, which make the next pre-commit run fast).")
    boolean noCache;

    @Option(names = "--read-only-cache", hidden = true, description = "Use the result cache without writing to it "
            + "(the resident server's warm-up on a user's repository).")
    boolean readOnlyCache;

    @Option(names = "--pre-scan", hidden = true, description = "A run ahead of a hook's (the resident server's "
            + "pre-scan): the result cache is only read; what it would write is held in the server's memory.")
    boolean preScan;

    /**
     * Config loading for a snapshot: its own .fluxward.yaml (never one only on disk: the scan judges what
     * will be committed), unless --config says otherwise.
     *
     * @param snapshot the snapshot whose {@code .fluxward.yaml} applies
     * @param where    how to name that file in messages
     */
    @FunctionalInterface
    interface ConfigLoader {
        Config load(Snapshot snapshot, String where) throws IOException, ConfigException;
    }

    /** Set by a staged scan: there is no HEAD yet, so nothing is older than the change. */
    private boolean firstCommit;

    boolean firstCommit() {
        return firstCommit;
    }

    /** Set by a staged scan: the paths scanned of which the index holds nothing (all of them deleted, or untracked). */
    private final List<String> nothingStaged = new java.util.ArrayList<>();

    /**
     * The notes about scanned paths of which nothing is staged: their check had nothing to judge, which is no error
     * (a commit that deletes a folder a hook scans) but must not pass for a check of something.
     */
    List<String> nothingStagedNotes() {
        return List.copyOf(nothingStaged);
    }

    private void nothingStaged(ScanTarget target, Snapshot after) throws IOException {
        String named = target.gitTop().isPresent() ? target.pathPrefix() : target.root() + "/";
        if (target.onlyFiles().isEmpty()) {
            if (after.files().isEmpty()) {
                nothingStaged.add((named.isEmpty() ? "." : named.substring(0, named.length() - 1))
                        + ": nothing is staged there (the index holds no file below it): nothing to check");
            }
            return;
        }
        Set<String> files = new HashSet<>(after.files());
        target.onlyFiles().stream().filter(f -> !files.contains(f))
                .forEach(f -> nothingStaged.add(named + f + ": not staged (the index does not hold it): nothing to check"));
    }

    boolean active() {
        return staged || diffBase != null || head != null;
    }

    /**
     * With {@code --pre-commit-framework}: picks the scan the framework asks for, from how it runs the hook. git
     * tells a commit (or a merge) from the other runs: it runs hooks with {@code GIT_INDEX_FILE} set (the index being
     * committed); pre-commit sets {@code PRE_COMMIT_FROM_REF}/{@code PRE_COMMIT_TO_REF} for {@code --from-ref/--to-ref}
     * and on pre-push. fluxward's own hooks pass no file names ({@code pass_filenames: false}): pre-commit would split
     * a long list into several runs, each repeating the whole check. A hook that passes them gets its other runs'
     * findings narrowed to those files.
     *
     * @param files the file names pre-commit passed (relative to the repository's top, the hook's folder)
     * @return the files whose findings to report (a work-tree scan); empty when every finding is reported: a git scan
     *         (set here: {@code --diff-base FROM --head TO}, or {@code --staged} in a commit), or without file names
     *         ({@code --all-files}, {@code --files}, a run by hand) the whole work tree
     */
    Optional<List<String>> preCommitFramework(List<String> files, java.util.Map<String, String> env) {
        String from = env.getOrDefault("PRE_COMMIT_FROM_REF", "");
        String to = env.getOrDefault("PRE_COMMIT_TO_REF", "");
        if (!from.isEmpty() && !to.isEmpty()) {
            diffBase = from;
            head = to;
            return Optional.empty();
        }
        if (env.containsKey("GIT_INDEX_FILE")) {
            staged = true;
            return Optional.empty();
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(files));
    }

    /** A usage problem with --pre-commit-framework, which chooses the git options itself, or empty. */
    Optional<String> preCommitFrameworkProblem() {
        return preCommitFramework && (staged || diffBase != null || head != null || all)
                ? Optional.of("--pre-commit-framework chooses what to scan itself: it cannot be combined with --staged, "
                + "--diff-base, --head or --all")
                : Optional.empty();
    }

    /** A usage problem with the combination of options, or empty. */
    Optional<String> problem() {
        if (staged && (diffBase != null || head != null)) {
            return Optional.of("--staged cannot be combined with --diff-base or --head");
        }
        if (all && !staged && diffBase == null) {
            return Optional.of("--all needs --staged or --diff-base");
        }
        return Optional.empty();
    }

    /** Runs the git scan of one target. */
    ScanResult scan(Scanner scanner, ScanTarget target, Map<String, String> env, ConfigLoader configs,
                    ScanOptions options) throws IOException, ConfigException {
        DiskCache cache = null;
        try (GitRepository repo = GitRepository.open(target.root(), env)) {
            String subdir = subdir(repo, target.root());
            if (!noCache && target.onlyFiles().isEmpty()) {
                // Whole folders only: the cached repository outcome is that of the whole snapshot.
                cache = DiskCache.forGitDir(repo.commonDir(), DiskCache.DEFAULT_MAX_BYTES);
                if (readOnlyCache || preScan) {
                    cache = cache.readOnly();
                }
                DiskCache disk = cache;
                // In the server: what a pre-scan found goes to memory, and the next scan takes it from there
                // (not a warm-up's, which leaves the cache as it found it).
                Optional<HeldOutcomes> held = readOnlyCache ? Optional.empty()
                        : HeldOutcomes.of(options.parsedFiles(), preScan);
                options = options.withCache(held.map(h -> preScan ? h.forPreScan(disk) : h.forRequest(disk)).orElse(disk));
            }
            ParsedFiles kept = options.parsedFiles();
            Snapshot after = Timings.timeChecked("git: read the scanned snapshot", () -> after(repo, subdir, kept))
                    .at(target.pathPrefix());
            if (staged) {
                nothingStaged(target, after);
            }
            long configStart = System.nanoTime();
            // The scanned folder's .fluxward.yaml, else (a subfolder scanned) the one at the top of the same snapshot.
            Snapshot configSource = after;
            String where = target.pathPrefix() + ".fluxward.yaml (" + after.describe() + ")";
            if (!after.files().contains(".fluxward.yaml") && !(subdir.isEmpty() && target.pathPrefix().isEmpty())) {
                Snapshot top = after(repo, "", kept);
                if (top.files().contains(".fluxward.yaml")) {
                    configSource = top;
                    where = ".fluxward.yaml at the top of the repository (" + top.describe() + ")";
                }
            }
            Config config = configs.load(configSource, where);
            config.checkSchemaFolders(after);
            Timings.add("config", System.nanoTime() - configStart);
            if (all || (!staged && diffBase == null)) {
                return scanner.scan(after, config, ChangeScan.keyed(options, after));
            }
            Snapshot before = Timings.timeChecked("git: read the base tree", () -> before(repo, subdir, kept))
                    .at(target.pathPrefix());
            ScanResult result = ChangeScan.newFindings(scanner, repo, before, after, config, options);
            if (staged) {
                // Committing a merge: what a merged branch already has is not this change's (as git's combined diff,
                // and as --diff-base judges a branch from its merge base). A finding is new only if new against
                // every parent, whether or not the merge stopped at a conflict.
                for (RevCommit other : repo.mergeHeads()) {
                    Snapshot theirs = GitSnapshots.commit(repo, other, "MERGE_HEAD (" + abbreviated(other) + ")", subdir,
                            kept).at(target.pathPrefix());
                    result = newAgainstBoth(result, ChangeScan.newFindings(scanner, repo, theirs, after, config, options));
                }
            }
            return result;
        } finally {
            if (cache != null) {
                DiskCache written = cache;
                Timings.time("cache: trim", () -> {
                    written.trim();
                    return null;
                });
            }
        }
    }

    /** The findings of {@code ours} that {@code theirs} (the same snapshot against another parent) also finds new. */
    private static ScanResult newAgainstBoth(ScanResult ours, ScanResult theirs) {
        Set<String> newThere = new HashSet<>();
        theirs.findings().forEach(f -> newThere.add(f.fingerprint()));
        List<Finding> kept = ours.findings().stream().filter(f -> newThere.contains(f.fingerprint()))
                .toList();
        Map<String, Integer> hidden = new HashMap<>(ours.hidden());
        hidden.merge(ChangeScan.EXISTING, ours.findings().size() - kept.size(), Integer::sum);
        return new ScanResult(kept, ours.suppressed(), ours.notes(), ours.filesScanned(), ours.rules(), ours.source(),
                hidden);
    }

    private Snapshot after(GitRepository repo, String subdir, ParsedFiles kept) throws IOException {
        if (staged) {
            return GitSnapshots.index(repo, subdir, kept);
        }
        if (head != null) {
            RevCommit commit = repo.commit(head);
            return GitSnapshots.commit(repo, commit, abbreviated(commit) + " (" + head + ")", subdir, kept);
        }
        return GitSnapshots.workTree(repo, subdir);
    }

    private Snapshot before(GitRepository repo, String subdir, ParsedFiles kept) throws IOException {
        if (staged) {
            Optional<RevCommit> headCommit = repo.head();
            firstCommit = headCommit.isEmpty();
            return headCommit.isPresent()
                    ? GitSnapshots.commit(repo, headCommit.get(), "HEAD (" + abbreviated(headCommit.get()) + ")", subdir,
                    kept)
                    : GitSnapshots.empty("HEAD (no commit yet)");
        }
        RevCommit base = repo.commit(diffBase);
        Optional<RevCommit> tip = head != null ? Optional.of(repo.commit(head)) : repo.head();
        if (tip.isPresent()) {
            // As `git diff BASE...HEAD`: changes on the base branch since the fork are not this change's.
            base = repo.mergeBase(base, tip.get(), diffBase + " and " + (head != null ? head : "HEAD"));
        }
        return GitSnapshots.commit(repo, base, diffBase + " (" + abbreviated(base) + ")", subdir, kept);
    }

    private static String abbreviated(RevCommit commit) {
        return commit.getId().abbreviate(12).name();
    }

    /** The scanned folder relative to the work tree top ({@code ""} for the top). */
    static String subdir(GitRepository repo, Path root) throws GitException {
        try {
            Path top = repo.workTree().toRealPath();
            // Real as far as it exists: a staged folder need not be in the work tree (a sparse checkout, a folder
            // deleted from disk but still staged).
            Path dir = realPath(root);
            if (!dir.startsWith(top)) {
                throw new GitException(root + ": not inside the work tree " + top);
            }
            return top.relativize(dir).toString().replace('\\', '/');
        } catch (GitException e) {
            throw e;
        } catch (IOException e) {
            throw new GitException(root + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code p} with links resolved as far as it exists: the real path of its nearest existing folder (or itself),
     * with the names below that appended as given.
     */
    static Path realPath(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }
}
