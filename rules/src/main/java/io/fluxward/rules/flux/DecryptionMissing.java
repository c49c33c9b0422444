package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Placement;
import io.fluxward.model.RepositoryModel;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsRules;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** FW-F007: a Kustomization applies SOPS-encrypted manifests without SOPS decryption. */
@RuleInfo(
        id = "FW-F007",
        name = "decryption-missing",
        level = Level.ERROR,
        summary = "A Kustomization applies SOPS-encrypted manifests but has no spec.decryption with provider sops.",
        description = """
                Without `spec.decryption`, kustomize-controller refuses to apply a SOPS-encrypted Secret (`is SOPS \
                encrypted, configuring decryption is required`) and the whole Kustomization fails; other encrypted \
                kinds would be applied with ciphertext as values. fluxward reads the effective Kustomization, so a \
                `decryption` that a parent Kustomization patches into its children counts, as does one that a kustomize \
                patch of the folder applying it adds (the bootstrap customization in `flux-system/kustomization.yaml`) \
                or a FluxInstance's `spec.kustomize.patches`; a patch whose target does not match (say, `version: \
                v1beta2` for `v1` children) does not. An encrypted file that reaches the build as a strategic merge \
                patch counts too (it brings its `sops` metadata), and so does an encrypted `files` / `envs` input of a \
                generator: Flux decrypts it only with decryption set. Objects annotated \
                `kustomize.toolkit.fluxcd.io/decrypt: Disabled` are skipped.""",
        fix = """
                Add `spec.decryption: {provider: sops, secretRef: {name: sops-age}}` (the Secret holds the age key \
                under a name ending in `.agekey`), or fix the parent's patch target so that it reaches this \
                Kustomization (for a FluxInstance's sync: a `spec.kustomize.patches` entry with \
                `target: {kind: Kustomization}`).""",
        bad = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: apps/secret.sops.yaml
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: apps}
                stringData:
                  password: ENC[AES256_GCM,data:Tr7o,iv:1m1R5c2ZxXs=,tag:Qv2m1f0QeZk=,type:str]
                sops:
                  age:
                    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                      enc: "-----BEGIN AGE ENCRYPTED FILE-----"
                  lastmodified: "2024-05-01T10:00:00Z"
                  mac: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
                  encrypted_regex: ^(data|stringData)$
                  version: 3.8.1
                """,
        good = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  decryption: {provider: sops, secretRef: {name: sops-age}}
                # file: apps/secret.sops.yaml
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: apps}
                stringData:
                  password: ENC[AES256_GCM,data:Tr7o,iv:1m1R5c2ZxXs=,tag:Qv2m1f0QeZk=,type:str]
                sops:
                  age:
                    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                      enc: "-----BEGIN AGE ENCRYPTED FILE-----"
                  lastmodified: "2024-05-01T10:00:00Z"
                  mac: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
                  encrypted_regex: ^(data|stringData)$
                  version: 3.8.1
                """,
        tags = {"flux", "sops", "correctness"})
public final class DecryptionMissing implements RepositoryRule {

    private static final int LISTED = 2;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        SopsRules sops = model.facet(SopsRules.FACET);
        for (Applier a : flux.appliers()) {
            if (a.kind() != Applier.Kind.KUSTOMIZATION || a.build().isEmpty() || !flux.applied(a)) {
                continue;
            }
            YNode decryption = a.decryption();
            YNode provider = decryption.get("provider");
            if (decryption.isMap() && provider.textOr("").equals("sops")) {
                continue;
            }
            Set<String> files = new LinkedHashSet<>();
            Set<String> inputs = new LinkedHashSet<>();
            Set<String> generated = new LinkedHashSet<>();
            for (Placement p : flux.placementsBy(a)) {
                if ("Disabled".equalsIgnoreCase(p.content().at("metadata", "annotations",
                        "kustomize.toolkit.fluxcd.io/decrypt").textOr(""))) {
                    continue;
                }
                if (encrypted(p)) {
                    files.add(encryptedFile(p));
                }
                for (String input : p.provenance().inputFiles()) {
                    if (sops.file(input).filter(SopsFile::hasEncryptedValue).isPresent()) {
                        inputs.add(input);
                        generated.add(p.display());
                    }
                }
            }
            if (files.isEmpty() && inputs.isEmpty()) {
                continue;
            }
            String why = decryption.isMap() ? "its decryption.provider is '" + provider.textOr("") + "', not 'sops'"
                    : "it has no spec.decryption" + FluxSupport.appliedBy(a).replace(", applied", " (applied")
                            + (a.parent().isPresent() ? ")" : "");
            YNode where = decryption.isMap() ? (provider.isPresent() ? provider : decryption) : YMissing.INSTANCE;
            // Generator inputs are decrypted before the build only with decryption set; else their ciphertext is the data.
            String message = files.isEmpty()
                    ? a.display() + " generates " + list(generated) + " from SOPS-encrypted " + list(inputs)
                            + " but " + why + ": " + (generated.size() > 1 ? "they are" : "it is") + " applied with the"
                            + " ciphertext (ENC[...] values and the sops block) as data"
                    : a.display() + " applies SOPS-encrypted manifests (" + list(files) + ") but " + why
                            + ": the reconciliation fails";
            out.at(a, where, message).ifPresent(RuleContext.FindingBuilder::report);
        }
    }

    private static String list(Set<String> items) {
        return String.join(", ", items.stream().limit(LISTED).toList())
                + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
    }

    /**
     * An object with SOPS metadata ({@code sops.mac}) at its top level: its own document, or a strategic merge
     * patch file that brought the {@code sops} key into the built object (Flux decrypts patch files only when
     * decryption is set, domain facts §2.5).
     */
    private static boolean encrypted(Placement p) {
        return p.origin().node().get("sops").get("mac").isPresent() || p.content().get("sops").get("mac").isPresent();
    }

    /** The file the SOPS metadata comes from: the patch file that added it, else the object's own. */
    private static String encryptedFile(Placement p) {
        if (p.origin().node().get("sops").get("mac").isPresent()) {
            return p.origin().path();
        }
        return p.provenance().fileOf(p.content().get("sops").get("mac")).orElse(p.origin().path());
    }
}
