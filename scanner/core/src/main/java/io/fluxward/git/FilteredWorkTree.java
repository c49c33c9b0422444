package io.fluxward.git;

import io.fluxward.model.Note;
import io.fluxward.snapshot.LinkFault;
import io.fluxward.snapshot.Paths;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The work tree limited to the paths git sees (tracked, or untracked and not ignored), plus the
 * sparse-checkout files that exist only in the index.
 */
final class FilteredWorkTree implements Snapshot {

    private final WorkTreeSnapshot disk;
    private final TreeSet<String> visible;
    private final TreeSet<String> ignored;
    private final List<String> submodules;
    private final BlobSnapshot sparse;
    private final List<Note> notes;
    private List<String> files;
    private Layout layout;

    /**
     * @param visible the paths git sees on disk
     * @param ignored the untracked paths git ignores (a folder stands for everything below it)
     * @param submodules the submodules' paths, in order
     * @param sparse  the sparse-checkout files only in the index, or null
     */
    FilteredWorkTree(WorkTreeSnapshot disk, TreeSet<String> visible, TreeSet<String> ignored, List<String> submodules,
                     BlobSnapshot sparse, List<Note> notes) {
        this.disk = disk;
        this.visible = visible;
        this.ignored = ignored;
        this.submodules = submodules;
        this.sparse = sparse;
        this.notes = List.copyOf(notes);
    }

    @Override
    public String describe() {
        return "work tree";
    }

    @Override
    public synchronized List<String> files() throws IOException {
        if (files == null) {
            TreeSet<String> all = new TreeSet<>();
            for (String p : disk.files()) {
                if (visible.contains(p)) {
                    all.add(p);
                }
            }
            if (sparse != null) {
                all.addAll(sparse.files());
            }
            files = Collections.unmodifiableList(new ArrayList<>(all));
        }
        return files;
    }

    /** The files, then every path git sees, then the sparse-checkout paths of the index (after a marker). */
    @Override
    public synchronized Optional<Layout> layout() {
        if (layout == null) {
            List<String> others;
            try {
                others = new ArrayList<>(visible);
                if (sparse != null) {
                    others.add("\u0000sparse");
                    others.addAll(sparse.layout().orElseThrow().others());
                }
                layout = new Layout(files(), List.copyOf(others));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(layout);
    }

    private boolean fromIndex(String path) {
        return sparse != null && !visible.contains(path) && sparse.blobId(path).isPresent();
    }

    @Override
    public long size(String path) throws IOException {
        return fromIndex(path) ? sparse.size(path) : disk.size(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return fromIndex(path) ? sparse.read(path) : disk.read(path);
    }

    @Override
    public Optional<String> blobId(String path) {
        return fromIndex(path) ? sparse.blobId(path) : Optional.empty();
    }

    @Override
    public boolean isDirectory(String path) {
        return Paths.isDirectoryIn(visible, path) || (sparse != null && sparse.isDirectory(path));
    }

    @Override
    public boolean exists(String path) {
        String p = Paths.normalize(path);
        return p != null && (visible.contains(p) || isDirectory(p) || (sparse != null && sparse.exists(p)) || unseen(p));
    }

    @Override
    public Optional<String> folderLink(String path) {
        String p = Paths.normalize(path);
        if (p == null) {
            return Optional.empty();
        }
        return visible.contains(p) ? disk.folderLink(p) : sparse != null ? sparse.folderLink(p) : Optional.empty();
    }

    @Override
    public Optional<LinkFault> linkFault(String path) {
        String p = Paths.normalize(path);
        if (p == null) {
            return Optional.empty();
        }
        if (!visible.contains(p)) {
            return sparse != null ? sparse.linkFault(p) : Optional.empty();
        }
        // A target a sparse checkout leaves off the disk is in the repository (read from the index).
        return disk.linkFault(p).filter(f -> f.kind() != LinkFault.Kind.MISSING || f.target() == null
                || sparse == null || !sparse.exists(f.target()));
    }

    @Override
    public boolean unseen(String path) {
        return Paths.isInOrUnder(submodules, path) || (sparse != null && sparse.unseen(path));
    }

    @Override
    public List<Note> notes() {
        List<Note> out = new ArrayList<>(notes);
        for (Note n : disk.notes()) {
            // An unreadable folder git does not ignore leaves the scan incomplete: its files are not listed.
            if (n.path() == null || n.path().isEmpty() || visible.contains(n.path())
                    || (n.kind() == Note.Kind.ERROR && !isUnder(ignored, n.path()))) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when {@code path} is one of {@code paths} or lies below one of them. */
    static boolean isUnder(TreeSet<String> paths, String path) {
        if (paths.isEmpty()) {
            return false;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (paths.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return paths.contains(path);
    }
}
