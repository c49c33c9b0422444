package io.fluxward.flux;

import io.fluxward.yaml.YNode;

/**
 * The {@code spec.kubeConfig} an applier uses to reach a remote cluster: a Secret (with an optional
 * key) or, since Flux 2.7, a ConfigMap for workload identity. Both live in the applier's namespace.
 *
 * @param node the {@code secretRef}/{@code configMapRef} {@code name} value
 */
public record KubeConfigRef(Type type, String namespace, String name, String key, YNode node) {

    /** How the kubeconfig is referenced. */
    public enum Type { SECRET, CONFIG_MAP }

    /**
     * Identity of the remote cluster: two appliers with equal ids apply to the same cluster. Without a
     * {@code key} Flux reads the Secret's {@code value} first, so {@code key: value} is the same cluster.
     */
    public String id() {
        return (type == Type.SECRET ? "Secret " : "ConfigMap ") + namespace + "/" + name
                + (key.isEmpty() || key.equals(DEFAULT_KEY) ? "" : " key " + key);
    }

    /** The Secret key Flux reads first when {@code key} is not set. */
    public static final String DEFAULT_KEY = "value";
}
