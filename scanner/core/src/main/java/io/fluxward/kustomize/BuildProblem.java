package io.fluxward.kustomize;

import io.fluxward.model.Location;

/**
 * Something that makes a build incomplete or wrong: a missing resource, a patch with no target,
 * a remote resource that is not fetched. Rules (FW-K001, FW-K002...) turn these into findings.
 *
 * @param kind   what went wrong
 * @param at     the entry in the kustomization file that caused it
 * @param detail a short explanation (never file content)
 */
public record BuildProblem(Kind kind, Location at, String detail) {

    /** Kinds of build problems. */
    public enum Kind {
        MISSING_RESOURCE,
        REMOTE_RESOURCE,
        OUTSIDE_ROOT,
        PATCH_TARGET_MISSING,
        INVALID,
        CYCLE
    }
}
