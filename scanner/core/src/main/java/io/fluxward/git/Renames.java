package io.fluxward.git;

import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;

/**
 * Files renamed between two snapshots, found the way {@code git diff -M} finds them (exact
 * renames, then content similarity of at least 50%). Works on any pair of snapshots, including
 * the work tree, whose files are not in the object database.
 */
public final class Renames {

    /** git's default {@code diff.renameLimit}: above it, only exact renames are found. */
    private static final int RENAME_LIMIT = 1000;

    private Renames() {
    }

    /** Old path to new path for every file renamed from {@code before} to {@code after}. */
    public static Map<String, String> detect(GitRepository repo, Snapshot before, Snapshot after) throws IOException {
        Set<String> old = new HashSet<>(before.files());
        Set<String> now = new HashSet<>(after.files());
        List<DiffEntry> entries = new ArrayList<>();
        for (String p : before.files()) {
            if (!now.contains(p)) {
                entries.add(new Change(p, null, id(before, p)));
            }
        }
        if (entries.isEmpty()) {
            return Map.of();
        }
        int deleted = entries.size();
        for (String p : after.files()) {
            if (!old.contains(p)) {
                entries.add(new Change(null, p, id(after, p)));
            }
        }
        if (entries.size() == deleted) {
            return Map.of();
        }
        RenameDetector detector = new RenameDetector(repo.jgit());
        detector.setRenameLimit(RENAME_LIMIT);
        detector.addAll(entries);
        List<DiffEntry> result;
        try {
            result = detector.compute(new ContentSource.Pair(new Source(before), new Source(after)),
                    NullProgressMonitor.INSTANCE);
        } catch (CanceledException e) {
            return Map.of();
        }
        Map<String, String> renames = new TreeMap<>();
        for (DiffEntry e : result) {
            if (e.getChangeType() == DiffEntry.ChangeType.RENAME) {
                renames.put(e.getOldPath(), e.getNewPath());
            }
        }
        return renames;
    }

    private static ObjectId id(Snapshot snapshot, String path) throws IOException {
        var known = snapshot.blobId(path);
        if (known.isPresent()) {
            return ObjectId.fromString(known.get());
        }
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, snapshot.read(path));
        }
    }

    /** An added or deleted file, as JGit's rename detector takes it. */
    private static final class Change extends DiffEntry {
        Change(String deletedPath, String addedPath, ObjectId id) {
            AbbreviatedObjectId abbreviated = AbbreviatedObjectId.fromObjectId(id);
            AbbreviatedObjectId none = AbbreviatedObjectId.fromObjectId(ObjectId.zeroId());
            if (deletedPath != null) {
                changeType = ChangeType.DELETE;
                oldPath = deletedPath;
                newPath = DEV_NULL;
                oldMode = FileMode.REGULAR_FILE;
                newMode = FileMode.MISSING;
                oldId = abbreviated;
                newId = none;
            } else {
                changeType = ChangeType.ADD;
                oldPath = DEV_NULL;
                newPath = addedPath;
                oldMode = FileMode.MISSING;
                newMode = FileMode.REGULAR_FILE;
                oldId = none;
                newId = abbreviated;
            }
        }
    }

    /** File contents by path, from a snapshot. */
    private static final class Source extends ContentSource {
        private final Snapshot snapshot;

        Source(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public long size(String path, ObjectId id) throws IOException {
            return snapshot.size(path);
        }

        @Override
        public ObjectLoader open(String path, ObjectId id) throws IOException {
            return new ObjectLoader.SmallObject(Constants.OBJ_BLOB, snapshot.read(path));
        }
    }
}
