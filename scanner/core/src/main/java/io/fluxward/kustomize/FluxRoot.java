package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import java.util.List;

/**
 * A Flux Kustomization whose {@code spec.path} is a folder of this repository (its source is the
 * repository's own), and that folder: Flux writes the Kustomization's patches, components and other
 * overrides into the folder's root kustomization.
 *
 * @param kustomization the Flux Kustomization ({@code kustomize.toolkit.fluxcd.io})
 * @param dir           the repository folder its path names (for an OCI artifact pushed from a sub-folder, below it)
 * @param artifactIgnores the {@code spec.ignore} of each definition of its source ({@code ""} for none, or a source
 *                      that has no such field); empty when one is not known (templated), then what Flux generates
 *                      for a folder without kustomization file is not judged
 * @param namespace     the namespace it lives in: its own, else the one the builds that apply it give it when they
 *                      agree, else empty (not known)
 */
public record FluxRoot(KubeObject kustomization, String dir, List<String> artifactIgnores, String namespace) {

    public FluxRoot {
        artifactIgnores = List.copyOf(artifactIgnores);
    }

    /** {@code namespace/name}, or {@code name} when its namespace is not known, for messages. */
    public String display() {
        return namespace.isEmpty() ? kustomization.name() : namespace + "/" + kustomization.name();
    }
}
