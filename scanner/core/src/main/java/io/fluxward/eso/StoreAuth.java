package io.fluxward.eso;

import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a store authenticates to a cloud secret manager, read from its provider block (ESO v1
 * {@code secretstore_*_types.go}): long-lived keys kept in a Kubernetes Secret, or a workload
 * identity (IRSA / {@code jwt}, GKE workload identity, Azure workload or managed identity, IBM
 * container auth, OCI workload / instance principal), or the SDK's default chain.
 *
 * @param kind       the kind of authentication
 * @param at         the node that selects it (the {@code secretRef} / {@code authSecretRef} key for static keys)
 * @param secretRefs the Secrets that hold static keys
 */
public record StoreAuth(Kind kind, YNode at, List<SecretKeyRef> secretRefs) {

    /** Kinds of authentication. */
    public enum Kind {
        /** Long-lived keys read from a Kubernetes Secret. */
        STATIC_KEYS,
        /** Short-lived credentials from a Kubernetes service account (IRSA, workload identity...). */
        WORKLOAD_IDENTITY,
        /** Nothing configured: the cloud SDK's default chain (node role, pod identity, environment). */
        DEFAULT_CHAIN,
        /** Not a cloud provider with a workload-identity alternative (Vault, 1Password, kubernetes...). */
        NOT_CLOUD
    }

    public StoreAuth {
        secretRefs = List.copyOf(secretRefs);
    }

    /** The authentication of {@code providerSpec}, the block under {@code spec.provider.<provider>}. */
    public static StoreAuth of(String provider, YNode providerSpec) {
        YNode auth = providerSpec.get("auth");
        return switch (provider) {
            case "aws" -> secretRefOrIdentity(auth, List.of("accessKeyIDSecretRef", "secretAccessKeySecretRef",
                    "sessionTokenSecretRef"), "jwt");
            case "gcpsm" -> secretRefOrIdentity(auth, List.of("secretAccessKeySecretRef"), "workloadIdentity",
                    "workloadIdentityFederation");
            case "ibm" -> secretRefOrIdentity(auth, List.of("secretApiKeySecretRef"), "containerAuth");
            case "azurekv" -> azure(providerSpec);
            case "oracle" -> oracle(providerSpec);
            default -> new StoreAuth(Kind.NOT_CLOUD, YMissing.INSTANCE, List.of());
        };
    }

    private static StoreAuth secretRefOrIdentity(YNode auth, List<String> keyFields, String... identities) {
        YNode secretRef = auth.get("secretRef");
        if (secretRef.isMap()) {
            return new StoreAuth(Kind.STATIC_KEYS, keyOf(auth, "secretRef"), refs(secretRef, keyFields));
        }
        for (String identity : identities) {
            if (auth.get(identity).isPresent()) {
                return new StoreAuth(Kind.WORKLOAD_IDENTITY, keyOf(auth, identity), List.of());
            }
        }
        return new StoreAuth(Kind.DEFAULT_CHAIN, YMissing.INSTANCE, List.of());
    }

    /** Azure Key Vault: {@code authType} defaults to ServicePrincipal (client secret or certificate in a Secret). */
    private static StoreAuth azure(YNode spec) {
        String type = spec.get("authType").textOr("ServicePrincipal");
        if (type.equals("ServicePrincipal")) {
            YNode at = spec.get("authSecretRef").isPresent() ? keyOf(spec, "authSecretRef") : keyOf(spec, "authType");
            return new StoreAuth(Kind.STATIC_KEYS, at, refs(spec.get("authSecretRef"),
                    List.of("clientId", "clientSecret", "clientCertificate", "tenantId")));
        }
        return new StoreAuth(Kind.WORKLOAD_IDENTITY, keyOf(spec, "authType"), List.of());
    }

    /** Oracle: a user principal signs with a private key from a Secret; without {@code auth}, the instance principal. */
    private static StoreAuth oracle(YNode spec) {
        String type = spec.get("principalType").textOr("");
        YNode auth = spec.get("auth");
        boolean user = type.equals("UserPrincipal") || (type.isEmpty() && auth.isPresent());
        if (user) {
            YNode at = auth.get("secretRef").isPresent() ? keyOf(auth, "secretRef") : keyOf(spec, "auth");
            return new StoreAuth(Kind.STATIC_KEYS, at, refs(auth.get("secretRef"), List.of("privatekey", "fingerprint")));
        }
        return new StoreAuth(type.isEmpty() ? Kind.DEFAULT_CHAIN : Kind.WORKLOAD_IDENTITY, keyOf(spec, "principalType"),
                List.of());
    }

    private static List<SecretKeyRef> refs(YNode parent, List<String> fields) {
        List<SecretKeyRef> out = new ArrayList<>();
        for (String field : fields) {
            SecretKeyRef.at(parent, field).ifPresent(out::add);
        }
        return out;
    }

    private static YNode keyOf(YNode map, String key) {
        return map instanceof YMap m ? m.keyNode(key) : YMissing.INSTANCE;
    }
}
