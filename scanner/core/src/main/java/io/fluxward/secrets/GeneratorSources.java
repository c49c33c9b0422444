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

    /**
     * A value a {@code files} / {@code envs} source holds in clear.
     *
     * @param place where in the file: a key path, a dotenv key, or {@code content} for a file that is one value; never
     *              the value
     */
    public record Value(String place, String value) {
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
        return secretValues(f).isEmpty() ? Optional.empty() : Optional.of("is not SOPS-encrypted");
    }

    /**
     * The values that make a source {@link #fileInClear} (empty when it is not): those a SOPS file leaves in clear,
     * the non-placeholder values of a YAML or JSON file by key path or of a dotenv file by key, else the file as one
     * value, read without its layout (line ends, indentation, blank lines), which kustomize's copy does not make
     * another credential of. FW-S006 tells a value added or changed in the file from the ones known by these.
     */
    public static List<Value> valuesInClear(FileModel f) {
        Optional<SopsFile> encrypted = SopsRules.file(f);
        if (encrypted.isPresent()) {
            // As fileInClear judges it: a SOPS file with one encrypted value is not in clear.
            if (encrypted.get().hasEncryptedValue()) {
                return List.of();
            }
            return encrypted.get().plaintextValues().stream().filter(l -> !SecretValues.isHarmless(l.value()))
                    .map(l -> new Value(l.document() + ":" + l.path(), l.value())).toList();
        }
        if (f.file().type() == FileType.BINARY) {
            // No text to read: the blob id (or the size) stands for the content, and only its salted tag is kept.
            return List.of(new Value("content", "binary:" + f.file().blobId().orElse(Long.toString(f.file().size()))));
        }
        return secretValues(f);
    }

    /** The secret values of a file's content: none when it holds certificates and public keys only, or placeholders. */
    private static List<Value> secretValues(FileModel f) {
        String text = f.file().text();
        if (SecretValues.isPublicMaterial(text)) {
            return List.of();
        }
        if (f.isYaml() && !f.documents().isEmpty()) {
            List<SopsFile.Leaf> leaves = new ArrayList<>();
            for (YDocument d : f.documents()) {
                if (!d.root().isScalar()) {
                    leaves.addAll(SopsFile.valuesOf(d.index(), d.root()));
                }
            }
            if (!leaves.isEmpty() || f.documents().stream().noneMatch(d -> d.root().isScalar())) {
                return leaves.stream().filter(l -> !SecretValues.isHarmless(l.value()))
                        .map(l -> new Value(l.document() + ":" + l.path(), l.value())).toList();
            }
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.startsWith("#") || l.contains("="))) {
            return text.lines().filter(l -> l.contains("=") && !l.startsWith("#"))
                    .filter(l -> !SecretValues.isHarmless(l.substring(l.indexOf('=') + 1)))
                    .map(l -> new Value("env:" + l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip()))
                    .toList();
        }
        if (SecretValues.isHarmless(text)) {
            return List.of();
        }
        return List.of(new Value("content", SecretValues.withoutLayout(text)));
    }
}
