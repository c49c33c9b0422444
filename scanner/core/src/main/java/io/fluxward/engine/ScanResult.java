package io.fluxward.engine;

import io.fluxward.model.Note;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scan found.
 *
 * @param findings     sorted by {@link Finding#ORDER}, after suppressions and filters
 * @param suppressed   how many findings inline suppressions (or a baseline) hid
 * @param notes        messages about the scan itself, sorted
 * @param filesScanned files read
 * @param rules        the rules that ran, sorted by ID
 * @param source       what was scanned (e.g. {@code work tree})
 * @param hidden       how many findings each {@link FindingFilter} hid, by filter name (baseline,
 *                     findings that existed before the change); not counted in {@code suppressed}
 */
public record ScanResult(List<Finding> findings, int suppressed, List<Note> notes, int filesScanned,
                         List<RuleDescriptor> rules, String source, Map<String, Integer> hidden) {

    public ScanResult {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        rules = List.copyOf(rules);
        hidden = java.util.Collections.unmodifiableMap(new TreeMap<>(hidden));
    }

    public ScanResult(List<Finding> findings, int suppressed, List<Note> notes, int filesScanned,
                      List<RuleDescriptor> rules, String source) {
        this(findings, suppressed, notes, filesScanned, rules, source, Map.of());
    }

    /**
     * The name under which a change scan (staged, {@code --diff-base}) counts the findings that existed before the
     * change. The count is a lower bound: such a scan checks only the changed files again, and the findings that
     * span files, not what unchanged files hold on their own.
     */
    public static final String EXISTING = "existing before the change";

    /**
     * One line per filter that hid findings, e.g. {@code 2 findings not shown (baseline)}; for the findings that
     * existed before a change, "at least" (see {@link #EXISTING}), or none counted at all, with where to see them.
     */
    public List<String> hiddenSummary() {
        List<String> out = new java.util.ArrayList<>();
        hidden.forEach((name, n) -> {
            if (name.equals(EXISTING)) {
                out.add(n == 0 ? "findings that existed before the change are not shown ('fluxward scan' lists all)"
                        : "at least " + plural(n) + " not shown (" + name + "; 'fluxward scan' lists all)");
            } else if (n > 0) {
                out.add(plural(n) + " not shown (" + name + ")");
            }
        });
        return out;
    }

    private static String plural(int n) {
        return n + " finding" + (n == 1 ? "" : "s");
    }

    /** Findings hidden by filters in total. */
    public int hiddenCount() {
        return hidden.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** True when a file could not be processed at all (exit status 2). */
    public boolean hasErrors() {
        return notes.stream().anyMatch(n -> n.kind() == Note.Kind.ERROR);
    }

    public long count(Level level) {
        return findings.stream().filter(f -> f.level() == level).count();
    }

    /** A copy with other findings (filters such as the baseline or "new only"). */
    public ScanResult withFindings(List<Finding> kept, int hidden) {
        return new ScanResult(kept, suppressed + hidden, notes, filesScanned, rules, source, this.hidden);
    }
}
