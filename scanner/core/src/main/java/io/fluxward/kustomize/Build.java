package io.fluxward.kustomize;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of building one folder the way kustomize (or Flux, for a folder without a
 * kustomization file) would.
 *
 * @param dir       the folder built (repo-relative)
 * @param resources the emitted objects, in kustomize's order
 * @param problems  what was missing or wrong
 * @param complete  false when part of the input could not be seen (remote resources, missing
 *                  files): rules must stay quiet about what they cannot see
 * @param inputs    every repository file the build read (kustomization files, resources, patches,
 *                  generator sources, components), sorted
 */
public record Build(String dir, List<Resource> resources, List<BuildProblem> problems, boolean complete,
                    Set<String> inputs) {

    public Build {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
        inputs = Collections.unmodifiableSet(new TreeSet<>(inputs));
    }

    public Build(String dir, List<Resource> resources, List<BuildProblem> problems, boolean complete) {
        this(dir, resources, problems, complete, Set.of());
    }

    /**
     * True when transformer plugins (not run) may have renamed, moved or dropped what this build emits: the names
     * and namespaces of {@link #resources} are then not known to be those applied.
     */
    public boolean transformedUnseen() {
        return problems.stream().anyMatch(p -> p.kind() == BuildProblem.Kind.UNRUN_TRANSFORMERS);
    }

    /** True when kustomize (or Flux) would refuse this build: a fatal problem. */
    public boolean fails() {
        return problems.stream().anyMatch(BuildProblem::fatal);
    }
}
