package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Limits;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths that changed between two scans of one process, which kept renders are checked against. */
class RepositoryChangesTest {

    @TempDir
    Path tmp;

    private static FileModel load(String path, String text) {
        return new FileLoader(Limits.of(Map.of())).load(path, text.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                .model().orElseThrow();
    }

    private static RepositoryChanges.Basis basis(List<FileModel> files, List<String> layoutFiles) {
        return new RepositoryChanges.Basis(files, Optional.of(new Snapshot.Layout(layoutFiles, List.of())));
    }

    @Test
    void aFileIsChangedUnlessItsModelIsTheVerySameObject() {
        FileModel a = load("a.yaml", "x: 1\n");
        FileModel b = load("b/b.yaml", "x: 1\n");
        FileModel c = load("c.yaml", "x: 1\n");
        FileModel bAgain = load("b/b.yaml", "x: 1\n");
        FileModel d = load("d.yaml", "x: 1\n");
        List<String> paths = List.of("a.yaml", "b/b.yaml", "c.yaml", "d.yaml");
        RepositoryChanges changes = RepositoryChanges.between(basis(List.of(a, b, c), paths),
                basis(List.of(bAgain, c, d), paths));
        // a: no longer read; b: read again from equal text (another model); c: the same; d: new.
        assertThat(changes.changedFiles()).containsExactlyInAnyOrder("a.yaml", "b/b.yaml", "d.yaml");
        assertThat(changes.sameFile("c.yaml")).isTrue();
        assertThat(changes.sameFile("never-there.yaml")).isTrue();
        assertThat(changes.sameLayout()).isTrue();

        RepositoryChanges none = RepositoryChanges.between(basis(List.of(a, b), paths), basis(List.of(a, b), paths));
        assertThat(none.changedFiles()).isEmpty();
    }

    @Test
    void theLayoutIsTheSameOnlyWhenKnownAndEqualInBothScans() {
        FileModel a = load("a.yaml", "x: 1\n");
        RepositoryChanges added = RepositoryChanges.between(basis(List.of(a), List.of("a.yaml")),
                basis(List.of(a), List.of("a.yaml", "notes.txt")));
        assertThat(added.sameLayout()).isFalse();
        assertThat(added.sameFile("a.yaml")).isTrue();
        RepositoryChanges unknown = RepositoryChanges.between(new RepositoryChanges.Basis(List.of(a), Optional.empty()),
                new RepositoryChanges.Basis(List.of(a), Optional.empty()));
        assertThat(unknown.sameLayout()).isFalse();
    }

    @Test
    void aWorkTreesLayoutSeesEmptyFoldersAndTellsThemFromFiles() throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), "x: 1\n");
        Optional<Snapshot.Layout> before = new WorkTreeSnapshot(tmp).layout();
        assertThat(new WorkTreeSnapshot(tmp).layout()).isEqualTo(before);
        // An empty folder answers isDirectory without any file to show it.
        Files.createDirectory(tmp.resolve("empty"));
        Optional<Snapshot.Layout> withFolder = new WorkTreeSnapshot(tmp).layout();
        assertThat(withFolder).isNotEqualTo(before);
        Files.delete(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty"), "");
        assertThat(new WorkTreeSnapshot(tmp).layout()).isNotEqualTo(withFolder).isNotEqualTo(before);
    }
}
