package io.fluxward.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the repository's test data and the shared specifications are. */
public final class TestPaths {

    private TestPaths() {
    }

    /** The repository root (set by Maven as {@code fluxward.root}). */
    public static Path root() {
        String prop = System.getProperty("fluxward.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (no testdata/ folder above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    public static Path testdata() {
        return root().resolve("testdata");
    }

    /** {@code ../shared} beside the repository, where the specifications, corpus and tools live. */
    public static Optional<Path> shared() {
        Path s = root().resolve("..").resolve("shared").normalize();
        return Files.isDirectory(s) ? Optional.of(s) : Optional.empty();
    }
}
