package io.fluxward.snapshot;

import java.util.ArrayDeque;
import java.util.Deque;

/** Repo-relative path arithmetic with {@code /} separators, confined to the root. */
public final class Paths {

    private Paths() {
    }

    /**
     * Normalizes {@code a/./b/../c} to {@code a/c}; strips a leading {@code ./} and trailing
     * {@code /}. Returns null for absolute paths and for paths that climb above the root.
     */
    public static String normalize(String path) {
        if (path == null || path.startsWith("/") || isWindowsAbsolute(path)) {
            return null;
        }
        return normalized(path, false);
    }

    /**
     * {@code path} inside the root as Flux's controllers resolve a {@code spec.path} (securejoin): a leading
     * {@code /} names the root, and a {@code ..} that would climb above it stays at it. Never null.
     */
    public static String withinRoot(String path) {
        return normalized(path, true);
    }

    private static String normalized(String path, boolean clampAtRoot) {
        if (isNormal(path)) {
            // Most paths asked about already are (file paths, folders of the model): no split, no copy.
            return path;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    if (clampAtRoot) {
                        continue;
                    }
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** {@code C:\\...} or {@code C:/...}. */
    private static boolean isWindowsAbsolute(String path) {
        if (path.length() < 3 || path.charAt(1) != ':' || (path.charAt(2) != '\\' && path.charAt(2) != '/')) {
            return false;
        }
        char drive = path.charAt(0);
        return (drive >= 'A' && drive <= 'Z') || (drive >= 'a' && drive <= 'z');
    }

    /** True when {@link #normalize} would return the path unchanged: no empty, {@code .} or {@code ..} segment, no backslash. */
    private static boolean isNormal(String path) {
        int start = 0;
        int n = path.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? path.charAt(i) : '/';
            if (c == '\\') {
                return false;
            }
            if (c == '/') {
                int len = i - start;
                if ((len == 0 && n > 0) || (len == 1 && path.charAt(start) == '.')
                        || (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Resolves {@code relative} against directory {@code dir}; null when it leaves the root. */
    public static String resolve(String dir, String relative) {
        if (relative.startsWith("/")) {
            return null;
        }
        return normalize(dir.isEmpty() ? relative : dir + "/" + relative);
    }

    /**
     * True when {@code relative}, resolved against {@code dir} of a snapshot at {@code position} below the
     * repository's top, leaves that snapshot but stays inside the repository.
     */
    public static boolean leavesOnlyTheSubfolder(String position, String dir, String relative) {
        if (position.isEmpty() || relative.startsWith("/")) {
            return false;
        }
        return resolve(dir.isEmpty() ? position.substring(0, position.length() - 1) : position + dir, relative) != null;
    }

    /** The directory part of a path ({@code ""} for a top-level file). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * True when {@code path} names a directory of a snapshot whose (sorted) paths are {@code paths}:
     * the root, or a prefix of some path; false for a path that leaves the root.
     */
    public static boolean isDirectoryIn(java.util.NavigableSet<String> paths, String path) {
        return isDirectoryIn(path, paths::ceiling);
    }

    /** As {@link #isDirectoryIn(java.util.NavigableSet, String)}, for paths in a sorted list (searched, not walked). */
    public static boolean isDirectoryIn(java.util.List<String> sortedPaths, String path) {
        return isDirectoryIn(path, prefix -> {
            int at = java.util.Collections.binarySearch(sortedPaths, prefix);
            int next = at >= 0 ? at : -at - 1;
            return next < sortedPaths.size() ? sortedPaths.get(next) : null;
        });
    }

    /** {@code ceiling}: the least path at or after the one given, or null. */
    private static boolean isDirectoryIn(String path, java.util.function.UnaryOperator<String> ceiling) {
        String p = normalize(path);
        if (p == null) {
            return false;
        }
        if (p.isEmpty()) {
            return true;
        }
        String prefix = p + "/";
        String next = ceiling.apply(prefix);
        return next != null && next.startsWith(prefix);
    }

    /** True when {@code path} (normalized first) is one of the sorted {@code dirs} or lies below one of them. */
    public static boolean isInOrUnder(java.util.List<String> dirs, String path) {
        String p = dirs.isEmpty() ? null : normalize(path);
        if (p == null || p.isEmpty()) {
            return false;
        }
        for (int slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
            if (java.util.Collections.binarySearch(dirs, p.substring(0, slash)) >= 0) {
                return true;
            }
        }
        return java.util.Collections.binarySearch(dirs, p) >= 0;
    }

    /** True when {@code path} is {@code dir} or lies below it. */
    public static boolean isUnder(String path, String dir) {
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }
}
