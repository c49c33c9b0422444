package io.fluxward.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Installs and removes fluxward's git hooks in the folder git runs hooks from: {@code pre-commit}, and
 * {@code pre-merge-commit}, which git runs instead for a merge that completes without conflicts (a merge
 * stopped by a conflict is concluded with {@code git commit}, which runs pre-commit). Both are the same
 * script. A hook that is already there and is not fluxward's is never lost: without {@code force} nothing
 * is installed; with it, it is renamed to {@code NAME.pre-fluxward}, which fluxward's hook runs first,
 * and {@link #uninstall} puts it back.
 */
public final class HookInstaller {

    /** The line that tells fluxward's hook from any other. */
    public static final String MARKER = "fluxward-hook";
    /** The hooks fluxward installs, in the order they are reported. */
    public static final List<String> HOOKS = List.of("pre-commit", "pre-merge-commit");
    /** Appended to a foreign hook's name while fluxward's hook chains it. */
    public static final String CHAINED_SUFFIX = ".pre-fluxward";
    /** Where a foreign pre-commit hook is kept while fluxward's hook chains it. */
    public static final String CHAINED = "pre-commit" + CHAINED_SUFFIX;
    private static final String RESOURCE = "/io/fluxward/git/pre-commit";
    private static final String PLACEHOLDER = "fluxward_installed=''";
    private static final String ARGS_PLACEHOLDER = "fluxward_scan_args=''";

    /** What happened. */
    public enum Action { INSTALLED, UPDATED, CHAINED, KEPT_FOREIGN, REMOVED, RESTORED, NOT_INSTALLED, NOT_OURS }

    /** The result of an install or uninstall of one hook, with a sentence for the user. */
    public record Outcome(Action action, Path hook, String message) {
        /** True when the request was carried out (or there was nothing to do). */
        public boolean ok() {
            return action != Action.KEPT_FOREIGN && action != Action.NOT_OURS;
        }

        /** True when fluxward's hook was found and taken away. */
        public boolean removed() {
            return action == Action.REMOVED || action == Action.RESTORED;
        }
    }

    private HookInstaller() {
    }

    /** The hook script shipped with fluxward, set to run {@code command} (a shell-quoted command line). */
    public static String script(String command) throws IOException {
        return script(command, "");
    }

    /**
     * The hook script shipped with fluxward, set to run {@code command} (a shell-quoted command line) with
     * {@code scanArgs} (shell-quoted words: --config, the folders) after {@code scan --staged}.
     */
    public static String script(String command, String scanArgs) throws IOException {
        try (InputStream in = HookInstaller.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the hook script is missing from this build (" + RESOURCE + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(PLACEHOLDER) || !text.contains(ARGS_PLACEHOLDER)) {
                throw new IOException("the hook script has no " + PLACEHOLDER + " or " + ARGS_PLACEHOLDER + " line");
            }
            return text.replace(PLACEHOLDER, "fluxward_installed=" + quote(command))
                    .replace(ARGS_PLACEHOLDER, "fluxward_scan_args=" + quote(scanArgs));
        }
    }

    /** POSIX shell single-quoting. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A command line of shell-quoted words. */
    public static String commandLine(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(quote(w));
        }
        return out.toString();
    }

    public static boolean isOurs(Path hook) throws IOException {
        if (!Files.isRegularFile(hook)) {
            return false;
        }
        // Read the head only: a foreign hook may be a large binary.
        try (InputStream in = Files.newInputStream(hook)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8).contains(MARKER);
        }
    }

    /**
     * Installs every hook of {@link #HOOKS}, or none: when one of them cannot be installed (a foreign hook
     * without {@code force}, or a foreign hook and a chained one both there), nothing is changed and the
     * outcomes say why.
     */
    public static List<Outcome> install(Path hooksDir, String script, boolean force) throws IOException {
        if (Files.exists(hooksDir) && !Files.isDirectory(hooksDir)) {
            throw new IOException(hooksDir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(hooksDir);
        } catch (java.nio.file.FileSystemException e) {
            // A file where a folder above it should be: the JDK's message would be the path alone.
            throw new IOException("cannot create the hooks folder " + hooksDir + " ("
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + ")", e);
        }
        List<Outcome> refused = new ArrayList<>();
        for (String name : HOOKS) {
            refusal(hooksDir, name, force).ifPresent(refused::add);
        }
        if (!refused.isEmpty()) {
            return refused;
        }
        List<Outcome> done = new ArrayList<>();
        for (String name : HOOKS) {
            done.add(install(hooksDir, name, script));
        }
        return done;
    }

    /** Why hook {@code name} cannot be installed, or empty. */
    private static Optional<Outcome> refusal(Path hooksDir, String name, boolean force) throws IOException {
        Path hook = hooksDir.resolve(name);
        Path chained = hooksDir.resolve(name + CHAINED_SUFFIX);
        if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS) || isOurs(hook)) {
            return Optional.empty();
        }
        if (!force) {
            return Optional.of(new Outcome(Action.KEPT_FOREIGN, hook, hook + " already exists and is not fluxward's: "
                    + "nothing installed. Run 'fluxward hook install --force' to keep it as " + chained.getFileName()
                    + " and run it before fluxward, or call 'fluxward scan --staged' from it yourself (or use the "
                    + "pre-commit framework)"));
        }
        if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new Outcome(Action.KEPT_FOREIGN, hook, "both " + hook + " and " + chained + " exist and "
                    + "neither is fluxward's: nothing installed, so no hook is lost. Move one of them away and try again"));
        }
        return Optional.empty();
    }

    private static Outcome install(Path hooksDir, String name, String script) throws IOException {
        Path hook = hooksDir.resolve(name);
        Path chained = hooksDir.resolve(name + CHAINED_SUFFIX);
        String what = "the fluxward " + name + " hook" + (name.equals("pre-commit") ? ""
                : " (git runs it for a merge that completes without conflicts)");
        boolean present = Files.exists(hook, LinkOption.NOFOLLOW_LINKS);
        if (present && isOurs(hook)) {
            write(hook, script);
            return new Outcome(Action.UPDATED, hook, "updated " + what + " in " + hooksDir);
        }
        if (present) {
            Files.move(hook, chained, StandardCopyOption.ATOMIC_MOVE);
            write(hook, script);
            return new Outcome(Action.CHAINED, hook, "installed " + what + " in " + hooksDir + "; the previous hook is "
                    + "kept as " + chained.getFileName() + " and runs first ('fluxward hook uninstall' restores it)");
        }
        write(hook, script);
        String extra = Files.exists(chained, LinkOption.NOFOLLOW_LINKS)
                ? " (" + chained.getFileName() + " found there: it runs first)" : "";
        return new Outcome(Action.INSTALLED, hook, "installed " + what + " in " + hooksDir + extra);
    }

    /** Removes each of fluxward's hooks that is there, restoring the hook it chained. */
    public static List<Outcome> uninstall(Path hooksDir) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (String name : HOOKS) {
            outcomes.add(uninstall(hooksDir, name));
        }
        return outcomes;
    }

    private static Outcome uninstall(Path hooksDir, String name) throws IOException {
        Path hook = hooksDir.resolve(name);
        Path chained = hooksDir.resolve(name + CHAINED_SUFFIX);
        if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
            return new Outcome(Action.NOT_INSTALLED, hook, "no " + name + " hook in " + hooksDir + ": nothing to remove");
        }
        if (!isOurs(hook)) {
            return new Outcome(Action.NOT_OURS, hook, hook + " is not fluxward's hook: left as it is");
        }
        Files.delete(hook);
        if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(chained, hook, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome(Action.RESTORED, hook, "removed the fluxward " + name + " hook; restored the previous hook");
        }
        return new Outcome(Action.REMOVED, hook, "removed the fluxward " + name + " hook from " + hooksDir);
    }

    /** Writes through a temporary file so git never runs half a hook. */
    private static void write(Path hook, String script) throws IOException {
        Path tmp = Files.createTempFile(hook.getParent(), "." + hook.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, script, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            } catch (UnsupportedOperationException e) {
                if (!tmp.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + hook + " executable", e);
                }
            }
            Files.move(tmp, hook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
