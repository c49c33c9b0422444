package io.fluxward.rules.eso;

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
import io.fluxward.model.Words;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
                namespace for objects in its values), and the reference is the one each build renders (after \
                patches and replacements, and a Flux Kustomization's post-build variables whose values are known).""",
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

    /** One finding: the uses that resolve alike at one place, and the stores and externals that matter. */
    private record Group(List<StoreUse> uses, Set<Store> stores, Set<String> externals) {
    }

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        // Each rendering of a referrer is judged on its own; renderings that break one written reference alike
        // make one finding.
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (StoreUse use : eso.storeUses()) {
            Resolution r = eso.resolve(use);
            if (r.outcome() != Resolution.Outcome.WRONG_KIND && r.outcome() != Resolution.Outcome.WRONG_NAMESPACE) {
                continue;
            }
            YNode at = r.outcome() == Resolution.Outcome.WRONG_KIND ? use.kindNode() : use.nameNode();
            Group g = groups.computeIfAbsent(List.of(r.outcome(), EsoRules.place(use, at)),
                    k -> new Group(new ArrayList<>(), new LinkedHashSet<>(), new LinkedHashSet<>()));
            g.uses().add(use);
            g.stores().addAll(r.stores());
            g.externals().addAll(r.externals());
        }
        for (Map.Entry<List<Object>, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            StoreUse use = g.uses().get(0);
            StoreRef ref = use.ref();
            String who = EsoRules.referrer(eso, g.uses());
            if (e.getKey().get(0) == Resolution.Outcome.WRONG_KIND) {
                String kind = ref.kindDefaulted() ? "omits kind, so it looks for " + Words.a(ref.kind().kind())
                        : "asks for " + Words.a(ref.kind().kind());
                RuleContext.FindingBuilder b = context.at(use.fileOf(use.kindNode()), use.kindNode());
                related(b, eso, g);
                b.message(who + " " + kind + " named '" + ref.name() + "' (" + EsoRules.field(ref) + "), but only "
                        + Words.a(ref.kind().other().kind()) + " has that name," + where(eso, g) + "; set kind: "
                        + ref.kind().other().kind()).report();
            } else {
                Set<String> namespaces = EsoRules.namespaces(g.uses());
                RuleContext.FindingBuilder b = context.at(use.fileOf(use.nameNode()), use.nameNode());
                related(b, eso, g);
                b.message(who + " is applied in namespace " + String.join(", ", namespaces) + " and uses SecretStore '"
                        + ref.name() + "' (" + EsoRules.field(ref) + "), but the only SecretStores of that name are "
                        + places(eso, g) + "; a SecretStore serves only ExternalSecrets of its own namespace").report();
            }
        }
    }

    private static void related(RuleContext.FindingBuilder b, EsoModel eso, Group g) {
        for (Store s : g.stores()) {
            // Named where it lands (a targetNamespace moves it), as the message names it.
            b.related(s.object().location(), eso.describe(s.object()));
        }
    }

    /** The stores that matter, e.g. {@code  as ClusterSecretStore/vault} (their files are related locations). */
    private static String where(EsoModel eso, Group g) {
        String places = places(eso, g);
        return places.isEmpty() ? "" : " as " + places;
    }

    private static String places(EsoModel eso, Group g) {
        List<String> parts = new ArrayList<>();
        for (Store s : g.stores()) {
            parts.add(eso.describe(s.object()));
        }
        for (String e : g.externals()) {
            parts.add(e + " (externals.secretStores)");
        }
        return String.join(", ", parts);
    }
}
