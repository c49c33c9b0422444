package io.fluxward.model;

import io.fluxward.config.Config;
import io.fluxward.snapshot.LinkFault;
import io.fluxward.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * The whole scanned repository, built once per scan and shared read-only by all rules: every
 * file read, its documents and objects, and lazily computed {@link Facet}s.
 */
public final class RepositoryModel {

    private final Snapshot snapshot;
    private final Config config;
    private final List<FileModel> files;
    private final Map<String, FileModel> byPath;
    private final List<KubeObject> objects;
    private final Map<Facet<?>, FutureTask<?>> facets = new ConcurrentHashMap<>();
    private final ParsedFiles kept;

    public RepositoryModel(Snapshot snapshot, Config config, List<FileModel> files) {
        this(snapshot, config, files, ParsedFiles.NONE);
    }

    /** @param kept what earlier scans of this process kept, for facets to reuse (see {@link ParsedFiles#derived}) */
    public RepositoryModel(Snapshot snapshot, Config config, List<FileModel> files, ParsedFiles kept) {
        this.kept = kept;
        this.snapshot = snapshot;
        this.config = config;
        this.files = sortedByPath(files);
        Map<String, FileModel> index = new LinkedHashMap<>();
        List<KubeObject> all = new ArrayList<>();
        for (FileModel f : this.files) {
            index.put(f.path(), f);
            all.addAll(f.objects());
        }
        this.byPath = index;
        this.objects = List.copyOf(all);
    }

    /** The files in path order (callers give them so, almost always: then this only checks). */
    private static List<FileModel> sortedByPath(List<FileModel> files) {
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i - 1).path().compareTo(files.get(i).path()) > 0) {
                List<FileModel> sorted = new ArrayList<>(files);
                sorted.sort(java.util.Comparator.comparing(FileModel::path));
                return List.copyOf(sorted);
            }
        }
        return List.copyOf(files);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Config config() {
        return config;
    }

    /** What earlier scans of this process kept ({@link ParsedFiles#NONE} in a process that scans once). */
    public ParsedFiles kept() {
        return kept;
    }

    /** Every file read, sorted by path. */
    public List<FileModel> files() {
        return files;
    }

    /** The files below {@code dir} ({@code ""}: all): a contiguous range of {@link #files}, which are sorted by path. */
    public List<FileModel> filesUnder(String dir) {
        if (dir.isEmpty()) {
            return files;
        }
        String prefix = dir + "/";
        int low = 0;
        int high = files.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (files.get(mid).path().compareTo(prefix) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        int end = low;
        while (end < files.size() && files.get(end).path().startsWith(prefix)) {
            end++;
        }
        return files.subList(low, end);
    }

    public Optional<FileModel> file(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Every Kubernetes object, in path and document order. */
    public List<KubeObject> objects() {
        return objects;
    }

    /** Objects of one kind ({@code group} without version; {@code ""} for the core group). */
    public Stream<KubeObject> objects(String group, String kind) {
        return objects.stream().filter(o -> o.is(group, kind));
    }

    /** True for a directory of the snapshot (whether or not its files are scanned). */
    public boolean isDirectory(String path) {
        return snapshot.isDirectory(path);
    }

    /** True for a file or directory of the snapshot (whether or not it is scanned), or an unseen path. */
    public boolean exists(String path) {
        return snapshot.exists(path);
    }

    /** The folder a symbolic link at {@code path} points to (see {@link Snapshot#folderLink}). */
    public Optional<String> folderLink(String path) {
        return snapshot.folderLink(path);
    }

    /** Why a symbolic link at {@code path} cannot be followed (see {@link Snapshot#linkFault}). */
    public Optional<LinkFault> linkFault(String path) {
        return snapshot.linkFault(path);
    }

    /** True for a path in a git submodule, which the snapshot does not read (see {@link Snapshot#unseen}). */
    public boolean unseen(String path) {
        return snapshot.unseen(path);
    }

    /**
     * Waits for a facet another thread is computing. In a fork-join pool (rules run in one) the wait is
     * managed: the pool starts a spare thread meanwhile, so the other rules keep both cores busy instead
     * of queueing behind the render of the whole repository.
     */
    private static void awaitManaged(FutureTask<?> task) throws InterruptedException {
        if (!java.util.concurrent.ForkJoinTask.inForkJoinPool()) {
            return;
        }
        java.util.concurrent.ForkJoinPool.managedBlock(new java.util.concurrent.ForkJoinPool.ManagedBlocker() {
            @Override
            public boolean block() throws InterruptedException {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    // Reported by the caller's own get().
                }
                return true;
            }

            @Override
            public boolean isReleasable() {
                return task.isDone();
            }
        });
    }

    /** The facet's value, computed on first use (thread-safe; facets may use other facets). */
    @SuppressWarnings("unchecked")
    public <T> T facet(Facet<T> facet) {
        FutureTask<?> task = facets.get(facet);
        if (task == null) {
            FutureTask<T> created = new FutureTask<>(() -> io.fluxward.engine.Timings.time("facet " + facet.name(),
                    () -> facet.compute(this)));
            task = facets.putIfAbsent(facet, created);
            if (task == null) {
                task = created;
                created.run();
            }
        }
        try {
            if (!task.isDone()) {
                awaitManaged(task);
            }
            return (T) task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing " + facet.name(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("failed to compute " + facet.name(), cause);
        }
    }
}
