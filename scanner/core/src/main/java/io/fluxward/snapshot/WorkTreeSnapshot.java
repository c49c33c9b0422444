package io.fluxward.snapshot;

import io.fluxward.model.Note;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of a directory on disk. Symbolic links are never followed out of the root: a link to
 * a file inside the root is read as that file, any other link is skipped with a note.
 */
public final class WorkTreeSnapshot implements Snapshot {

    private final Path root;
    private final Path realRoot;
    private List<String> files;
    private final Set<String> directories = new TreeSet<>();
    private final List<Note> notes = new ArrayList<>();

    public WorkTreeSnapshot(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "work tree";
    }

    @Override
    public synchronized List<String> files() throws IOException {
        if (files != null) {
            return files;
        }
        List<String> found = new ArrayList<>();
        directories.add("");
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String rel = relative(dir);
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                directories.add(rel);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(file);
                if (attrs.isSymbolicLink()) {
                    symlink(file, rel, found);
                } else if (attrs.isRegularFile()) {
                    found.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                notes.add(Note.error(relative(file), "cannot read: " + reason(exc)));
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(found);
        files = List.copyOf(found);
        return files;
    }

    private void symlink(Path file, String rel, List<String> found) {
        try {
            Path target = file.toRealPath();
            if (!target.startsWith(realRoot)) {
                notes.add(Note.warning(rel, "symbolic link to a path outside the scanned folder: not followed"));
            } else if (Files.isRegularFile(target)) {
                found.add(rel);
            } else {
                notes.add(Note.info(rel, "symbolic link to a folder: not followed"));
            }
        } catch (IOException e) {
            notes.add(Note.warning(rel, "broken or looping symbolic link: not followed"));
        }
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(resolve(path));
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    private Path resolve(String path) throws IOException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("path leaves the scanned folder");
        }
        return p;
    }

    @Override
    public boolean isDirectory(String path) {
        String p = normalize(path);
        if (p == null) {
            return false;
        }
        try {
            files();
        } catch (IOException e) {
            return false;
        }
        return directories.contains(p);
    }

    @Override
    public boolean exists(String path) {
        String p = normalize(path);
        if (p == null) {
            return false;
        }
        try {
            return directories.contains(p) || Collections.binarySearch(files(), p) >= 0
                    || Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }

    /** Normalizes a repo-relative path; null when it leaves the root. */
    static String normalize(String path) {
        return Paths.normalize(path);
    }

    @Override
    public List<Note> notes() {
        return List.copyOf(notes);
    }
}
