package io.fluxward.model;

import java.util.Optional;

/**
 * One file of the snapshot as fluxward read it.
 *
 * @param path   repo-relative, {@code /}-separated
 * @param type   how it is read
 * @param text   the decoded text (BOM removed); empty for binary files
 * @param size   size in bytes
 * @param blobId git blob id when the snapshot knows it (index, commit, or a computed hash)
 */
public record SourceFile(String path, FileType type, String text, long size, Optional<String> blobId) {

    public String directory() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The text of 1-based line {@code line}, without its line break; empty when out of range. */
    public String line(int line) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return "";
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        String raw = end < 0 ? text.substring(start) : text.substring(start, end);
        return raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    }
}
