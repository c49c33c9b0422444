package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.flux.Vars;
import io.fluxward.model.Note;
import io.fluxward.report.ReportContext;
import io.fluxward.report.Reporter;
import io.fluxward.report.Reporters;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values that post-build substitution puts into applied objects are judged and named in messages, but a value that
 * comes from a Secret ({@code substituteFrom} kind Secret) is never printed: it is not even known to the rules.
 */
class PostBuildValueTest {

    private static final String CANARY = "cnry-postbuild-secret-61";

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("clusters/prod/sync.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec:
                  interval: 1m
                  url: https://github.com/acme/fleet
                  ref: {branch: main}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: flux-system, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./clusters/prod
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  postBuild:
                    substituteFrom:
                      - {kind: Secret, name: source-secrets}
                """);
        f.put("clusters/prod/secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: source-secrets, namespace: flux-system}
                stringData:
                  HELM_URL: http://%s.lan
                  REFRESH: 5s
                """.formatted(CANARY));
        f.put("apps/src.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: charts, namespace: flux-system}
                spec:
                  interval: 1h
                  url: ${HELM_URL}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: db, namespace: default}
                spec:
                  refreshInterval: ${REFRESH}
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  dataFrom:
                    - extract: {key: db}
                ---
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: vault}
                spec:
                  provider:
                    vault: {server: "https://vault.lan", path: secret, auth: {kubernetes: {mountPath: k, role: r}}}
                """);
        return f;
    }

    @Test
    void secretValuesAreNeitherJudgedNorPrinted() throws Exception {
        ScanResult result = new Scanner(rules).scan(MemorySnapshot.ofText(files()), Config.empty(), ScanOptions.defaults());
        assertThat(result.findings()).extracting(Finding::ruleId).doesNotContain("FW-F012", "FW-E004");
        StringBuilder everything = new StringBuilder();
        for (Finding f : result.findings()) {
            everything.append(f.message()).append('\n').append(f.fingerprint()).append('\n');
            f.related().forEach(r -> everything.append(r.message()).append('\n'));
        }
        for (Note n : result.notes()) {
            everything.append(n.render()).append('\n');
        }
        ReportContext context = new ReportContext(rules.descriptors(), "test", "", false, "");
        for (String name : Reporters.names()) {
            Reporter reporter = Reporters.forName(name).orElseThrow();
            StringWriter out = new StringWriter();
            reporter.write(result, context, out);
            everything.append(out);
        }
        assertThat(everything.toString()).doesNotContain(CANARY);
    }

    @Test
    void messagesNameTheValueAndWhereItComesFromButNeverASecretValue() {
        Vars vars = new Vars(true, Map.of("URL", Optional.of("http://charts.lan"), "HOST", Optional.of("git.lan"),
                "PORT", Optional.of("8080")), Set.of(), Set.of(), Map.of("URL", Vars.INLINE, "HOST",
                "ConfigMap flux-system/vars", "PORT", "Secret flux-system/creds"));
        assertThat(vars.substitute("${URL}").orElseThrow().shown())
                .isEqualTo("${URL} (http://charts.lan from postBuild.substitute)");
        assertThat(vars.substitute("${MISSING:=30s}").orElseThrow().shown()).isEqualTo("${MISSING:=30s} (30s from the default)");
        // Were a Secret's value ever known, it would still not be shown.
        Vars.Substituted fromSecret = vars.substitute("http://${HOST}:${PORT}").orElseThrow();
        assertThat(fromSecret.value()).isEqualTo("http://git.lan:8080");
        assertThat(fromSecret.shown()).isEqualTo("http://${HOST}:${PORT} (the value from Secret flux-system/creds)")
                .doesNotContain("8080");
        assertThat(vars.substitute("plain").orElseThrow().shown()).isEqualTo("plain");
        assertThat(vars.substitute("${UNDEFINED}")).isEmpty();
    }
}
