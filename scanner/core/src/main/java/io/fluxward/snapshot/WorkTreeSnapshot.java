package io.fluxward.snapshot;

import io.fluxward.model.Note;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of a directory on disk, read without ever leaving it.
 *
 * <ul>
 *   <li>Symbolic links are never followed out of the root: a link to a regular file inside the root
 *       is read as that file (its target is checked again when it is read, so a link swapped in
 *       between listing and reading cannot escape); any other link is skipped with a note.</li>
 *   <li>Only listed paths are read, through the {@link Path} the listing found: a name that is not
 *       valid in the platform encoding is still read by its own bytes, and nothing built from a
 *       string (a kustomization's {@code ../../etc}) can reach a file the listing did not see.
 *       Regular files are opened with {@code NOFOLLOW_LINKS}.</li>
 *   <li>Unreadable folders and files are error notes (exit status 2: the scan is incomplete); a
 *       file deleted while scanning is a warning; names that differ only by case are a warning
 *       (one overwrites the other on macOS and Windows checkouts).</li>
 * </ul>
 */
public final class WorkTreeSnapshot implements Snapshot {

    private final Path root;
    private final Path realRoot;
    private Listing listing;
    private Layout layout;

    /** What a walk of the root found. */
    private record Listing(List<String> files, Map<String, Path> regular, Map<String, Path> links,
                           Set<String> directories, List<Note> notes) {
    }

    public WorkTreeSnapshot(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    @Override
    public boolean foundAbove(String fileName) {
        for (Path dir = root.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(fileName))) {
                return true;
            }
        }
        return false;
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "work tree";
    }

    @Override
    public List<String> files() throws IOException {
        return listing().files();
    }

    private synchronized Listing listing() throws IOException {
        if (listing == null) {
            listing = walk();
        }
        return listing;
    }

    private Listing walk() throws IOException {
        Map<String, Path> regular = new TreeMap<>();
        Map<String, Path> links = new TreeMap<>();
        Set<String> directories = new TreeSet<>();
        List<Note> notes = new ArrayList<>();
        directories.add("");
        // Walk the real root: a scan of a path that is itself a symbolic link would otherwise see one link.
        Files.walkFileTree(realRoot, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(realRoot)) {
                    return FileVisitResult.CONTINUE;
                }
                if (dir.getFileName().toString().equals(".git")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                directories.add(relative(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(file);
                if (attrs.isSymbolicLink()) {
                    symlink(file, rel, regular, links, notes);
                } else if (attrs.isRegularFile()) {
                    add(regular, rel, file, notes);
                } else if (!attrs.isDirectory()) {
                    notes.add(Note.info(rel, "not a regular file (device, socket or pipe): skipped"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                if (exc instanceof NoSuchFileException) {
                    notes.add(Note.warning(relative(file), "disappeared while scanning"));
                } else {
                    notes.add(Note.error(relative(file), "cannot read: " + reason(exc)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                if (exc != null) {
                    notes.add(Note.error(relative(dir), "cannot list the whole folder: " + reason(exc)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        caseClashes(regular.keySet(), notes);
        return new Listing(List.copyOf(regular.keySet()), Collections.unmodifiableMap(regular),
                Collections.unmodifiableMap(links), Collections.unmodifiableSet(directories), List.copyOf(notes));
    }

    /** A name that is not valid in the platform encoding can collide with another after decoding. */
    private static void add(Map<String, Path> regular, String rel, Path file, List<Note> notes) {
        if (regular.putIfAbsent(rel, file) != null) {
            notes.add(Note.warning(rel, "two file names read the same once decoded (not valid UTF-8?): only one is scanned"));
        }
    }

    private void symlink(Path file, String rel, Map<String, Path> regular, Map<String, Path> links, List<Note> notes) {
        links.put(rel, file);
        try {
            Path target = file.toRealPath();
            if (!target.startsWith(realRoot)) {
                notes.add(Note.warning(rel, "symbolic link to a path outside the scanned folder: not followed"));
            } else if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                add(regular, rel, file, notes);
            } else if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                // Not listed twice; a kustomization entry naming the link builds that folder (see folderLink).
                String at = relative(target);
                notes.add(Note.info(rel, "symbolic link to a folder: its files are scanned at "
                        + (at.isEmpty() ? "the top" : at)));
            } else {
                notes.add(Note.info(rel, "symbolic link to a folder or special file: not followed"));
            }
        } catch (IOException e) {
            notes.add(Note.warning(rel, "broken or looping symbolic link: not followed"));
        }
    }

    private static void caseClashes(Set<String> paths, List<Note> notes) {
        Map<String, List<String>> byFolded = new HashMap<>();
        for (String p : paths) {
            byFolded.computeIfAbsent(p.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
        }
        for (List<String> same : byFolded.values()) {
            if (same.size() > 1) {
                Collections.sort(same);
                for (String p : same) {
                    List<String> others = new ArrayList<>(same);
                    others.remove(p);
                    notes.add(Note.warning(p, "differs only by case from " + String.join(", ", others)
                            + ": on macOS and Windows checkouts one file overwrites the other"));
                }
            }
        }
    }

    private String relative(Path p) {
        return realRoot.relativize(p).toString().replace('\\', '/');
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public long size(String path) throws IOException {
        return Files.readAttributes(open(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    }

    @Override
    public byte[] read(String path) throws IOException {
        Path p = open(path);
        try (SeekableByteChannel channel = Files.newByteChannel(p, java.util.Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("file too large to read");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or end of file (a file that shrank is read as it is now)
            }
            return buffer.position() == buffer.capacity() ? buffer.array()
                    : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * The regular file to open for a listed path: the listed file itself, or for a link, its target
     * resolved again now and checked to be a regular file inside the root.
     */
    private Path open(String path) throws IOException {
        Listing l = listing();
        Path p = l.regular().get(path);
        if (p == null) {
            throw new NoSuchFileException(path, null, "not a file of the scanned folder");
        }
        if (!l.links().containsKey(path)) {
            return p;
        }
        Path target = p.toRealPath();
        if (!target.startsWith(realRoot) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new AccessDeniedException(path, null, "symbolic link now points outside the scanned folder");
        }
        return target;
    }

    /** Made on first use (only the resident server compares layouts), from the walk's listing. */
    @Override
    public synchronized Optional<Layout> layout() {
        if (layout == null) {
            try {
                Listing l = listing();
                // Folders (empty ones too) marked as such, then links: a folder and a link of one name differ.
                List<String> others = new ArrayList<>(l.directories().size() + l.links().size());
                l.directories().forEach(d -> others.add(d + "/"));
                others.addAll(l.links().keySet());
                layout = new Layout(l.files(), List.copyOf(others));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(layout);
    }

    @Override
    public boolean isDirectory(String path) {
        String p = Paths.normalize(path);
        if (p == null) {
            return false;
        }
        try {
            return listing().directories().contains(p);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean exists(String path) {
        String p = Paths.normalize(path);
        if (p == null) {
            return false;
        }
        try {
            Listing l = listing();
            return l.directories().contains(p) || l.regular().containsKey(p) || l.links().containsKey(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** Checked when asked, as a read is: the target must be a folder inside the root now. */
    @Override
    public Optional<String> folderLink(String path) {
        String p = Paths.normalize(path);
        try {
            Path link = p == null ? null : listing().links().get(p);
            if (link != null) {
                Path target = link.toRealPath();
                if (target.startsWith(realRoot) && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(relative(target));
                }
            }
        } catch (IOException e) {
            // Broken or looping: not a folder.
        }
        return Optional.empty();
    }

    /**
     * Checked when asked, as {@link #folderLink}: a link whose target is missing ({@code NoSuchFileException}), whose
     * links loop ({@code ELOOP}), or that leads out of the root. Other failures (permission denied) are not judged.
     */
    @Override
    public Optional<LinkFault> linkFault(String path) {
        String p = Paths.normalize(path);
        Path link;
        try {
            link = p == null ? null : listing().links().get(p);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (link == null) {
            return Optional.empty();
        }
        try {
            Path target = link.toRealPath();
            return target.startsWith(realRoot) ? Optional.empty()
                    : Optional.of(new LinkFault(LinkFault.Kind.OUTSIDE, fromRoot(target)));
        } catch (NoSuchFileException e) {
            return Optional.of(new LinkFault(LinkFault.Kind.MISSING, firstTarget(link, p)));
        } catch (AccessDeniedException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            // ELOOP: "Too many levels of symbolic links" (the JDK's text may add more).
            String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
            return reason.contains("levels of symbolic links") ? Optional.of(new LinkFault(LinkFault.Kind.LOOP, null))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An absolute real path relative to the root ({@code ../x} when outside it), or itself when it cannot be. */
    private String fromRoot(Path target) {
        try {
            return realRoot.relativize(target).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return "/" + target.toString().replace('\\', '/'); // another drive
        }
    }

    /** Where the link at {@code rel} points, relative to the root: its own text resolved (not the links it leads through). */
    private String firstTarget(Path link, String rel) {
        try {
            Path text = Files.readSymbolicLink(link);
            if (text.isAbsolute()) {
                return fromRoot(text.normalize());
            }
            String resolved = Paths.resolve(Paths.parent(rel), text.toString().replace('\\', '/'));
            return resolved != null ? resolved : fromRoot(link.getParent().toRealPath().resolve(text).normalize());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public List<Note> notes() {
        try {
            return listing().notes();
        } catch (IOException e) {
            return List.of();
        }
    }
}
