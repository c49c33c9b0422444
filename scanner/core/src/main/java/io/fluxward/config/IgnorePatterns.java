package io.fluxward.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ignore:} patterns of {@code .fluxward.yaml}, read as a {@code .gitignore} at the scan root is
 * (what {@code git check-ignore --no-index} says): the last pattern that matches a path decides, a pattern
 * starting with {@code !} keeps what an earlier one left out, a pattern ending in {@code /} matches folders
 * only, and nothing below a left-out folder can be kept again ({@code docs/} then {@code !docs/a.yaml} still
 * leaves out {@code docs/a.yaml}; {@code docs/**} then {@code !docs/a.yaml} keeps it).
 */
public final class IgnorePatterns {

    private record Pattern(Glob glob, boolean negated, boolean folderOnly) {
    }

    private final List<Pattern> patterns;
    /** Verdicts on folders, asked again for every file below them. */
    private final Map<String, Boolean> folders = new ConcurrentHashMap<>();

    private IgnorePatterns(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public static IgnorePatterns of(List<String> lines) {
        List<Pattern> out = new ArrayList<>();
        for (String line : lines) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue; // as in a .gitignore: nothing, or a comment
            }
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            } else if (p.startsWith("\\!") || p.startsWith("\\#")) {
                p = p.substring(1);
            }
            if (!p.isEmpty()) {
                out.add(new Pattern(Glob.of(p), negated, p.endsWith("/")));
            }
        }
        return new IgnorePatterns(out);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** True when the file at {@code path} (relative to the scan root) is not to be scanned. */
    public boolean excludes(String path) {
        if (patterns.isEmpty()) {
            return false;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String folder = path.substring(0, slash);
            if (folders.computeIfAbsent(folder, f -> lastMatch(f, true))) {
                return true;
            }
        }
        return lastMatch(path, false);
    }

    private boolean lastMatch(String path, boolean folder) {
        boolean excluded = false;
        for (Pattern p : patterns) {
            if ((folder || !p.folderOnly()) && p.glob().matchesItself(path)) {
                excluded = !p.negated();
            }
        }
        return excluded;
    }
}
