package io.fluxward.eso;

import io.fluxward.model.KubeObject;
import io.fluxward.secrets.SecretScanner;
import io.fluxward.secrets.SecretValues;
import io.fluxward.sops.SopsMetadata;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YScalar;
import java.util.Optional;

/** Facts about {@code v1/Secret} manifests that the ESO rules need. */
public final class SecretManifest {

    private SecretManifest() {
    }

    /** True for a core {@code v1} Secret. */
    public static boolean isSecret(KubeObject object) {
        return object.is("", "Secret") && object.apiVersion().equals("v1");
    }

    /**
     * True when the Secret is committed in plaintext: no SOPS metadata in its document, and at
     * least one value under {@code data} (base64-decoded) or {@code stringData} that is a literal
     * by {@link SecretValues} (not empty, not {@code ENC[...]}, not only placeholders or references),
     * the same judgement as FW-S001's.
     */
    public static boolean isPlaintext(KubeObject object) {
        if (!isSecret(object) || isSopsEncrypted(object)) {
            return false;
        }
        for (String field : new String[] {"data", "stringData"}) {
            for (YEntry e : object.get(field).entries()) {
                if (e.value() instanceof YScalar s && !s.isNull() && isLiteral(s.value(), field.equals("data"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLiteral(String written, boolean base64) {
        if (SecretValues.isHarmless(written)) {
            return false;
        }
        return !base64 || SecretScanner.decodeBase64(written).map(v -> !SecretValues.isHarmless(v)).orElse(true);
    }

    /** True when the document the object belongs to carries SOPS metadata. */
    public static boolean isSopsEncrypted(KubeObject object) {
        KubeObject top = object;
        for (Optional<KubeObject> up = object.container(); up.isPresent(); up = up.get().container()) {
            top = up.get();
        }
        return SopsMetadata.isMetadata(top.node().get("sops"));
    }
}
