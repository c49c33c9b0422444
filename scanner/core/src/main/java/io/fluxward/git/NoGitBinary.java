package io.fluxward.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
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

    /**
     * The user's git config, plus JGit's file-system timing attributes when the config has none. Without
     * them JGit measures the file system on the first racy-clean check of every process: some 3 seconds
     * of probe files written and rewritten in the repository (and an attempt to save the result into
     * {@code ~/.gitconfig}), on every pre-commit run. fluxward only reads, so JGit's own conservative
     * fallback values (2 s timestamp resolution, 10 ms racy threshold) are right; they are set in memory
     * only, and values the user configured win.
     */
    @Override
    public StoredConfig getUserConfig() throws ConfigInvalidException, IOException {
        StoredConfig config = super.getUserConfig();
        String prefix = System.getProperty("java.vendor") + "|" + System.getProperty("java.version") + "|";
        try {
            for (FileStore store : FileSystems.getDefault().getFileStores()) {
                String key = prefix + store.name();
                if (config.getString("filesystem", key, "timestampResolution") == null) {
                    config.setString("filesystem", key, "timestampResolution", "2 seconds");
                    config.setString("filesystem", key, "minRacyThreshold", "10 milliseconds");
                }
            }
        } catch (RuntimeException e) {
            // Unknown stores: JGit measures them as before.
        }
        return config;
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
