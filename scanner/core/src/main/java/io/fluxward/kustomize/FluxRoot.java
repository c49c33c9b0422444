package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;

/**
 * A Flux Kustomization whose {@code spec.path} is a folder of this repository (its source is the
 * repository's own), and that folder: Flux writes the Kustomization's patches, components and other
 * overrides into the folder's root kustomization.
 *
 * @param kustomization the Flux Kustomization ({@code kustomize.toolkit.fluxcd.io})
 * @param dir           the repository folder its path names (for an OCI artifact pushed from a sub-folder, below it)
 */
public record FluxRoot(KubeObject kustomization, String dir) {
}
