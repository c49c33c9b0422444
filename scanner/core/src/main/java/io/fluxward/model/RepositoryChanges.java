package io.fluxward.model;

import io.fluxward.snapshot.Snapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What differs between the repository an earlier scan of this process saw and this scan's: the paths
 * whose file model is not the very same object (added, removed, or loaded from other content), and
 * whether any path of the snapshot was added or removed. A kept result that records the questions it
 * asked is then checked against the few paths that changed instead of asking every question again
 * (the resident server after a one-file change: one path, the same layout).
 */
public final class RepositoryChanges {

    /** What a scan's repository was, kept with the results made from it. */
    public record Basis(List<FileModel> files, Optional<Snapshot.Layout> layout) {

        public static Basis of(RepositoryModel model) {
            return new Basis(model.files(), model.snapshot().layout());
        }
    }

    private final Set<String> changedFiles;
    private final boolean sameLayout;

    private RepositoryChanges(Set<String> changedFiles, boolean sameLayout) {
        this.changedFiles = changedFiles;
        this.sameLayout = sameLayout;
    }

    /** The changes from {@code before} to {@code now}; both file lists are in path order, as the model keeps them. */
    public static RepositoryChanges between(Basis before, Basis now) {
        Set<String> changed = new HashSet<>();
        List<FileModel> a = before.files();
        List<FileModel> b = now.files();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            FileModel x = a.get(i);
            FileModel y = b.get(j);
            if (x == y) {
                i++;
                j++;
                continue;
            }
            int order = x.path().compareTo(y.path());
            if (order <= 0) {
                changed.add(x.path());
                i++;
            }
            if (order >= 0) {
                changed.add(y.path());
                j++;
            }
        }
        for (; i < a.size(); i++) {
            changed.add(a.get(i).path());
        }
        for (; j < b.size(); j++) {
            changed.add(b.get(j).path());
        }
        boolean sameLayout = before.layout().isPresent() && before.layout().equals(now.layout());
        return new RepositoryChanges(Set.copyOf(changed), sameLayout);
    }

    /** True when the model of {@code path} (or its absence) is the very same in both scans. */
    public boolean sameFile(String path) {
        return !changedFiles.contains(path);
    }

    /**
     * True when both snapshots have the same paths, so every question about which files and folders
     * exist (and the files' list) has the same answer.
     */
    public boolean sameLayout() {
        return sameLayout;
    }

    /** The paths whose model differs, for diagnostics and tests. */
    public Set<String> changedFiles() {
        return changedFiles;
    }
}
