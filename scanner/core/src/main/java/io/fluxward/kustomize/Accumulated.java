package io.fluxward.kustomize;

import io.fluxward.model.Location;
import java.util.List;
import java.util.Set;

/**
 * What one kustomization contributes before the final steps (hash suffixes, name references):
 * kustomize's {@code ResAccumulator}. Memoized per folder and shared by every kustomization that
 * includes it; immutable.
 *
 * @param matchedPatches patches (entries, or documents of a multi-document entry) that selected at least one
 *                       resource in this build (or below), with the kustomization whose build applied them
 * @param missedPatches  the problems of patches that selected nothing in this build (or below), likewise
 */
record Accumulated(List<Res> resources, List<BuildProblem> problems, boolean complete, Set<String> inputs,
                   TransformerConfig config, Set<PatchUse> matchedPatches, Set<Miss> missedPatches) {

    /**
     * A patch at {@code at} applied in the build of the kustomization in folder {@code user}: a Component's patch
     * runs in the build of each kustomization that uses it, a shared patch file in each that reads it.
     */
    record PatchUse(Location at, String user) {
    }

    /** A patch that selected nothing in the build of the kustomization in folder {@code user}. */
    record Miss(BuildProblem problem, String user) {
    }

    static final Accumulated EMPTY = new Accumulated(List.of(), List.of(), true, Set.of(), TransformerConfig.BUILTIN,
            Set.of(), Set.of());

    Accumulated {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
        inputs = Set.copyOf(inputs);
        matchedPatches = Set.copyOf(matchedPatches);
        missedPatches = Set.copyOf(missedPatches);
    }

    boolean hasCycle() {
        return problems.stream().anyMatch(p -> p.kind() == BuildProblem.Kind.CYCLE);
    }
}
