package io.fluxward.sops;

import io.fluxward.model.Facet;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's SOPS view: every {@code .sops.yaml} (sops uses the nearest one in the file's
 * directory or above), and each file read as SOPS once per scan.
 */
public final class SopsRules {

    /** Computed on first use. */
    public static final Facet<SopsRules> FACET = Facet.of("sops", SopsRules::new);

    private final RepositoryModel model;
    private final Map<String, SopsConfig> byDir = new LinkedHashMap<>();
    /** A file read as SOPS depends on it alone: the resident server reads an unchanged file once. */
    private static final FileFact<Optional<SopsFile>> READ = FileFact.of("read as SOPS", SopsFile::of);

    private SopsRules(RepositoryModel model) {
        this.model = model;
        for (FileModel f : model.files()) {
            if (f.file().name().equals(SopsConfig.FILE_NAME) && f.isYaml()) {
                SopsConfig config = SopsConfig.read(f);
                byDir.put(config.dir(), config);
            }
        }
    }

    /** Every {@code .sops.yaml}, in path order. */
    public Collection<SopsConfig> configs() {
        return byDir.values();
    }

    /** The {@code .sops.yaml} sops would use for {@code path}: the one in its directory or the nearest above. */
    public Optional<SopsConfig> configFor(String path) {
        String dir = Paths.parent(path);
        while (true) {
            SopsConfig c = byDir.get(dir);
            if (c != null) {
                return Optional.of(c);
            }
            if (dir.isEmpty()) {
                return Optional.empty();
            }
            dir = Paths.parent(dir);
        }
    }

    /** A file of the repository read as SOPS (cached). */
    public Optional<SopsFile> file(String path) {
        return model.file(path).flatMap(SopsRules::file);
    }

    /** A file of the repository read as SOPS (kept with the file's model). */
    public static Optional<SopsFile> file(FileModel file) {
        return file.fact(READ);
    }

    /** Every SOPS file of the repository, in path order. */
    public List<SopsFile> sopsFiles() {
        return model.files().stream().map(f -> file(f.path())).flatMap(Optional::stream).toList();
    }
}
