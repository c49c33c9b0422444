package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.config.ConfigFile;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.git.GitRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Finds and parses the configuration of a scan target. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * {@code explicit} when given, else {@code .fluxward.yaml} at the target's root, else at its git
     * top-level; {@link Config#empty()} when there is none.
     */
    static Config load(Path explicit, ScanTarget target, Map<String, RuleDescriptor> rules)
            throws IOException, ConfigException {
        Path file = explicit;
        // A discovered config must not be a link out of the repository; an explicit --config may be anywhere.
        Optional<Path> confinedTo = Optional.empty();
        if (file == null) {
            Path candidate = target.root().resolve(".fluxward.yaml");
            confinedTo = Optional.of(target.root());
            if (!Files.isRegularFile(candidate) && target.gitTop().isPresent()) {
                candidate = target.gitTop().get().resolve(".fluxward.yaml");
                confinedTo = target.gitTop();
            }
            if (!Files.isRegularFile(candidate)) {
                return Config.empty();
            }
            file = candidate;
        } else if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": configuration file not found");
        }
        String text = ConfigFile.read(file, confinedTo);
        return Config.parse(text, file.toString(), rules);
    }

    /**
     * For a bare repository (no work tree): {@code explicit} when given, else {@code .fluxward.yaml} as HEAD's
     * commit has it; {@link Config#empty()} when there is none.
     */
    static Config loadAtHead(Path explicit, GitRepository repo, Map<String, RuleDescriptor> rules)
            throws IOException, ConfigException {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new IOException(explicit + ": configuration file not found");
            }
            return Config.parse(ConfigFile.read(explicit, Optional.empty()), explicit.toString(), rules);
        }
        Optional<RevCommit> head = repo.head();
        if (head.isEmpty()) {
            return Config.empty();
        }
        try (TreeWalk t = TreeWalk.forPath(repo.jgit(), ".fluxward.yaml", head.get().getTree())) {
            if (t == null || t.getFileMode(0) != FileMode.REGULAR_FILE && t.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
                return Config.empty();
            }
            ObjectLoader blob = repo.jgit().open(t.getObjectId(0), Constants.OBJ_BLOB);
            String name = "HEAD:.fluxward.yaml";
            if (blob.getSize() > ConfigFile.MAX_BYTES) {
                throw new IOException(name + ": larger than " + ConfigFile.MAX_BYTES + " bytes; not read");
            }
            return Config.parse(ConfigFile.decode(blob.getBytes()), name, rules);
        }
    }
}
