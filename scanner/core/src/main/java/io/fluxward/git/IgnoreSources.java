package io.fluxward.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether git could ignore anything in a folder of a work tree, found without starting JGit: a
 * {@code .gitignore} in it or above it, a rule in {@code info/exclude}, or a global excludes file.
 * When none exists every file is visible, and a scan need not walk the index and the work tree (half
 * a second of a cold run on 10,000 files). Anything unusual (a {@code GIT_DIR}, a linked work tree,
 * config includes) counts as "could".
 */
public final class IgnoreSources {

    private IgnoreSources() {
    }

    /**
     * True when git might ignore a file of {@code files} (paths relative to {@code dir}).
     *
     * @param dir   the scanned folder
     * @param top   the work tree's top folder (holding {@code .git})
     * @param files every file below {@code dir}
     * @param env   the environment git would see
     */
    public static boolean mayIgnore(Path dir, Path top, List<String> files, Map<String, String> env) throws IOException {
        if (env.containsKey("GIT_DIR") || env.containsKey("GIT_CONFIG_GLOBAL") || env.containsKey("GIT_CONFIG_SYSTEM")
                || env.containsKey("GIT_CONFIG_COUNT")) {
            return true;
        }
        for (String f : files) {
            if (f.equals(".gitignore") || f.endsWith("/.gitignore")) {
                return true;
            }
        }
        for (Path p = dir.getParent(); p != null && p.startsWith(top); p = p.getParent()) {
            if (Files.exists(p.resolve(".gitignore"))) {
                return true;
            }
        }
        Path gitDir = top.resolve(".git");
        if (!Files.isDirectory(gitDir)) {
            return true; // a linked work tree or a submodule: its git folder is elsewhere
        }
        if (hasRule(gitDir.resolve("info").resolve("exclude"))) {
            return true;
        }
        String home = env.getOrDefault("HOME", "");
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", home.isEmpty() ? "" : home + "/.config");
        if (!xdg.isEmpty() && hasRule(Path.of(xdg, "git", "ignore"))) {
            return true;
        }
        List<Path> configs = new java.util.ArrayList<>(List.of(gitDir.resolve("config"), Path.of("/etc/gitconfig")));
        if (!home.isEmpty()) {
            configs.add(Path.of(home, ".gitconfig"));
        }
        if (!xdg.isEmpty()) {
            configs.add(Path.of(xdg, "git", "config"));
        }
        for (Path config : configs) {
            if (Files.isReadable(config)) {
                String text = Files.readString(config, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                if (text.contains("excludesfile") || text.contains("[include")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the files on disk may not be the repository's files even without ignore rules: a submodule (its
     * files are not this repository's: a {@code .gitmodules} at the top, or a {@code .git} file below it) or a
     * sparse checkout (tracked files missing from disk). Then the index must be read too.
     *
     * @param top   the work tree's top folder (holding {@code .git})
     * @param files every file below the scanned folder
     */
    public static boolean mayDifferFromIndex(Path top, List<String> files) {
        if (Files.exists(top.resolve(".gitmodules"))) {
            return true;
        }
        for (String f : files) {
            if (f.endsWith("/.git")) {
                return true;
            }
        }
        Path gitDir = top.resolve(".git");
        return !Files.isDirectory(gitDir) || Files.exists(gitDir.resolve("info").resolve("sparse-checkout"));
    }

    /** True when an ignore file holds a rule (a line that is neither blank nor a comment). */
    private static boolean hasRule(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return false;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return true;
            }
        }
        return false;
    }
}
