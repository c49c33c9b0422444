package io.fluxward.cli;

import io.fluxward.model.ParsedFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how a command was started: its working folder, environment and whether stdout is a
 * terminal. A process run takes them from the JVM; a run inside the resident server ({@link Daemon})
 * takes them from the client that asked for it, as the server's own are someone else's.
 *
 * @param workingDir the client's working folder; empty for the JVM's own (relative paths stay relative,
 *                   so messages show them as typed)
 * @param env        the environment
 * @param terminal   whether stdout is a terminal (colors)
 * @param parsedFiles files loaded by earlier runs of this process, for git scans to reuse (the server's)
 */
public record Invocation(Optional<Path> workingDir, Map<String, String> env, boolean terminal,
                         ParsedFiles parsedFiles) {

    /**
     * Git variables that name paths: a relative one is relative to the client's folder, not the server's. Not
     * {@code GIT_INDEX_FILE}: git reads a relative one from the work tree's top, and so does {@code GitRepository}.
     */
    private static final String[] GIT_PATH_VARIABLES = {"GIT_DIR", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY",
        "GIT_COMMON_DIR"};

    public Invocation {
        env = Map.copyOf(env);
    }

    /** This JVM's own folder, environment and terminal. */
    public static Invocation ofProcess() {
        return new Invocation(Optional.empty(), System.getenv(), ScanCommand.isTerminal(), ParsedFiles.NONE);
    }

    /** A client's run: git's path variables are made absolute against its folder. */
    public static Invocation ofClient(Path workingDir, Map<String, String> env, boolean terminal) {
        Path dir = workingDir.toAbsolutePath().normalize();
        Map<String, String> fixed = new HashMap<>(env);
        for (String name : GIT_PATH_VARIABLES) {
            String value = fixed.get(name);
            if (value != null && !value.isEmpty()) {
                fixed.put(name, dir.resolve(value).normalize().toString());
            }
        }
        String alternates = fixed.get("GIT_ALTERNATE_OBJECT_DIRECTORIES");
        if (alternates != null && !alternates.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            for (String part : alternates.split(java.io.File.pathSeparator, -1)) {
                if (joined.length() > 0) {
                    joined.append(java.io.File.pathSeparator);
                }
                joined.append(part.isEmpty() ? part : dir.resolve(part).normalize().toString());
            }
            fixed.put("GIT_ALTERNATE_OBJECT_DIRECTORIES", joined.toString());
        }
        return new Invocation(Optional.of(dir), fixed, terminal, ParsedFiles.NONE);
    }

    /** This invocation, reusing (and adding to) {@code kept}. */
    public Invocation withParsedFiles(ParsedFiles kept) {
        return new Invocation(workingDir, env, terminal, kept);
    }

    /**
     * Whether output to stdout may be coloured: a terminal that can show colours ({@code TERM=dumb} cannot),
     * and the user has not asked for none ({@code NO_COLOR}, https://no-color.org).
     */
    public boolean colors() {
        return terminal && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
    }

    /** A path typed by the user: relative to the client's folder when there is one. */
    public Path path(String typed) {
        Path p = Path.of(typed);
        return workingDir.map(dir -> dir.resolve(p)).orElse(p);
    }

    /** An environment variable, or null. */
    public String getenv(String name) {
        return env.get(name);
    }
}
