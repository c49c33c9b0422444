package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Flux fixtures cannot show: messages, spans and configuration notes. */
class FluxRulesTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static Path fixture(String rule, String name) {
        return TestPaths.testdata().resolve("cases").resolve(rule).resolve(name);
    }

    private static List<Finding> findings(String rule, String name, String id) throws Exception {
        return Fixtures.scan(fixture(rule, name), rules).findings().stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    @Test
    void dependsOnTargetInAnUnappliedFileSaysSo() throws Exception {
        assertThat(findings("FW-F003", "fires-defined-only-in-unapplied-file", "FW-F003")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("is defined only in archive/old-ks.yaml, which nothing "
                        + "in the repository applies").doesNotContain("another cluster"));
        assertThat(findings("FW-F003", "fires-defined-only-for-another-cluster", "FW-F003"))
                .allSatisfy(f -> assertThat(f.message()).contains("exists only for another cluster ("));
        // A cluster not fully seen (it applies another repository) still is not the other one.
        assertThat(findings("FW-F003", "fires-defined-only-for-another-cluster-not-fully-seen", "FW-F003")).singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("exists only for another cluster (clusters/prod-eu/infra.yaml)"));
    }

    /** Every reader a targetNamespace breaks is named: fixing the one named only brought up the next one. */
    @Test
    void targetNamespaceOverrideNamesEveryBrokenReader() throws Exception {
        assertThat(findings("FW-F002", "fires-two-readers-moved", "FW-F002")).singleElement().satisfies(f -> assertThat(
                f.message()).endsWith("; Secret flux-system/sops-age is read there by Kustomization flux-system/worker "
                + "(decryption), which will not find it; Secret flux-system/worker-kc is read there by Kustomization "
                + "flux-system/worker (kubeConfig), which will not find it"));
    }

    /** The store a related location names is where it lands, as the message says, not where it is declared. */
    @Test
    void storeMovedByTargetNamespaceIsNamedWhereItLands() throws Exception {
        assertThat(findings("FW-E002", "fires-store-moved-by-target-namespace", "FW-E002")).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("the only SecretStores of that name are SecretStore/team-b/aws");
                    assertThat(f.related()).singleElement().satisfies(r -> assertThat(r.message())
                            .isEqualTo("SecretStore/team-b/aws"));
                });
    }

    /** Whether the hint may offer another namespace depends on the referrer's namespace, not the one it names. */
    @Test
    void aTenantNamingFluxSystemIsToldWhereTheSourceIs() throws Exception {
        assertThat(findings("FW-F008", "fires-tenant-names-flux-system-source-defined-elsewhere", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("a HelmRepository named compass is defined in namespace "
                        + "default: set namespace: default"));
    }

    /** An insecure source is named with its namespace, as every other rule names objects. */
    @Test
    void insecureSourceIsNamedWithItsNamespace() throws Exception {
        assertThat(findings("FW-F012", "fires-http-git", "FW-F012")).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("GitRepository flux-system/fleet is fetched over plain http://"));
    }

    /** Each undefined variable of a plain value is reported at its own column, not all at the value's start. */
    @Test
    void undefinedVariablesOfOneValuePointAtEachVariable() throws Exception {
        assertThat(findings("FW-F017", "fires-undefined-variable", "FW-F017"))
                .filteredOn(f -> f.location().span().line() == 9)
                .extracting(f -> f.location().span().column() + "-" + f.location().span().endColumn())
                .containsExactlyInAnyOrder("10-19", "20-27");
    }

    @Test
    void dependsOnTargetOnlyInAnotherNamespaceNamesIt() throws Exception {
        assertThat(findings("FW-F003", "fires-name-only-in-another-namespace", "FW-F003")).hasSize(2)
                .anySatisfy(f -> assertThat(f.message()).endsWith("depends on Kustomization team/ns-home, which is not "
                        + "defined in the repository: app will never become ready; a Kustomization named ns-home exists in "
                        + "namespace flux-system, but a dependsOn item without namespace means the dependent's own namespace "
                        + "(team): add namespace: flux-system, or define the Kustomization in team"))
                .anySatisfy(f -> assertThat(f.message()).endsWith("depends on Kustomization infra/ns-home, which is not "
                        + "defined in the repository: app will never become ready; a Kustomization named ns-home exists in "
                        + "namespace flux-system: set namespace: flux-system"));
    }

    @Test
    void substituteFromOfAnotherClusterNamesTheKustomizationAndWhereTheObjectIs() throws Exception {
        assertThat(findings("FW-F017", "fires-substitute-from-only-on-another-cluster", "FW-F017")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("postBuild of Kustomization flux-system/sub "
                        + "(clusters/prod/sub.yaml); ConfigMap flux-system/cluster-vars exists only for another cluster "
                        + "(clusters/staging/cluster-vars.yaml)"));
        assertThat(findings("FW-F017", "fires-substitute-from-in-unapplied-file", "FW-F017")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("archive/cluster-vars.yaml, which nothing in the "
                        + "repository applies"));
    }

    @Test
    void substituteFromInAFileThatDoesNotParseSaysWhereItMayBe() throws Exception {
        // Its keys are not known: a warning that points at the file FW-G001 reports, not "not in the repository".
        assertThat(findings("FW-F017", "fires-substitute-from-in-unparseable-file", "FW-F017")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING))
                .satisfies(f -> assertThat(f.message()).contains("; ConfigMap flux-system/cluster-settings may be in "
                        + "clusters/prod/cluster-settings.yaml, which does not parse (FW-G001): ")
                        .doesNotContain("not in the repository"));
    }

    @Test
    void substituteFromGeneratedWithANameHashOrInAnotherNamespaceSaysSo() throws Exception {
        assertThat(findings("FW-F017", "fires-substitute-from-generated-with-name-hash", "FW-F017")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("; ConfigMap flux-system/cluster-vars is generated as "
                        + "cluster-vars-5tcggtfbkg by the configMapGenerator in clusters/prod/kustomization.yaml:10 "
                        + "(kustomize's name suffix hash, which substituteFrom does not follow; set "
                        + "options.disableNameSuffixHash: true): ").doesNotContain("not in the repository"));
        assertThat(findings("FW-F017", "fires-substitute-from-in-another-namespace", "FW-F017")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("; ConfigMap team/team-vars is not in the repository; a "
                        + "ConfigMap named team-vars exists in namespace flux-system, but substituteFrom reads the "
                        + "Kustomization's own namespace (team): "));
    }

    @Test
    void undefinedVariableNamesTheObjectAsSubstitutedAndAGeneratorLiteralByItsListItem() throws Exception {
        List<Finding> found = findings("FW-F017", "fires-variable-in-generator-literal", "FW-F017");
        assertThat(found).filteredOn(f -> f.path().equals("apps/web.yaml")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("${UNDEFINED_ZONE} in ConfigMap default/web-prod is"));
        assertThat(found).filteredOn(f -> f.path().equals("apps/kustomization.yaml")).singleElement().satisfies(f -> {
            assertThat(f.location().span().line()).isEqualTo(10);
            assertThat(f.location().span().column()).isEqualTo(9);
        });
    }

    @Test
    void substituteFromFoundOnlyElsewhereForAClusterNotCompletelyKnownIsAWarningThatSaysWhere() throws Exception {
        // Cluster b's own build fails (FW-K001), so its objects are not all known; cluster a generates cluster-vars.
        assertThat(findings("FW-F017", "fires-substitute-from-found-only-elsewhere-cluster-unknown", "FW-F017"))
                .singleElement().satisfies(f -> {
                    assertThat(f.level()).isEqualTo(Level.WARNING);
                    assertThat(f.message()).contains("Secret flux-system/cluster-vars is found only in "
                            + "infra/a/configs/kustomization.yaml, not on this cluster as far as the repository shows");
                });
    }

    @Test
    void targetNamespaceSetByAPatchSpansTheValue() throws Exception {
        List<Finding> found = findings("FW-F002", "fires-patch-sets-bootstrap-itself", "FW-F002");
        assertThat(found).isNotEmpty().allSatisfy(f -> {
            assertThat(f.path()).isEqualTo("clusters/prod/kustomization.yaml");
            // "        value: apps": the value, as a direct targetNamespace is reported, not the 'v' of the key.
            assertThat(f.location().span().line()).isEqualTo(14);
            assertThat(f.location().span().column()).isEqualTo(16);
            assertThat(f.location().span().endColumn()).isEqualTo(20);
        });
    }

    @Test
    void targetNamespaceIsAnErrorOnlyForAReaderOnTheSameClusterLeftInTheOldNamespace() throws Exception {
        assertThat(findings("FW-F002", "fires-moves-referenced-configmap", "FW-F002")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.ERROR));
        // The SecretStore and HelmRepository move into 'shop' with their Secrets.
        assertThat(findings("FW-F002", "fires-reader-moved-together", "FW-F002")).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo(Level.WARNING);
            assertThat(f.message()).doesNotContain("will not find it");
        });
        // The reader is moved too, but into another namespace than the ConfigMap: it does not find it.
        assertThat(findings("FW-F002", "fires-reader-moved-elsewhere", "FW-F002"))
                .filteredOn(f -> f.message().startsWith("Kustomization flux-system/split ")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.ERROR));
        // The Secret moves on the worker; the local Kustomization reads its namesake on the management cluster.
        assertThat(findings("FW-F002", "fires-secret-moved-on-remote-cluster", "FW-F002")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
        // A patch on every Kustomization: apps moves to 'workers' too and reads sops-age there, where infra moves it.
        assertThat(findings("FW-F002", "fires-patch-on-every-kustomization-moves-secret", "FW-F002")).hasSize(2)
                .allSatisfy(f -> assertThat(f.level()).isEqualTo(Level.WARNING))
                .anySatisfy(f -> assertThat(f.message()).startsWith("Kustomization workers/infra sets targetNamespace "
                        + "'workers', which moves a resource that declares another namespace: Secret flux-system/sops-age"));
    }

    @Test
    void fluxSourceThatNamesNoDefinedSourceGivesAWarningNoteAtTheSetting() throws Exception {
        Path dir = fixture("FW-F003", "quiet-exists");
        Config config = Config.parse("flux:\n  source: flux-system/flux-sytem\n", ".fluxward.yaml", rules.descriptors());
        ScanResult result = new Scanner(rules).scan(new WorkTreeSnapshot(dir), config, ScanOptions.defaults());
        assertThat(result.notes()).filteredOn(n -> n.kind() == Note.Kind.WARNING).singleElement()
                .satisfies(n -> assertThat(n.message()).startsWith(".fluxward.yaml:2:11: flux.source "
                        + "'flux-system/flux-sytem' names no GitRepository, OCIRepository or Bucket defined in the repository, "
                        + "and no Kustomization of it uses that source (did you mean 'flux-system/flux-system'?)"));
        // A source another repository defines (a fleet repository's GitRepository for this one) is used here: no note.
        Path used = fixture("FW-F009", "fires-configured-source-defined-elsewhere");
        Config elsewhere = Config.parse("flux: {source: flux-system/infra}\n", ".fluxward.yaml", rules.descriptors());
        assertThat(new Scanner(rules).scan(new WorkTreeSnapshot(used), elsewhere, ScanOptions.defaults()).notes())
                .noneMatch(n -> n.message().contains("flux.source"));
        // The bootstrap default exists without a manifest; a defined source needs no note.
        for (String ok : List.of("flux-system", "flux-system/flux-system")) {
            Config quiet = Config.parse("flux: {source: " + ok + "}\n", ".fluxward.yaml", rules.descriptors());
            assertThat(new Scanner(rules).scan(new WorkTreeSnapshot(dir), quiet, ScanOptions.defaults()).notes())
                    .noneMatch(n -> n.message().contains("flux.source"));
        }
    }

    @Test
    void malformedFluxSourceIsAConfigError() {
        assertThatThrownBy(() -> Config.parse("flux:\n  source: a/b/c/d\n", ".fluxward.yaml", rules.descriptors()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(".fluxward.yaml:2:11: 'flux.source' must be name or namespace/name");
    }

    @Test
    void sopsPatchFileIsNamedAsTheEncryptedManifest() throws Exception {
        assertThat(findings("FW-F007", "fires-sops-patch-file", "FW-F007")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("(apps/prod/op-token.sops.yaml)"));
    }

    @Test
    void buildWithTransformerPluginsIsNamedInAnInfoNote() throws Exception {
        ScanResult result = Fixtures.scan(fixture("FW-K002", "quiet-transformer-plugin"), rules);
        assertThat(result.findings()).noneMatch(f -> f.ruleId().equals("FW-K002"));
        assertThat(result.notes()).filteredOn(n -> n.kind() == Note.Kind.INFO && n.message().contains("FW-K002"))
                .singleElement().satisfies(n -> {
                    assertThat(n.path()).isEqualTo("app/kustomization.yaml");
                    assertThat(n.message()).startsWith("transformers: plugin configurations are not run by fluxward");
                });
    }

    @Test
    void fluxKustomizationsFailingAlikeAreEachNamed() throws Exception {
        assertThat(findings("FW-K005", "fires-flux-kustomizations-failing-alike", "FW-K005"))
                .extracting(f -> f.line() + " " + f.message().replaceAll(".*\\(in the build of ([^)]*)\\).*", "$1"))
                .containsExactly("9 Flux Kustomization flux-system/one", "19 Flux Kustomization flux-system/two");
    }

    @Test
    void sourceRefWithoutNamespaceNamesTheNamespaceTheSourceIsIn() throws Exception {
        assertThat(findings("FW-F008", "fires-namespace-defaults-to-release", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("; a HelmRepository named podinfo is defined in namespace "
                        + "flux-system, but a chart.spec.sourceRef without namespace means the referrer's own namespace "
                        + "(podinfo): add namespace: flux-system, or define the HelmRepository in podinfo"));
    }

    /** A listed file the source's artifact leaves out: the rule that leaves it out, and the Flux build that fails. */
    @Test
    void aListedFileLeftOutOfTheArtifactNamesTheIgnoreRule() throws Exception {
        assertThat(findings("FW-K001", "fires-listed-file-left-out-of-artifact", "FW-K001")).extracting(f -> f.message())
                .containsExactly("'settings.local.yaml' is left out of the source's artifact ('.sourceignore' line 2 "
                        + "('*.local.yaml')), which Flux builds from: Flux Kustomization flux-system/apps fails",
                        "'drafts' is left out of the source's artifact ('.sourceignore' line 3 ('drafts/')), which Flux "
                        + "builds from: Flux Kustomization flux-system/apps fails");
    }

    /** A source of that name and namespace defined as another kind: the reference's kind is the likelier mistake. */
    @Test
    void aSourceOfThatNameOfAnotherKindIsNamed() throws Exception {
        assertThat(findings("FW-F008", "fires-repo-source-name-other-kind", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("; a GitRepository of that name is defined "
                        + "(clusters/prod/flux-system/gotk-sync.yaml:2): is the reference's kind meant to be GitRepository?"));
    }

    @Test
    void aFluxSystemReferrerIsNotOfferedATenantsSourceOfThatName() throws Exception {
        // team-a/fleet is the tenant's (another repository): the cluster admin's Kustomization must not be told to use it.
        assertThat(findings("FW-F008", "fires-admin-source-named-like-tenant-source", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).doesNotContain("team-a").endsWith("; if it is this repository's own "
                        + "source, made outside it (by a bootstrap or the Flux Operator), name it in .fluxward.yaml as flux: "
                        + "{source: flux-system/fleet} (not under externals.sources, which would leave the paths of its "
                        + "Kustomizations unchecked)"));
    }

    @Test
    void aKindNamedInTheNamespaceHintTakesTheRightArticle() throws Exception {
        String yaml = """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata: {name: podinfo, namespace: flux-system}
                spec: {interval: 10m, url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: {semver: 6.x}}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: podinfo, namespace: apps}
                spec: {interval: 10m, chartRef: {kind: OCIRepository, name: podinfo}}
                """;
        assertThat(new Scanner(rules).scan(MemorySnapshot.ofText(Map.of("hr.yaml", yaml)), Config.empty(),
                ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-F008"))).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("; an OCIRepository named podinfo is defined in namespace "
                        + "flux-system, but a chartRef without namespace").doesNotContain("a OCIRepository"));
    }

    @Test
    void aMissingSourceOfKustomizationsWithPathsHereIsProposedAsTheRepositorysOwn() throws Exception {
        assertThat(findings("FW-F008", "fires-own-source-made-outside", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("; if it is this repository's own source, made outside it "
                        + "(by a bootstrap or the Flux Operator), name it in .fluxward.yaml as flux: {source: "
                        + "flux-system/home-cluster} (not under externals.sources, which would leave the paths of its "
                        + "Kustomizations unchecked)"));
        // A path that is no folder here gives no such advice.
        assertThat(findings("FW-F008", "fires-namespace-defaults-to-release", "FW-F008")).singleElement()
                .satisfies(f -> assertThat(f.message()).doesNotContain("flux.source"));
    }

    @Test
    void aFolderWhereKustomizeNeedsAFileIsCalledOne() throws Exception {
        assertThat(findings("FW-K001", "fires-folder-where-a-file-is-needed", "FW-K001")).hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).startsWith("'sub' is a folder, not a file: "));
    }

    @Test
    void missingServiceAccountSaysWhoTheApplierActsAs() throws Exception {
        assertThat(findings("FW-F016", "fires-tenant-kustomization", "FW-F016")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("it applies with the controller's own ServiceAccount "
                        + "(cluster-admin in a default install)"));
        // With a kubeConfig the controller's rights are not used: the kubeconfig's identity is, on the remote cluster.
        assertThat(findings("FW-F016", "fires-tenant-kustomization-with-kubeconfig", "FW-F016")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("it applies on the remote cluster with whatever "
                        + "identity kubeConfig Secret team-a/team-a-kubeconfig carries").doesNotContain("cluster-admin"));
        assertThat(findings("FW-F016", "fires-tenant-under-multitenant-flux-instance", "FW-F016")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("the controller impersonates its default ServiceAccount "
                        + "team-a/default (FluxInstance flux-system/flux sets cluster.multitenant)"));
        assertThat(findings("FW-F016", "fires-tenant-helmrelease-with-default-service-account-flag", "FW-F016"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("default ServiceAccount team-a/default "
                        + "(Deployment flux-system/helm-controller runs with --default-service-account=default)"));
    }

    @Test
    void fluxKustomizationWithoutNamespaceIsNamedWithTheOneItsFolderGivesIt() throws Exception {
        // Also built by the kustomization Flux generates for its path: still one finding.
        assertThat(findings("FW-K005", "fires-flux-components-kustomization-generated-root", "FW-K005")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("(in the build of Flux Kustomization flux-system/web)"));
    }

    @Test
    void dualOwnershipNamesTheApplierOfTheFileFirstAndEveryOwner() throws Exception {
        String alpha = "Kustomization flux-system/alpha (clusters/ks.yaml)";
        String beta = "Kustomization flux-system/beta (clusters/ks.yaml)";
        String zeta = "Kustomization flux-system/zeta (clusters/ks.yaml)";
        List<Finding> three = findings("FW-F014", "fires-three-appliers-of-one-object", "FW-F014");
        assertThat(three).filteredOn(f -> f.path().equals("b/cm.yaml")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("ConfigMap default/x is applied by " + zeta + ", " + alpha
                        + " and " + beta + ": they overwrite each other, and pruning by one deletes it for the others"));
        assertThat(three).filteredOn(f -> f.path().equals("a/cm.yaml")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("ConfigMap default/x is applied by " + alpha + ", " + beta
                        + " and " + zeta + ":"));
        List<Finding> two = findings("FW-F014", "fires-namespace-in-two-kustomizations", "FW-F014");
        assertThat(two).filteredOn(f -> f.path().equals("monitoring/namespace.yaml")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("is applied by both Kustomization flux-system/monitoring "
                        + "(clusters/prod/monitoring.yaml) and Kustomization flux-system/logging (clusters/prod/logging.yaml): "
                        + "they overwrite each other, and pruning by one deletes it for the other").doesNotContain("more"));
    }

    @Test
    void dualOwnershipLinksEveryOwnerButNeverTheFindingsOwnPlace() throws Exception {
        // The spoke's flux-system Kustomization applies itself, and the hub applies it too (with a kubeConfig).
        List<Finding> found = findings("FW-F014", "fires-self-applying-kustomization-also-applied-by-hub", "FW-F014");
        assertThat(found).hasSize(2).allSatisfy(f -> assertThat(f.related())
                .noneMatch(r -> r.location().path().equals(f.path()) && r.location().line() == f.line())
                .anySatisfy(r -> {
                    assertThat(r.location().path()).isEqualTo("hub/sync.yaml");
                    assertThat(r.location().line()).isEqualTo(23);
                    assertThat(r.message()).isEqualTo("an owner: Kustomization flux-system/a-spoke-flux");
                }));
        // Every owner the message names is linked, not only the second.
        assertThat(findings("FW-F014", "fires-three-appliers-of-one-object", "FW-F014"))
                .allSatisfy(f -> assertThat(f.related()).extracting(r -> r.location().line())
                        .containsExactlyInAnyOrder(2, 7, 12));
    }
    /** A long dependsOn cycle is printed whole once: N findings of N names each made the report grow as N squared. */
    @Test
    void longDependsOnCycleIsPrintedWholeOnceAndBoundedElsewhere() throws Exception {
        int n = 40;
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < n; i++) {
            yaml.append("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: app-").append(i)
                    .append(", namespace: flux-system}\nspec:\n  interval: 10m\n  prune: true\n  path: ./apps\n"
                            + "  sourceRef: {kind: GitRepository, name: flux-system}\n  dependsOn: [{name: app-")
                    .append((i + n - 1) % n).append("}]\n---\n");
        }
        List<Finding> found = new Scanner(rules).scan(MemorySnapshot.ofText(Map.of("ks.yaml", yaml.toString())),
                Config.empty(), ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-F004"))).findings();
        assertThat(found).hasSize(n);
        assertThat(found).filteredOn(f -> f.message().startsWith("dependsOn cycle flux-system/")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("dependsOn cycle flux-system/app-0 -> flux-system/app-39 ->")
                        .contains("-> flux-system/app-1 -> flux-system/app-0 (Kustomizations): none of them"));
        assertThat(found).filteredOn(f -> f.message().startsWith("dependsOn cycle of 40 Kustomizations ")).hasSize(n - 1)
                .allSatisfy(f -> assertThat(f.message()).hasSizeLessThan(400)
                        .contains(" -> ... (35 more; the whole cycle is printed with flux-system/app-0)"));
    }
    /** One object applied by many Kustomizations (a generator's repeated path): one finding, owners counted, ten linked. */
    @Test
    void objectOfManyAppliersNamesThreeAndLinksTen() throws Exception {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("clusters/prod/sync.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {interval: 1m, url: https://github.com/example/fleet, ref: {branch: main}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: flux-system, namespace: flux-system}
                spec: {interval: 10m, path: ./clusters/prod, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                """);
        for (int i = 0; i < 40; i++) {
            files.put("clusters/prod/apps/app-%02d.yaml".formatted(i), """
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: app-%02d, namespace: flux-system}
                    spec: {interval: 10m, path: ./apps/shared, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                    """.formatted(i));
        }
        files.put("apps/shared/kustomization.yaml", "resources:\n  - cm.yaml\n");
        files.put("apps/shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: apps}\n");
        List<Finding> found = new Scanner(rules).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-F014"))).findings();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.message()).startsWith("ConfigMap apps/shared is applied by Kustomization flux-system/app-00 "
                    + "(clusters/prod/apps/app-00.yaml), Kustomization flux-system/app-01").contains(" and 37 more: ");
            assertThat(f.related()).hasSize(10);
        });
    }
}
