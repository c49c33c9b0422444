package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Validates many Flux objects and reports the rate; not a timed test (the machine decides the
 * rate). It checks what the speed rests on: each group/version/kind compiles once, however many
 * objects use it. {@code -Dfluxward.benchmark.objects=20000} sets the count (default 2,000).
 */
class SchemaBenchmarkTest {

    private static final String[] TEMPLATES = {
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: app-%1$d, namespace: flux-system, labels: {app: app-%1$d}}
            spec:
              interval: 10m
              path: ./apps/app-%1$d
              prune: true
              wait: true
              timeout: 5m
              targetNamespace: app-%1$d
              sourceRef: {kind: GitRepository, name: platform}
              dependsOn: [{name: infra}]
              postBuild: {substitute: {app: app-%1$d}}
            """,
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: app-%1$d, namespace: apps}
            spec:
              interval: 30m
              chart:
                spec:
                  chart: app-template
                  version: 3.5.1
                  sourceRef: {kind: HelmRepository, name: bjw-s, namespace: flux-system}
              install: {remediation: {retries: 3}}
              upgrade: {cleanupOnFail: true, remediation: {retries: 3, strategy: rollback}}
              values:
                controllers: {main: {containers: {app: {image: {repository: ghcr.io/acme/app, tag: "%1$d"}}}}}
            """,
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata: {name: app-%1$d, namespace: flux-system}
            spec:
              interval: 10m
              url: oci://ghcr.io/acme/manifests/app-%1$d
              ref: {semver: ">=1.0.0"}
            """,
            """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: app-%1$d, namespace: apps}
            spec:
              refreshInterval: 1h
              secretStoreRef: {name: onepassword, kind: ClusterSecretStore}
              target: {name: app-%1$d-secret, template: {engineVersion: v2, data: {URL: "https://{{ .host }}"}}}
              dataFrom: [{extract: {key: app-%1$d}}]
            """,
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: app-%1$d, namespace: flux-system}
            spec:
              interval: 1h
              url: https://github.com/acme/app-%1$d
              ref: {branch: main}
            """,
    };

    @Test
    void validatesManyObjectsWithOneCompilationPerKind() {
        int count = Integer.getInteger("fluxward.benchmark.objects", 2_000);
        List<YNode> objects = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("---\n").append(String.format(Locale.ROOT, TEMPLATES[i % TEMPLATES.length], i));
        }
        for (YDocument doc : new YamlParser(new io.fluxward.yaml.YamlLimits(64 * 1024 * 1024, 512, 10_000, 2_000_000L))
                .parseText(text.toString()).documents()) {
            objects.add(doc.root());
        }
        assertThat(objects).hasSize(count);
        SchemaRegistry registry = SchemaRegistry.bundledOnly();
        Set<Gvk> kinds = new HashSet<>();
        long compiledBefore = KubeSchema.compilations();
        long compileStart = System.nanoTime();
        for (YNode object : objects.subList(0, TEMPLATES.length)) {
            kinds.add(Gvk.of(object.get("apiVersion").textOr(""), object.get("kind").textOr("")));
        }
        kinds.forEach(registry::resolve);
        double compileSeconds = (System.nanoTime() - compileStart) / 1e9;
        long violations = 0;
        long start = System.nanoTime();
        for (YNode object : objects) {
            Gvk gvk = Gvk.of(object.get("apiVersion").textOr(""), object.get("kind").textOr(""));
            kinds.add(gvk);
            for (KubeSchema schema : registry.resolve(gvk).schemas()) {
                violations += schema.validate(JsonTree.of(object), false).size();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long compiled = KubeSchema.compilations() - compiledBefore;
        System.out.printf(Locale.ROOT, "schema benchmark: compiled %d schemas (one per kind) in %.2f s; validated %d "
                + "objects in %.2f s = %.0f objects/s (first pass, cold JIT)%n", compiled, compileSeconds, count, seconds,
                count / seconds);
        assertThat(violations).isZero();
        assertThat(compiled).as("one compilation per group/version/kind at most").isLessThanOrEqualTo(kinds.size());
        long again = KubeSchema.compilations();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long second = System.nanoTime();
        long convert = 0;
        for (YNode object : objects) {
            Gvk gvk = Gvk.of(object.get("apiVersion").textOr(""), object.get("kind").textOr(""));
            long c0 = System.nanoTime();
            JsonTree tree = JsonTree.of(object);
            convert += System.nanoTime() - c0;
            registry.resolve(gvk).schemas().forEach(s -> s.validate(tree, false));
        }
        double warm = (System.nanoTime() - second) / 1e9;
        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "schema benchmark, second pass (schemas compiled, JIT warm): %.2f s = %.0f "
                + "objects/s wall, %.0f objects per CPU second on one thread (YAML to JSON %.2f s)%n", warm,
                count / warm, count / cpuSeconds, convert / 1e9);
        assertThat(KubeSchema.compilations()).as("validating again compiles nothing").isEqualTo(again);
    }
}
