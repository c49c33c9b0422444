package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SARIF partial fingerprints identify a finding by what it is about, not by where it is: lines
 * added above it (comments, other keys, other objects) must not change them, so GitHub keeps the
 * same alert open instead of closing it and opening a new one.
 */
class FingerprintStabilityTest {

    private static final String KUSTOMIZATION = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - deployment.yaml
              - configmaps.yaml
            """;

    private static final String DEPLOYMENT = """
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
            """;

    private static final String CONFIGMAPS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: first
            data:
              mode: fast
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: second
            data:
              # fluxward:ignore FW-G004
              level: info
              level: debug
              # fluxward:ignore FW-G004
              other: x
            """;

    @Test
    void unrelatedLinesAboveDoNotChangePartialFingerprints(@TempDir Path dir) throws Exception {
        Path before = write(dir.resolve("before"), DEPLOYMENT, CONFIGMAPS);
        Path after = write(dir.resolve("after"),
                "# owner: team-web\n# see the runbook\n\n" + DEPLOYMENT,
                """
                # generated from the team template
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: first
                  labels:
                    team: web
                data:
                  mode: fast
                  extra: "1"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: second
                  annotations:
                    note: added later
                data:
                  added: key
                """ + CONFIGMAPS.substring(CONFIGMAPS.indexOf("  # fluxward:ignore FW-G004\n  level")));

        Map<String, List<String>> fingerprintsBefore = fingerprints(before);
        Map<String, List<String>> fingerprintsAfter = fingerprints(after);
        assertThat(fingerprintsBefore.keySet()).as("the sample has findings of G002, G004 and G005")
                .contains("FW-G002", "FW-G004", "FW-G005");
        assertThat(lines(after)).as("the findings did move down").isNotEqualTo(lines(before));
        assertThat(fingerprintsAfter).isEqualTo(fingerprintsBefore);
    }

    /**
     * A document that is no object (here without apiVersion) is named by its kind and name, not by its position: a
     * document added above it in the same file left its findings "new" for the hook and the baseline (QA).
     */
    @Test
    void aDocumentAddedAboveADocumentWithoutApiVersionChangesNothing(@TempDir Path dir) throws Exception {
        Path before = write(dir.resolve("before"), DEPLOYMENT, CONFIGMAPS);
        Path after = write(dir.resolve("after"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: above}\n---\n"
                + DEPLOYMENT, CONFIGMAPS);
        Map<String, List<String>> fingerprintsBefore = fingerprints(before);
        assertThat(fingerprintsBefore.get("FW-G004")).as("the Deployment without apiVersion").isNotEmpty();
        assertThat(lines(after)).as("the findings did move down").isNotEqualTo(lines(before));
        assertThat(fingerprints(after)).isEqualTo(fingerprintsBefore);
    }

    @Test
    void differentFindingsHaveDifferentFingerprints(@TempDir Path dir) throws Exception {
        Path repo = write(dir.resolve("repo"), DEPLOYMENT, CONFIGMAPS);
        List<String> all = new ArrayList<>();
        fingerprints(repo).values().forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);

        Path moved = write(dir.resolve("moved"), DEPLOYMENT, CONFIGMAPS.replace("  level: debug", "  mode: debug")
                .replace("  level: info", "  mode: info"));
        assertThat(fingerprints(moved).get("FW-G002")).as("a duplicate of another key is another finding")
                .doesNotContainAnyElementsOf(fingerprints(repo).get("FW-G002"));
    }

    /**
     * A finding about a secret is about its value too: another value at the same place is another finding
     * (a leaked key replaced by a new leaked key), while lines above it still do not matter.
     */
    @Test
    void aSecretFindingFollowsItsValueNotItsLine(@TempDir Path dir) throws Exception {
        Path base = writeSecrets(dir.resolve("base"), 0, "");
        Path moved = writeSecrets(dir.resolve("moved"), 0, "# moved down\n# by two lines\n");
        Path rotated = writeSecrets(dir.resolve("rotated"), 1, "");
        Map<String, List<String>> before = fingerprints(base);
        List<String> rules = List.of("FW-S001", "FW-S002", "FW-S004", "FW-S005", "FW-S006", "FW-S007", "FW-S008");
        assertThat(before.keySet()).containsAll(rules);
        assertThat(lines(moved)).as("the findings did move down").isNotEqualTo(lines(base));
        assertThat(fingerprints(moved)).isEqualTo(before);
        Map<String, List<String>> after = fingerprints(rotated);
        for (String rule : rules.subList(1, rules.size())) {
            assertThat(after.get(rule)).as(rule).hasSameSizeAs(before.get(rule))
                    .doesNotContainAnyElementsOf(before.get(rule));
        }
        // FW-S001 is one finding per Secret, whatever values it holds (a value removed is nothing new): the values
        // are its parts, and the rotated one is another part.
        assertThat(after.get("FW-S001")).isEqualTo(before.get("FW-S001"));
        assertThat(parts(moved)).isEqualTo(parts(base)).hasSize(1);
        assertThat(parts(rotated)).hasSize(1).doesNotContainAnyElementsOf(parts(base));
        assertThat(results(rotated).toString()).doesNotContain("cnry").doesNotContain("AKIAQWERTY");
        // The digest of a value is part of every baseline and report: it must be the same on every machine.
        assertThat(io.fluxward.engine.Fingerprints.valueTag("FW-S008", "key:aws-access-key-id",
                "AKIAQWERTYUIOPASDFGH")).isEqualTo("e3e8");
    }

    private static final String INLINE_PATCH = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:%s
              - secret.yaml
            patches:
              - patch: |-
                  apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: web}
                  data:
                    db_password: cnry-inline-cm-0a9f8e7d
              - patch: |-
                  apiVersion: v1
                  kind: Secret
                  metadata:
                    name: db
                  stringData:
            %s
            """;

    /**
     * FW-S001 in an inline patch: the values are no nodes of the file, so their parts are named by the patch and
     * their key paths inside it, not by lines: lines added above and values reordered leave the finding and its parts
     * alone; a rotated value is another part of the same finding. FW-S007's findings there are keyed the same way.
     */
    @Test
    void aSecretInAnInlinePatchFollowsItsValuesNotTheirLines(@TempDir Path dir) throws Exception {
        String user = "        username: cnry-inline-user-0a9f8e7d";
        String password = "        password: cnry-inline-pw-%s";
        Map<String, String> variants = Map.of(
                "base", INLINE_PATCH.formatted("", user + "\n" + password.formatted("0a9f8e7d")),
                "moved", INLINE_PATCH.formatted("\n  - other.yaml", password.formatted("0a9f8e7d") + "\n" + user),
                "rotated", INLINE_PATCH.formatted("", user + "\n" + password.formatted("5c3b1e24")));
        Map<String, Path> repos = new TreeMap<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            Path repo = dir.resolve(v.getKey());
            Files.createDirectories(repo.resolve("app"));
            Files.writeString(repo.resolve("app/kustomization.yaml"), v.getValue(), StandardCharsets.UTF_8);
            Files.writeString(repo.resolve("app/secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\n",
                    StandardCharsets.UTF_8);
            Files.writeString(repo.resolve("app/other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: o}\n",
                    StandardCharsets.UTF_8);
            repos.put(v.getKey(), repo);
        }
        // other.yaml is an unused manifest (FW-K004) where the kustomization does not list it.
        List<String> base = fingerprints(repos.get("base")).get("FW-S001");
        assertThat(base).hasSize(1);
        assertThat(lines(repos.get("moved"))).as("the finding did move down").isNotEqualTo(lines(repos.get("base")));
        assertThat(fingerprints(repos.get("moved")).get("FW-S001")).isEqualTo(base);
        assertThat(fingerprints(repos.get("rotated")).get("FW-S001")).isEqualTo(base);
        List<String> configMap = fingerprints(repos.get("base")).get("FW-S007");
        assertThat(configMap).hasSize(1);
        assertThat(fingerprints(repos.get("moved")).get("FW-S007")).isEqualTo(configMap);
        List<String> parts = parts(repos.get("base"));
        assertThat(parts).hasSize(2);
        assertThat(parts(repos.get("moved"))).containsExactlyInAnyOrderElementsOf(parts);
        assertThat(parts(repos.get("rotated"))).hasSize(2).containsAnyElementsOf(parts).isNotEqualTo(parts);
    }

    private static final String LISTS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: web}
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: ghcr.io/acme/web:1.0
                      env:%s
                        - name: DB_PASSWORD
                          value: cnry-list-env-0a9f8e7d
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 10m
              path: ./apps
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
              dependsOn:%s
                - name: infra
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: flux-system, namespace: flux-system}
            spec:
              interval: 1m
              url: https://github.com/acme/fleet
              ref: {branch: main}
            ---
            apiVersion: v1
            kind: List
            items:%s
              - apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: web}
                stringData:
                  password: cnry-list-item-0a9f8e7d
            """;

    private static final String GENERATORS = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            secretGenerator:%s
              - name: api
                literals:%s
                  - TOKEN=cnry-literal-0a9f8e7d
            """;

    /**
     * A list item is identified by its name (or key, id, object reference, literal key), not by its index: an
     * item inserted above another leaves that one's findings alone, and a finding of the new item is new (it
     * took over the old one's fingerprint, so a baseline hid the new problem and showed the accepted one).
     */
    @Test
    void listItemsAreIdentifiedByTheirNameNotTheirIndex(@TempDir Path dir) throws Exception {
        Path before = writeLists(dir.resolve("before"), "", "", "", "", "");
        Path after = writeLists(dir.resolve("after"),
                "\n            - name: LOG_LEVEL\n              value: debug",
                "\n    - name: cert-manager",
                "\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: settings, namespace: web}\n"
                        + "    data: {mode: fast}",
                "\n  - name: other\n    literals: [MODE=fast]",
                "\n      - LOG_LEVEL=debug");
        Map<String, String> was = messagesByFingerprint(before);
        Map<String, String> now = messagesByFingerprint(after);
        assertThat(was.values()).as("the sample's findings").anyMatch(m -> m.contains("DB_PASSWORD"))
                .anyMatch(m -> m.contains("flux-system/infra")).anyMatch(m -> m.contains("Secret/web/db"))
                .anyMatch(m -> m.contains("TOKEN"));
        assertThat(lines(after)).as("the findings did move down").isNotEqualTo(lines(before));
        assertThat(now).as("every finding keeps its fingerprint").containsAllEntriesOf(was);
        assertThat(now.entrySet()).as("the new dependsOn item's finding is new")
                .anyMatch(e -> e.getValue().contains("flux-system/cert-manager") && !was.containsKey(e.getKey()));
    }

    /**
     * Beyond {@code name}: a named item by its kind and namespace too (dependsOn), an unnamed one by its identifying
     * field (ESO {@code secretKey}, {@code containerPort}, values {@code username}), a plain string (a generator's
     * file, an argument) by a digest of its value, and FW-P001 by the container, not by the image's rank in the
     * file. An item inserted above keeps the others' fingerprints; its own finding is new (a baseline hid it).
     */
    @Test
    void listItemsWithoutANameKeepTheirFingerprintsWhenOneIsInsertedAbove(@TempDir Path dir) throws Exception {
        Map<String, String> files = Map.of(
                ".fluxward.yaml", "allowedRegistries: [ghcr.io/acme]\nrules:\n  FW-P001: {enabled: true}\n",
                "clusters/apps.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: apps, namespace: flux-system}
                        spec:
                          interval: 10m
                          path: ./apps
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                          postBuild:
                            substitute: {CLUSTER: prod}
                          dependsOn:%s
                            - name: infra-configs
                              namespace: tenant-a
                        ---
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: GitRepository
                        metadata: {name: flux-system, namespace: flux-system}
                        spec: {interval: 1m, url: https://github.com/acme/fleet, ref: {branch: main}}
                        """,
                "apps/kustomization.yaml", "resources: [deploy.yaml, es.yaml, hr.yaml]\n",
                "apps/deploy.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web, namespace: apps}
                        spec:
                          template:
                            spec:%s
                              containers:
                                - name: web
                                  image: docker.io/library/nginx:1.25
                                  command:%s
                                    - sh
                                    - exec web --region ${REGION}
                                  ports:%s
                                    - containerPort: 8080
                                      hostPort: ${HOST_PORT}
                        """,
                "apps/es.yaml", """
                        apiVersion: external-secrets.io/v1
                        kind: ExternalSecret
                        metadata: {name: db, namespace: apps}
                        spec:
                          secretStoreRef: {kind: ClusterSecretStore, name: vault}
                          target: {name: db}
                          data:%s
                            - secretKey: password
                              remoteRef: {key: db/pass}
                              sourceRef:
                                storeRef: {kind: ClusterSecretStore, name: vault-old}
                        ---
                        apiVersion: external-secrets.io/v1
                        kind: ClusterSecretStore
                        metadata: {name: vault}
                        spec:
                          provider: {vault: {server: https://vault.acme.internal, auth: {tokenSecretRef: {name: t}}}}
                        """,
                "apps/hr.yaml", """
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata: {name: pgbouncer, namespace: apps}
                        spec:
                          chart: {spec: {chart: pgbouncer, sourceRef: {kind: HelmRepository, name: charts}}}
                          values:
                            users:%s
                              - username: app
                                password: "app-Pa55w0rd-2024"
                        """,
                "gen/kustomization.yaml", """
                        secretGenerator:
                          - name: tls
                            files:%s
                              - tls.key
                          - name: env
                            envs:%s
                              - app.env
                        """,
                "gen/tls.key", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
                "gen/app.env", "DB_PASSWORD=hunter2-prod\n",
                "gen/common.env", "LOG=info\n");
        Map<String, List<String>> inserts = Map.of(
                "clusters/apps.yaml", List.of("\n    - name: infra-configs\n      namespace: tenant-b"),
                "apps/deploy.yaml", List.of("\n      initContainers:\n        - name: wait\n"
                        + "          image: docker.io/library/nginx:1.24", "\n            - /usr/bin/env",
                        "\n            - containerPort: 9090"),
                "apps/es.yaml", List.of("\n    - secretKey: host\n      remoteRef: {key: db/host}"),
                "apps/hr.yaml", List.of("\n      - username: readonly\n        password: \"ro-Pa55w0rd-2024\""),
                "gen/kustomization.yaml", List.of("\n      - ca.crt", "\n      - common.env"));
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        for (Map.Entry<String, String> f : files.entrySet()) {
            List<String> add = inserts.getOrDefault(f.getKey(), List.of());
            for (Path root : List.of(before, after)) {
                Object[] args = root == before ? add.stream().map(a -> "").toArray() : add.toArray();
                Path file = root.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue().formatted(args), StandardCharsets.UTF_8);
            }
        }
        Map<String, String> was = messagesByFingerprint(before);
        Map<String, String> now = messagesByFingerprint(after);
        assertThat(String.join("\n", was.values())).as("the sample's findings").contains("tenant-a/infra-configs",
                "nginx:1.25", "${REGION}", "${HOST_PORT}", "spec.data", "users[0].password", "'tls.key'", "'app.env'");
        // Messages name items by index (users[1]): the fingerprints must not.
        assertThat(now.keySet()).as("every finding keeps its fingerprint").containsAll(was.keySet());
        List<String> added = now.entrySet().stream().filter(e -> !was.containsKey(e.getKey())).map(Map.Entry::getValue)
                .filter(m -> !m.startsWith("FW-K001")).sorted().toList();
        assertThat(added).as("only the inserted items' findings are new").hasSize(4)
                .anyMatch(m -> m.contains("tenant-b/infra-configs")).anyMatch(m -> m.contains("nginx:1.24"))
                .anyMatch(m -> m.contains("users[0].password")).anyMatch(m -> m.contains("'common.env'"));
    }

    /**
     * FW-F005 and FW-F006 point at {@code dependsOn} when there is one, else at the {@code kind:} line: a dependsOn
     * added for another reason moves them, and they must stay the same findings (the hook blocked such a commit).
     */
    @Test
    void orderingGapsKeepTheirFingerprintsWhenADependsOnIsAdded(@TempDir Path dir) throws Exception {
        String flux = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: %s, namespace: flux-system}
                spec:%s
                  interval: 10m
                  path: ./%s
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """;
        Map<String, String> files = Map.of(
                "clusters/prod/source.yaml", """
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: GitRepository
                        metadata: {name: flux-system, namespace: flux-system}
                        spec: {interval: 1m, url: https://github.com/acme/fleet, ref: {branch: main}}
                        """,
                "clusters/prod/crds.yaml", flux.formatted("crds", "", "crds"),
                "clusters/prod/namespaces.yaml", flux.formatted("namespaces", "", "namespaces"),
                "crds/crd.yaml", """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: widgets.acme.io}
                        spec:
                          group: acme.io
                          names: {kind: Widget, plural: widgets}
                          scope: Namespaced
                          versions: [{name: v1, served: true, storage: true}]
                        """,
                "namespaces/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n",
                "app/widget.yaml", "apiVersion: acme.io/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n");
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        for (Path root : List.of(before, after)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = root.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            }
        }
        // Before: app waits for nothing (F005 and F006 at its kind: line). After: a dependsOn on something else.
        Files.writeString(before.resolve("clusters/prod/app.yaml"), flux.formatted("app", "", "app"));
        Files.createDirectories(after.resolve("other"));
        Files.writeString(after.resolve("other/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        Files.writeString(after.resolve("clusters/prod/other.yaml"), flux.formatted("other", "", "other"));
        Files.writeString(after.resolve("clusters/prod/app.yaml"),
                flux.formatted("app", "\n  dependsOn:\n    - name: other", "app"));
        Map<String, String> was = messagesByFingerprint(before);
        Map<String, String> now = messagesByFingerprint(after);
        assertThat(was.values()).as("the sample's findings").anyMatch(m -> m.startsWith("FW-F005"))
                .anyMatch(m -> m.startsWith("FW-F006"));
        assertThat(lines(after)).as("the findings did move").isNotEqualTo(lines(before));
        assertThat(now).as("every finding keeps its fingerprint").containsAllEntriesOf(was);
    }

    /**
     * A finding inside an inline patch (a kustomization file's {@code patches[].patch}, a Flux Kustomization's
     * {@code spec.patches[].patch}) is located by the patch entry and its path in the patch's YAML, not by its line:
     * a comment, a resource or a key added above it reopened FW-G003, F012 and F003 in code scanning, the baseline
     * and the pre-commit hook (QA). Another unknown field there is another finding.
     */
    @Test
    void findingsInInlinePatchesFollowTheirPathInThePatch(@TempDir Path dir) throws Exception {
        String kustomization = """
                %sresources:
                  - hr.yaml
                  - repo.yaml
                  - child.yaml%s
                patches:
                  - target: {kind: HelmRelease, name: app}
                    patch: |
                      apiVersion: helm.toolkit.fluxcd.io/v2
                      kind: HelmRelease
                      metadata:
                        name: app
                      spec:%s
                        %s: 5m
                  - target: {kind: HelmRepository}
                    patch: |
                      - op: replace
                        path: /spec/url
                        value: http://insecure.example.com
                """;
        String flux = """
                %sapiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {interval: 1m, url: https://github.com/example/fleet, ref: {branch: main}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  patches:
                    - target: {kind: Kustomization}
                      patch: |
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata:
                          name: any
                        spec:
                          intervall: 5m
                    - target: {kind: Kustomization}
                      patch: |
                        - op: add
                          path: /spec/dependsOn
                          value: [{name: ghost}]
                """;
        Map<String, String> other = Map.of(
                "apps/hr.yaml", """
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata: {name: app, namespace: default}
                        spec:
                          interval: 10m
                          chart: {spec: {chart: app, sourceRef: {kind: HelmRepository, name: charts, namespace: flux-system}}}
                        """,
                "apps/repo.yaml", """
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: HelmRepository
                        metadata: {name: charts, namespace: flux-system}
                        spec: {interval: 1h, url: https://charts.example.com}
                        """,
                "apps/child.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: child, namespace: flux-system}
                        spec: {interval: 10m, path: ./child, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        """,
                "child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: default}\n",
                "apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\n");
        Map<String, Path> repos = new TreeMap<>();
        for (String v : List.of("base", "moved", "renamed")) {
            Path repo = dir.resolve(v);
            for (Map.Entry<String, String> f : other.entrySet()) {
                Files.createDirectories(repo.resolve(f.getKey()).getParent());
                Files.writeString(repo.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            boolean moved = v.equals("moved");
            Files.createDirectories(repo.resolve("clusters"));
            Files.writeString(repo.resolve("apps/kustomization.yaml"), kustomization.formatted(moved ? "# a comment\n" : "",
                    moved ? "\n  - cm.yaml" : "", moved ? "\n        suspend: false" : "",
                    v.equals("renamed") ? "timeoutx" : "timeoutt"), StandardCharsets.UTF_8);
            Files.writeString(repo.resolve("clusters/ks.yaml"), flux.formatted(moved ? "# a comment\n" : ""),
                    StandardCharsets.UTF_8);
            repos.put(v, repo);
        }
        Map<String, List<String>> base = fingerprints(repos.get("base"));
        assertThat(base.keySet()).as("findings inside the patches").contains("FW-G003", "FW-F012", "FW-F003");
        assertThat(base.get("FW-G003")).hasSize(2);
        assertThat(lines(repos.get("moved"))).as("the findings did move down").isNotEqualTo(lines(repos.get("base")));
        Map<String, List<String>> moved = fingerprints(repos.get("moved"));
        for (String rule : List.of("FW-G003", "FW-F012", "FW-F003")) {
            assertThat(moved.get(rule)).as(rule).isEqualTo(base.get(rule));
        }
        List<String> renamed = fingerprints(repos.get("renamed")).get("FW-G003");
        assertThat(renamed).as("another unknown field is another finding").hasSize(2).containsAnyElementsOf(base.get("FW-G003"))
                .isNotEqualTo(base.get("FW-G003"));
    }

    /**
     * FW-F002 where a kustomize replacement copies the folder's namespace into the Kustomizations' targetNamespace: the
     * finding is at the {@code namespace:} of the kustomization file, a copy the build made of that node, and is
     * located by that node's path, not its line (a comment above reopened it on the corpus, QA). Another namespace
     * field is another place.
     */
    @Test
    void aFindingAtACopyOfANodeIsLocatedByThatNode(@TempDir Path dir) throws Exception {
        String kustomization = """
                %sapiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: observability
                resources:
                  - ns.yaml
                  - exporter.yaml
                replacements:
                  - source:
                      kind: Namespace
                      fieldPath: metadata.name
                    targets:
                      - select:
                          kind: Kustomization
                          group: kustomize.toolkit.fluxcd.io
                        fieldPaths:
                          - spec.targetNamespace
                        options:
                          create: true
                """;
        Map<String, String> files = Map.of(
                "app/rule.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rule, namespace: monitoring}\n",
                "app/kustomization.yaml", "resources: [rule.yaml]\n",
                "apps/obs/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: not-used}\n",
                "apps/obs/exporter.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: exporter}
                        spec:
                          interval: 10m
                          path: ./app
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
                        """,
                "clusters/ks.yaml", """
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: GitRepository
                        metadata: {name: flux-system, namespace: flux-system}
                        spec: {interval: 1m, url: https://github.com/example/fleet, ref: {branch: main}}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: apps, namespace: flux-system}
                        spec:
                          interval: 10m
                          path: ./apps/obs
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """);
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        for (Path root : List.of(before, after)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.createDirectories(root.resolve(f.getKey()).getParent());
                Files.writeString(root.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(root.resolve("apps/obs/kustomization.yaml"),
                    kustomization.formatted(root == after ? "# a comment\n" : ""), StandardCharsets.UTF_8);
        }
        Map<String, String> was = messagesByFingerprint(before);
        assertThat(was.values()).as("the sample's finding").anyMatch(m -> m.startsWith("FW-F002"));
        assertThat(lines(after)).as("the finding did move down").isNotEqualTo(lines(before));
        assertThat(messagesByFingerprint(after)).isEqualTo(was);
    }

    /**
     * Documents without apiVersion and kind that have a name are told apart by it, not by their rank: a document
     * inserted above took the next one's fingerprint, and the last one's FW-G004 was reported as new (QA).
     */
    @Test
    void namedDocumentsWithoutAKindKeepTheirFingerprintsWhenOneIsInsertedAbove(@TempDir Path dir) throws Exception {
        String docs = "metadata:\n  name: one\n---\nmetadata:\n  name: two\n";
        Map<String, String> variants = Map.of("base", docs, "inserted", "metadata:\n  name: zero\n---\n" + docs,
                "renamed", docs.replace("two", "three"));
        Map<String, Map<Integer, String>> g004 = new TreeMap<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            Path repo = dir.resolve(v.getKey());
            Files.createDirectories(repo);
            Files.writeString(repo.resolve("kustomization.yaml"), "resources: [a.yaml]\n", StandardCharsets.UTF_8);
            Files.writeString(repo.resolve("a.yaml"), v.getValue(), StandardCharsets.UTF_8);
            Map<Integer, String> byLine = new TreeMap<>();
            for (JsonNode r : results(repo)) {
                if (r.get("ruleId").asText().equals("FW-G004")) {
                    byLine.put(r.at("/locations/0/physicalLocation/region/startLine").asInt(),
                            r.at("/partialFingerprints/primaryLocationLineHash").asText());
                }
            }
            g004.put(v.getKey(), byLine);
        }
        Map<Integer, String> base = g004.get("base");
        Map<Integer, String> inserted = g004.get("inserted");
        assertThat(base).containsOnlyKeys(1, 4);
        assertThat(inserted).containsOnlyKeys(1, 4, 7);
        assertThat(inserted.get(4)).as("document one").isEqualTo(base.get(1));
        assertThat(inserted.get(7)).as("document two").isEqualTo(base.get(4));
        assertThat(base.values()).as("the inserted document's finding is new").doesNotContain(inserted.get(1));
        assertThat(g004.get("renamed").get(1)).isEqualTo(base.get(1));
        assertThat(g004.get("renamed").get(4)).as("a renamed document is another one").isNotEqualTo(base.get(4));
    }

    private static Path writeLists(Path dir, String env, String dependsOn, String items, String generator,
                                   String literal) throws Exception {
        Files.createDirectories(dir.resolve("gen"));
        Files.writeString(dir.resolve("all.yaml"), LISTS.formatted(env, dependsOn, items), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gen/kustomization.yaml"), GENERATORS.formatted(generator, literal),
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Each result's message by its primary partial fingerprint. */
    private static Map<String, String> messagesByFingerprint(Path repo) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : results(repo)) {
            out.put(r.at("/partialFingerprints/primaryLocationLineHash").asText(),
                    r.get("ruleId").asText() + " " + r.at("/message/text").asText());
        }
        return out;
    }

    private static final String GENERATOR_FILES = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            secretGenerator:
              - name: env
                envs:
                  - secret.env
              - name: files
                files:
                  - token.txt
                  - creds.json
            """;

    /**
     * FW-S006 on a generator's envs or files entry is the entry's finding, and each value of the plaintext file it
     * reads is one of its parts, as FW-S001's values are: a credential added to the file, or one changed in it, is new to
     * the baseline; one removed, values reordered, or the file checked out with CRLF line ends, is not (QA: a new
     * GITHUB_PAT in an accepted envs file passed the baseline and the pre-commit hook).
     */
    @Test
    void aPlaintextGeneratorFileIsNewWhenAValueIsAddedOrChanged(@TempDir Path dir) throws Exception {
        Map<String, String> base = Map.of("kustomization.yaml", GENERATOR_FILES,
                "secret.env", "# app\nDB_PASSWORD=cnry-db-0a9f8e7d\nAPI_KEY=cnry-api-0a9f8e7d\n",
                "token.txt", "cnry-token-0a9f8e7d\n",
                "creds.json", "{\"user\": \"svc\", \"password\": \"cnry-json-0a9f8e7d\"}\n");
        Path repo = dir.resolve("repo");
        Path baseline = dir.resolve("baseline.json");
        writeAll(repo, base);
        List<String> before = fingerprints(repo).get("FW-S006");
        assertThat(before).hasSize(3);
        CliRun created = CliRun.of("baseline", "create", baseline.toString(), "--path", repo.toString());
        assertThat(created.exit()).as("%s", created).isZero();
        assertThat(Files.readString(baseline)).doesNotContain("cnry");

        Map<String, Map<String, String>> same = Map.of(
                "reordered, one removed, CRLF", Map.of("secret.env", "API_KEY=cnry-api-0a9f8e7d\r\n"),
                "json reformatted", Map.of("creds.json", "{\n  \"password\": \"cnry-json-0a9f8e7d\",\n  \"user\": \"svc\"\n}\n"),
                "text file with CRLF", Map.of("token.txt", "cnry-token-0a9f8e7d\r\n"));
        Map<String, Map<String, String>> added = Map.of(
                "env value added", Map.of("secret.env", base.get("secret.env") + "GITHUB_PAT=cnry-pat-5c3b1e24\n"),
                "env value changed", Map.of("secret.env", base.get("secret.env").replace("cnry-db-0a9f8e7d", "cnry-db-5c3b1e24")),
                "text file changed", Map.of("token.txt", "cnry-token-5c3b1e24\n"),
                "json key added", Map.of("creds.json", base.get("creds.json").replace("}", ", \"key\": \"cnry-key-5c3b1e24\"}")));
        for (Map.Entry<String, Map<String, String>> v : same.entrySet()) {
            writeAll(repo, base);
            writeAll(repo, v.getValue());
            assertThat(fingerprints(repo).get("FW-S006")).as(v.getKey()).isEqualTo(before);
            CliRun run = CliRun.of("scan", "-q", "--no-color", "--only-rules", "FW-S006", "--baseline", baseline.toString(),
                    repo.toString());
            assertThat(run.exit()).as("%s: %s", v.getKey(), run).isZero();
        }
        for (Map.Entry<String, Map<String, String>> v : added.entrySet()) {
            writeAll(repo, base);
            writeAll(repo, v.getValue());
            assertThat(fingerprints(repo).get("FW-S006")).as("the entry's finding: %s", v.getKey()).isEqualTo(before);
            CliRun run = CliRun.of("scan", "-q", "--no-color", "--only-rules", "FW-S006", "--baseline", baseline.toString(),
                    repo.toString());
            assertThat(run.exit()).as("%s: %s", v.getKey(), run).isEqualTo(1);
            assertThat(run.out()).as(v.getKey()).contains("FW-S006").doesNotContain("cnry");
            assertThat(run.out().lines().filter(l -> l.contains("FW-S006")).count()).as(v.getKey()).isEqualTo(1);
        }
        writeAll(repo, base);
        assertThat(parts(repo)).as("one part per value, never the value").hasSizeGreaterThanOrEqualTo(4);
    }

    private static final String KEY_BODY = """
            MIIEowIBAAKCAQEAq7Jd0cW3v9Zx2Yp5RkT8mN4bH6sL1eQ0uG3iA7oV9fC2dX5r
            Kp8sT1wY4zB6nM3qE0hJ7gU2aL5vR9cF1xD8kO6tW3yN0bP4mS7jH2eA5iG9uQ1l
            Zr4vX8cT2nB6yM0kL3pF7wD1hS5gJ9aE4oR8tU2qI6zC0xV3bN7mK1eH5sW9dA2f
            """;

    /** An SSH identity in a Secret as a YAML block indented {@code indent} spaces, line ends {@code eol}. */
    private static String sshSecret(String body, int indent, String eol) {
        String in = " ".repeat(indent);
        StringBuilder out = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata:\n" + in + "name: ssh\n"
                + in + "namespace: flux-system\nstringData:\n" + in + "identity: |\n");
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n";
        key.lines().forEach(l -> out.append(in.repeat(2)).append(l).append('\n'));
        return out.toString().replace("\n", eol);
    }

    /**
     * FW-S004 digests a PEM key without its layout: the same key re-indented, with CRLF line ends (a checkout with
     * core.autocrlf, whose index has LF) or in a JSON string keeps its fingerprint; another key does not (QA: an
     * unchanged autocrlf checkout had its committed keys reported as new against HEAD).
     */
    @Test
    void aPrivateKeyKeepsItsFingerprintWhateverItsLayout(@TempDir Path dir) throws Exception {
        String plain = "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BODY + "-----END RSA PRIVATE KEY-----\n";
        String json = "{\"identity\": \"" + plain.replace("\n", "\\n") + "\"}\n";
        String otherBody = KEY_BODY.replace("MIIEowIBAAKCAQEAq7Jd0cW3", "MIIEowIBAAKCAQEAz9Kp2dQ7");
        Map<String, Map<String, String>> variants = new TreeMap<>(Map.of(
                "base", Map.of("secret.yaml", sshSecret(KEY_BODY, 2, "\n"), "id_rsa", plain, "key.json", json),
                "indented", Map.of("secret.yaml", sshSecret(KEY_BODY, 4, "\n"), "id_rsa", plain, "key.json", json),
                "crlf", Map.of("secret.yaml", sshSecret(KEY_BODY, 2, "\r\n"), "id_rsa", plain.replace("\n", "\r\n"),
                        "key.json", json.replace("\\n", "\\r\\n")),
                "other", Map.of("secret.yaml", sshSecret(otherBody, 2, "\n"), "id_rsa", plain.replace(KEY_BODY, otherBody),
                        "key.json", json.replace(KEY_BODY.replace("\n", "\\n"), otherBody.replace("\n", "\\n")))));
        Map<String, Map<String, String>> byVariant = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
            Path repo = dir.resolve(v.getKey());
            writeAll(repo, v.getValue());
            CliRun run = CliRun.of("scan", "--format", "json", "--only-rules", "FW-S004", repo.toString());
            assertThat(run.out()).doesNotContain("MIIEow");
            Map<String, String> found = new TreeMap<>();
            new ObjectMapper().readTree(run.out()).at("/findings")
                    .forEach(f -> found.put(f.get("path").asText(), f.get("fingerprint").asText()));
            byVariant.put(v.getKey(), found);
        }
        assertThat(byVariant.get("base")).containsOnlyKeys("secret.yaml", "id_rsa", "key.json");
        assertThat(byVariant.get("indented")).isEqualTo(byVariant.get("base"));
        assertThat(byVariant.get("crlf")).isEqualTo(byVariant.get("base"));
        for (String path : byVariant.get("base").keySet()) {
            assertThat(byVariant.get("other").get(path)).as(path).isNotNull().isNotEqualTo(byVariant.get("base").get(path));
        }
    }

    /** A credential file a configMapGenerator reads keeps its fingerprint when checked out with CRLF line ends. */
    @Test
    void aGeneratorCredentialFileKeepsItsFingerprintWithCrlfLineEnds(@TempDir Path dir) throws Exception {
        String kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n"
                + "  - name: app\n    files:\n      - DB_PASSWORD=db-password.txt\n";
        Map<String, String> fingerprints = new TreeMap<>();
        Map<String, String> values = Map.of("lf", "cnry-db-pass-4e1c\nsecond-line\n",
                "crlf", "cnry-db-pass-4e1c\r\nsecond-line\r\n", "other", "cnry-db-pass-9a7b\nsecond-line\n");
        for (Map.Entry<String, String> v : values.entrySet()) {
            Path repo = dir.resolve(v.getKey());
            writeAll(repo, Map.of("kustomization.yaml", kustomization, "db-password.txt", v.getValue()));
            CliRun run = CliRun.of("scan", "--format", "json", "--only-rules", "FW-S007", repo.toString());
            assertThat(run.out()).doesNotContain("cnry-db-pass");
            JsonNode findings = new ObjectMapper().readTree(run.out()).at("/findings");
            assertThat(findings).as(v.getKey()).hasSize(1);
            fingerprints.put(v.getKey(), findings.get(0).get("fingerprint").asText());
        }
        assertThat(fingerprints.get("crlf")).isEqualTo(fingerprints.get("lf"));
        assertThat(fingerprints.get("other")).isNotEqualTo(fingerprints.get("lf"));
    }

    private static void writeAll(Path dir, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** One finding of each rule about a secret value, the values of variant {@code v}, {@code head} above each. */
    private static Path writeSecrets(Path dir, int v, String head) throws Exception {
        String[] aws = {"DFGH", "ZXCV"};
        String[] age = {"2DWE", "7LUA"};
        String[] word = {"0a9f8e7d", "5c3b1e24"};
        Map<String, String> files = Map.of(
                "creds.txt", "aws_access_key_id = AKIAQWERTYUIOPAS" + aws[v] + "\n",
                "age.agekey", "# public key: age1we9hvqf6u358pm5s5xd20xxk9pr0lujfkcef97x7z43vk7m58dvq68rznv\n"
                        + "AGE-SECRET-KEY-19GX498VUNSCJELK99HWP4W3MZHT58ZN62ZUZ992P8MYJ66NT8M5QPC" + age[v] + "\n",
                "clusters/kubeconfig", "apiVersion: v1\nkind: Config\nclusters:\n  - name: w\n    cluster: {server: "
                        + "https://w.example.com:6443}\nusers:\n  - name: flux\n    user:\n      token: cnry-token-"
                        + word[v] + "\n",
                "apps/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n"
                        + "stringData:\n  password: cnry-password-" + word[v] + "\n",
                "apps/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s, namespace: apps}\n"
                        + "data:\n  password: cnry-configmap-" + word[v] + "\n",
                "gen/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "secretGenerator:\n  - name: api\n    literals:\n      - TOKEN=cnry-literal-" + word[v] + "\n",
                "apps/api/secret.sops.env", "DB_USER=ENC[AES256_GCM,data:m50l,iv:EmuRnvoZ0GjoofyNXJOfmTYv+rQ/oKrMaPf9qN"
                        + "a3J/Y=,tag:S/Spvk0tBaQCGMl+V5ALEA==,type:str]\nSMTP_PASSWORD=cnry-dotenv-" + word[v] + "\n"
                        + "sops_age__list_0__map_recipient=age1e872k4x3n0wtl7z45kww6l7ecrr9daus36ugwlujw040h9vjtg9q7a2drn\n"
                        + "sops_lastmodified=2025-06-01T10:00:00Z\nsops_mac=ENC[AES256_GCM,data:LYbU,iv:gP10qR3liNIpoP4EcCcf"
                        + "HWtf2T48Hmqo9pLDTphZdfA=,tag:goLegj1h6C048pY8wdvdbg==,type:str]\n"
                        + "sops_unencrypted_suffix=_unencrypted\nsops_version=3.10.2\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, head + f.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static Path write(Path dir, String deployment, String configmaps) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), KUSTOMIZATION, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("deployment.yaml"), deployment, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("configmaps.yaml"), configmaps, StandardCharsets.UTF_8);
        return dir;
    }

    /** The parts of the findings of a JSON report (FW-S001's values). */
    private static List<String> parts(Path repo) throws Exception {
        CliRun run = CliRun.of("scan", "--format", "json", repo.toString());
        assertThat(run.out()).doesNotContain("cnry");
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).at("/findings").forEach(f -> f.path("parts").forEach(p -> out.add(p.asText())));
        return out;
    }

    private static JsonNode results(Path repo) throws Exception {
        CliRun run = CliRun.of("scan", "--format", "sarif", repo.toString());
        assertThat(run.exit()).as("%s", run).isIn(0, 1);
        return new ObjectMapper().readTree(run.out()).at("/runs/0/results");
    }

    /** Primary partial fingerprints by rule, checking that the fluxward/v1 key agrees. */
    private static Map<String, List<String>> fingerprints(Path repo) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode r : results(repo)) {
            String primary = r.at("/partialFingerprints/primaryLocationLineHash").asText();
            assertThat(r.at("/partialFingerprints/fluxward~1v1").asText()).isEqualTo(primary);
            out.computeIfAbsent(r.get("ruleId").asText(), k -> new ArrayList<>()).add(primary);
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private static List<Integer> lines(Path repo) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (JsonNode r : results(repo)) {
            out.add(r.at("/locations/0/physicalLocation/region/startLine").asInt());
        }
        return out;
    }
}
