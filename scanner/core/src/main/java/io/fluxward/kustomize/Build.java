package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
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
 * @param loaded    the manifests the build read as resources: those not among {@link #resources} (as their
 *                  {@link Resource#origin()}) are removed by it ({@code $patch: delete},
 *                  {@code config.kubernetes.io/local-config})
 */
public record Build(String dir, List<Resource> resources, List<BuildProblem> problems, boolean complete,
                    Set<String> inputs, Set<KubeObject> loaded) {

    public Build {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
        inputs = Collections.unmodifiableSet(new TreeSet<>(inputs));
        loaded = Set.copyOf(loaded);
    }

    public Build(String dir, List<Resource> resources, List<BuildProblem> problems, boolean complete) {
        this(dir, resources, problems, complete, Set.of(), Set.of());
    }

    /**
     * The manifests some of {@code builds} read as resources but none of them emits: a strategic merge patch
     * deleted them, or they are annotated {@code config.kubernetes.io/local-config}. Nothing of those builds
     * applies them.
     */
    public static Set<KubeObject> removedBy(Collection<Build> builds) {
        Set<KubeObject> read = new HashSet<>();
        for (Build b : builds) {
            read.addAll(b.loaded());
        }
        if (read.isEmpty()) {
            return Set.of();
        }
        for (Build b : builds) {
            for (Resource r : b.resources()) {
                read.remove(r.origin());
            }
        }
        return read.isEmpty() ? Set.of() : Collections.unmodifiableSet(read);
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
