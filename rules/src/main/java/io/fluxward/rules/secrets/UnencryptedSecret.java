package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
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

/** FW-S001: a Secret manifest with plaintext values. */
@RuleInfo(
        id = "FW-S001",
        name = "unencrypted-secret",
        level = Level.ERROR,
        summary = "A Secret manifest holds plaintext values and is not SOPS-encrypted.",
        description = """
                Base64 in `data` is an encoding, not encryption: anyone who can read the repository (and every \
                fork, clone and CI log) can read the value. The rule fires on a `v1` Secret (a file manifest, a \
                `List` item, or an object in a HelmRelease's `spec.values`) with a non-empty `data` or \
                `stringData` value when the file is not SOPS-encrypted, or when the file's own SOPS settings \
                leave that value out. It stays quiet for values that are Flux `${VAR}` placeholders, 1Password \
                `op://` or vals `ref+` references, obvious stand-ins (`<redacted>`), configuration documents \
                without any credential-like key, certificates and public keys (a CA bundle, `cosign.pub`, \
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

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.template() || file.objects().isEmpty()) {
            return;
        }
        Optional<SopsFile> sops = SopsFile.of(file);
        for (KubeObject secret : file.objects()) {
            if (!SecretSupport.isSecret(secret) || templated(secret.node())) {
                continue;
            }
            List<SecretSupport.SecretEntry> plain = new ArrayList<>();
            Optional<SopsMetadata> metadata = Optional.empty();
            for (SecretSupport.SecretEntry e : SecretSupport.entries(secret)) {
                if (e.harmless()) {
                    continue;
                }
                if (sops.isPresent()) {
                    Optional<SopsFile.Document> doc = sops.get().documents().stream()
                            .filter(d -> d.index() == secret.document()).findFirst();
                    Optional<SopsFile.Leaf> leaf = doc.flatMap(d -> d.leaves().stream()
                            .filter(l -> l.node() == e.value()).findFirst());
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
            if (plain.isEmpty()) {
                continue;
            }
            report(file, secret, plain, metadata, context);
        }
    }

    /** Related locations listed at most per Secret. */
    private static final int MAX_RELATED = 20;

    private static void report(FileModel file, KubeObject secret, List<SecretSupport.SecretEntry> plain,
                               Optional<SopsMetadata> metadata, RuleContext context) {
        List<String> shown = plain.stream().limit(5).map(e -> Mask.entry(e.path())).toList();
        String names = String.join(", ", shown) + (plain.size() > 5 ? " and " + (plain.size() - 5) + " more" : "");
        String why = metadata.map(m -> "this SOPS file's " + m.selection().display() + " leaves "
                        + (plain.size() == 1 ? "it" : "them") + " unencrypted")
                .orElse("the file is not SOPS-encrypted");
        String message = secret.ref() + " holds " + (plain.size() == 1 ? "a plaintext value" : plain.size()
                + " plaintext values") + " (" + names + ") and " + why + ": encrypt it with `"
                + SecretSupport.ENCRYPT_COMMAND + SecretSupport.shellWord(context.shown(file.path()))
                + "` or move it to an ExternalSecret";
        // One finding per Secret, each plaintext value a part of it: a value added or changed is new (before a change,
        // against a baseline), one removed or moved within the Secret is not, and the first one may go.
        RuleContext.FindingBuilder finding = context.at(file.path(), plain.get(0).value()).message(message);
        plain.forEach(e -> finding.secretPart(secret.node(), e.value(), e.value().value()));
        // The other values as related locations, a bounded number (a generated Secret may hold thousands; its parts
        // still cover them all).
        for (SecretSupport.SecretEntry other : plain.subList(1, Math.min(plain.size(), MAX_RELATED + 1))) {
            finding.related(file.location(other.value()), "also plaintext: " + Mask.entry(other.path()));
        }
        finding.report();
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
