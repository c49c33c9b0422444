package io.fluxward.snapshot;

import io.fluxward.model.Note;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the bytes of a scan come from: the work tree, the git index or a commit. The rest of the
 * pipeline sees only this interface, so a staged scan and a work-tree scan run the same code.
 * Paths are relative to the snapshot's root, with {@code /} separators.
 */
public interface Snapshot {

    /** Human-readable origin, e.g. {@code work tree} or {@code index}. */
    String describe();

    /** Every regular file, sorted, without {@code .git/}. */
    List<String> files() throws IOException;

    /** The file's size in bytes, without reading it. */
    long size(String path) throws IOException;

    /** The file's bytes; the caller checks {@link #size} against its limit first. */
    byte[] read(String path) throws IOException;

    /** The git blob id of the file, when known without hashing. */
    default Optional<String> blobId(String path) {
        return Optional.empty();
    }

    /**
     * The git blob ids of {@code paths}, in their order ({@link #blobId} of each): a scan asks for
     * every file's, and a snapshot that lists its files in order can answer in one walk.
     */
    default List<Optional<String>> blobIds(List<String> paths) {
        List<Optional<String>> out = new java.util.ArrayList<>(paths.size());
        for (String path : paths) {
            out.add(blobId(path));
        }
        return out;
    }

    /** True for a directory (a prefix of some file path) in this snapshot. */
    boolean isDirectory(String path);

    /** True for a file or a directory in this snapshot, and for a path that is {@link #unseen}. */
    boolean exists(String path);

    /**
     * True for a path in a part of the repository this snapshot does not read: a git submodule, or a path
     * inside one. It may well exist (kustomize and Flux see the submodule's files), so it {@link #exists}, is
     * not a directory of this snapshot, and what uses it cannot be judged.
     */
    default boolean unseen(String path) {
        return false;
    }

    /**
     * The folder of this snapshot a symbolic link at {@code path} points to (kustomize follows such links), or
     * empty: not a link, or a link to a file, outside the snapshot, broken.
     */
    default Optional<String> folderLink(String path) {
        return Optional.empty();
    }

    /**
     * Why the symbolic link at {@code path} cannot be followed (its target is missing, the links loop, or it leads
     * out of the snapshot), or empty: not a link, or one that can be followed, or one not judged.
     */
    default Optional<LinkFault> linkFault(String path) {
        return Optional.empty();
    }

    /**
     * Where this snapshot's root sits below the repository's top ({@code ""}, or {@code some/dir/} when a
     * subfolder of a git repository is scanned). A path that leaves the root but not the repository is not
     * known to be missing: it is only outside what was scanned.
     */
    default String positionInRepository() {
        return "";
    }

    /**
     * True when a folder above this snapshot's root (outside it, so not among its files) holds a file of this name:
     * what a tool that searches upwards from a file (sops and its {@code .sops.yaml}) would find there.
     */
    default boolean foundAbove(String fileName) {
        return false;
    }

    /**
     * A digest of the snapshot's whole content (every path and its content), when it is cheap to know:
     * git snapshots, made of blob ids. The key of cached outcomes of the whole snapshot; empty when unknown.
     */
    default Optional<String> contentKey() {
        return Optional.empty();
    }

    /** This snapshot, declared to sit at {@code position} ({@code ""} or ending in {@code /}) below the repository's top. */
    default Snapshot at(String position) {
        return position.isEmpty() ? this : new SubfolderSnapshot(this, position);
    }

    /**
     * Every path of the snapshot as a value, when it is at hand: two snapshots with equal layouts list the
     * same {@link #files} and answer {@link #exists} and {@link #isDirectory} alike for every path. The
     * resident server compares layouts to know that no file was added or removed since its previous scan
     * (then such answers need not be checked one by one). Empty when unknown.
     */
    default Optional<Layout> layout() {
        return Optional.empty();
    }

    /**
     * A snapshot's paths: {@code files} as {@link #files} lists them, and {@code others}, every other
     * path that shapes the answers of {@link #exists} and {@link #isDirectory} (each snapshot kind lists
     * them its own way, in a fixed order). Compared element by element.
     */
    record Layout(List<String> files, List<String> others) {
    }

    /** Things noticed while listing (symlinks not followed, unreadable folders...). */
    default List<Note> notes() {
        return List.of();
    }
}
