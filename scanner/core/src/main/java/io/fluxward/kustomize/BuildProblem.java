package io.fluxward.kustomize;

import io.fluxward.model.Location;

/**
 * Something that makes a build incomplete or wrong: a missing resource, a patch with no target,
 * a remote resource that is not fetched. Rules (FW-K001, FW-K002...) turn these into findings.
 *
 * @param kind   what went wrong
 * @param at     the entry in the kustomization file that caused it
 * @param detail a short explanation (never file content)
 * @param fatal  true when kustomize (and so Flux) fails the whole build because of it
 * @param build  the build it was found in when that is not the located folder's own ({@code Flux Kustomization
 *               ns/name}, which adds its components, patches and target namespace), else empty
 */
public record BuildProblem(Kind kind, Location at, String detail, boolean fatal, String build) {

    public BuildProblem(Kind kind, Location at, String detail, boolean fatal) {
        this(kind, at, detail, fatal, "");
    }

    /** The same problem, found in the build {@code build} names. */
    public BuildProblem in(String build) {
        return new BuildProblem(kind, at, detail, fatal, build);
    }

    /** Kinds of build problems. */
    public enum Kind {
        /** A local file or folder named by the kustomization does not exist. */
        MISSING_RESOURCE,
        /** A URL (remote base, git repository): recorded, never fetched. */
        REMOTE_RESOURCE,
        /** An absolute path, or one that climbs out of the repository. */
        OUTSIDE_ROOT,
        /** A path that leaves the scanned subfolder but not the repository: not seen, so not known to be wrong. */
        OUTSIDE_SCAN,
        /** A patch (or replicas entry) that selects nothing. */
        PATCH_TARGET_MISSING,
        /**
         * A patch entry kustomize refuses whatever the resources: {@code path} and {@code patch} both set, several
         * strategic merge patches with a target, a JSON patch without target, a malformed operation or selector.
         */
        PATCH_INVALID,
        /** A folder with more than one kustomization file: kustomize refuses to pick one. */
        SEVERAL_KUSTOMIZATION_FILES,
        /**
         * A build kustomize refuses for a reason of its own (FW-K005): two resources with one id, a Component under
         * {@code resources}, a {@code replicas} entry or generator {@code behavior: merge} with nothing to act on...
         */
        INVALID,
        /**
         * A file kustomize (or Flux) cannot read: not valid YAML, a repeated key, a field of the wrong type, a
         * document that is no named Kubernetes object. Fatal; FW-G001 to FW-G004 report the file itself.
         */
        UNREADABLE,
        /** A kustomization that includes itself, directly or not. */
        CYCLE,
        /** A feature fluxward does not render (Helm chart inflation, generator plugins): the build is incomplete. */
        UNSUPPORTED,
        /**
         * Transformer plugins, which fluxward does not run: what the build emits may be renamed, moved to another
         * namespace or dropped, so the names and namespaces seen are not known to be the applied ones.
         */
        UNRUN_TRANSFORMERS,
        /**
         * A build that emits more objects than {@code limits.maxRenderedObjects} (bases included twice at every level
         * double per level): fluxward stops rendering it, the build is incomplete (FW-K005 names it).
         */
        LIMIT
    }

    /**
     * The problem of an entry {@code ref} of folder {@code dir} that leaves the snapshot: outside the repository
     * (kustomize and Flux fail), or only outside the scanned subfolder at {@code position} (not checked).
     */
    static BuildProblem outside(Location at, String position, String dir, String ref) {
        return io.fluxward.snapshot.Paths.leavesOnlyTheSubfolder(position, dir, ref)
                ? new BuildProblem(Kind.OUTSIDE_SCAN, at, "'" + ref + "' is outside the scanned folder: not checked")
                : new BuildProblem(Kind.OUTSIDE_ROOT, at, "'" + ref + "' is outside the repository");
    }

    /** A problem whose fatality follows from its kind (PATCH_TARGET_MISSING: not fatal). */
    public BuildProblem(Kind kind, Location at, String detail) {
        this(kind, at, detail, switch (kind) {
            case MISSING_RESOURCE, OUTSIDE_ROOT, INVALID, UNREADABLE, CYCLE, PATCH_INVALID, SEVERAL_KUSTOMIZATION_FILES -> true;
            case REMOTE_RESOURCE, OUTSIDE_SCAN, PATCH_TARGET_MISSING, UNSUPPORTED, UNRUN_TRANSFORMERS, LIMIT -> false;
        });
    }
}
