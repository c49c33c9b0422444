package io.fluxward.eso;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;

/**
 * A {@code sourceRef.generatorRef} of an ExternalSecret: values come from a generator
 * ({@code generators.external-secrets.io}), not from a store.
 *
 * @param field where the reference is, e.g. {@code spec.dataFrom[0].sourceRef.generatorRef}
 * @param node  the reference's mapping
 */
public record GeneratorRef(KubeObject owner, String field, String apiVersion, String kind, String name, YNode node) {
}
