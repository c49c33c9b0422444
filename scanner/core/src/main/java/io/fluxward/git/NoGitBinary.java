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
 *
 * <p>It also finds the user's files as git does: JGit takes the home folder from Java's {@code user.home}
 * (the passwd entry), git from {@code $HOME}, and the two differ in containers, CI images, {@code sudo -E}
 * and test harnesses. With {@code HOME} set, {@code ~/.gitconfig}, {@code ~/.config/git/config} and a
 * {@code ~} in a path setting ({@code core.hooksPath}, {@code core.excludesFile}) are those of {@code $HOME};
 * {@code GIT_CONFIG_GLOBAL} names the user's config file instead of both, as in git 2.32 and later.
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
                FS.DETECTED.setUserHome(home(System.getenv()));
                installed = true;
            }
        }
    }

    /** The user's home folder as git finds it: {@code $HOME}; Java's {@code user.home} only when HOME is unset or empty. */
    static File home(java.util.Map<String, String> env) {
        String home = env.get("HOME");
        return new File(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }

    /** The user's home folder git uses, for a {@code ~} in a path setting. */
    static File home() {
        install();
        return FS.DETECTED.userHome();
    }

    /**
     * {@code $GIT_CONFIG_GLOBAL} when set (git 2.32+; set but empty, git reads no user config), else
     * {@code ~/.gitconfig} and the XDG config, from $HOME.
     */
    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
        String global = getenv("GIT_CONFIG_GLOBAL");
        if (global != null) {
            return global.isEmpty() ? new Empty(parent, fs) : new FileBasedConfig(parent, new File(global), fs);
        }
        return super.openUserConfig(parent, fs);
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
