package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.FluxApi;
import io.fluxward.kustomize.InlinePatches;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.ObjectExtractor;
import io.fluxward.model.Origin;
import io.fluxward.secrets.Mask;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsMetadata;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** FW-S001: a Secret manifest with plaintext values. */
@RuleInfo(
        id = "FW-S001",
        name = "unencrypted-secret",
        level = Level.ERROR,
        summary = "A Secret manifest holds plaintext values and is not SOPS-encrypted.",
        description = """
                Base64 in `data` is an encoding, not encryption: anyone who can read the repository (every \
                fork, clone and CI log) can read the value. The rule fires on a `v1` Secret (a manifest, a `List` \
                item, an object in HelmRelease `spec.values` or ResourceSet `spec.resources`) with a non-empty \
                `data` or `stringData` value when the file is not SOPS-encrypted, or when its own SOPS settings \
                leave that value out; also when an inline patch in the file puts such a value into a Secret. \
                It stays quiet for `${VAR}` (Flux) and `<< inputs.x >>` (ResourceSet) placeholders, 1Password \
                `op://` or vals `ref+` references, stand-ins (`<redacted>`), documents \
                without a credential-like key, certificates and public keys (a CA bundle, `cosign.pub`, \
                `known_hosts`: the `tls.key` beside a `tls.crt` is still reported), Go/Helm-templated manifests \
                (`{{`) and Secrets without data. \
                One finding per Secret, at its first plaintext value, naming the others (never showing values): \
                a value removed or reordered is nothing new, one added or changed is.""",
        fix = """
                Encrypt the file with SOPS so that Flux decrypts it at apply time (the Kustomization needs \
                `spec.decryption: {provider: sops, secretRef: {name: sops-age}}`):

                ```sh
                sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place path/to/secret.yaml
                ```

                With a `.sops.yaml` creation rule for the path, `sops --encrypt --in-place FILE` is enough. \
                Or keep the value out of Git: create an `ExternalSecret` (External Secrets Operator) that reads \
                it from your secret store and delete the Secret manifest. Rotate the value: it is in the Git \
                history already.""",
        bad = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db-credentials
                  namespace: apps
                stringData:
                  username: app
                  password: s3cr3t-Pa55w0rd
                """,
        good = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db-credentials
                  namespace: apps
                stringData:
                  username: ${DB_USERNAME}
                  password: ${DB_PASSWORD}
                """,
        tags = {"security", "secrets", "sops"},
        securitySeverity = "9.0")
public final class UnencryptedSecret implements FileRule {

    /** A Flux Operator ResourceSet template expression: {@code << inputs.password >>}. */
    private static final java.util.regex.Pattern INPUT_TEMPLATE = java.util.regex.Pattern.compile("<<.*>>");

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.template()) {
            return;
        }
        Optional<SopsFile> sops = SopsFile.of(file);
        for (KubeObject secret : file.objects()) {
            if (!SecretSupport.isSecret(secret) || templated(secret.node())) {
                continue;
            }
            Plain plain = plain(sops, secret.document(), SecretSupport.entries(secret), SecretSupport.SecretEntry::value);
            if (!plain.entries().isEmpty()) {
                report(file, secret, plain.entries(), plain.metadata(), context);
            }
        }
        // A Flux Operator ResourceSet holds the objects it applies under spec.resources, committed in this file: a Secret
        // there with a literal value leaks it alike. Values templated from the set's inputs (<< inputs.x >>) are placeholders.
        for (KubeObject set : file.objects()) {
            if (!FluxApi.isResourceSet(set)) {
                continue;
            }
            for (YNode item : set.get("spec", "resources").items()) {
                if (!(item instanceof YMap map) || !ObjectExtractor.isObject(map)) {
                    continue;
                }
                KubeObject secret = new KubeObject(file.path(), set.document(), map, Origin.LIST_ITEM, Optional.of(set));
                if (!SecretSupport.isSecret(secret) || templated(map)) {
                    continue;
                }
                List<SecretSupport.SecretEntry> literal = SecretSupport.entries(secret).stream()
                        .filter(e -> !INPUT_TEMPLATE.matcher(e.value().value()).find()).toList();
                Plain plain = plain(sops, set.document(), literal, SecretSupport.SecretEntry::value);
                if (!plain.entries().isEmpty()) {
                    report(file, secret, plain.entries(), plain.metadata(), context);
                }
            }
        }
        // A patch written in the file is committed text like a Secret manifest: what it puts into a Secret leaks the same.
        for (InlinePatches.Patch patch : InlinePatches.of(file, context.config().limits().yaml())) {
            Optional<Patched> patched = patch.json() ? jsonPatched(patch) : mergePatched(patch);
            if (patched.isEmpty() || templated(patch.content())) {
                continue;
            }
            // A SOPS file encrypts the string the patch is written in as one value.
            Plain plain = plain(sops, patch.document(), patched.get().entries(),
                    e -> patch.inline() ? patch.holder() : e.value());
            if (!plain.entries().isEmpty()) {
                report(file, patch, patched.get().ref(), plain.entries(), plain.metadata(), context);
            }
        }
    }

    /** The plaintext values among {@code entries}, and the SOPS settings that leave them so (if the file has any). */
    private record Plain(List<SecretSupport.SecretEntry> entries, Optional<SopsMetadata> metadata) {
    }

    /**
     * The values of {@code entries} that are in clear: all that leak something when the file is not SOPS-encrypted,
     * else those whose node in the file ({@code written}) the file's own settings leave out.
     */
    private static Plain plain(Optional<SopsFile> sops, int document, List<SecretSupport.SecretEntry> entries,
                               Function<SecretSupport.SecretEntry, YNode> written) {
        List<SecretSupport.SecretEntry> plain = new ArrayList<>();
        Optional<SopsMetadata> metadata = Optional.empty();
        for (SecretSupport.SecretEntry e : entries) {
            if (e.harmless()) {
                continue;
            }
            if (sops.isPresent()) {
                Optional<SopsFile.Document> doc = sops.get().documents().stream()
                        .filter(d -> d.index() == document).findFirst();
                YNode node = written.apply(e);
                Optional<SopsFile.Leaf> leaf = doc.flatMap(d -> d.leaves().stream()
                        .filter(l -> l.node() == node).findFirst());
                if (doc.isEmpty() || leaf.isEmpty()) {
                    continue;
                }
                // Values the file's settings say to encrypt are FW-S002's; here only those it leaves out.
                if (doc.get().metadata().verdict(leaf.get().keyPath()) != SopsMetadata.Verdict.LEAVE_PLAIN) {
                    continue;
                }
                metadata = Optional.of(doc.get().metadata());
            }
            plain.add(e);
        }
        return new Plain(plain, metadata);
    }

    private static void report(FileModel file, KubeObject secret, List<SecretSupport.SecretEntry> plain,
                               Optional<SopsMetadata> metadata, RuleContext context) {
        String message = SecretSupport.shown(secret) + " " + holds(plain, metadata) + ": encrypt it with `"
                + SecretSupport.ENCRYPT_COMMAND + SecretSupport.shellWord(context.shown(file.path()))
                + "` or move it to an ExternalSecret";
        // One finding per Secret, each plaintext value a part of it: a value added or changed is new (before a change,
        // against a baseline), one removed or moved within the Secret is not, and the first one may go.
        RuleContext.FindingBuilder finding = context.at(file.path(), plain.get(0).value()).message(message);
        plain.forEach(e -> finding.secretPart(secret.node(), e.value(), e.value().value()));
        related(file, plain, finding);
        finding.report();
    }

    private static void report(FileModel file, InlinePatches.Patch patch, String ref, List<SecretSupport.SecretEntry> plain,
                               Optional<SopsMetadata> metadata, RuleContext context) {
        // Encrypting the file would not do: kustomize reads a kustomization file, and Flux a patch, in clear.
        String message = Character.toUpperCase(ref.charAt(0)) + ref.substring(1) + " " + holds(plain, metadata)
                + ": move " + (plain.size() == 1 ? "it" : "them") + " to a Secret manifest or patch file encrypted with `"
                + SecretSupport.ENCRYPT_COMMAND + "FILE` or to an ExternalSecret";
        RuleContext.FindingBuilder finding = context.at(file.path(), plain.get(0).value()).message(message);
        for (SecretSupport.SecretEntry e : plain) {
            if (patch.inline()) {
                finding.embeddedPart(patch.holder(), String.valueOf(patch.index()), e.path(), e.value().value());
            } else {
                finding.secretPart(patch.content(), e.value(), e.value().value());
            }
        }
        related(file, plain, finding);
        finding.report();
    }

    /** "holds 2 plaintext values (stringData.a, data.b) and the file is not SOPS-encrypted", never showing a value. */
    private static String holds(List<SecretSupport.SecretEntry> plain, Optional<SopsMetadata> metadata) {
        List<String> shown = plain.stream().limit(5).map(e -> Mask.entry(e.path())).toList();
        String names = String.join(", ", shown) + (plain.size() > 5 ? " and " + (plain.size() - 5) + " more" : "");
        String why = metadata.map(m -> "this SOPS file's " + m.selection().display() + " leaves "
                        + (plain.size() == 1 ? "it" : "them") + " unencrypted")
                .orElse("the file is not SOPS-encrypted");
        return "holds " + (plain.size() == 1 ? "a plaintext value" : plain.size() + " plaintext values") + " (" + names
                + ") and " + why;
    }

    /** Related locations listed at most per Secret. */
    private static final int MAX_RELATED = 20;

    /**
     * The other values as related locations, a bounded number (a generated Secret may hold thousands; the finding's
     * parts still cover them all).
     */
    private static void related(FileModel file, List<SecretSupport.SecretEntry> plain, RuleContext.FindingBuilder finding) {
        for (SecretSupport.SecretEntry other : plain.subList(1, Math.min(plain.size(), MAX_RELATED + 1))) {
            finding.related(file.location(other.value()), "also plaintext: " + Mask.entry(other.path()));
        }
    }

    /** A Secret that a patch writes values into: how messages name it, and the values. */
    private record Patched(String ref, List<SecretSupport.SecretEntry> entries) {
    }

    /**
     * A strategic merge patch to v1 Secrets: one whose {@code target} selects Secrets by kind, or one without a target
     * kind whose own kind is Secret (kustomize matches it by its id).
     */
    private static Optional<Patched> mergePatched(InlinePatches.Patch patch) {
        YNode content = patch.content();
        String kind = content.get("kind").textOr("");
        String apiVersion = content.get("apiVersion").textOr("");
        boolean secret = patch.target().get("kind").hasText() ? selectsSecrets(patch.target()) && !kind.isEmpty()
                : kind.equals("Secret") && (apiVersion.equals("v1") || apiVersion.isEmpty());
        if (!secret) {
            return Optional.empty();
        }
        return Optional.of(new Patched(patch.describe("Secret"), SecretSupport.entries(content)));
    }

    /**
     * A JSON 6902 patch whose target is v1 Secrets: the values its {@code add} and {@code replace} operations write
     * under {@code /data} or {@code /stringData} (one key, or the whole field as a mapping).
     */
    private static Optional<Patched> jsonPatched(InlinePatches.Patch patch) {
        if (!selectsSecrets(patch.target())) {
            return Optional.empty();
        }
        List<SecretSupport.SecretEntry> entries = new ArrayList<>();
        for (InlinePatches.Write write : patch.writes()) {
            List<String> tokens = write.path();
            String field = tokens.get(0);
            if (!field.equals("data") && !field.equals("stringData")) {
                continue;
            }
            YNode value = write.value();
            if (tokens.size() == 2 && value instanceof YScalar s && !s.isNull()) {
                entries.add(new SecretSupport.SecretEntry(field, tokens.get(1), s, field.equals("data")));
            } else if (tokens.size() == 1) {
                for (YEntry e : value.effectiveEntries()) {
                    if (e.value() instanceof YScalar s && !s.isNull()) {
                        entries.add(new SecretSupport.SecretEntry(field, e.keyText(), s, field.equals("data")));
                    }
                }
            }
        }
        return Optional.of(new Patched(patch.describe("Secret"), entries));
    }

    /** True when a patch {@code target} selects v1 Secrets by kind (group and version left out or matching). */
    private static boolean selectsSecrets(YNode target) {
        return target.get("kind").textOr("").equals("Secret") && target.get("group").textOr("").isEmpty()
                && target.get("version").textOr("v1").equals("v1");
    }

    /**
     * A Secret written as a Helm-style template whose lines still parse ({@code name: "{{ .Release.Name }}-db"},
     * {@code password: "{{ .Values.password | b64enc }}"}): "{{" in a key or a one-line value. Text in a block
     * scalar (an Alertmanager config with its own {@code {{ template ... }}}) is content, judged as such.
     */
    private static boolean templated(YNode node) {
        boolean[] found = {false};
        YWalker.walk(node, (path, n) -> {
            if (n instanceof YMap map) {
                for (YEntry e : map.entries()) {
                    found[0] |= e.key() instanceof YScalar k && k.value().contains("{{");
                }
            }
            found[0] |= n instanceof YScalar sc && sc.value().contains("{{")
                    && sc.style() != YScalar.Style.LITERAL && sc.style() != YScalar.Style.FOLDED;
            return !found[0];
        });
        return found[0];
    }
}
