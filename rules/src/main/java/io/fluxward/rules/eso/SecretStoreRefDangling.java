package io.fluxward.rules.eso;

import io.fluxward.config.ConfigSchema;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.EsoModel;
import io.fluxward.eso.Resolution;
import io.fluxward.eso.Store;
import io.fluxward.eso.StoreRef;
import io.fluxward.eso.StoreUse;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FW-E001: an ExternalSecret or PushSecret names a store that exists nowhere. */
@RuleInfo(
        id = "FW-E001",
        name = "secret-store-ref-dangling",
        level = Level.ERROR,
        summary = "An ExternalSecret or PushSecret names a secret store that is not in the repository.",
        description = """
                ESO resolves `secretStoreRef` (and `data[]`/`dataFrom[].sourceRef.storeRef`, PushSecret \
                `secretStoreRefs[]`) by name when it reconciles: a store that does not exist leaves the \
                ExternalSecret in `SecretSyncedError` and the target Secret is never created, so the workload \
                that mounts it does not start. `kind` defaults to `SecretStore`, which is looked up in the \
                ExternalSecret's own namespace. Fires when no SecretStore or ClusterSecretStore of that name \
                exists in the repository (HelmRelease values included) nor in `externals.secretStores`; when \
                a store of that name exists only as the other kind, or in another namespace, FW-E002 reports \
                it instead. Each build that renders the referrer is judged on its own: the reference as that build \
                renders it (after its patches, Flux `spec.patches`, `replacements` and nameReference \
                `configurations`), against the stores under the names and namespaces builds give them. A name \
                with Flux post-build variables (`${VAR}`) is checked as substituted when the values are known.""",
        fix = """
                Correct the store name, add the store to the repository, or, when the store is managed \
                outside this repository (e.g. created by a platform team), declare it in `.fluxward.yaml`:

                ```yaml
                externals:
                  secretStores: ["ClusterSecretStore/vault", "SecretStore/apps/aws-sm"]
                ```""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: aws-secrets-manager
                spec:
                  provider:
                    aws: {service: SecretsManager, region: eu-west-1}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  secretStoreRef:
                    kind: ClusterSecretStore
                    name: aws-secret-manager
                  data:
                    - secretKey: password
                      remoteRef: {key: prod/db, property: password}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: aws-secrets-manager
                spec:
                  provider:
                    aws: {service: SecretsManager, region: eu-west-1}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  secretStoreRef:
                    kind: ClusterSecretStore
                    name: aws-secrets-manager
                  data:
                    - secretKey: password
                      remoteRef: {key: prod/db, property: password}
                """,
        tags = {"external-secrets", "references", "correctness"})
public final class SecretStoreRefDangling implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        // Each rendering of a referrer is judged on its own; renderings that break one written reference alike
        // make one finding.
        Map<List<Object>, List<StoreUse>> dangling = new LinkedHashMap<>();
        for (StoreUse use : eso.storeUses()) {
            if (eso.resolve(use).outcome() == Resolution.Outcome.DANGLING) {
                YNode at = use.nameNode();
                dangling.computeIfAbsent(EsoRules.place(use, at), k -> new ArrayList<>()).add(use);
            }
        }
        for (List<StoreUse> uses : dangling.values()) {
            StoreUse use = uses.get(0);
            StoreRef ref = use.ref();
            Set<String> namespaces = EsoRules.namespaces(uses);
            Set<String> renamed = eso.renamedStoresUsableFrom(ref.name(), namespaces);
            List<Store> written = eso.storesWritten(ref.name());
            String where;
            String hint;
            if (!renamed.isEmpty()) {
                where = "is applied where it can use it, nor in externals.secretStores";
                hint = " (did you mean '" + renamed.iterator().next() + "'? a build renames the store but not this reference)";
            } else if (!written.isEmpty()) {
                // Defined, but no build applies it under that name where this referrer lands (another namespace, or
                // a component or overlay this build does not include).
                where = "is applied where it can use it, nor in externals.secretStores";
                hint = " (" + written.get(0).object().ref() + " in " + context.shown(written.get(0).object().path())
                        + " is not applied under that name" + (namespaces.isEmpty() ? "" : " into namespace "
                        + String.join(", ", namespaces)) + " by any build)";
            } else {
                where = "is in the repository or in externals.secretStores";
                hint = ConfigSchema.didYouMean(ref.name(), eso.storeNames()).map(n -> " (did you mean '" + n + "'?)")
                        .orElse("");
            }
            String kind = ref.kind().kind() + (ref.kindDefaulted() ? " (the default kind)" : "");
            boolean push = ref.owner().kind().contains("PushSecret");
            context.at(use.fileOf(use.nameNode()), use.nameNode()).message(EsoRules.referrer(eso, uses) + " uses " + kind
                    + " '" + ref.name() + "' in " + EsoRules.field(ref)
                    + ", but no SecretStore or ClusterSecretStore of that name " + where + hint + "; ESO cannot sync it and "
                    + (push ? "nothing is pushed" : "the target Secret is never written")).report();
        }
    }
}
