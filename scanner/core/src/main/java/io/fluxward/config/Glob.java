package io.fluxward.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * gitignore-style globs on repo-relative paths: {@code *} and {@code ?} stay within one folder,
 * {@code **} crosses folders ({@code **}{@code /x} also matches {@code x} at the top), a pattern
 * without {@code /} matches a file or folder name anywhere, and a folder pattern covers
 * everything below it.
 */
public final class Glob {

    private final String pattern;
    private final Pattern regex;
    /** The path itself only, not what lies below it (compiled when first asked). */
    private volatile Pattern itself;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.regex = Pattern.compile(toRegex(pattern));
    }

    public static Glob of(String pattern) {
        return new Glob(pattern);
    }

    /** True when {@code path} or one of its parent folders matches. */
    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    /**
     * True when {@code path} itself matches, not only a folder above it: what a gitignore pattern matches
     * when git walks the tree one level at a time ({@link IgnorePatterns}).
     */
    boolean matchesItself(String path) {
        Pattern p = itself;
        if (p == null) {
            p = Pattern.compile(toRegex(pattern, false));
            itself = p;
        }
        return p.matcher(path).matches();
    }

    public static boolean anyMatches(List<Glob> globs, String path) {
        for (Glob g : globs) {
            if (g.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }

    static String toRegex(String glob) {
        return toRegex(glob, true);
    }

    private static String toRegex(String glob, boolean below) {
        String g = glob.strip();
        if (g.startsWith("./")) {
            g = g.substring(2);
        }
        boolean anchored = g.startsWith("/") || g.substring(0, Math.max(0, g.length() - 1)).contains("/");
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        if (g.endsWith("/")) {
            g = g.substring(0, g.length() - 1);
        }
        StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*') {
                boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
                if (dbl) {
                    boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                    if (slashAfter) {
                        re.append("(?:.*/)?");
                        i += 2;
                    } else {
                        re.append(".*");
                        i += 1;
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        if (below) {
            re.append("(?:/.*)?");
        }
        return re.toString();
    }
}
