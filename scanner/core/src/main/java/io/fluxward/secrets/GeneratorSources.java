package io.fluxward.secrets;

import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsRules;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the sources of a kustomize {@code secretGenerator} are secret values in clear in the repository:
 * a {@code KEY=VALUE} literal, or a {@code files} / {@code envs} file that is not SOPS-encrypted (Flux decrypts
 * encrypted generator files). The judgement of FW-S006, shared with the rules that ask whether a generated
 * Secret is plaintext in the repository.
 */
public final class GeneratorSources {

    private GeneratorSources() {
    }

    /**
     * One file a generator entry reads: a {@code files} entry ({@code path} or {@code KEY=path}), an {@code envs}
     * entry or the legacy {@code env}.
     *
     * @param ref the path as written, relative to the kustomization's folder
     */
    public record Source(String field, YNode item, String ref) {
    }

    /** The local files a {@code secretGenerator} / {@code configMapGenerator} entry reads (remote URLs left out). */
    public static List<Source> sources(YNode generator) {
        List<Source> out = new ArrayList<>();
        for (String field : List.of("files", "envs", "env")) {
            YNode list = generator.get(field);
            List<YNode> items = list.isSeq() ? list.items() : list.isScalar() ? List.of(list) : List.of();
            for (YNode item : items) {
                String entry = item.textOr("");
                String ref = field.equals("files") && entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
                if (!ref.isBlank() && !ref.contains("://")) {
                    out.add(new Source(field, item, ref));
                }
            }
        }
        return out;
    }

    /** True when a {@code literals} entry is {@code KEY=VALUE} with a value that is a secret in clear. */
    public static boolean literalInClear(String literal) {
        int eq = literal.indexOf('=');
        return eq > 0 && !SecretValues.isHarmless(literal.substring(eq + 1));
    }

    /**
     * Why a {@code files} / {@code envs} source is in clear (a phrase that follows "which"), or empty when it is
     * encrypted or holds nothing secret (certificates, public keys, placeholders).
     */
    public static Optional<String> fileInClear(FileModel f) {
        Optional<SopsFile> encrypted = SopsRules.file(f);
        if (encrypted.isPresent()) {
            if (encrypted.get().hasEncryptedValue()) {
                return Optional.empty();
            }
            List<SopsFile.Leaf> plain = encrypted.get().plaintextValues().stream()
                    .filter(l -> !SecretValues.isHarmless(l.value())).toList();
            if (plain.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("has SOPS metadata but not one encrypted value (its " + encrypted.get().metadata().selection()
                    .display() + " matches none of its keys): `" + Mask.entry(plain.get(0).path()) + "` is in clear");
        }
        if (f.file().type() == FileType.BINARY) {
            return Optional.of("is a binary file that is not SOPS-encrypted");
        }
        return harmless(f) ? Optional.empty() : Optional.of("is not SOPS-encrypted");
    }

    /** Content that is not secret: certificates and public keys only, or only empty / placeholder values. */
    private static boolean harmless(FileModel f) {
        String text = f.file().text();
        if (SecretValues.isPublicMaterial(text)) {
            return true;
        }
        if (f.isYaml() && !f.documents().isEmpty()) {
            List<SopsFile.Leaf> leaves = new ArrayList<>();
            for (YDocument d : f.documents()) {
                if (!d.root().isScalar()) {
                    leaves.addAll(SopsFile.valuesOf(d.index(), d.root()));
                }
            }
            if (!leaves.isEmpty() || f.documents().stream().noneMatch(d -> d.root().isScalar())) {
                return leaves.stream().allMatch(l -> SecretValues.isHarmless(l.value()));
            }
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.startsWith("#") || l.contains("="))) {
            return text.lines().filter(l -> l.contains("=") && !l.startsWith("#"))
                    .allMatch(l -> SecretValues.isHarmless(l.substring(l.indexOf('=') + 1)));
        }
        return SecretValues.isHarmless(text);
    }
}
