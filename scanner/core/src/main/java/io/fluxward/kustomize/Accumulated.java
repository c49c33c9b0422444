package io.fluxward.kustomize;

import io.fluxward.model.Location;
import java.util.List;
import java.util.Set;

/**
 * What one kustomization contributes before the final steps (hash suffixes, name references):
 * kustomize's {@code ResAccumulator}. Memoized per folder and shared by every kustomization that
 * includes it; immutable.
 *
 * @param matchedPatches patch entries that selected at least one resource in this build (or below)
 * @param missedPatches  patch entries that selected nothing in this build (or below)
 */
record Accumulated(List<Res> resources, List<BuildProblem> problems, boolean complete, Set<String> inputs,
                   TransformerConfig config, Set<Location> matchedPatches, Set<Location> missedPatches) {

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
