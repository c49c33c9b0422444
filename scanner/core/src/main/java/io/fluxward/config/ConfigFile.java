package io.fluxward.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
     * them here, so scan, graph and the other commands agree on one file. Not UTF-8 is not an error here: the scan
     * reports the file (FW-G001) where it is scanned, and the bad bytes become U+FFFD.
     */
    public static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
