package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.RuleDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        if (file == null) {
            Path candidate = target.root().resolve(".fluxward.yaml");
            if (!Files.isRegularFile(candidate) && target.gitTop().isPresent()) {
                candidate = target.gitTop().get().resolve(".fluxward.yaml");
            }
            if (!Files.isRegularFile(candidate)) {
                return Config.empty();
            }
            file = candidate;
        } else if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": configuration file not found");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return Config.parse(text, file.toString(), rules);
    }
}
