package io.fluxward.eso;

import io.fluxward.yaml.YNode;
import java.util.List;

/**
 * The Kubernetes Secret an ExternalSecret (or the ExternalSecrets of a ClusterExternalSecret) writes.
 *
 * @param name       {@code target.name}, defaulting to the ExternalSecret's name
 * @param nameNode   the node the name comes from ({@code target.name} or {@code metadata.name} value)
 * @param policy     {@code target.creationPolicy}, default Owner
 * @param policyNode the {@code creationPolicy} value (missing when defaulted)
 * @param namespaces for a ClusterExternalSecret, the namespaces it lists explicitly (empty: the writer's own)
 */
public record SecretTarget(String name, YNode nameNode, CreationPolicy policy, YNode policyNode, List<String> namespaces) {

    public SecretTarget {
        namespaces = List.copyOf(namespaces);
    }
}
