package io.fluxward.cli;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.ScanResult;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The few lines a pre-commit hook prints after the findings: what to do next. */
final class HookAdvice {

    private HookAdvice() {
    }

    static void print(ScanResult result, boolean blocked, boolean all, PrintWriter err) {
        if (!blocked) {
            return;
        }
        Set<String> rules = new TreeSet<>();
        for (Finding f : result.findings()) {
            rules.add(f.ruleId());
        }
        long errors = result.count(Level.ERROR);
        String first = rules.iterator().next();
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
