package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.config.ConfigFile;
import io.fluxward.engine.RuleDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
}
