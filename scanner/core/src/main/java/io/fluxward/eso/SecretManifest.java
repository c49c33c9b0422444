package io.fluxward.eso;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YEntry;
import java.util.Optional;
import java.util.regex.Pattern;

/** Facts about {@code v1/Secret} manifests that the ESO rules need. */
public final class SecretManifest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    private SecretManifest() {
    }

    /** True for a core {@code v1} Secret. */
    public static boolean isSecret(KubeObject object) {
        return object.group().isEmpty() && object.kind().equals("Secret");
    }

    /**
     * True when the Secret is committed in plaintext: no {@code sops:} metadata in its document,
     * and at least one literal value under {@code data} or {@code stringData} (not empty, not only
     * Flux {@code ${VAR}} placeholders, not an {@code ENC[...]} value).
     */
    public static boolean isPlaintext(KubeObject object) {
        if (!isSecret(object) || isSopsEncrypted(object)) {
            return false;
        }
        for (String field : new String[] {"data", "stringData"}) {
            for (YEntry e : object.get(field).entries()) {
                String value = e.value().textOr("");
                if (!value.isBlank() && !value.startsWith("ENC[") && !PLACEHOLDER.matcher(value).replaceAll("").isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the document the object belongs to carries SOPS metadata. */
    public static boolean isSopsEncrypted(KubeObject object) {
        KubeObject top = object;
        for (Optional<KubeObject> up = object.container(); up.isPresent(); up = up.get().container()) {
            top = up.get();
        }
        return top.node().get("sops").isMap();
    }
}
