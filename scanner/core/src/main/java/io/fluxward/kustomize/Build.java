package io.fluxward.kustomize;

import java.util.List;

/**
 * The outcome of building one folder the way kustomize (or Flux, for a folder without a
 * kustomization file) would.
 *
 * @param dir       the folder built (repo-relative)
 * @param resources the emitted objects, in kustomize's order
 * @param problems  what was missing or wrong
 * @param complete  false when part of the input could not be seen (remote resources, missing
 *                  files): rules must stay quiet about what they cannot see
 */
public record Build(String dir, List<Resource> resources, List<BuildProblem> problems, boolean complete) {

    public Build {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
    }
}
