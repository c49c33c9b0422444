package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.schema.ApiLifecycle;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Levels and messages of FW-F010 / FW-F011 with and without a target, and the table in explain. */
class LifecycleRulesTest {

    private static RuleSet rules;

    private static final String V2BETA2 = """
            apiVersion: helm.toolkit.fluxcd.io/v2beta2
            kind: HelmRelease
            metadata: {name: podinfo, namespace: apps}
            spec:
              interval: 10m
              chart:
                spec:
                  chart: podinfo
                  valuesFile: values.yaml
                  sourceRef: {kind: HelmRepository, name: podinfo}
            """;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static List<Finding> scan(String yaml, String config) throws Exception {
        Config cfg = config.isEmpty() ? Config.empty() : Config.parse(config, ".fluxward.yaml", rules.descriptors());
        ScanResult result = new Scanner(rules).scan(MemorySnapshot.ofText(Map.of("hr.yaml", yaml)), cfg,
                ScanOptions.defaults().withRuleFilter(r -> r.id().startsWith("FW-F01")));
        return result.findings();
    }

    @Test
    void warningWithoutTargetErrorOnceRemoved() throws Exception {
        assertThat(scan(V2BETA2, "")).extracting(f -> f.ruleId() + " " + f.level().id() + " " + f.line())
                .containsExactly("FW-F010 warning 1", "FW-F011 warning 9");
        assertThat(scan(V2BETA2, "flux: {version: \"2.8\"}\n")).extracting(f -> f.ruleId() + " " + f.level().id())
                .containsExactly("FW-F010 error", "FW-F011 error");
        assertThat(scan(V2BETA2, "flux: {version: \"2.5\"}\n")).extracting(f -> f.level().id())
                .containsExactly("warning", "warning");
        assertThat(scan(V2BETA2, "flux: {version: \"2.2\"}\n")).isEmpty();
    }

    @Test
    void messageNamesTheReplacementAndTheTarget() throws Exception {
        String plain = V2BETA2.replaceAll("(?m)^ *valuesFile: values.yaml\n", "");
        assertThat(scan(plain, "flux: {version: \"2.9\"}\n").get(0).message()).isEqualTo(
                "helm.toolkit.fluxcd.io/v2beta2 HelmRelease was removed in Flux 2.8 (flux.version is 2.9): the API "
                        + "server rejects it; use helm.toolkit.fluxcd.io/v2 ('fluxward migrate --apis' rewrites it "
                        + "where the schema is unchanged)");
        // migrate leaves an object with a field the new version lacks to be changed by hand: that field comes first.
        assertThat(scan(V2BETA2, "flux: {version: \"2.9\"}\n").get(0).message()).endsWith("use helm.toolkit.fluxcd.io/v2; "
                + "remove spec.chart.spec.valuesFile first (see FW-F011): 'fluxward migrate --apis' does not rewrite an "
                + "object that still has it");
        String validation = "apiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\nmetadata: {name: apps}\n"
                + "spec: {interval: 10m, path: ./, prune: true, validation: client, sourceRef: {kind: GitRepository, name: x}}\n";
        assertThat(scan(validation, "")).filteredOn(f -> f.ruleId().equals("FW-F010")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("; remove spec.validation first (see FW-F011)")
                        .doesNotContain("rewrites it"));
        assertThat(scan(V2BETA2.replace("v2beta2", "v2"), "").get(0)).satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("FW-F011");
            assertThat(f.level().id()).isEqualTo("error");
            assertThat(f.message()).contains("spec.chart.spec.valuesFile does not exist in helm.toolkit.fluxcd.io/v2")
                    .contains("valuesFiles");
        });
    }

    @Test
    void esoTargetIsIndependentOfFlux() throws Exception {
        String es = "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: db}\n"
                + "spec: {secretStoreRef: {name: vault}}\n";
        assertThat(scan(es, "flux: {version: \"2.9\"}\n")).extracting(f -> f.level().id()).containsExactly("warning");
        assertThat(scan(es, "eso: {version: \"0.17.1\"}\n")).extracting(f -> f.level().id()).containsExactly("error");
    }

    @Test
    void explainPrintsTheWholeTable() {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"explain", "FW-F010"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        for (ApiLifecycle.Api api : ApiLifecycle.get().apis(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO)) {
            assertThat(out.toString()).contains("| " + api.gvk().kind() + " | `" + api.gvk().apiVersion() + "` |");
        }
        assertThat(out.toString()).doesNotContain("extensions/v1beta1");
    }

    /** Every Flux and ESO row of the table has a fixture where FW-F010 fires on it. */
    @Test
    void everyRowHasAFiringFixture() throws Exception {
        StringBuilder fixtures = new StringBuilder();
        try (Stream<Path> files = Files.walk(TestPaths.testdata().resolve("cases/FW-F010"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().contains("/fires-")) {
                    fixtures.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (ApiLifecycle.Api api : ApiLifecycle.get().apis(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO)) {
            String needle = "apiVersion: " + api.gvk().apiVersion() + "  # expect: FW-F010\nkind: " + api.gvk().kind();
            if (!fixtures.toString().contains(needle)) {
                missing.add(api.gvk().toString());
            }
        }
        assertThat(missing).as("rows without a fires-* fixture").isEmpty();
    }
}
