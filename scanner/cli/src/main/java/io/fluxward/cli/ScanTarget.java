package io.fluxward.cli;

import io.fluxward.git.GitRepository;
import io.fluxward.git.GitSnapshots;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * One scan to run: a root folder (the repository Flux reads), the files of it to read (all, or
 * the ones named on the command line) and the prefix that makes its paths relative to the git
 * top-level.
 *
 * @param root       the folder whose files are scanned; Flux {@code spec.path}s resolve against it
 * @param onlyFiles  repo-relative files named on the command line; empty means the whole folder
 * @param pathPrefix {@code ""} or {@code some/dir/}: root's position below the git top-level
 * @param gitTop     the git work tree containing root, if any
 */
public record ScanTarget(Path root, Set<String> onlyFiles, String pathPrefix, Optional<Path> gitTop) {

    /** Groups command-line paths into targets: each folder is one; files are grouped by their repository. */
    public static List<ScanTarget> of(List<Path> paths) throws IOException {
        return of(paths, Map.of());
    }

    /**
     * As {@link #of(List)}, with git's variables read from {@code env}: with {@code GIT_DIR} set, the git top-level
     * is the work tree git finds through it ({@code GIT_WORK_TREE}...), as no {@code .git} need be in the work tree.
     */
    public static List<ScanTarget> of(List<Path> paths, Map<String, String> env) throws IOException {
        return of(paths, env, false);
    }

    /**
     * As {@link #of(List, Map)}; for a staged scan ({@code staged}) a path the work tree lacks is looked up in the
     * index, which is what is scanned: a folder a sparse checkout leaves out, or one staged and then deleted from
     * disk, is scanned from there, and one whose files are all deleted (still in HEAD) has nothing staged to check.
     */
    public static List<ScanTarget> of(List<Path> paths, Map<String, String> env, boolean staged) throws IOException {
        List<ScanTarget> out = new ArrayList<>();
        Map<Path, Set<String>> filesByRoot = new LinkedHashMap<>();
        for (Path given : paths) {
            Path p = given.toAbsolutePath().normalize();
            if (!Files.exists(p) && staged) {
                Staged found = Staged.of(given, p, env);
                if (found.held() == GitSnapshots.Held.FILE) {
                    filesByRoot.computeIfAbsent(found.top(), r -> new TreeSet<>()).add(found.path());
                } else {
                    out.add(new ScanTarget(p, Set.of(), prefix(Optional.of(found.top()), p), Optional.of(found.top())));
                }
                continue;
            }
            if (!Files.exists(p)) {
                throw new IOException(given + ": no such file or directory");
            }
            if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
                throw new IOException(given + ": not a regular file or directory");
            }
            if (Files.isDirectory(p)) {
                listable(given, p);
            }
            Optional<Path> top = gitTopLevel(p, env);
            if (Files.isDirectory(p)) {
                out.add(new ScanTarget(p, Set.of(), prefix(top, p), top));
            } else {
                Path root = top.orElse(p.getParent());
                filesByRoot.computeIfAbsent(root, r -> new TreeSet<>())
                        .add(root.relativize(p).toString().replace('\\', '/'));
            }
        }
        for (Map.Entry<Path, Set<String>> e : filesByRoot.entrySet()) {
            Optional<Path> top = gitTopLevel(e.getKey(), env);
            out.add(new ScanTarget(e.getKey(), e.getValue(), prefix(top, e.getKey()), top));
        }
        return out;
    }

    /**
     * A path of a staged scan that is not in the work tree, as the index (or else HEAD) has it.
     *
     * @param top  the top of its work tree
     * @param path its path from there
     * @param held what the index holds there, else (all of it deleted) what HEAD held
     */
    private record Staged(Path top, String path, GitSnapshots.Held held) {

        static Staged of(Path given, Path p, Map<String, String> env) throws IOException {
            try (GitRepository repo = GitRepository.open(p, env)) {
                Path top = gitTopLevel(p, env).orElse(repo.workTree());
                Path realTop = GitScan.realPath(top);
                Path real = GitScan.realPath(p);
                if (!real.startsWith(realTop)) {
                    throw new IOException(given + ": no such file or directory (and not inside the work tree " + top + ")");
                }
                String path = realTop.relativize(real).toString().replace('\\', '/');
                GitSnapshots.Held held = GitSnapshots.indexHolds(repo, path);
                if (held != GitSnapshots.Held.NOTHING) {
                    return new Staged(top, path, held);
                }
                Optional<RevCommit> head = repo.head();
                held = head.isPresent() ? GitSnapshots.commitHolds(repo, head.get(), path) : GitSnapshots.Held.NOTHING;
                if (held != GitSnapshots.Held.NOTHING) {
                    return new Staged(top, path, held);
                }
                // As git commit and git ls-files --error-unmatch judge a pathspec: one that matches no file known to
                // git (nor one on disk) is most likely mistyped, and a check of nothing must not pass as a clean one.
                throw new IOException(given + ": no such file or folder in the index, in HEAD or in the work tree"
                        + (env.containsKey("GIT_INDEX_FILE") ? " (a hook that scans it: 'fluxward hook install' again with"
                        + " the folders to check)" : ""));
            }
        }
    }

    /**
     * A folder that cannot be listed is an error before the scan, with its name: walked, it gave a note
     * without a path and then "no files to scan".
     */
    private static void listable(Path given, Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.iterator().hasNext();
        } catch (AccessDeniedException e) {
            throw new IOException("error: " + given + ": cannot read: permission denied", e);
        }
    }

    private static String prefix(Optional<Path> top, Path dir) {
        if (top.isEmpty() || top.get().equals(dir)) {
            return "";
        }
        String rel = top.get().relativize(dir).toString().replace('\\', '/');
        return rel.isEmpty() ? "" : rel + "/";
    }

    /**
     * The top of the git work tree holding {@code p}, as git finds it: through {@code GIT_DIR} (and
     * {@code GIT_WORK_TREE}) when {@code env} sets it, as {@link GitRepository#open} reads the repository, else the
     * nearest folder with {@code .git}. Without this a work tree found through {@code GIT_DIR}, which need not hold a
     * {@code .git}, had no top: paths and fingerprints came out relative to the scanned folder.
     */
    public static Optional<Path> gitTopLevel(Path p, Map<String, String> env) {
        String gitDir = env.get("GIT_DIR");
        if (gitDir != null && !gitDir.isEmpty()) {
            try (GitRepository repo = GitRepository.open(p, env)) {
                Optional<Path> top = ancestorAt(p, GitScan.realPath(repo.workTree()));
                if (top.isPresent()) {
                    return top;
                }
            } catch (IOException | RuntimeException e) {
                // Not a repository git can open (or p is outside its work tree): the .git search decides, as before.
            }
        }
        return gitTopLevel(p);
    }

    /** The folder at or above {@code p} (as {@code p} spells it) whose real path is {@code realTop}, if any. */
    private static Optional<Path> ancestorAt(Path p, Path realTop) throws IOException {
        for (Path dir = p.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (GitScan.realPath(dir).equals(realTop)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The nearest folder at or above {@code p} that holds {@code .git} (a folder or a worktree file). */
    public static Optional<Path> gitTopLevel(Path p) {
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        while (dir != null) {
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }
}
