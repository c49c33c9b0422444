package io.fluxward.cli;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanResult;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/** The few lines a pre-commit hook prints after the findings: what to do next. */
final class HookAdvice {

    private HookAdvice() {
    }

    /**
     * The advice after a blocked commit.
     *
     * @param blocking the finding the hints name: one that blocks the commit (empty: the commit is not blocked)
     */
    static void print(ScanResult result, Optional<Finding> blocking, boolean all, PrintWriter err) {
        if (blocking.isEmpty()) {
            return;
        }
        long errors = result.count(Level.ERROR);
        String first = blocking.get().ruleId();
        // With --all every finding of the index is listed, the old ones too: none is said to be added.
        err.println("fluxward: commit blocked: " + (all ? "the staged content has " : "the staged changes add ")
                + plural(result.findings().size(), "finding") + (errors > 0 ? " (" + plural(errors, "error") + ")" : "") + ".");
        err.println("  fix:      edit the file, then 'git add' it again (fluxward checks the staged content)");
        err.println("  why:      fluxward explain " + first);
        err.println("  accept:   '# fluxward:ignore " + first + " <reason>' on the line or the line above");
        if (!all) {
            // Older findings are not compared exhaustively (unchanged files are not re-checked), so no count here.
            err.println("  (findings older than this change are not shown: 'fluxward scan' lists everything)");
        }
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
        for (Map.Entry<String, Integer> e : result.hidden().entrySet()) {
            err.println("fluxward: " + plural(e.getValue(), "finding") + " not shown (" + e.getKey() + ")");
        }
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
