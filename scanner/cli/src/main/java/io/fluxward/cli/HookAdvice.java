package io.fluxward.cli;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanResult;
import io.fluxward.git.HookInstaller;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileType;
import io.fluxward.report.TextReporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few lines a pre-commit hook prints after the findings: what to do next. */
final class HookAdvice {

    // The messages FW-K001 and FW-F009 give for a missing path (kustomize's Builder, Generators, PathNotFound).
    private static final Pattern MISSING = Pattern.compile("^(?:component |folder )?'(?<ref>[^']+)' (?:does not exist"
            + "|(?<nokust>has no kustomization))| spec\\.path '(?<ref2>[^']+)' is not a folder of this repository:");

    private static final Pattern KEY_FILE = Pattern.compile(
            "(?i).*\\.(agekey|pem|key|p8|pk8|ppk|gpg)|keys\\.txt|id_(rsa|dsa|ecdsa|ed25519)(_sk)?");

    private HookAdvice() {
    }

    /** Where a staged scan runs, which decides what its advice may say. */
    enum Staging {
        /** Typed by hand: no commit is running, so none is blocked. */
        BY_HAND,
        /** In a hook of {@code git commit} or {@code git merge} that commits the index as it is. */
        COMMIT,
        /** In a hook of {@code git commit -a} or {@code -i}: git stages the files from the work tree. */
        COMMIT_FROM_WORK_TREE,
        /**
         * In a hook of {@code git commit PATH} (git's {@code --only}): the commit holds HEAD's tree with the named paths
         * as the work tree has them, and leaves out what else the index has staged.
         */
        COMMIT_ONLY_PATHS;

        /**
         * From {@code GIT_INDEX_FILE}, which git sets for its commit hooks: the repository's index, or a temporary one
         * ({@code index.lock} for -a and -i, {@code next-index-*.lock} for an "only" commit of the paths named).
         */
        static Staging of(Map<String, String> env) {
            String index = env.get("GIT_INDEX_FILE");
            if (index == null || index.isEmpty()) {
                return BY_HAND;
            }
            String name = index.substring(index.lastIndexOf('/') + 1);
            return name.equals("index.lock") ? COMMIT_FROM_WORK_TREE : name.startsWith("next-index-") ? COMMIT_ONLY_PATHS
                    : COMMIT;
        }
    }

    /**
     * The advice after a blocked commit (or, by hand, findings that would block one).
     *
     * @param blocking    the finding the hints name: one that blocks the commit (empty: the commit is not blocked)
     * @param firstCommit no HEAD yet: every finding is the change's, none is older
     */
    static void print(ScanResult result, Optional<Finding> blocking, boolean all, String pathPrefix, Staging staging,
                      boolean firstCommit, Optional<Path> root, PrintWriter err) {
        if (blocking.isEmpty()) {
            return;
        }
        long errors = result.count(Level.ERROR);
        String first = blocking.get().ruleId();
        // With --all every finding of the index is listed, the old ones too: none is said to be added.
        String what = (all ? "the staged content has " : "the staged changes add ") + plural(result.findings().size(), "finding")
                + (errors > 0 ? " (" + plural(errors, "error") + ")" : "");
        err.println(staging == Staging.BY_HAND ? "fluxward: " + what + (all ? "." : "; a commit would be blocked.")
                : "fluxward: commit blocked: " + what + ".");
        boolean older = !all && !firstCommit;
        if (keyFile(blocking.get())) {
            // A key file is not fixed by editing it, and a private key is not to be accepted: it leaves the commit.
            String path = pathPrefix + blocking.get().path();
            err.println(TextReporter.printable("  fix:      take the key file out of the commit: "
                    + "git rm --cached -- " + HookInstaller.quote(":/" + path)
                    + " (and list it in .gitignore); a key that was ever pushed must be replaced"));
            err.println("  why:      fluxward explain " + first);
            if (older) {
                err.println("  (findings older than this change are not shown: 'fluxward scan' lists everything)");
            }
            return;
        }
        err.println(staging == Staging.COMMIT_FROM_WORK_TREE || staging == Staging.COMMIT_ONLY_PATHS
                ? "  fix:      edit the file, then commit again (this commit takes the files it names, or with -a every "
                + "tracked file, from the work tree)"
                : "  fix:      edit the file, then 'git add' it again (fluxward checks the staged content)");
        root.ifPresent(r -> notStaged(result, r, pathPrefix, staging, err));
        err.println("  why:      fluxward explain " + first + alsoBlocking(result, blocking.get()));
        err.println("  accept:   '# fluxward:ignore " + first + " <reason>' on the line or the line above");
        if (older) {
            // Older findings are not compared exhaustively (unchanged files are not re-checked), so no count here.
            err.println("  (findings older than this change are not shown: 'fluxward scan' lists everything)");
        }
    }

    /**
     * The files and folders that FW-K001 and FW-F009 findings call missing but that are in the work tree: most often
     * a new file never {@code git add}ed, which "does not exist" alone leaves a puzzle (the file is right there).
     * Told here, after the findings, as their outcome is kept by the staged content alone, whatever the work tree holds.
     */
    private static void notStaged(ScanResult result, Path root, String pathPrefix, Staging staging, PrintWriter err) {
        Set<String> paths = new TreeSet<>();
        for (Finding f : result.findings()) {
            unstagedPath(f, root).ifPresent(paths::add);
        }
        if (paths.isEmpty()) {
            return;
        }
        List<String> shown = paths.stream().limit(3).map(p -> "'" + pathPrefix + p + "'").toList();
        String more = paths.size() > shown.size() ? " and " + (paths.size() - shown.size()) + " more" : "";
        String are = paths.size() == 1 ? " is" : " are";
        if (staging == Staging.COMMIT_ONLY_PATHS) {
            // The commit's index is HEAD plus the paths named: one staged in the repository's index is left out all the
            // same, so 'git add' changes nothing; naming it (or committing the whole index) does.
            err.println(TextReporter.printable("  not in this commit: " + String.join(", ", shown) + more + are
                    + " in the work tree but not among the paths this commit takes: name "
                    + (paths.size() == 1 ? "it" : "them") + " in the commit's paths too ('git add' a new file first),"
                    + " or commit without paths"));
            return;
        }
        StringBuilder add = new StringBuilder("git add --");
        paths.forEach(p -> add.append(' ').append(HookInstaller.quote(":/" + pathPrefix + p)));
        err.println(TextReporter.printable("  not staged: " + String.join(", ", shown) + more + are
                + " in the work tree but not in the index: " + add));
    }

    /**
     * The path (relative to {@code root}) a missing-file finding names, when the work tree has it. Entries are relative
     * to the kustomization's folder and some messages name a folder from the top, so both readings are tried.
     */
    static Optional<String> unstagedPath(Finding f, Path root) {
        if (!f.ruleId().equals("FW-K001") && !f.ruleId().equals("FW-F009")) {
            return Optional.empty();
        }
        Matcher m = MISSING.matcher(f.message());
        if (!m.find()) {
            return Optional.empty();
        }
        boolean needsKustomization = m.group("nokust") != null;
        String ref = m.group("ref") != null ? m.group("ref") : m.group("ref2");
        String rel = ref.startsWith("/") ? ref.substring(1) : ref;
        try {
            Path findingFolder = root.resolve(f.path()).getParent();
            for (Path base : f.ruleId().equals("FW-K001") && findingFolder != null ? List.of(findingFolder, root)
                    : List.of(root)) {
                Path p = base.resolve(rel).normalize();
                Optional<Path> there = !p.startsWith(root) ? Optional.empty() : needsKustomization
                        ? Kustomize.FILE_NAMES.stream().map(p::resolve).filter(Files::isRegularFile).findFirst()
                        : Files.exists(p) ? Optional.of(p) : Optional.empty();
                if (there.isPresent()) {
                    return Optional.of(root.relativize(there.get()).toString().replace('\\', '/'));
                }
            }
        } catch (InvalidPathException e) {
            // Not a path of this file system: nothing in the work tree.
        }
        return Optional.empty();
    }

    /**
     * A private key (FW-S004) in a key file, named as key files are ({@code age.agekey}, sops' {@code keys.txt},
     * {@code id_ed25519}, {@code tls.key}, {@code *.pem}...): no manifest, and nothing else in it to keep.
     */
    private static boolean keyFile(Finding finding) {
        String path = finding.path();
        FileType type = FileType.byName(path);
        return finding.ruleId().equals("FW-S004") && type != FileType.YAML && type != FileType.JSON
                && KEY_FILE.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
    }

    /**
     * The finding a blocked commit's hints name: the first (in report order) of the most serious level at
     * or above {@code threshold}; empty when none reaches it (the commit is not blocked).
     */
    static Optional<Finding> blocking(ScanResult result, Level threshold) {
        return result.findings().stream().filter(f -> f.level().atLeast(threshold))
                .min(Comparator.comparing(Finding::level));
    }

    /**
     * The other rules with findings as serious as the one the hints name ({@code  (also FW-F003, FW-S008)}): each
     * blocks the commit as well, and its fix is told by its own {@code explain}.
     */
    private static String alsoBlocking(ScanResult result, Finding named) {
        java.util.Set<String> others = new java.util.TreeSet<>();
        for (Finding f : result.findings()) {
            if (f.level() == named.level() && !f.ruleId().equals(named.ruleId())) {
                others.add(f.ruleId());
            }
        }
        return others.isEmpty() ? "" : " (also " + String.join(", ", others) + ")";
    }

    /** One line about findings that filters hid, so a clean report is not mistaken for a clean repository. */
    static void hiddenSummary(ScanResult result, PrintWriter err) {
        for (String line : result.hiddenSummary()) {
            err.println("fluxward: " + line);
        }
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
