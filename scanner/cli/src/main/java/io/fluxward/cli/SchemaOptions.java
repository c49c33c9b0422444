package io.fluxward.cli;

import io.fluxward.config.Config;
import io.fluxward.report.TextReporter;
import io.fluxward.schema.SchemaFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --schemas DIR}, shared by the commands that validate against schemas. */
public final class SchemaOptions {

    @Option(names = "--schemas", paramLabel = "DIR",
            description = "Folder of extra CRDs or JSON Schemas (besides 'schemas:' in .fluxward.yaml). Repeatable.")
    private List<Path> dirs = List.of();

    /** The folders applied, and the problems printed (each once, though git scans apply the folders per side). */
    private final Set<Path> applied = new LinkedHashSet<>();
    private final Set<String> printed = new HashSet<>();

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
            print(abs, err);
            applied.add(abs);
            absolute.add(abs);
        }
        return config.withSchemaDirs(absolute);
    }

    /**
     * The problems found while the scan compiled schemas: a schema is compiled when an object first needs it,
     * and outside the repository a problem has no place for a finding (inside it, FW-G003 warns at the file).
     */
    public void printLateProblems(PrintWriter err) {
        for (Path abs : applied) {
            try {
                print(abs, err);
            } catch (IOException e) {
                // Gone since the scan read it: what it found was printed before the scan.
            }
        }
    }

    private void print(Path folder, PrintWriter err) throws IOException {
        for (SchemaFolder.Problem p : SchemaFolder.load(folder).problems()) {
            String line = "fluxward: warning: " + TextReporter.printable(folder.resolve(p.file()) + ": " + p.message());
            if (printed.add(line)) {
                err.println(line);
            }
        }
    }
}
