package io.fluxward.kustomize;

import io.fluxward.yaml.YNode;
import java.util.List;

/**
 * What a Flux Kustomization writes into the root kustomization of its {@code spec.path}:
 * {@code targetNamespace}, {@code namePrefix}, {@code nameSuffix}, {@code patches},
 * {@code components} and {@code images} (domain facts §2.3).
 *
 * @param sourcePath the file of the Flux Kustomization (for the locations of its patches)
 */
public record FluxOverrides(String sourcePath, String targetNamespace, String namePrefix, String nameSuffix,
                            List<YNode> patches, List<String> components, List<YNode> images) {

    public static final FluxOverrides NONE = new FluxOverrides("", "", "", "", List.of(), List.of(), List.of());

    public FluxOverrides {
        patches = List.copyOf(patches);
        components = List.copyOf(components);
        images = List.copyOf(images);
    }
}
