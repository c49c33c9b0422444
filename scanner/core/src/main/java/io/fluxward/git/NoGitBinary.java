package io.fluxward.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit from running the {@code git} binary. Left alone, JGit runs {@code git --version} and
 * {@code git config --system --show-origin --list} to find the system config file, and creates
 * {@code ~/.config/jgit}. fluxward reads the system config where git keeps it on Linux
 * ({@code $GIT_CONFIG_SYSTEM}, else {@code /etc/gitconfig}; none with {@code GIT_CONFIG_NOSYSTEM}),
 * and has no JGit-specific config. Installed once per process, before any repository is opened.
 */
final class NoGitBinary extends SystemReader.Delegate {

    private static final Object LOCK = new Object();
    private static volatile boolean installed;

    private NoGitBinary(SystemReader delegate) {
        super(delegate);
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (LOCK) {
            if (!installed) {
                SystemReader.setInstance(new NoGitBinary(SystemReader.getInstance()));
                installed = true;
            }
        }
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        String off = getenv("GIT_CONFIG_NOSYSTEM");
        if (off != null && !off.isEmpty() && !off.equals("0") && !off.equalsIgnoreCase("false")) {
            return new Empty(parent, fs);
        }
        String configured = getenv("GIT_CONFIG_SYSTEM");
        File file = configured != null && !configured.isEmpty() ? new File(configured) : new File("/etc/gitconfig");
        return new FileBasedConfig(parent, file, fs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
        return new Empty(parent, fs);
    }

    /** A config that is always empty and never touches a file. */
    private static final class Empty extends FileBasedConfig {
        Empty(Config parent, FS fs) {
            super(parent, null, fs);
        }

        @Override
        public void load() {
            clear();
        }

        @Override
        public void save() {
            // Nothing to write: fluxward never changes git configuration.
        }

        @Override
        public boolean isOutdated() {
            return false;
        }

        @Override
        public String toString() {
            return "EmptyConfig";
        }
    }
}
