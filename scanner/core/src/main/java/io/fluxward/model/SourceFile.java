package io.fluxward.model;

import io.fluxward.yaml.LineBreaks;
import java.util.Objects;
import java.util.Optional;

/** One file of the snapshot as fluxward read it. */
public final class SourceFile {

    private final String path;
    private final FileType type;
    private final String text;
    private final long size;
    private final Optional<String> blobId;
    // Asked for every file by many whole-repository passes: computed once, not a substring per call.
    private final String directory;
    private final String name;
    private volatile int[] lineStarts;

    /**
     * @param path   repo-relative, {@code /}-separated
     * @param type   how it is read
     * @param text   the decoded text (BOM removed); empty for binary files
     * @param size   size in bytes
     * @param blobId git blob id when the snapshot knows it (index, commit, or a computed hash)
     */
    public SourceFile(String path, FileType type, String text, long size, Optional<String> blobId) {
        this.path = Objects.requireNonNull(path);
        this.type = Objects.requireNonNull(type);
        this.text = Objects.requireNonNull(text);
        this.size = size;
        this.blobId = Objects.requireNonNull(blobId);
        int slash = path.lastIndexOf('/');
        this.directory = slash < 0 ? "" : path.substring(0, slash);
        this.name = path.substring(slash + 1);
    }

    public String path() {
        return path;
    }

    public FileType type() {
        return type;
    }

    public String text() {
        return text;
    }

    public long size() {
        return size;
    }

    public Optional<String> blobId() {
        return blobId;
    }

    public String directory() {
        return directory;
    }

    public String name() {
        return name;
    }

    /** The text of 1-based line {@code line}, without its line break; empty when out of range. */
    public String line(int line) {
        int[] starts = lineStarts();
        return line > starts.length ? "" : lineAt(starts[Math.max(line, 1) - 1]);
    }

    private String lineAt(int start) {
        return text.substring(start, LineBreaks.lineEnd(text, start));
    }

    /**
     * Where each line starts, computed on first use: asked for the lines of one big file (each inline patch of a
     * kustomization), counting from the start every time was quadratic. Racing threads compute the same array.
     */
    private int[] lineStarts() {
        int[] starts = lineStarts;
        if (starts == null) {
            starts = LineBreaks.lineStarts(text);
            lineStarts = starts;
        }
        return starts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceFile f && size == f.size && path.equals(f.path) && type == f.type
                && text.equals(f.text) && blobId.equals(f.blobId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, type, text, size, blobId);
    }

    /** Path, type and size only: the text may hold secret values. */
    @Override
    public String toString() {
        return "SourceFile[" + path + ", " + type + ", " + size + " bytes]";
    }
}
