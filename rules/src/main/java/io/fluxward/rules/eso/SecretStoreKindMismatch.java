package io.fluxward.rules.eso;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.EsoModel;
import io.fluxward.eso.Resolution;
import io.fluxward.eso.Store;
import io.fluxward.eso.StoreRef;
import io.fluxward.model.RepositoryModel;
import java.util.ArrayList;
import java.util.List;

/** FW-E002: the named store exists, but only as the other kind or in another namespace. */
@RuleInfo(
        id = "FW-E002",
        name = "secret-store-kind-mismatch",
        level = Level.ERROR,
        summary = "A store reference names a store that exists only as the other kind, or as a SecretStore in another "
                + "namespace.",
        description = """
                `secretStoreRef.kind` defaults to `SecretStore`, so an ExternalSecret that omits `kind: \
                ClusterSecretStore` looks for a namespaced SecretStore and never syncs, even though a \
                ClusterSecretStore of that name exists: the most common ESO mistake when copying examples. \
                The reverse (kind ClusterSecretStore, but only a SecretStore \
                exists) fails too. A SecretStore also serves only ExternalSecrets of its own namespace: one \
                in another namespace is invisible. The namespaces compared are the ones the objects land in \
                (`metadata.namespace`, kustomize `namespace`, Flux `targetNamespace`, the HelmRelease's \
                namespace for objects in its values).""",
        fix = """
                Set `kind` to the kind of the store that exists, e.g.

                ```yaml
                secretStoreRef:
                  kind: ClusterSecretStore
                  name: vault
                ```

                or, for a SecretStore in another namespace, create a SecretStore in the ExternalSecret's \
                namespace, or turn the store into a ClusterSecretStore (restricted with `spec.conditions`).""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: vault
                spec:
                  provider:
                    vault:
                      server: https://vault.example.com
                      path: secret
                      auth:
                        kubernetes: {mountPath: kubernetes, role: eso}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  secretStoreRef:
                    name: vault
                  dataFrom:
                    - extract: {key: apps/db}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: vault
                spec:
                  provider:
                    vault:
                      server: https://vault.example.com
                      path: secret
                      auth:
                        kubernetes: {mountPath: kubernetes, role: eso}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  secretStoreRef:
                    kind: ClusterSecretStore
                    name: vault
                  dataFrom:
                    - extract: {key: apps/db}
                """,
        tags = {"external-secrets", "references", "correctness"})
public final class SecretStoreKindMismatch implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        for (StoreRef ref : eso.storeRefs()) {
            Resolution r = eso.resolve(ref);
            String who = eso.describe(ref.owner());
            if (r.outcome() == Resolution.Outcome.WRONG_KIND) {
                String kind = ref.kindDefaulted() ? "omits kind, so it looks for a " + ref.kind().kind()
                        : "asks for a " + ref.kind().kind();
                RuleContext.FindingBuilder b = context.at(ref.owner().path(),
                        ref.kindDefaulted() ? ref.nameNode() : ref.kindNode());
                related(b, r);
                b.message(who + " " + kind + " named '" + ref.name() + "' (" + ref.field() + "), but only a "
                        + ref.kind().other().kind() + " has that name," + where(eso, r) + "; set kind: "
                        + ref.kind().other().kind()).report();
            } else if (r.outcome() == Resolution.Outcome.WRONG_NAMESPACE) {
                RuleContext.FindingBuilder b = context.at(ref.owner().path(), ref.nameNode());
                related(b, r);
                b.message(who + " is applied in namespace " + String.join(", ", eso.namespacesOf(ref)) + " and uses SecretStore '"
                        + ref.name() + "' (" + ref.field() + "), but the only SecretStores of that name are "
                        + places(eso, r) + "; a SecretStore serves only ExternalSecrets of its own namespace").report();
            }
        }
    }

    private static void related(RuleContext.FindingBuilder b, Resolution r) {
        for (Store s : r.stores()) {
            b.related(s.object().location(), s.object().ref());
        }
    }

    /** The stores that matter, e.g. {@code  as ClusterSecretStore/vault} (their files are related locations). */
    private static String where(EsoModel eso, Resolution r) {
        String places = places(eso, r);
        return places.isEmpty() ? "" : " as " + places;
    }

    private static String places(EsoModel eso, Resolution r) {
        List<String> parts = new ArrayList<>();
        for (Store s : r.stores()) {
            parts.add(eso.describe(s.object()));
        }
        for (String e : r.externals()) {
            parts.add(e + " (externals.secretStores)");
        }
        return String.join(", ", parts);
    }
}
