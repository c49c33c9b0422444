package io.fluxward.eso;

import io.fluxward.yaml.YNode;
import java.util.Optional;

/**
 * A reference to one key of a Kubernetes Secret ({@code {name, key, namespace}}), as stores use
 * for their credentials.
 *
 * @param field     the field that holds the reference, e.g. {@code accessKeyIDSecretRef}
 * @param namespace the namespace written in the reference, if any
 * @param node      the reference's mapping
 */
public record SecretKeyRef(String field, String name, String key, Optional<String> namespace, YNode node) {

    /** The reference under {@code field} of {@code parent}, if it names a Secret. */
    public static Optional<SecretKeyRef> at(YNode parent, String field) {
        YNode ref = parent.get(field);
        String name = ref.get("name").textOr("");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> namespace = ref.get("namespace").text().filter(s -> !s.isEmpty());
        return Optional.of(new SecretKeyRef(field, name, ref.get("key").textOr(""), namespace, ref));
    }
}
