package io.fluxward.engine;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies the code of a class for cache keys: the jar it comes from (path, size, modification
 * time), or its class file when loaded from a folder. A rebuilt fluxward or rules jar changes the
 * stamp, so cached outcomes of older code are never reused, even when the version number stayed.
 */
public final class CodeStamp {

    private static final ClassValue<String> STAMPS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return stamp(type);
        }
    };

    private CodeStamp() {
    }

    public static String of(Class<?> type) {
        return STAMPS.get(type);
    }

    private static String stamp(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return "unknown";
            }
            Path where = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(where)) {
                where = where.resolve(type.getName().replace('.', '/') + ".class");
            }
            return where + ":" + Files.size(where) + ":" + Files.getLastModifiedTime(where).toMillis();
        } catch (URISyntaxException | java.io.IOException | RuntimeException e) {
            // An unknown origin gets a stamp that differs on every run: nothing cached is reused for it.
            return "unstamped:" + System.nanoTime();
        }
    }

    /** Hex SHA-256 of a UTF-8 string. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of bytes, in hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
