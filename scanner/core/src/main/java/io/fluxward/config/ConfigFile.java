package io.fluxward.config;

import java.io.IOException;
import io.fluxward.model.Decoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a configuration file. A {@code .fluxward.yaml} found in the scanned repository is
 * repository content like any other: it may not be a link out of the repository (its text would
 * end up in error messages), and it is small (a larger one is refused before it is read).
 */
public final class ConfigFile {

    /** Far above any real configuration; keeps a hostile one from costing memory. */
    public static final long MAX_BYTES = 1024 * 1024;

    private ConfigFile() {
    }

    /**
     * The text of {@code file}.
     *
     * @param confinedTo when the file was found in a repository rather than named on the command line:
     *                   the folder its real path must stay in
     */
    public static String read(Path file, Optional<Path> confinedTo) throws IOException {
        Path real = file.toRealPath();
        if (confinedTo.isPresent() && !real.startsWith(confinedTo.get().toRealPath())) {
            throw new IOException(file + ": a symbolic link out of the repository; not read (use --config to name it)");
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException(file + ": not a regular file");
        }
        if (Files.size(real) > MAX_BYTES) {
            throw new IOException(file + ": larger than " + MAX_BYTES + " bytes; not read");
        }
        return decode(Files.readAllBytes(real));
    }

    /**
     * The text of a configuration's bytes: every reader (work tree, git snapshot, HEAD of a bare repository) decodes
     * them here, so scan, graph and the other commands agree on one file, and as manifests are decoded (a byte-order
     * mark selects UTF-8 or UTF-16, as the README says). Bytes that are not UTF-8 are no error here: the scan of the
     * file reports them (FW-G001), as for any YAML file.
     */
    public static String decode(byte[] bytes) {
        return Decoding.yamlText(bytes);
    }
}
