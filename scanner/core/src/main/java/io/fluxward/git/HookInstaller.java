package io.fluxward.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Installs and removes the fluxward pre-commit hook in the folder git runs hooks from. A hook
 * that is already there and is not fluxward's is never lost: without {@code force} it is left
 * alone; with it, it is renamed to {@code pre-commit.pre-fluxward}, which fluxward's hook runs
 * first, and {@link #uninstall} puts it back.
 */
public final class HookInstaller {

    /** The line that tells fluxward's hook from any other. */
    public static final String MARKER = "fluxward-hook";
    /** Where a foreign hook is kept while fluxward's hook chains it. */
    public static final String CHAINED = "pre-commit.pre-fluxward";
    private static final String HOOK = "pre-commit";
    private static final String RESOURCE = "/io/fluxward/git/pre-commit";
    private static final String PLACEHOLDER = "fluxward_installed=''";

    /** What happened. */
    public enum Action { INSTALLED, UPDATED, CHAINED, KEPT_FOREIGN, REMOVED, RESTORED, NOT_INSTALLED, NOT_OURS }

    /** The result of an install or uninstall, with a sentence for the user. */
    public record Outcome(Action action, Path hook, String message) {
        /** True when the request was carried out (or there was nothing to do). */
        public boolean ok() {
            return action != Action.KEPT_FOREIGN && action != Action.NOT_OURS;
        }
    }

    private HookInstaller() {
    }

    /** The hook script shipped with fluxward, set to run {@code command} (a shell-quoted command line). */
    public static String script(String command) throws IOException {
        try (InputStream in = HookInstaller.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the hook script is missing from this build (" + RESOURCE + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(PLACEHOLDER)) {
                throw new IOException("the hook script has no " + PLACEHOLDER + " line");
            }
            return text.replace(PLACEHOLDER, "fluxward_installed=" + quote(command));
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

    public static Outcome install(Path hooksDir, String script, boolean force) throws IOException {
        Path hook = hooksDir.resolve(HOOK);
        Path chained = hooksDir.resolve(CHAINED);
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
        boolean present = Files.exists(hook, LinkOption.NOFOLLOW_LINKS);
        if (present && isOurs(hook)) {
            write(hook, script);
            return new Outcome(Action.UPDATED, hook, "updated the fluxward pre-commit hook in " + hooksDir);
        }
        if (present) {
            if (!force) {
                return new Outcome(Action.KEPT_FOREIGN, hook, hook + " already exists and is not fluxward's: left as it is. "
                        + "Run 'fluxward hook install --force' to keep it as " + CHAINED + " and run it before fluxward, "
                        + "or call 'fluxward scan --staged' from it yourself (or use the pre-commit framework)");
            }
            if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
                return new Outcome(Action.KEPT_FOREIGN, hook, "both " + hook + " and " + chained + " exist and neither is "
                        + "fluxward's: nothing changed, so no hook is lost. Move one of them away and try again");
            }
            Files.move(hook, chained, StandardCopyOption.ATOMIC_MOVE);
            write(hook, script);
            return new Outcome(Action.CHAINED, hook, "installed the fluxward pre-commit hook in " + hooksDir
                    + "; the previous hook is kept as " + CHAINED + " and runs first ('fluxward hook uninstall' restores it)");
        }
        write(hook, script);
        String extra = Files.exists(chained, LinkOption.NOFOLLOW_LINKS) ? " (" + CHAINED + " found there: it runs first)" : "";
        return new Outcome(Action.INSTALLED, hook, "installed the fluxward pre-commit hook in " + hooksDir + extra);
    }

    public static Outcome uninstall(Path hooksDir) throws IOException {
        Path hook = hooksDir.resolve(HOOK);
        Path chained = hooksDir.resolve(CHAINED);
        if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
            return new Outcome(Action.NOT_INSTALLED, hook, "no pre-commit hook in " + hooksDir + ": nothing to remove");
        }
        if (!isOurs(hook)) {
            return new Outcome(Action.NOT_OURS, hook, hook + " is not fluxward's hook: left as it is");
        }
        Files.delete(hook);
        if (Files.exists(chained, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(chained, hook, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome(Action.RESTORED, hook, "removed the fluxward pre-commit hook; restored the previous hook");
        }
        return new Outcome(Action.REMOVED, hook, "removed the fluxward pre-commit hook from " + hooksDir);
    }

    /** Writes through a temporary file so git never runs half a hook. */
    private static void write(Path hook, String script) throws IOException {
        Path tmp = Files.createTempFile(hook.getParent(), ".pre-commit", ".tmp");
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
