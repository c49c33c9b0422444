package io.fluxward.eso;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.Optional;

/**
 * A SecretStore or ClusterSecretStore of any ESO API version.
 *
 * @param provider     the provider's name ({@code aws}, {@code kubernetes}, {@code vault}...), {@code ""} if none
 * @param providerKey  the provider's key node under {@code spec.provider}
 * @param providerSpec the provider's block
 */
public record Store(KubeObject object, StoreKind kind, String provider, YNode providerKey, YNode providerSpec,
                    StoreAuth auth) {

    /** The store an object is, if it is one. */
    public static Optional<Store> of(KubeObject object) {
        if (!object.group().equals(EsoModel.GROUP)) {
            return Optional.empty();
        }
        return StoreKind.of(object.kind()).map(kind -> {
            // Exactly one provider is allowed; with several, the schema rule reports it and the first is used.
            YEntry first = object.get("spec", "provider").effectiveEntries().stream().findFirst().orElse(null);
            String provider = first == null ? "" : first.keyText();
            YNode key = first == null ? YMissing.INSTANCE : first.key();
            YNode spec = first == null ? YMissing.INSTANCE : first.value();
            return new Store(object, kind, provider, key, spec, StoreAuth.of(provider, spec));
        });
    }

    public String name() {
        return object.name();
    }

    public boolean isClusterScoped() {
        return kind == StoreKind.CLUSTER_SECRET_STORE;
    }
}
