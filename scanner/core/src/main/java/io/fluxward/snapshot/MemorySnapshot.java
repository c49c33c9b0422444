package io.fluxward.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Files held in memory: rule examples, tests, and git blobs already read. */
public final class MemorySnapshot implements Snapshot {

    private final String description;
    private final TreeMap<String, byte[]> files;
    private final Map<String, String> blobIds;

    public MemorySnapshot(String description, Map<String, byte[]> files, Map<String, String> blobIds) {
        this.description = description;
        this.files = new TreeMap<>(files);
        this.blobIds = Map.copyOf(blobIds);
    }

    /** A snapshot of text files. */
    public static MemorySnapshot ofText(Map<String, String> texts) {
        Map<String, byte[]> bytes = new TreeMap<>();
        texts.forEach((p, t) -> bytes.put(p, t.getBytes(StandardCharsets.UTF_8)));
        return new MemorySnapshot("memory", bytes, Map.of());
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<String> files() {
        return new ArrayList<>(files.keySet());
    }

    @Override
    public long size(String path) throws IOException {
        return bytes(path).length;
    }

    @Override
    public byte[] read(String path) throws IOException {
        return bytes(path).clone();
    }

    private byte[] bytes(String path) throws IOException {
        byte[] b = files.get(path);
        if (b == null) {
            throw new NoSuchFileException(path);
        }
        return b;
    }

    @Override
    public Optional<String> blobId(String path) {
        return Optional.ofNullable(blobIds.get(path));
    }

    @Override
    public Optional<Layout> layout() {
        return Optional.of(new Layout(List.copyOf(files.keySet()), List.of()));
    }

    @Override
    public boolean isDirectory(String path) {
        return Paths.isDirectoryIn(files.navigableKeySet(), path);
    }

    @Override
    public boolean exists(String path) {
        String p = Paths.normalize(path);
        return p != null && (files.containsKey(p) || isDirectory(p));
    }
}
