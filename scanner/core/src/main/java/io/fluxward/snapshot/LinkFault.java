package io.fluxward.snapshot;

/**
 * Why a symbolic link of a snapshot cannot be followed, as kustomize follows links: a kustomization entry naming
 * it fails the build ({@code evalsymlink failure}, {@code too many links}, and a link out of the repository is
 * not in the artifact Flux builds from).
 *
 * @param kind   what is wrong
 * @param target for {@link Kind#MISSING}, the missing path relative to the snapshot's root (null when unknown);
 *               for {@link Kind#OUTSIDE}, where the link leads, relative to the snapshot's root ({@code app/../../x},
 *               {@code ../x}) or absolute: a snapshot of a subfolder cannot tell alone whether that also leaves
 *               the repository; for {@link Kind#LOOP}, null
 */
public record LinkFault(Kind kind, String target) {

    /** What is wrong with the link. */
    public enum Kind {
        /** The link (or a link it leads to) points at a path that does not exist. */
        MISSING,
        /** The links lead back to themselves (or too many links in a row). */
        LOOP,
        /** The link leads out of the snapshot's root. */
        OUTSIDE
    }
}
