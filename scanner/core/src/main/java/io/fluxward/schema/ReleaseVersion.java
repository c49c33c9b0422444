package io.fluxward.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A product release number such as {@code 2.7}, {@code v2.9.4} or {@code 0.17}, compared
 * numerically part by part ({@code 2.10 > 2.9}); missing parts count as zero, so {@code 2.7}
 * equals {@code 2.7.0}. Pre-release suffixes ({@code -rc.1}) are ignored.
 */
public record ReleaseVersion(List<Integer> parts) implements Comparable<ReleaseVersion> {

    public ReleaseVersion {
        parts = List.copyOf(parts);
    }

    /** Parses {@code [v]N[.N]...}; empty for anything else. */
    public static Optional<ReleaseVersion> parse(String text) {
        String t = text.strip();
        if (t.startsWith("v") || t.startsWith("V")) {
            t = t.substring(1);
        }
        int dash = t.indexOf('-');
        if (dash >= 0) {
            t = t.substring(0, dash);
        }
        if (!t.matches("\\d{1,6}(\\.\\d{1,6}){0,3}")) {
            return Optional.empty();
        }
        List<Integer> out = new ArrayList<>();
        for (String p : t.split("\\.")) {
            out.add(Integer.parseInt(p));
        }
        return Optional.of(new ReleaseVersion(out));
    }

    /** Parses a version written in a data file; throws on a malformed one. */
    public static ReleaseVersion of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a release version: " + text));
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        int n = Math.max(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            int a = i < parts.size() ? parts.get(i) : 0;
            int b = i < o.parts.size() ? o.parts.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    public boolean atLeast(ReleaseVersion o) {
        return compareTo(o) >= 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int p : parts) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(p);
        }
        return out.toString();
    }
}
