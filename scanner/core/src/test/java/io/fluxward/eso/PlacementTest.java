package io.fluxward.eso;

import static io.fluxward.eso.Models.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.eso.Placement.Landing;
import io.fluxward.model.RepositoryModel;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final String KS = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: %s, namespace: flux-system}
            spec:
              interval: 10m
              path: %s
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
            %s
            """;

    private static String ks(String name, String path, String extra) {
        return KS.formatted(name, path, extra);
    }

    private static final String ES = """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata:
              name: %s
            %s
            spec:
              secretStoreRef: {kind: ClusterSecretStore, name: vault}
            """;

    @Test
    void withoutFluxObjectsLandOnOneClusterInTheirOwnOrKustomizeNamespace() throws Exception {
        RepositoryModel model = Models.of(
                "apps/web/kustomization.yaml", "resources: [es.yaml]\nnamespace: web\n",
                "apps/web/es.yaml", ES.formatted("web", "  namespace: other"),
                "apps/raw/es.yaml", ES.formatted("raw", "  namespace: raw"),
                "apps/none/es.yaml", ES.formatted("none", ""));
        Placement p = model.facet(Placement.FACET);
        assertThat(p.isFluxManaged()).isFalse();
        assertThat(p.landings(object(model, "ExternalSecret", "web"))).containsExactly(new Landing("", "web"));
        assertThat(p.landings(object(model, "ExternalSecret", "raw"))).containsExactly(new Landing("", "raw"));
        assertThat(p.namespaces(object(model, "ExternalSecret", "none"))).isEmpty();
    }

    @Test
    void helmValuesObjectsLandInTheReleaseTargetNamespaceUnlessTheyNameOne() throws Exception {
        RepositoryModel model = Models.of("hr.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: raw, namespace: flux-system}
                spec:
                  targetNamespace: envoy
                  values:
                    resources:
                      a:
                        apiVersion: external-secrets.io/v1
                        kind: ExternalSecret
                        metadata: {name: a}
                      b:
                        apiVersion: external-secrets.io/v1
                        kind: ExternalSecret
                        metadata: {name: b, namespace: explicit}
                """);
        Placement p = model.facet(Placement.FACET);
        assertThat(p.namespaces(object(model, "ExternalSecret", "a"))).containsExactly("envoy");
        assertThat(p.namespaces(object(model, "ExternalSecret", "b"))).containsExactly("explicit");
        assertThat(model.facet(EsoModel.FACET).describe(object(model, "ExternalSecret", "a")))
                .isEqualTo("ExternalSecret/envoy/a");
    }

    @Test
    void fluxRootsAreSeparateClustersAndUnrenderedFoldersLandNowhere() throws Exception {
        RepositoryModel model = Models.of(
                "clusters/prod/flux-system/gotk-sync.yaml", ks("flux-system", "./clusters/prod", ""),
                "clusters/prod/apps.yaml", ks("apps", "./apps/prod", "  targetNamespace: shop"),
                "clusters/staging/flux-system/gotk-sync.yaml", ks("flux-system", "./clusters/staging", ""),
                "clusters/staging/apps.yaml", ks("apps", "./apps/staging", "  targetNamespace: shop"),
                "apps/prod/es.yaml", ES.formatted("prod", ""),
                "apps/staging/es.yaml", ES.formatted("staging", ""),
                "archive/es.yaml", ES.formatted("old", "  namespace: shop"));
        Placement p = model.facet(Placement.FACET);
        assertThat(p.isFluxManaged()).isTrue();
        Landing prod = p.landings(object(model, "ExternalSecret", "prod")).iterator().next();
        Landing staging = p.landings(object(model, "ExternalSecret", "staging")).iterator().next();
        assertThat(prod.namespace()).isEqualTo("shop");
        assertThat(staging.namespace()).isEqualTo("shop");
        assertThat(prod.cluster()).isNotEqualTo(staging.cluster());
        assertThat(p.landings(object(model, "ExternalSecret", "old"))).isEmpty();
        // Unrendered objects still have their written namespace for reference checks.
        assertThat(p.namespaces(object(model, "ExternalSecret", "old"))).containsExactly("shop");
    }

    @Test
    void aKubeConfigMovesObjectsToARemoteCluster() throws Exception {
        RepositoryModel model = Models.of(
                "clusters/infra/flux-system/gotk-sync.yaml", ks("flux-system", "./clusters/infra", ""),
                "clusters/infra/local.yaml", ks("local", "./apps/local", "  targetNamespace: apps"),
                "clusters/infra/worker.yaml", ks("worker", "./apps/worker",
                        "  targetNamespace: apps\n  kubeConfig:\n    secretRef: {name: kubeconfig}"),
                "apps/local/es.yaml", ES.formatted("local", ""),
                "apps/worker/es.yaml", ES.formatted("worker", ""));
        Placement p = model.facet(Placement.FACET);
        Landing local = p.landings(object(model, "ExternalSecret", "local")).iterator().next();
        Landing worker = p.landings(object(model, "ExternalSecret", "worker")).iterator().next();
        assertThat(worker.cluster()).startsWith(local.cluster()).contains("kubeConfig flux-system/kubeconfig");
    }

    @Test
    void aRootPathOfAnotherSourceRendersNothingHere() throws Exception {
        RepositoryModel model = Models.of(
                "flux/flux.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: flux, namespace: flux-system}
                        spec:
                          interval: 1h
                          path: ./
                          prune: true
                          sourceRef: {kind: OCIRepository, name: flux-manifests}
                        """,
                "apps/es.yaml", ES.formatted("app", "  namespace: apps"));
        Placement p = model.facet(Placement.FACET);
        assertThat(p.isFluxManaged()).isFalse();
        assertThat(p.landings(object(model, "ExternalSecret", "app"))).containsExactly(new Landing("", "apps"));
    }
}
