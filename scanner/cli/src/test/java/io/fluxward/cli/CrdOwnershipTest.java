package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the fixtures of FW-F005, F014 and F015 cannot show: where a chart's CRD switch was read (inline or a
 * {@code valuesFrom} object), the precedence of {@code valuesFrom} entries, and cluster-scoped names in messages.
 */
class CrdOwnershipTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static List<Finding> fixture(String rule, String name) throws Exception {
        return Fixtures.scan(TestPaths.testdata().resolve("cases").resolve(rule).resolve(name), rules).findings();
    }

    private static List<Finding> only(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    @Test
    void aGeneratedValuesConfigMapIsReadUnderTheNameKustomizeGivesIt() throws Exception {
        // kubectl kustomize names the generated ConfigMap cert-manager-values-69fk2b67hb and writes that into valuesFrom.
        List<Finding> found = only(fixture("FW-F014", "fires-chart-crds-on-in-generated-values"), "FW-F014");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("(chart cert-manager, crds.enabled: true in ConfigMap cert-manager/cert-manager-values-69fk2b67hb)"));
    }

    @Test
    void theLaterValuesFromEntryDecides() throws Exception {
        List<Finding> found = only(fixture("FW-F015", "fires-crds-off-in-later-valuesfrom"), "FW-F015");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message()).contains(
                "does not install its CRDs (installCRDs: false in ConfigMap external-secrets/external-secrets-overrides)"));
    }

    @Test
    void aClusterScopedCustomResourceIsNamedWithoutTheNamespaceKustomizeWroteIntoIt() throws Exception {
        List<Finding> found = only(fixture("FW-F005", "fires-cluster-scoped-custom-resource"), "FW-F005");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("applies ClusterIssuer letsencrypt (infrastructure/configs/issuer.yaml)")
                .doesNotContain("monitoring/letsencrypt"));
    }

    @Test
    void aKustomizationThatAppliesTheInstallerItselfIsToldToMoveTheCustomResourcesOut() throws Exception {
        List<Finding> found = only(fixture("FW-F005", "fires-crds-from-chart-in-same-kustomization"), "FW-F005");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("installed by HelmRelease external-secrets/external-secrets, which it applies itself")
                .contains("move the custom resources into a separate Kustomization with dependsOn: [{name: eso}]")
                .doesNotContain("depend on a Kustomization that applies"));
    }

    @Test
    void anInstallerThatAlreadyWaitsIsNotToldToWait() throws Exception {
        List<Finding> found = only(fixture("FW-F005", "fires-installer-already-waits"), "FW-F005");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("add dependsOn: [{name: cloudnative-pg, namespace: database}]")
                .doesNotContain("give it wait: true"));
    }

    @Test
    void aKustomizationThatAppliesAWaitingInstallerIsNotToldToWaitEither() throws Exception {
        List<Finding> found = only(fixture("FW-F005", "fires-installer-in-same-kustomization-waits"), "FW-F005");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("move the custom resources into a separate Kustomization with dependsOn:")
                .doesNotContain("wait: true"));
    }

    private static final String SYNC = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: flux-system, namespace: flux-system}
            spec: {interval: 1m, url: 'https://github.com/acme/fleet', ref: {branch: main}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: flux-system, namespace: flux-system}
            spec: {interval: 10m, path: ./clusters/prod, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: crds, namespace: flux-system}
            spec: {interval: 10m, path: ./crds, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: eso, namespace: flux-system}
            spec:
              interval: 10m
              path: ./eso
              prune: true
              dependsOn: [{name: crds}]
              sourceRef: {kind: GitRepository, name: flux-system}
            """;

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: externalsecrets.external-secrets.io}
            spec:
              group: external-secrets.io
              names: {kind: ExternalSecret, plural: externalsecrets}
              scope: Namespaced
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
            """;

    /** F014 findings for an ESO release with these {@code spec} lines and these extra objects in its folder. */
    private static List<Finding> dualOwnership(String releaseSpec, String objects) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("clusters/prod/sync.yaml", SYNC);
        files.put("crds/externalsecrets.yaml", CRD);
        files.put("eso/release.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: external-secrets, namespace: external-secrets}
                spec:
                  interval: 1h
                  chart: {spec: {chart: external-secrets, sourceRef: {kind: HelmRepository, name: eso}}}
                """ + releaseSpec.indent(2) + (objects.isEmpty() ? "" : "---\n" + objects));
        return new Scanner(rules).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-F014"))).findings();
    }

    private static final String FLAGS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: eso-flags, namespace: external-secrets}
            data: {install-crds: "%s"}
            """;

    @Test
    void anInlineValueThatATargetPathEntryContradictsIsNotKnown() throws Exception {
        String spec = """
                valuesFrom: [{kind: ConfigMap, name: eso-flags, valuesKey: install-crds, targetPath: installCRDs}]
                values: {installCRDs: true}
                """;
        // helm-controller merges the inline values last, the documented order puts targetPath entries over them.
        assertThat(dualOwnership(spec, FLAGS.formatted("false"))).isEmpty();
        assertThat(dualOwnership(spec, FLAGS.formatted("true"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("installCRDs: true)"));
    }

    @Test
    void aValuesFromObjectThatCannotBeReadLeavesTheChartAlone() throws Exception {
        assertThat(dualOwnership("valuesFrom: [{kind: ConfigMap, name: eso-values}]", "")).isEmpty();
        assertThat(dualOwnership("valuesFrom: [{kind: ConfigMap, name: 'eso-${CLUSTER}'}]", "")).isEmpty();
        // A later entry that cannot be read may override what an earlier one says.
        String both = "valuesFrom: [{kind: ConfigMap, name: eso-defaults}, {kind: ConfigMap, name: eso-cluster}]";
        String defaults = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: eso-defaults, namespace: external-secrets}
                data:
                  values.yaml: |
                    installCRDs: true
                """;
        assertThat(dualOwnership(both, defaults)).isEmpty();
        // Inline values override every valuesFrom entry, readable or not.
        assertThat(dualOwnership(both + "\nvalues: {installCRDs: true}", defaults)).hasSize(1);
        // A readable entry that leaves the switch alone keeps the chart's default (on).
        String other = defaults.replace("installCRDs", "replicaCount");
        assertThat(dualOwnership("valuesFrom: [{kind: ConfigMap, name: eso-defaults}]", other)).hasSize(1);
    }

    @Test
    void aPlainSecretIsDecodedAndASopsEncryptedOneIsNot() throws Exception {
        String spec = "valuesFrom: [{kind: Secret, name: eso-values}]";
        String plain = """
                apiVersion: v1
                kind: Secret
                metadata: {name: eso-values, namespace: external-secrets}
                data:
                  values.yaml: aW5zdGFsbENSRHM6IGZhbHNlCg==
                """;
        assertThat(dualOwnership(spec, plain)).isEmpty();
        assertThat(dualOwnership(spec, plain.replace("aW5zdGFsbENSRHM6IGZhbHNlCg==", "aW5zdGFsbENSRHM6IHRydWUK")))
                .singleElement().satisfies(f -> assertThat(f.message())
                        .contains("installCRDs: true in Secret external-secrets/eso-values"));
        String sops = """
                apiVersion: v1
                kind: Secret
                metadata: {name: eso-values, namespace: external-secrets}
                stringData:
                  values.yaml: ENC[AES256_GCM,data:8dvme+2xCWNQGn8a,iv:PZalZfhR0W9JPsB2oXBeceQ5qDY3KKELKmmCc3vcrYE=,type:str]
                sops:
                  version: 3.10.2
                """;
        assertThat(dualOwnership(spec, sops)).isEmpty();
    }

    /** FW-F006's advice never tells a Kustomization to depend on one it applies itself (it would never be ready). */
    @Test
    void aNamespaceCreatedByADescendantIsNotAdvisedAsADependency() throws Exception {
        List<Finding> found = only(fixture("FW-F002", "fires-patch-sets-bootstrap-itself"), "FW-F006");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("which Kustomization apps/web creates", "cannot depend on web, which it applies")
                .doesNotContain("add dependsOn"));
    }

    @Test
    void everyKustomizationThatAppliesCustomResourcesWithoutTheCrdsIsNamed() throws Exception {
        assertThat(only(fixture("FW-F015", "fires-crds-off-two-kustomizations-without-crd-source"), "FW-F015"))
                .singleElement().satisfies(f -> assertThat(f.message()).endsWith("(installCRDs: false), and "
                        + "Kustomization flux-system/stores applies ClusterSecretStore aws (infrastructure/stores/store.yaml) "
                        + "and Kustomization flux-system/shop applies ExternalSecret default/db (apps/shop/es.yaml) without "
                        + "depending on anything that installs the external-secrets.io CRDs"));
        // Past three, the rest are counted.
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder sync = new StringBuilder(SYNC.substring(0, SYNC.indexOf("---", SYNC.indexOf("---") + 3)));
        for (String app : List.of("a", "b", "c", "d", "e")) {
            sync.append("---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ").append(app)
                    .append(", namespace: flux-system}\nspec: {interval: 10m, path: ./").append(app)
                    .append(", prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n");
            files.put(app + "/es.yaml", "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: " + app
                    + ", namespace: default}\nspec: {secretStoreRef: {name: aws, kind: ClusterSecretStore}}\n");
        }
        files.put("clusters/prod/sync.yaml", sync + """
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: external-secrets, namespace: flux-system}
                spec:
                  interval: 1h
                  chart: {spec: {chart: external-secrets, sourceRef: {kind: HelmRepository, name: eso}}}
                  values: {installCRDs: false}
                """);
        assertThat(new Scanner(rules).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-F015"))).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Kustomization flux-system/a applies ExternalSecret "
                        + "default/a (a/es.yaml), Kustomization flux-system/b applies ExternalSecret default/b (b/es.yaml), "
                        + "Kustomization flux-system/c applies ExternalSecret default/c (c/es.yaml), and 2 more "
                        + "Kustomizations apply the chart's custom resources, without depending on anything"));
    }
}
