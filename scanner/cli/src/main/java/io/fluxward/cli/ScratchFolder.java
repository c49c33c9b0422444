package io.fluxward.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A temporary folder a background task works in, gone when the task closes it and when the JVM stops
 * (daemon stop, idle, a signal) while the task still runs. At shutdown the task may be writing into it,
 * and a deletion beside it would leave what was written after its listing: so the shutdown hook asks the
 * task to stop and waits for it to close the folder, deleting it itself only if that does not come in time.
 */
final class ScratchFolder implements AutoCloseable {

    private final Runnable stop;
    private final long waitMillis;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "fluxward-scratch-clean-up");
    private volatile Path path;

    /**
     * Creates the folder in {@code parent} (the system's temporary folder when null); {@code stop} asks the
     * task to end. Throws {@link IllegalStateException} when the JVM is already shutting down.
     */
    ScratchFolder(Path parent, String prefix, Runnable stop, long waitMillis) throws IOException {
        this.stop = stop;
        this.waitMillis = waitMillis;
        // The hook first: a folder made before it would outlive a shutdown that comes in between.
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            path = parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(parent, prefix);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** What the shutdown hook does (tests call it directly). */
    void onShutdown() {
        stop.run();
        try {
            closed.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path made = path;
        if (made != null) {
            deleteTree(made);
        }
    }

    @Override
    public void close() {
        Path made = path;
        if (made != null) {
            deleteTree(made);
        }
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down: the hook runs, and finds nothing left to delete.
        }
    }

    /**
     * Deletes {@code root} and what is in it, going on past entries that vanish or cannot be deleted; a
     * second pass takes what was written during the first.
     */
    static void deleteTree(Path root) {
        for (int pass = 0; pass < 2 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); pass++) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        file.toFile().delete();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        dir.toFile().delete();
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // A temporary folder; the system cleans it eventually.
            }
        }
    }
}
