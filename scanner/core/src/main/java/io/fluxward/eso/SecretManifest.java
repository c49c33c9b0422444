package io.fluxward.eso;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.secrets.GeneratorSources;
import io.fluxward.secrets.SecretScanner;
import io.fluxward.secrets.SecretValues;
import io.fluxward.snapshot.Paths;
import io.fluxward.sops.SopsMetadata;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
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
            for (YEntry e : object.get(field).effectiveEntries()) {
                if (e.value() instanceof YScalar s && !s.isNull() && isLiteral(s.value(), field.equals("data"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when a Secret a kustomize {@code secretGenerator} makes ({@link Placement#generated()}, located at its
     * entry) comes from values in clear in the repository: a literal, or a {@code files} / {@code envs} file that
     * is not SOPS-encrypted (the judgement of FW-S006).
     */
    public static boolean isPlaintextGenerated(RepositoryModel model, KubeObject generated) {
        if (!isSecret(generated)) {
            return false;
        }
        Optional<FileModel> kfile = model.file(generated.path());
        if (kfile.isEmpty() || kfile.get().documents().isEmpty()) {
            return false;
        }
        String dir = Paths.parent(generated.path());
        for (YNode entry : kfile.get().documents().get(0).root().get("secretGenerator").items()) {
            if (!entry.span().equals(generated.node().span())) {
                continue;
            }
            if (entry.get("literals").items().stream().anyMatch(l -> GeneratorSources.literalInClear(l.textOr("")))) {
                return true;
            }
            for (GeneratorSources.Source source : GeneratorSources.sources(entry)) {
                String path = Paths.resolve(dir, source.ref().strip());
                if (path != null && model.file(path).flatMap(GeneratorSources::fileInClear).isPresent()) {
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
