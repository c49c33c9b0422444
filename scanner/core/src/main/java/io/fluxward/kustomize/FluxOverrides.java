package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Flux Kustomization writes into the root kustomization of its {@code spec.path}:
 * {@code targetNamespace}, {@code namePrefix}, {@code nameSuffix}, {@code patches},
 * {@code components} and {@code images} (domain facts §2.3).
 *
 * @param sourcePath the file of the Flux Kustomization (for the locations of its patches)
 * @param owner      the Flux Kustomization itself, whose fields the build's problems point at (null when unknown:
 *                   then the first object of {@code sourcePath} with the field's value)
 * @param patches    the {@code spec.patches} entries ({@code patch} + optional {@code target})
 * @param images     the {@code spec.images} entries
 */
public record FluxOverrides(String sourcePath, KubeObject owner, String targetNamespace, String namePrefix,
                            String nameSuffix, List<YNode> patches, List<String> components, List<YNode> images) {

    public static final FluxOverrides NONE = new FluxOverrides("", null, "", "", "", List.of(), List.of(), List.of());

    public FluxOverrides {
        patches = List.copyOf(patches);
        components = List.copyOf(components);
        images = List.copyOf(images);
    }

    /** True when Flux writes something into the root kustomization (then never empty, whatever the file sets). */
    public boolean adds() {
        return !targetNamespace.isEmpty() || !namePrefix.isEmpty() || !nameSuffix.isEmpty() || !patches.isEmpty()
                || !components.isEmpty() || !images.isEmpty();
    }

    /** The overrides a Flux Kustomization object ({@code kustomize.toolkit.fluxcd.io}) declares. */
    public static FluxOverrides of(KubeObject kustomization) {
        YNode spec = kustomization.get("spec");
        List<String> components = new ArrayList<>();
        spec.get("components").items().forEach(c -> c.text().ifPresent(components::add));
        return new FluxOverrides(kustomization.path(), kustomization, spec.get("targetNamespace").textOr(""),
                spec.get("namePrefix").textOr(""), spec.get("nameSuffix").textOr(""), spec.get("patches").items(),
                components, spec.get("images").items());
    }
}
