package io.fluxward.git;

import io.fluxward.model.Note;
import io.fluxward.model.ParsedFiles;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * The snapshots git gives: the index (exactly what the next commit will hold), a commit's tree,
 * and the work tree limited to what git would see (tracked files plus untracked files that are
 * not ignored). Each may be rooted at a sub-folder of the repository ({@code ""} for the top).
 */
public final class GitSnapshots {

    private GitSnapshots() {
    }

    /**
     * The staged content: blobs recorded in the index, read from the object database. Reading never
     * takes {@code index.lock} and never writes the index, so it is safe inside a pre-commit hook
     * while {@code git commit} holds the lock.
     */
    public static BlobSnapshot index(GitRepository repo, String subdir) throws IOException {
        return index(repo, subdir, ParsedFiles.NONE);
    }

    /**
     * As {@link #index(GitRepository, String)}; a listing of the same index content (named by the
     * checksum git writes at its end) is taken from {@code kept} instead of being read again.
     */
    public static BlobSnapshot index(GitRepository repo, String subdir, ParsedFiles kept) throws IOException {
        java.io.File file = repo.indexFile();
        Optional<String> sum = kept.keeps() ? indexChecksum(file) : Optional.empty();
        if (sum.isEmpty()) {
            return new BlobSnapshot(repo.jgit(), "index", indexListing(repo, subdir, null));
        }
        // One listing per index file, the latest: the next hook run reads that index again or a new one. A key
        // per checksum kept the listings of the last dozen commits alive (a few MB each on M), and the server
        // copied them from one young collection to the next.
        String key = "git-index\u0000" + repo.commonDir() + "\u0000" + file + "\u0000" + subdir;
        Optional<KeptIndexListing> before = kept.derived(key, KeptIndexListing.class);
        if (before.isPresent() && before.get().checksum().equals(sum.get())) {
            return new BlobSnapshot(repo.jgit(), "index", before.get().listing());
        }
        BlobSnapshot.Listing listing = indexListing(repo, subdir, before.map(KeptIndexListing::listing).orElse(null));
        kept.keepDerived(key, new KeptIndexListing(sum.get(), listing));
        return new BlobSnapshot(repo.jgit(), "index", listing);
    }

    /** An index's listing, kept with the checksum of the index it lists. */
    private record KeptIndexListing(String checksum, BlobSnapshot.Listing listing) {
    }

    /**
     * The SHA-1 git writes at the end of the index, over all of its content: equal checksums, equal
     * entries. Empty when there is no index, it is not one, or git left the checksum out ({@code index.skipHash}).
     */
    public static Optional<String> indexChecksum(java.io.File index) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(index, "r")) {
            long length = f.length();
            byte[] signature = new byte[4];
            byte[] sum = new byte[Constants.OBJECT_ID_LENGTH];
            if (length < 12 + sum.length) {
                return Optional.empty();
            }
            f.readFully(signature);
            if (!"DIRC".equals(new String(signature, java.nio.charset.StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            f.seek(length - sum.length);
            f.readFully(sum);
            ObjectId id = ObjectId.fromRaw(sum);
            return id.equals(ObjectId.zeroId()) ? Optional.empty() : Optional.of(id.name());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param donor the previous listing of this index file, or null: a path it has is taken as its object (and
     *              the blob id's text with it), so equal paths of consecutive scans compare by identity
     */
    private static BlobSnapshot.Listing indexListing(GitRepository repo, String subdir, BlobSnapshot.Listing donor)
            throws IOException {
        List<String> donorPaths = donor == null ? List.of() : donor.paths();
        int d = 0;
        DirCache cache = readIndex(repo);
        SortedMap<String, BlobSnapshot.Entry> entries = new TreeMap<>();
        List<Note> notes = new ArrayList<>();
        // An unmerged path's stages: our side (2, HEAD's version) first, else theirs (3), else the merge base (1).
        SortedMap<String, DirCacheEntry> unmerged = new TreeMap<>();
        String prefix = prefix(subdir);
        for (int i = 0; i < cache.getEntryCount(); i++) {
            DirCacheEntry e = cache.getEntry(i);
            String path = GitPaths.decode(e.getRawPath());
            if (!path.startsWith(prefix)) {
                continue;
            }
            String text = path.substring(prefix.length());
            // Both in path order (the index's byte order is the strings' for ASCII; elsewhere a path is just not shared).
            while (d < donorPaths.size() && donorPaths.get(d).compareTo(text) < 0) {
                d++;
            }
            String relative = d < donorPaths.size() && donorPaths.get(d).equals(text) ? donorPaths.get(d) : text;
            if (e.getStage() != DirCacheEntry.STAGE_0) {
                unmerged.merge(relative, e, (a, b) -> stageRank(a) <= stageRank(b) ? a : b);
                continue;
            }
            if (e.isIntentToAdd()) {
                // `git add -N`: a placeholder, not content the commit will hold.
                continue;
            }
            kind(e.getFileMode()).ifPresent(k -> entries.put(relative, new BlobSnapshot.Entry(e.getObjectId(), k)));
        }
        if (!unmerged.isEmpty()) {
            // Left out, an unmerged file would be missing for the files that use it (a kustomization's resource does
            // not exist...), and its conflict markers in the work tree are not content either: until the conflict is
            // resolved it stands as our side has it, which HEAD has, so its own findings are not new.
            unmerged.forEach((path, e) -> kind(e.getFileMode())
                    .ifPresent(k -> entries.put(path, new BlobSnapshot.Entry(e.getObjectId(), k))));
            List<String> names = new ArrayList<>(unmerged.keySet());
            int shown = Math.min(names.size(), 5);
            notes.add(Note.warning("", names.size() + " unmerged path" + (names.size() == 1 ? "" : "s")
                    + " (merge conflict) read as our side has " + (names.size() == 1 ? "it" : "them")
                    + " (HEAD's version; theirs for a path only they have)"
                    + " until the conflict is resolved: " + String.join(", ", names.subList(0, shown))
                    + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "")));
        }
        return new BlobSnapshot.Listing(repo.jgit(), entries, notes, donor);
    }

    /** What a snapshot holds at a path: a file, a folder (files below it), or nothing. */
    public enum Held {
        FILE, FOLDER, NOTHING
    }

    /**
     * What the index holds at {@code path} (relative to the top of the work tree): a path is a file when an entry has
     * it, a folder when entries lie below it, as git matches a pathspec against the index. A placeholder of
     * {@code git add -N} holds no content, as in {@link #index}.
     */
    public static Held indexHolds(GitRepository repo, String path) throws GitException {
        DirCache cache = readIndex(repo);
        String below = path + "/";
        Held held = Held.NOTHING;
        for (int i = 0; i < cache.getEntryCount(); i++) {
            DirCacheEntry e = cache.getEntry(i);
            if (e.isIntentToAdd()) {
                continue;
            }
            String name = GitPaths.decode(e.getRawPath());
            if (name.equals(path)) {
                return Held.FILE;
            }
            if (name.startsWith(below)) {
                held = Held.FOLDER;
            }
        }
        return held;
    }

    /** What the tree of {@code commit} holds at {@code path} (relative to the top). */
    public static Held commitHolds(GitRepository repo, RevCommit commit, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo.jgit(), path, commit.getTree())) {
            return walk == null ? Held.NOTHING : walk.isSubtree() ? Held.FOLDER : Held.FILE;
        }
    }

    /** Which stage of an unmerged path stands for it: ours, then theirs, then the merge base. */
    private static int stageRank(DirCacheEntry e) {
        return switch (e.getStage()) {
            case DirCacheEntry.STAGE_2 -> 0;
            case DirCacheEntry.STAGE_3 -> 1;
            default -> 2;
        };
    }

    /** Reads the index without locking it; index formats JGit cannot read get a message that says what to do. */
    private static DirCache readIndex(GitRepository repo) throws GitException {
        try {
            return DirCache.read(repo.indexFile(), repo.jgit().getFS());
        } catch (IOException | RuntimeException e) {
            throw unsupportedIndex(repo, e);
        }
    }

    private static GitException unsupportedIndex(GitRepository repo, Exception e) {
        String m = String.valueOf(e.getMessage());
        // A sparse index holds folders as entries (JGit: "Invalid path: apps/base/"). Asked before the split-index
        // signs that are not in the message: a sharedindex file can outlive split-index mode.
        if (!m.contains("'link'") && (m.contains("'sdir'") || (m.startsWith("Invalid path: ") && m.endsWith("/"))
                || configTrue(repo, "index", "sparse"))) {
            return new GitException("the index is a sparse index, which fluxward cannot read yet; run "
                    + "'git sparse-checkout init --no-sparse-index' (the sparse checkout itself is fine)", e);
        }
        boolean split = m.contains("'link'") || configTrue(repo, "core", "splitIndex");
        if (!split) {
            try (var files = java.nio.file.Files.list(repo.gitDir())) {
                split = files.anyMatch(p -> p.getFileName().toString().startsWith("sharedindex."));
            } catch (IOException ignored) {
                // Keep the generic message.
            }
        }
        if (split) {
            return new GitException("the index uses split-index mode, which fluxward cannot read yet; run "
                    + "'git config core.splitIndex false && git update-index --no-split-index'", e);
        }
        String name = indexName(repo);
        return new GitException("cannot read the git index" + (name.isEmpty() ? "" : " " + name) + " (" + m + ")", e);
    }

    /**
     * A setting of the repository's config, or of its work tree's {@code config.worktree}, which JGit does not
     * read and where {@code git sparse-checkout} writes {@code index.sparse}.
     */
    private static boolean configTrue(GitRepository repo, String section, String name) {
        if (repo.jgit().getConfig().getBoolean(section, name, false)) {
            return true;
        }
        java.io.File worktreeConfig = repo.gitDir().resolve("config.worktree").toFile();
        if (!worktreeConfig.isFile()) {
            return false;
        }
        org.eclipse.jgit.storage.file.FileBasedConfig config = new org.eclipse.jgit.storage.file.FileBasedConfig(
                worktreeConfig, repo.jgit().getFS());
        try {
            config.load();
            return config.getBoolean(section, name, false);
        } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The index file, from the work tree's top when it lies there ({@code GIT_INDEX_FILE} may name another). */
    private static String indexName(GitRepository repo) {
        try {
            Path file = repo.indexFile().toPath().toAbsolutePath().normalize();
            return (file.startsWith(repo.workTree()) ? repo.workTree().relativize(file) : file).toString().replace('\\', '/');
        } catch (GitException e) {
            return "";
        }
    }

    /** The tree of a commit. */
    public static BlobSnapshot commit(GitRepository repo, RevCommit commit, String label, String subdir)
            throws IOException {
        return tree(repo, commit.getTree(), label, subdir);
    }

    /** As {@link #commit(GitRepository, RevCommit, String, String)}; a tree listed before is taken from {@code kept}. */
    public static BlobSnapshot commit(GitRepository repo, RevCommit commit, String label, String subdir, ParsedFiles kept)
            throws IOException {
        String key = "git-tree\u0000" + repo.commonDir() + "\u0000" + commit.getTree().name() + "\u0000" + subdir;
        return new BlobSnapshot(repo.jgit(), label, kept.derive(key, BlobSnapshot.Listing.class, l -> true,
                () -> tree(repo, commit.getTree(), label, subdir).listing()));
    }

    /** A tree, e.g. a commit's. */
    public static BlobSnapshot tree(GitRepository repo, ObjectId tree, String label, String subdir) throws IOException {
        SortedMap<String, BlobSnapshot.Entry> entries = new TreeMap<>();
        String prefix = prefix(subdir);
        try (TreeWalk walk = new TreeWalk(repo.jgit())) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (!prefix.isEmpty()) {
                walk.setFilter(org.eclipse.jgit.treewalk.filter.PathFilter.create(prefix.substring(0, prefix.length() - 1)));
            }
            while (walk.next()) {
                String path = GitPaths.of(walk);
                if (!path.startsWith(prefix)) {
                    continue; // the folder is a file in this tree (its type changed): nothing below it
                }
                String relative = path.substring(prefix.length());
                FileMode mode = walk.getFileMode(0);
                ObjectId id = walk.getObjectId(0);
                kind(mode).ifPresent(k -> entries.put(relative, new BlobSnapshot.Entry(id, k)));
            }
        }
        return new BlobSnapshot(repo.jgit(), label, entries, List.of());
    }

    /** Nothing: the "before" side of a first commit (unborn HEAD). */
    public static Snapshot empty(String label) {
        return new MemorySnapshot(label, Map.of(), Map.of());
    }

    /**
     * The work tree as git sees it: tracked files and untracked files that are not ignored (so a
     * git-ignored {@code age.agekey} or build output is not reported as new in a pull-request
     * scan). Files of a sparse checkout that are not on disk are read from the index.
     */
    public static Snapshot workTree(GitRepository repo, String subdir) throws IOException {
        WorkTreeWalk walk = walkWorkTree(repo, subdir, new WorkTreeSnapshot(folder(repo, subdir)));
        BlobSnapshot fromIndex = walk.sparse().isEmpty() ? null
                : new BlobSnapshot(repo.jgit(), "index", walk.sparse(), List.of());
        return new FilteredWorkTree(walk.disk(), walk.visible(), walk.ignored(), walk.submodules(), fromIndex, walk.notes());
    }

    /**
     * What a plain scan of a folder of a git work tree reads: the files on disk git sees, as
     * {@link #workTree} (a git-ignored {@code age.agekey} is not in the repository Flux reads): a file
     * deleted from disk is not read, while the files a sparse checkout leaves out are read from the
     * index, as the repository has them; an info note counts the git-ignored files left out. Empty
     * when the folder itself is git-ignored: a folder named on the command line is then scanned whole.
     * {@code disk} is the folder's listing on disk, which the caller may already have made.
     */
    public static Optional<Snapshot> visibleWorkTree(GitRepository repo, String subdir, WorkTreeSnapshot disk)
            throws IOException {
        WorkTreeWalk walk = walkWorkTree(repo, subdir, disk);
        if (walk.rootIgnored()) {
            return Optional.empty();
        }
        List<Note> notes = new ArrayList<>(walk.notes());
        long skipped = walk.disk().files().stream().filter(p -> FilteredWorkTree.isUnder(walk.ignored(), p)).count();
        if (skipped > 0) {
            notes.add(Note.info("", skipped + " git-ignored file" + (skipped == 1 ? "" : "s") + " not scanned (a scan in"
                    + " a git work tree reads tracked files and untracked files that are not ignored)"));
        }
        BlobSnapshot fromIndex = walk.sparse().isEmpty() ? null
                : new BlobSnapshot(repo.jgit(), "index", walk.sparse(), List.of());
        return Optional.of(new FilteredWorkTree(walk.disk(), walk.visible(), walk.ignored(), walk.submodules(), fromIndex,
                notes));
    }

    /**
     * A walk of the index and the work tree below {@code subdir}.
     *
     * @param visible     paths git sees on disk (tracked, or untracked and not ignored), submodules included
     * @param ignored     untracked paths git ignores (a folder stands for everything below it)
     * @param submodules  the submodules' paths, in order (not scanned: they and what lies in them are unseen)
     * @param sparse      sparse-checkout files that are only in the index
     * @param rootIgnored whether {@code subdir} itself (or a folder above it) is untracked and ignored
     */
    private record WorkTreeWalk(WorkTreeSnapshot disk, TreeSet<String> visible, TreeSet<String> ignored,
                                List<String> submodules, SortedMap<String, BlobSnapshot.Entry> sparse, List<Note> notes,
                                boolean rootIgnored) {
    }

    private static Path folder(GitRepository repo, String subdir) {
        return subdir.isEmpty() ? repo.workTree() : repo.workTree().resolve(subdir);
    }

    /** {@code disk}: the files on disk below {@code subdir} (a caller may have listed them already). */
    private static WorkTreeWalk walkWorkTree(GitRepository repo, String subdir, WorkTreeSnapshot disk) throws IOException {
        String prefix = prefix(subdir);
        TreeSet<String> visible = new TreeSet<>();
        TreeSet<String> ignored = new TreeSet<>();
        List<String> submodules = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        SortedMap<String, BlobSnapshot.Entry> sparse = new TreeMap<>();
        boolean rootIgnored = false;
        DirCache cache = readIndex(repo);
        try (TreeWalk walk = new TreeWalk(repo.jgit())) {
            walk.addTree(new DirCacheIterator(cache));
            walk.addTree(new FileTreeIterator(repo.jgit()));
            walk.setRecursive(false);
            while (walk.next()) {
                String path = GitPaths.of(walk);
                boolean above = prefix.startsWith(path + "/");
                if (!path.startsWith(prefix) && !above) {
                    continue;
                }
                DirCacheIterator indexed = walk.getTree(0, DirCacheIterator.class);
                WorkingTreeIterator onDisk = walk.getTree(1, WorkingTreeIterator.class);
                boolean untrackedIgnored = indexed == null && onDisk != null && onDisk.isEntryIgnored();
                if (walk.isSubtree()) {
                    // Do not descend into ignored folders that git does not track at all.
                    if (untrackedIgnored) {
                        if (above) {
                            rootIgnored = true;
                        } else {
                            ignored.add(path.substring(prefix.length()));
                        }
                        continue;
                    }
                    walk.enterSubtree();
                    continue;
                }
                if (!path.startsWith(prefix)) {
                    continue;
                }
                String relative = path.substring(prefix.length());
                if (walk.getFileMode(0) == FileMode.GITLINK || walk.getFileMode(1) == FileMode.GITLINK) {
                    notes.add(Note.info(relative, "git submodule: not scanned (scan it as its own repository)"));
                    visible.add(relative);
                    submodules.add(relative);
                } else if (onDisk != null && !untrackedIgnored) {
                    visible.add(relative);
                } else if (untrackedIgnored) {
                    ignored.add(relative);
                } else if (indexed != null && onDisk == null) {
                    DirCacheEntry entry = indexed.getDirCacheEntry();
                    if (entry != null && entry.isSkipWorkTree()) {
                        kind(entry.getFileMode())
                                .ifPresent(k -> sparse.put(relative, new BlobSnapshot.Entry(entry.getObjectId(), k)));
                    }
                }
            }
        }
        return new WorkTreeWalk(disk, visible, ignored, List.copyOf(new TreeSet<>(submodules)), sparse, notes, rootIgnored);
    }

    private static java.util.Optional<BlobSnapshot.Kind> kind(FileMode mode) {
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
            return java.util.Optional.of(BlobSnapshot.Kind.FILE);
        }
        if (mode == FileMode.SYMLINK) {
            return java.util.Optional.of(BlobSnapshot.Kind.SYMLINK);
        }
        if (mode == FileMode.GITLINK) {
            return java.util.Optional.of(BlobSnapshot.Kind.SUBMODULE);
        }
        return java.util.Optional.empty();
    }

    private static String prefix(String subdir) {
        return subdir.isEmpty() || subdir.endsWith("/") ? subdir : subdir + "/";
    }
}
