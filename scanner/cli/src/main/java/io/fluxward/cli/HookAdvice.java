package io.fluxward.cli;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanResult;
import io.fluxward.git.HookInstaller;
import io.fluxward.model.FileType;
import io.fluxward.report.TextReporter;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** The few lines a pre-commit hook prints after the findings: what to do next. */
final class HookAdvice {

    private static final Pattern KEY_FILE = Pattern.compile(
            "(?i).*\\.(agekey|pem|key|p8|pk8|ppk|gpg)|keys\\.txt|id_(rsa|dsa|ecdsa|ed25519)(_sk)?");

    private HookAdvice() {
    }

    /**
     * The advice after a blocked commit.
     *
     * @param blocking the finding the hints name: one that blocks the commit (empty: the commit is not blocked)
     */
    static void print(ScanResult result, Optional<Finding> blocking, boolean all, String pathPrefix, PrintWriter err) {
        if (blocking.isEmpty()) {
            return;
        }
        long errors = result.count(Level.ERROR);
        String first = blocking.get().ruleId();
        // With --all every finding of the index is listed, the old ones too: none is said to be added.
        err.println("fluxward: commit blocked: " + (all ? "the staged content has " : "the staged changes add ")
                + plural(result.findings().size(), "finding") + (errors > 0 ? " (" + plural(errors, "error") + ")" : "") + ".");
        if (keyFile(blocking.get())) {
            // A key file is not fixed by editing it, and a private key is not to be accepted: it leaves the commit.
            String path = pathPrefix + blocking.get().path();
            err.println(TextReporter.printable("  fix:      take the key file out of the commit: "
                    + "git rm --cached -- " + HookInstaller.quote(":/" + path)
                    + " (and list it in .gitignore); a key that was ever pushed must be replaced"));
            err.println("  why:      fluxward explain " + first);
            if (!all) {
                err.println("  (findings older than this change are not shown: 'fluxward scan' lists everything)");
            }
            return;
        }
        err.println("  fix:      edit the file, then 'git add' it again (fluxward checks the staged content)");
        err.println("  why:      fluxward explain " + first);
        err.println("  accept:   '# fluxward:ignore " + first + " <reason>' on the line or the line above");
        if (!all) {
            // Older findings are not compared exhaustively (unchanged files are not re-checked), so no count here.
            err.println("  (findings older than this change are not shown: 'fluxward scan' lists everything)");
        }
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
