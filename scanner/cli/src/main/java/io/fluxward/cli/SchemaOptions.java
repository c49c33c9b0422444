package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.schema.SchemaFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --schemas DIR}, shared by the commands that validate against schemas. */
public final class SchemaOptions {

    @Option(names = "--schemas", paramLabel = "DIR",
            description = "Folder of extra CRDs or JSON Schemas (besides 'schemas:' in .fluxward.yaml). Repeatable.")
    private List<Path> dirs = List.of();

    /**
     * The configuration with the folders added. Each folder is read now, so a missing folder is a
     * usage error and files that cannot be used are reported before the scan.
     */
    public Config apply(Config config, PrintWriter err) throws IOException {
        if (dirs.isEmpty()) {
            return config;
        }
        List<Path> absolute = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + ": schema folder not found");
            }
            Path abs = dir.toAbsolutePath().normalize();
            for (SchemaFolder.Problem p : SchemaFolder.load(abs).problems()) {
                err.println("fluxward: warning: " + abs.resolve(p.file()) + ": " + p.message());
            }
            absolute.add(abs);
        }
        return config.withSchemaDirs(absolute);
    }
}
