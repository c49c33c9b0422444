package io.fluxward.eso;

import java.util.Optional;

/** The two kinds of ESO secret store. */
public enum StoreKind {
    /** Namespaced: serves only ExternalSecrets of its own namespace. */
    SECRET_STORE("SecretStore"),
    /** Cluster-scoped: serves every namespace its {@code conditions} allow. */
    CLUSTER_SECRET_STORE("ClusterSecretStore");

    private final String kind;

    StoreKind(String kind) {
        this.kind = kind;
    }

    /** The Kubernetes kind name. */
    public String kind() {
        return kind;
    }

    public StoreKind other() {
        return this == SECRET_STORE ? CLUSTER_SECRET_STORE : SECRET_STORE;
    }

    /** The store kind of a kind name; empty for anything else. */
    public static Optional<StoreKind> of(String kind) {
        for (StoreKind k : values()) {
            if (k.kind.equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
