package io.fluxward.eso;

import static io.fluxward.eso.Models.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.model.RepositoryModel;
import org.junit.jupiter.api.Test;

class EsoModelTest {

    @Test
    void indexesEveryApiVersionAndEveryKindOfReference() throws Exception {
        RepositoryModel model = Models.of("eso.yaml", """
                apiVersion: external-secrets.io/v1alpha1
                kind: ExternalSecret
                metadata: {name: old, namespace: a}
                spec:
                  secretStoreRef: {name: s1}
                ---
                apiVersion: external-secrets.io/v1beta1
                kind: ExternalSecret
                metadata: {name: beta, namespace: a}
                spec:
                  target: {name: beta-secret, creationPolicy: Merge}
                  data:
                    - secretKey: k
                      remoteRef: {key: r}
                      sourceRef: {storeRef: {name: s2, kind: ClusterSecretStore}}
                  dataFrom:
                    - sourceRef: {generatorRef: {kind: Password, name: pw}}
                    - sourceRef: {storeRef: {name: s3}}
                ---
                apiVersion: external-secrets.io/v1
                kind: ClusterExternalSecret
                metadata: {name: ces}
                spec:
                  externalSecretName: generated
                  namespaces: [x, y]
                  externalSecretSpec:
                    secretStoreRef: {name: s4, kind: ClusterSecretStore}
                ---
                apiVersion: external-secrets.io/v1alpha1
                kind: PushSecret
                metadata: {name: push, namespace: a}
                spec:
                  secretStoreRefs:
                    - {name: s5}
                    - labelSelector: {matchLabels: {a: b}}
                    - {name: s6, kind: Bogus}
                """);
        EsoModel eso = model.facet(EsoModel.FACET);
        assertThat(eso.syncs()).hasSize(4);
        assertThat(eso.storeRefs()).extracting(r -> r.name() + "/" + r.kind().kind() + "@" + r.field()).containsExactly(
                "s1/SecretStore@spec.secretStoreRef",
                "s2/ClusterSecretStore@spec.data[0].sourceRef.storeRef",
                "s3/SecretStore@spec.dataFrom[1].sourceRef.storeRef",
                "s4/ClusterSecretStore@spec.externalSecretSpec.secretStoreRef",
                "s5/SecretStore@spec.secretStoreRefs[0]");
        SecretSync beta = SecretSync.of(object(model, "ExternalSecret", "beta")).orElseThrow();
        assertThat(beta.generatorRefs()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo("Password");
            assertThat(g.apiVersion()).isEqualTo("generators.external-secrets.io/v1alpha1");
        });
        assertThat(beta.target()).get().satisfies(t -> {
            assertThat(t.name()).isEqualTo("beta-secret");
            assertThat(t.policy()).isEqualTo(CreationPolicy.MERGE);
        });
        SecretSync old = SecretSync.of(object(model, "ExternalSecret", "old")).orElseThrow();
        assertThat(old.target()).get().satisfies(t -> {
            assertThat(t.name()).isEqualTo("old");
            assertThat(t.policy()).isEqualTo(CreationPolicy.OWNER);
        });
        SecretSync ces = SecretSync.of(object(model, "ClusterExternalSecret", "ces")).orElseThrow();
        assertThat(ces.target()).get().satisfies(t -> {
            assertThat(t.name()).isEqualTo("generated");
            assertThat(t.namespaces()).containsExactly("x", "y");
        });
        assertThat(eso.namespacesOf(ces)).containsExactlyInAnyOrder("x", "y");
        assertThat(eso.resolve(eso.storeRefs().get(0)).outcome()).isEqualTo(Resolution.Outcome.DANGLING);
    }

    @Test
    void readsStoreProvidersAndTheirAuthentication() throws Exception {
        RepositoryModel model = Models.of("stores.yaml", """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: oracle-user}
                spec:
                  provider:
                    oracle:
                      region: eu
                      auth:
                        tenancy: t
                        user: u
                        secretRef:
                          privatekey: {name: oci, key: key, namespace: eso}
                          fingerprint: {name: oci, key: fp, namespace: eso}
                ---
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: ibm-container}
                spec:
                  provider:
                    ibm:
                      serviceUrl: https://ibm
                      auth: {containerAuth: {profile: p}}
                ---
                apiVersion: external-secrets.io/v1
                kind: SecretStore
                metadata: {name: azure-mi, namespace: a}
                spec:
                  provider:
                    azurekv: {authType: ManagedIdentity, vaultUrl: https://kv}
                """);
        Store oracle = Store.of(object(model, "ClusterSecretStore", "oracle-user")).orElseThrow();
        assertThat(oracle.provider()).isEqualTo("oracle");
        assertThat(oracle.auth().kind()).isEqualTo(StoreAuth.Kind.STATIC_KEYS);
        assertThat(oracle.auth().secretRefs()).extracting(SecretKeyRef::field).containsExactly("privatekey", "fingerprint");
        assertThat(oracle.auth().secretRefs().get(0).namespace()).contains("eso");
        assertThat(Store.of(object(model, "ClusterSecretStore", "ibm-container")).orElseThrow().auth().kind())
                .isEqualTo(StoreAuth.Kind.WORKLOAD_IDENTITY);
        assertThat(Store.of(object(model, "SecretStore", "azure-mi")).orElseThrow().auth().kind())
                .isEqualTo(StoreAuth.Kind.WORKLOAD_IDENTITY);
    }
}
