package io.fluxward.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.SystemReader;

/**
 * An opened git repository, read in-process with JGit: never the {@code git} binary, never a
 * lock file, never a write. Honours {@code GIT_DIR}, {@code GIT_WORK_TREE} and
 * {@code GIT_INDEX_FILE} (git sets the last one to a temporary index for {@code git commit -a}
 * and {@code git commit PATH}, and hooks must read that one), linked worktrees and
 * {@code .git} files. JGit is kept from running {@code git} itself (see {@link NoGitBinary}).
 */
public final class GitRepository implements AutoCloseable {

    /** {@code GITHEAD_<commit>}: git merge sets one for each head it merges, and its hooks inherit them. */
    private static final Pattern MERGED_HEAD_VARIABLE = Pattern.compile("GITHEAD_([0-9a-f]{40})");

    private final Repository repository;
    private final Map<String, String> env;
    /** Whether {@code GIT_INDEX_FILE} named the index: then it must exist (git wrote it for the hook). */
    private final boolean indexNamed;

    private GitRepository(Repository repository, Map<String, String> env, boolean indexNamed) {
        this.repository = repository;
        this.env = env;
        this.indexNamed = indexNamed;
    }

    /** Opens the repository whose work tree contains {@code start}. */
    public static GitRepository open(Path start) throws GitException {
        return open(start, System.getenv());
    }

    /**
     * Opens the repository whose work tree contains {@code start}, with git's variables read from
     * {@code env} (a client's, in the resident server; path variables must be absolute there).
     */
    public static GitRepository open(Path start, Map<String, String> env) throws GitException {
        return open(start, env, false);
    }

    /**
     * Opens a repository to read its history only (the history audit): a bare repository or a mirror, which has no
     * work tree or index, is accepted too.
     */
    public static GitRepository openHistory(Path start) throws GitException {
        return open(start, System.getenv(), true);
    }

    private static GitRepository open(Path start, Map<String, String> env, boolean bareToo) throws GitException {
        NoGitBinary.install();
        Builder builder = new Builder();
        // GIT_DIR/GIT_INDEX_FILE win when set (inside git hooks); else search upwards from start.
        builder.readEnvironment(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public String getenv(String variable) {
                return env.get(variable);
            }
        });
        if (builder.getGitDir() == null) {
            builder.findGitDir(start.toAbsolutePath().toFile());
        }
        if (builder.getGitDir() == null) {
            throw new GitException(start + ": not inside a git repository");
        }
        builder.setMustExist(true);
        try {
            if (builder.getWorkTree() == null) {
                Optional<File> holder = gitFileHolder(start, builder.getGitDir());
                if (holder.isPresent() && builder.workTreeFromGitFile()) {
                    builder.setWorkTree(holder.get());
                }
            }
            builder.setup();
            String index = env.get("GIT_INDEX_FILE");
            if (index != null && !index.isEmpty() && !new File(index).isAbsolute() && builder.getWorkTree() != null) {
                // git reads a relative GIT_INDEX_FILE (git commit hands hooks ".git/index") from the work tree's
                // top, where it runs; from the current folder a hook run in a subfolder would read no index at all.
                builder.setIndexFile(new File(builder.getWorkTree(), index));
            }
            Repository repo = builder.build();
            if (repo.isBare() && !bareToo) {
                repo.close();
                throw new GitException(start + ": a bare repository has no index or work tree");
            }
            return new GitRepository(repo, env, index != null && !index.isEmpty());
        } catch (GitException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new GitException(start + ": cannot open the git repository (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The folder at or above {@code start} whose {@code .git} file ({@code gitdir: PATH}) names {@code gitDir}, as JGit
     * reads that file; empty when the nearest {@code .git} is a folder, or names another git dir. git takes that
     * folder as the work tree (gitrepository-layout(5)); JGit, without {@code core.worktree}, takes the git dir's
     * parent, which for {@code git clone --separate-git-dir} is another folder altogether.
     */
    private static Optional<File> gitFileHolder(Path start, File gitDir) throws IOException {
        File target = gitDir.getCanonicalFile();
        for (File dir = start.toAbsolutePath().normalize().toFile(); dir != null; dir = dir.getParentFile()) {
            File dotGit = new File(dir, Constants.DOT_GIT);
            if (dotGit.isDirectory()) {
                return Optional.empty();
            }
            if (dotGit.isFile()) {
                try {
                    File named = new FileRepositoryBuilder().setWorkTree(dir).setup().getGitDir();
                    return named.getCanonicalFile().equals(target) ? Optional.of(dir) : Optional.empty();
                } catch (IOException | IllegalArgumentException e) {
                    return Optional.empty(); // not a gitdir file: JGit's own answer stands
                }
            }
        }
        return Optional.empty();
    }

    /** JGit's builder, with the repository's config at hand before the work tree is chosen. */
    private static final class Builder extends FileRepositoryBuilder {

        /**
         * Whether the folder holding a {@code .git} file is the work tree, as git has it: not when the config names
         * one ({@code core.worktree}, which submodules set) or says the repository is bare.
         */
        boolean workTreeFromGitFile() throws IOException {
            setupGitDir();
            setupCommonDir();
            org.eclipse.jgit.lib.Config config = getConfig();
            return config.getString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_WORKTREE) == null
                    && !config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_BARE, false);
        }
    }

    /** Wraps an already opened JGit repository (tests, embedding); closing this closes it. */
    public static GitRepository of(Repository repository) {
        NoGitBinary.install();
        return new GitRepository(repository, System.getenv(), false);
    }

    /** Whether this is a bare repository (only {@link #openHistory} opens one): no work tree, no index. */
    public boolean bare() {
        return repository.isBare();
    }

    public Repository jgit() {
        return repository;
    }

    /** The top-level folder of the work tree. */
    public Path workTree() {
        return repository.getWorkTree().toPath().toAbsolutePath().normalize();
    }

    /** {@code .git} (or {@code .git/worktrees/NAME} for a linked worktree). */
    public Path gitDir() {
        return repository.getDirectory().toPath().toAbsolutePath().normalize();
    }

    /** The folder shared by all worktrees: objects, refs, config, hooks. */
    public Path commonDir() {
        return repository.getCommonDirectory().toPath().toAbsolutePath().normalize();
    }

    /**
     * The index file git uses now ({@code GIT_INDEX_FILE} when set). A missing default index is an empty one (before
     * the first {@code git add}); a {@code GIT_INDEX_FILE} that names no file is an error, not an empty index: read
     * as one, every staged file would pass unchecked.
     */
    public File indexFile() throws GitException {
        try {
            File file = repository.getIndexFile();
            if (indexNamed && !file.isFile()) {
                throw new GitException("GIT_INDEX_FILE names no index file: " + file);
            }
            return file;
        } catch (org.eclipse.jgit.errors.NoWorkTreeException e) {
            throw new GitException("the repository has no work tree", e);
        }
    }

    /** The commit HEAD points at; empty for an unborn branch (before the first commit). */
    public Optional<RevCommit> head() throws GitException {
        try {
            ObjectId id = repository.resolve(Constants.HEAD + "^{commit}");
            if (id == null) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return Optional.of(walk.parseCommit(id));
            }
        } catch (IOException e) {
            throw new GitException("cannot read HEAD (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The other parents of the merge in progress ({@code MERGE_HEAD}): empty when no merge is in progress. A commit
     * it names that cannot be read is left out (the merge's own content is still judged against HEAD). In the
     * {@code pre-merge-commit} hook of a merge that met no conflict git has not written MERGE_HEAD (it does only
     * when the merge stops): the heads are then those of git merge's {@code GITHEAD_<commit>} variables.
     */
    public List<RevCommit> mergeHeads() throws GitException {
        List<RevCommit> out = new java.util.ArrayList<>();
        try {
            List<ObjectId> ids = repository.readMergeHeads();
            if (ids == null) {
                ids = mergingHeads();
            }
            try (RevWalk walk = new RevWalk(repository)) {
                for (ObjectId id : ids) {
                    try {
                        out.add(walk.parseCommit(id));
                    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                        // a shallow or damaged repository: judged against HEAD only
                    }
                }
            }
            return out;
        } catch (org.eclipse.jgit.errors.NoWorkTreeException e) {
            return out;
        } catch (IOException e) {
            throw new GitException("cannot read MERGE_HEAD (" + e.getMessage() + ")", e);
        }
    }

    /** The heads named by git merge's {@code GITHEAD_<commit>} variables, less HEAD itself, in a stable order. */
    private List<ObjectId> mergingHeads() throws GitException {
        Optional<RevCommit> head = head();
        return env.keySet().stream().map(MERGED_HEAD_VARIABLE::matcher).filter(Matcher::matches)
                .map(m -> ObjectId.fromString(m.group(1))).filter(id -> head.isEmpty() || !head.get().getId().equals(id))
                .sorted().toList();
    }

    /** The commit a revision names ({@code main}, {@code origin/main}, a SHA, {@code HEAD~2}, {@code @{-1}}...). */
    public RevCommit commit(String revision) throws GitException {
        try {
            ObjectId id = repository.resolve(forJgit(revision) + "^{commit}");
            if (id == null) {
                throw new GitException("unknown revision '" + revision + "'" + unborn(revision).orElse(hintForMissing()));
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.parseCommit(id);
            }
        } catch (RevisionSyntaxException e) {
            throw new GitException("not a valid revision: '" + revision + "'" + unborn(revision).orElse(""), e);
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            throw new GitException("revision '" + revision + "' is not in this clone" + hintForMissing(), e);
        } catch (GitException e) {
            throw e;
        } catch (IOException e) {
            throw new GitException("cannot resolve '" + revision + "' (" + e.getMessage() + ")", e);
        }
    }

    private static final Pattern AT_ALONE = Pattern.compile("^@(?=$|[~^])");
    private static final Pattern UPSTREAM = Pattern.compile("@\\{(?i:u|upstream)\\}");
    private static final Pattern HEAD_REFLOG = Pattern.compile("^HEAD@\\{(\\d+)\\}");
    private static final Pattern REFLOG_DATE = Pattern.compile("@\\{(?!-?\\d+\\}|upstream\\})[^}]*\\}");

    /**
     * {@code revision} in the syntax {@link Repository#resolve} reads: git's shorthands it lacks are spelled out
     * ({@code @} for HEAD, {@code @{u}}), {@code HEAD@{n}} is read from HEAD's own reflog (JGit reads the current
     * branch's, a different commit after a checkout), and syntax it cannot resolve is named in a message rather
     * than reported as an unknown revision.
     */
    private String forJgit(String revision) throws GitException, IOException {
        String r = AT_ALONE.matcher(revision).replaceFirst(Constants.HEAD);
        r = UPSTREAM.matcher(r).replaceAll("@{upstream}");
        String unsupported = r.startsWith(":/") || r.contains("^{/") ? "commit message search (:/TEXT, REV^{/TEXT})"
                : REFLOG_DATE.matcher(r).find() ? "reflog dates and @{push} (REF@{DATE})"
                : r.contains(":") ? "REV:PATH, which names a file, not a commit" : null;
        if (unsupported != null) {
            throw new GitException("'" + revision + "': fluxward cannot resolve git's " + unsupported + "; name the "
                    + "commit by a branch, tag, SHA or REV~N (e.g. the SHA git rev-parse prints)");
        }
        Matcher m = HEAD_REFLOG.matcher(r);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            var reflog = repository.getRefDatabase().getReflogReader(Constants.HEAD);
            var entry = reflog == null ? null : reflog.getReverseEntry(n);
            if (entry == null) {
                throw new GitException("'" + revision + "': HEAD's reflog has no entry " + n);
            }
            r = entry.getNewId().name() + r.substring(m.end());
        }
        return r;
    }

    /** Why a revision naming HEAD or its branch is unknown when that branch has no commit yet, or empty. */
    private Optional<String> unborn(String revision) throws GitException {
        if (head().isPresent()) {
            return Optional.empty();
        }
        try {
            String branch = repository.getBranch();
            boolean namesHead = revision.startsWith(Constants.HEAD) || revision.startsWith("@")
                    || revision.equals(branch) || revision.startsWith(branch + "~") || revision.startsWith(branch + "^");
            return namesHead ? Optional.of(": the branch '" + branch + "' has no commits yet") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String hintForMissing() {
        try {
            return repository.getObjectDatabase().getShallowCommits().isEmpty() ? ""
                    : " (this is a shallow clone: fetch the base, e.g. actions/checkout with fetch-depth: 0)";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The best common ancestor of two commits, as {@code git merge-base}. Fails when it cannot be
     * determined: unrelated histories, or a shallow clone whose history stops before it (git would
     * then answer with a wrong commit or none, and a comparison with the tip of {@code a} instead
     * blames the other side for changes made on {@code a}'s branch).
     *
     * @param names how to name the two commits in the message, e.g. {@code "origin/main and HEAD"}
     */
    public RevCommit mergeBase(RevCommit a, RevCommit b, String names) throws GitException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            RevCommit base = walk.next();
            Set<ObjectId> shallow = repository.getObjectDatabase().getShallowCommits();
            if (!shallow.isEmpty() && reachesShallowBoundary(a, b, base, shallow)) {
                throw new GitException("cannot determine the merge base of " + names + ": this shallow clone's history "
                        + "stops before it; fetch more history (actions/checkout with fetch-depth: 0, "
                        + "or git fetch --unshallow / --deepen=N)");
            }
            if (base == null) {
                throw new GitException("cannot determine the merge base of " + names + ": they have no common "
                        + "ancestor (unrelated histories); compare with the branch this one was made from");
            }
            return base;
        } catch (GitException e) {
            throw e;
        } catch (IOException e) {
            throw new GitException("cannot compute the merge base (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether a commit reachable from {@code a} or {@code b} but not from {@code base} is a shallow
     * boundary: only then may a better common ancestor lie behind it. A merge base found in a walk
     * that never met the boundary is the merge base of the full history.
     */
    private boolean reachesShallowBoundary(RevCommit a, RevCommit b, RevCommit base, Set<ObjectId> shallow)
            throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRetainBody(false);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            if (base != null) {
                walk.markUninteresting(walk.parseCommit(base));
            }
            for (RevCommit c : walk) {
                if (shallow.contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether {@code core.hooksPath} names the hooks folder. */
    public boolean hooksPathSet() {
        String configured = repository.getConfig().getString("core", null, "hooksPath");
        return configured != null && !configured.isBlank();
    }

    /** The hooks folder git runs hooks from: {@code core.hooksPath} when set, else {@code hooks} in the common dir. */
    public Path hooksDirectory() {
        String configured = repository.getConfig().getString("core", null, "hooksPath");
        if (!hooksPathSet()) {
            return commonDir().resolve("hooks");
        }
        String path = configured.strip();
        if (path.equals("~") || path.startsWith("~/")) {
            // git expands ~ with $HOME, not with the passwd entry Java's user.home comes from.
            path = NoGitBinary.home() + path.substring(1);
        }
        Path p = Path.of(path);
        // A relative core.hooksPath is relative to where git runs hooks: the top of the work tree.
        return (p.isAbsolute() ? p : workTree().resolve(p)).normalize();
    }

    @Override
    public void close() {
        repository.close();
    }
}
