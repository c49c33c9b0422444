package io.fluxward.snapshot;

import io.fluxward.model.Note;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A snapshot of a subfolder of a repository: the same files, plus where the subfolder is. */
record SubfolderSnapshot(Snapshot inner, String positionInRepository) implements Snapshot {

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public List<String> files() throws IOException {
        return inner.files();
    }

    @Override
    public long size(String path) throws IOException {
        return inner.size(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return inner.read(path);
    }

    @Override
    public Optional<String> blobId(String path) {
        return inner.blobId(path);
    }

    @Override
    public List<Optional<String>> blobIds(List<String> paths) {
        return inner.blobIds(paths);
    }

    @Override
    public Optional<Layout> layout() {
        return inner.layout();
    }

    @Override
    public boolean isDirectory(String path) {
        return inner.isDirectory(path);
    }

    @Override
    public boolean exists(String path) {
        return inner.exists(path);
    }

    @Override
    public Optional<String> folderLink(String path) {
        return inner.folderLink(path);
    }

    @Override
    public Optional<LinkFault> linkFault(String path) {
        return inner.linkFault(path);
    }

    @Override
    public boolean unseen(String path) {
        return inner.unseen(path);
    }

    /** Where the subfolder sits is part of the key: rules judge paths that leave it differently. */
    @Override
    public Optional<String> contentKey() {
        return inner.contentKey().map(k -> positionInRepository + "\u0000" + k);
    }

    @Override
    public Snapshot at(String position) {
        return inner.at(position);
    }

    @Override
    public List<Note> notes() {
        return inner.notes();
    }
}
