package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
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
 * @param loaded         the manifests this build (or below) read as resources, whether or not it still emits them
 *                       (a {@code $patch: delete} or {@code config.kubernetes.io/local-config} drops some)
 * @param vars           the kustomize vars declared in this build (or below), in order; each is bound to a resource
 */
record Accumulated(List<Res> resources, List<BuildProblem> problems, boolean complete, Set<String> inputs,
                   TransformerConfig config, Set<PatchUse> matchedPatches, Set<Miss> missedPatches,
                   Set<KubeObject> loaded, List<Vars.Var> vars) {

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
            Set.of(), Set.of(), Set.of(), List.of());

    /** A build that emits nothing: only problems, and incomplete when {@code complete} is false. */
    static Accumulated failed(List<BuildProblem> problems, boolean complete) {
        return new Accumulated(List.of(), problems, complete, Set.of(), TransformerConfig.BUILTIN, Set.of(), Set.of(),
                Set.of(), List.of());
    }

    Accumulated {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
        inputs = Set.copyOf(inputs);
        matchedPatches = Set.copyOf(matchedPatches);
        missedPatches = Set.copyOf(missedPatches);
        loaded = Set.copyOf(loaded);
        vars = List.copyOf(vars);
    }

    boolean hasCycle() {
        return problems.stream().anyMatch(p -> p.kind() == BuildProblem.Kind.CYCLE);
    }
}
