package io.fluxward.git;

import io.fluxward.model.Note;
import io.fluxward.snapshot.LinkFault;
import io.fluxward.snapshot.Paths;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Files stored as git blobs: the index or a tree. Regular files are read from the object
 * database by blob id; symbolic links that point at a file of the same snapshot read as that
 * file; submodules and Git LFS pointers are skipped with a note. Reads are thread-safe (each
 * read uses its own {@link ObjectReader}).
 */
public final class BlobSnapshot implements Snapshot {

    /** One file: its blob and its git mode. */
    record Entry(ObjectId id, Kind kind) {
    }

    /** What a git path holds. */
    enum Kind { FILE, SYMLINK, SUBMODULE }

    /** As Linux (MAXSYMLINKS): more links in a row fail as a loop does. */
    private static final int MAX_LINK_HOPS = 40;
    static final byte[] LFS_POINTER = "version https://git-lfs.github.com/spec/v1\n".getBytes(StandardCharsets.US_ASCII);

    private final Repository repository;
    private final String description;
    private final Listing listing;

    /**
     * What listing an index or a tree gives: the files to read, every path git has (including skipped
     * submodules, links and LFS files: they still exist for Flux paths), notes, and the content digest.
     * A function of the entries alone (blobs are named by content), so the resident server keeps it
     * under the tree id or the index checksum and does not list the same content twice. Immutable.
     */
    static final class Listing {
        /** Every path git has, in order (files, submodules, links, LFS files). */
        private final List<String> present;
        /** Symbolic links to a folder of the snapshot, and that folder. */
        private final Map<String, String> folderLinks = new java.util.HashMap<>();
        /** Symbolic links kustomize cannot follow, and why. */
        private final Map<String, LinkFault> linkFaults = new java.util.HashMap<>();
        /** The submodules' paths, in order: they and what lies in them are unseen. */
        private final List<String> submodules;
        private final List<Note> notes = new ArrayList<>();
        private final String contentKey;
        /** The files to read (links to files included), in path order. */
        private final List<String> paths;
        /** The blob of each of {@code paths}. */
        private final ObjectId[] ids;
        /** The blob id of each of {@code paths}, as text (asked for every file a scan reads), made on first use. */
        private volatile String[] names;
        /** The listing whose text {@code names} takes for unchanged blobs; dropped once they are made. */
        private Listing donor;
        private final Layout layout;

        /**
         * @param entries every path of the index or tree (already re-rooted), with its kind
         * @param early   notes found while listing (unmerged paths...)
         */
        Listing(Repository repository, SortedMap<String, Entry> entries, List<Note> early) throws IOException {
            this(repository, entries, early, null);
        }

        /**
         * @param donor an earlier listing whose blob ids' text is taken for the same blob at the same path
         *              (the resident server lists a new index at every hook run: most of it is the last one)
         */
        Listing(Repository repository, SortedMap<String, Entry> entries, List<Note> early, Listing donor)
                throws IOException {
            notes.addAll(early);
            present = List.copyOf(entries.keySet());
            this.contentKey = digest(entries);
            LfsAttributes lfs = LfsAttributes.read(repository, entries);
            // Entries come in path order and each adds at most its own path: the files are in order too.
            List<String> listed = new ArrayList<>(entries.size());
            List<ObjectId> blobs = new ArrayList<>(entries.size());
            List<String> gitlinks = new ArrayList<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                String path = e.getKey();
                Entry entry = e.getValue();
                switch (entry.kind()) {
                    case SUBMODULE -> {
                        gitlinks.add(path);
                        notes.add(Note.info(path, "git submodule: not scanned (scan it as its own repository)"));
                    }
                    case SYMLINK -> link(repository, path, entry.id(), entries).ifPresent(target -> {
                        listed.add(path);
                        blobs.add(target);
                    });
                    default -> {
                        if (lfs.tracked(path) && isLfsPointer(repository, entry.id())) {
                            notes.add(Note.info(path, "Git LFS pointer: the content is not in git, not scanned"));
                        } else {
                            listed.add(path);
                            blobs.add(entry.id());
                        }
                    }
                }
            }
            this.paths = List.copyOf(listed);
            this.submodules = List.copyOf(gitlinks);
            this.ids = blobs.toArray(ObjectId[]::new);
            this.donor = donor;
            this.layout = new Layout(paths, present);
        }

        /**
         * The blob ids' text, made when a scan first asks (a listing only compared, as HEAD's often is, never
         * needs it). Both listings' paths are in order: one walk finds the donor's text for each unchanged
         * blob, when the donor made its own (it is not made for it, so no chain of listings stays reachable).
         */
        String[] names() {
            String[] made = names;
            if (made == null) {
                synchronized (this) {
                    made = names;
                    if (made == null) {
                        made = new String[ids.length];
                        String[] given = donor == null ? null : donor.names;
                        List<String> from = given == null ? List.of() : donor.paths;
                        int d = 0;
                        for (int i = 0; i < made.length; i++) {
                            String path = paths.get(i);
                            while (d < from.size() && from.get(d) != path && from.get(d).compareTo(path) < 0) {
                                d++;
                            }
                            boolean same = d < from.size() && from.get(d).equals(path) && donor.ids[d].equals(ids[i]);
                            made[i] = same ? given[d] : ids[i].name();
                        }
                        names = made;
                        donor = null;
                    }
                }
            }
            return made;
        }

        /** The files' paths, in order. */
        List<String> paths() {
            return paths;
        }

        /** The blob of the file at {@code index} of {@link #paths()}. */
        ObjectId id(int index) {
            return ids[index];
        }

        /** The blob of a file, or null when it is not one of {@link #paths()}. */
        ObjectId id(String path) {
            int at = java.util.Collections.binarySearch(paths, path);
            return at >= 0 ? ids[at] : null;
        }

        /**
         * A symbolic link is read as its target when that is a regular file of this snapshot, as in the work
         * tree: that file's blob; otherwise empty, with a note (and a {@link LinkFault} when kustomize could not
         * follow it either). Links met on the way are followed, also a link that is a folder above the target.
         */
        private Optional<ObjectId> link(Repository repository, String path, ObjectId id, SortedMap<String, Entry> entries)
                throws IOException {
            String base = Paths.parent(path);
            String target = new String(bytesOf(repository, id), StandardCharsets.UTF_8);
            java.util.Set<String> seen = new java.util.HashSet<>(List.of(path));
            for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
                String resolved = Paths.resolve(base, target);
                if (resolved == null) {
                    String from = target.startsWith("/") || base.isEmpty() ? target : base + "/" + target;
                    linkFaults.put(path, new LinkFault(LinkFault.Kind.OUTSIDE, from));
                    notes.add(Note.info(path, "symbolic link to a path outside the repository: not followed"));
                    return Optional.empty();
                }
                Entry next = entries.get(resolved);
                if (next == null && Paths.isDirectoryIn(present, resolved)) {
                    // Not listed again as files, but kustomize follows it: an entry naming the link builds the folder.
                    folderLinks.put(path, resolved);
                    notes.add(Note.info(path, "symbolic link to a folder: its files are scanned at "
                            + (resolved.isEmpty() ? "the top" : resolved)));
                    return Optional.empty();
                }
                String above = next == null ? linkAbove(resolved, entries) : null;
                if (above != null) {
                    // A folder on the way is itself a link: go on from where it leads.
                    if (entries.get(above).kind() == Kind.SUBMODULE) {
                        notes.add(Note.info(path, "symbolic link into a submodule: not followed"));
                        return Optional.empty();
                    }
                    base = Paths.parent(above);
                    target = new String(bytesOf(repository, entries.get(above).id()), StandardCharsets.UTF_8)
                            + resolved.substring(above.length());
                    continue;
                }
                if (next == null) {
                    linkFaults.put(path, new LinkFault(LinkFault.Kind.MISSING, resolved));
                    notes.add(Note.info(path, "symbolic link to a missing file or folder: not followed"));
                    return Optional.empty();
                }
                if (next.kind() == Kind.FILE) {
                    return Optional.of(next.id());
                }
                if (next.kind() == Kind.SUBMODULE) {
                    notes.add(Note.info(path, "symbolic link into a submodule: not followed"));
                    return Optional.empty();
                }
                if (!seen.add(resolved)) {
                    break;
                }
                base = Paths.parent(resolved);
                target = new String(bytesOf(repository, next.id()), StandardCharsets.UTF_8);
            }
            linkFaults.put(path, new LinkFault(LinkFault.Kind.LOOP, null));
            notes.add(Note.warning(path, "broken or looping symbolic link: not followed"));
            return Optional.empty();
        }

        /** The nearest folder above {@code path} that is a link or a submodule, or null. */
        private static String linkAbove(String path, SortedMap<String, Entry> entries) {
            for (String p = Paths.parent(path); !p.isEmpty(); p = Paths.parent(p)) {
                Entry e = entries.get(p);
                if (e != null && e.kind() != Kind.FILE) {
                    return p;
                }
            }
            return null;
        }
    }

    BlobSnapshot(Repository repository, String description, SortedMap<String, Entry> entries, List<Note> early)
            throws IOException {
        this(repository, description, new Listing(repository, entries, early));
    }

    BlobSnapshot(Repository repository, String description, Listing listing) {
        this.repository = repository;
        this.description = description;
        this.listing = listing;
    }

    Listing listing() {
        return listing;
    }

    private static boolean isLfsPointer(Repository repository, ObjectId id) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            if (reader.getObjectSize(id, Constants.OBJ_BLOB) > 1024) {
                return false;
            }
        }
        byte[] bytes = bytesOf(repository, id);
        if (bytes.length < LFS_POINTER.length) {
            return false;
        }
        for (int i = 0; i < LFS_POINTER.length; i++) {
            if (bytes[i] != LFS_POINTER[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytesOf(Repository repository, ObjectId id) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.open(id, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<String> files() {
        return listing.paths;
    }

    /** The files, and every path git has (submodules, links and LFS files too): directories follow from them. */
    @Override
    public Optional<Layout> layout() {
        return Optional.of(listing.layout);
    }

    @Override
    public long size(String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.getObjectSize(id(path), Constants.OBJ_BLOB);
        }
    }

    @Override
    public byte[] read(String path) throws IOException {
        return bytesOf(repository, id(path));
    }

    private ObjectId id(String path) throws IOException {
        ObjectId id = listing.id(path);
        if (id == null) {
            throw new NoSuchFileException(path);
        }
        return id;
    }

    /**
     * A digest of every path, kind and blob of the snapshot: equal for equal content, whether it comes
     * from the index or from a commit's tree (so the index scanned by a pre-commit hook and the commit
     * made from it share cache entries). The key of the repository rules' cached outcome.
     */
    @Override
    public Optional<String> contentKey() {
        return Optional.of(listing.contentKey);
    }

    private static String digest(SortedMap<String, Entry> entries) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] id = new byte[Constants.OBJECT_ID_LENGTH];
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update((byte) e.getValue().kind().ordinal());
                e.getValue().id().copyRawTo(id, 0);
                sha.update(id);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public Optional<String> blobId(String path) {
        return Optional.ofNullable(listing.id(path)).map(ObjectId::name);
    }

    /**
     * One walk over the listing, which is in path order, for paths in that order (a scan's selection of
     * {@link #files()}): no tree search per file. A path out of order or not listed is looked up alone.
     */
    @Override
    public List<Optional<String>> blobIds(List<String> paths) {
        List<Optional<String>> out = new ArrayList<>(paths.size());
        List<String> listed = listing.paths;
        String[] names = listing.names();
        int at = 0;
        for (String path : paths) {
            while (at < listed.size() && listed.get(at).compareTo(path) < 0) {
                at++;
            }
            if (at < listed.size() && listed.get(at).equals(path)) {
                out.add(Optional.of(names[at]));
            } else {
                out.add(blobId(path));
            }
        }
        return out;
    }

    @Override
    public boolean isDirectory(String path) {
        return Paths.isDirectoryIn(listing.present, path);
    }

    @Override
    public boolean exists(String path) {
        String p = Paths.normalize(path);
        return p != null && (java.util.Collections.binarySearch(listing.present, p) >= 0 || isDirectory(p) || unseen(p));
    }

    @Override
    public Optional<String> folderLink(String path) {
        String p = Paths.normalize(path);
        return p == null ? Optional.empty() : Optional.ofNullable(listing.folderLinks.get(p));
    }

    @Override
    public Optional<LinkFault> linkFault(String path) {
        String p = Paths.normalize(path);
        return p == null ? Optional.empty() : Optional.ofNullable(listing.linkFaults.get(p));
    }

    @Override
    public boolean unseen(String path) {
        return Paths.isInOrUnder(listing.submodules, path);
    }

    @Override
    public List<Note> notes() {
        return List.copyOf(listing.notes);
    }
}
