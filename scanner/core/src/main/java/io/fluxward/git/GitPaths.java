package io.fluxward.git;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Git paths (bytes) as text, decoded one way everywhere: as Java decodes file names on disk (the platform's file
 * name encoding, UTF-8 on usual systems; bytes that are not valid in it become U+FFFD). A file's name in the work
 * tree, the index, a tree and the history then reads the same, and so do its findings' fingerprints. JGit's own
 * {@code getPathString()} falls back to Latin-1 for a name that is not UTF-8, so it is not used; and a path is looked
 * up by its bytes, never by re-encoding the (possibly lossy) text.
 */
final class GitPaths {

    /** The charset the JDK decodes file names with. */
    static final Charset NAMES = namesCharset();

    private GitPaths() {
    }

    private static Charset namesCharset() {
        try {
            Charset jnu = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            // The C/POSIX locale makes it ASCII: git's names (UTF-8 by convention) would all lose their accents.
            return jnu.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : jnu;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static String decode(byte[] raw) {
        return new String(raw, NAMES);
    }

    /** The path of a walk's current entry. */
    static String of(TreeWalk walk) {
        return decode(walk.getRawPath());
    }

    /** A walk positioned at {@code path} in {@code tree} (as {@link TreeWalk#forPath}, by bytes), or null. */
    static TreeWalk forPath(ObjectReader reader, byte[] path, AnyObjectId tree) throws IOException {
        TreeWalk walk = new TreeWalk(reader);
        walk.setFilter(new Exact(path));
        walk.reset(tree);
        walk.setRecursive(false);
        while (walk.next()) {
            if (walk.getPathLength() == path.length) {
                return walk;
            }
            if (walk.isSubtree()) {
                walk.enterSubtree();
            }
        }
        walk.close();
        return null;
    }

    /** One path and the folders above it, by bytes ({@code PathFilter} would encode a string as UTF-8). */
    private static final class Exact extends TreeFilter {

        private final byte[] path;

        Exact(byte[] path) {
            this.path = path;
        }

        @Override
        public boolean include(TreeWalk walker) {
            return walker.isPathMatch(path, path.length) <= 0;
        }

        @Override
        public boolean shouldBeRecursive() {
            return false;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }
}
