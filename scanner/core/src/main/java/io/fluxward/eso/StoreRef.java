package io.fluxward.eso;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;

/**
 * A reference from an ExternalSecret, ClusterExternalSecret, PushSecret or ClusterPushSecret to a
 * store by name.
 *
 * @param owner    the referring object
 * @param field    where the reference is, e.g. {@code spec.secretStoreRef}, {@code spec.dataFrom[1].sourceRef.storeRef}
 * @param kind     the store kind, {@link StoreKind#SECRET_STORE} when not written
 * @param kindNode the {@code kind} value (missing when defaulted)
 * @param nameNode the {@code name} value
 * @param substituted what post-build substitution made of the kind and name, for messages
 *                 ({@code kind ${STORE_KIND} (SecretStore from postBuild.substitute)}); {@code ""} when nothing
 */
public record StoreRef(KubeObject owner, String field, StoreKind kind, YNode kindNode, String name, YNode nameNode,
                       String substituted) {

    /** True when {@code kind} was not written and defaulted to SecretStore. */
    public boolean kindDefaulted() {
        return !kindNode.isPresent();
    }

    /** True when the name is filled in later (Flux post-build substitution, templating), so it cannot be checked. */
    public boolean isTemplated() {
        return name.contains("${") || name.contains("{{");
    }
}
