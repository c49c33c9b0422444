package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.report.Reporters;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fixtures cannot show: levels, messages, related locations, config semantics and redaction. */
class EsoRulesTest {

    private static final Set<String> OURS = Set.of("FW-E001", "FW-E002", "FW-E003", "FW-E004", "FW-E005", "FW-E006",
            "FW-A001", "FW-P001");
    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    @Test
    void aStoreDefinedWhereNoBuildAppliesItIsNamedAndNoUnusableStoreSuggested() throws Exception {
        // SecretStore vault is defined in a component only shop/prod includes (renamed prod-vault there, in shop);
        // the media ExternalSecrets lost the component: the store exists, but not where they land.
        Path repo = TestPaths.testdata().resolve("cases/FW-E001/fires-store-defined-in-unincluded-component");
        List<Finding> found = Fixtures.scan(repo, rules).findings().stream().filter(f -> f.ruleId().equals("FW-E001")).toList();
        assertThat(found).hasSize(2).allSatisfy(f -> assertThat(f.message())
                .contains("SecretStore/vault in components/vault-store/secretstore.yaml is not applied under that name into"
                        + " namespace media")
                .doesNotContain("prod-vault").doesNotContain("is in the repository"));
    }

    private static List<Finding> scan(String configText, String... pathsAndTexts) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        Config config = configText.isEmpty() ? Config.empty() : Config.parse(configText, ".fluxward.yaml", rules.descriptors());
        ScanResult result = new Scanner(rules).scan(MemorySnapshot.ofText(files), config,
                ScanOptions.defaults().withRuleFilter(d -> OURS.contains(d.id())));
        return result.findings();
    }

    private static final String AWS_STORE = """
            apiVersion: external-secrets.io/v1
            kind: SecretStore
            metadata: {name: aws, namespace: apps}
            spec:
              provider:
                aws:
                  service: SecretsManager
                  region: eu-west-1
                  auth:
                    secretRef:
                      accessKeyIDSecretRef: {name: aws-creds, key: id}
                      secretAccessKeySecretRef: {name: aws-creds, key: secret}
            """;

    @Test
    void staticKeysAreAWarningAndAnErrorOnlyWhenTheirSecretIsPlaintextInTheSameNamespace() throws Exception {
        String plaintext = """
                apiVersion: v1
                kind: Secret
                metadata: {name: aws-creds, namespace: %s}
                stringData: {id: canary-id-4f1d, secret: canary-secret-9b2e}
                """;
        assertThat(scan("", "store.yaml", AWS_STORE)).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
        List<Finding> error = scan("", "store.yaml", AWS_STORE, "creds.yaml", plaintext.formatted("apps"));
        assertThat(error).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo(Level.ERROR);
            assertThat(f.message()).contains("Secret/apps/aws-creds", "accessKeyIDSecretRef", "secretAccessKeySecretRef")
                    .doesNotContain("canary");
            assertThat(f.related()).extracting(r -> r.location().path()).containsExactly("creds.yaml");
        });
        // Another namespace's Secret is not the one the store reads.
        assertThat(scan("", "store.yaml", AWS_STORE, "creds.yaml", plaintext.formatted("other")))
                .singleElement().satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
        // A SOPS-encrypted or placeholder-only Secret is not plaintext.
        String sops = plaintext.formatted("apps") + "sops:\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n";
        assertThat(scan("", "store.yaml", AWS_STORE, "creds.yaml", sops)).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
        String placeholders = "apiVersion: v1\nkind: Secret\nmetadata: {name: aws-creds, namespace: apps}\n"
                + "stringData: {id: '${AWS_ID}', secret: '${AWS_SECRET}'}\n";
        assertThat(scan("", "store.yaml", AWS_STORE, "creds.yaml", placeholders)).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
    }

    @Test
    void staticKeysFromAPlaintextSecretGeneratorAreAnError() throws Exception {
        String kustomization = """
                resources: [store.yaml]
                secretGenerator:
                  - name: aws-creds
                    namespace: apps
                    %s
                    options: {disableNameSuffixHash: true}
                """;
        List<Finding> error = scan("", "store.yaml", AWS_STORE, "kustomization.yaml",
                kustomization.formatted("literals: [id=canary-id-4f1d, secret=canary-secret-9b2e]"));
        assertThat(error).filteredOn(f -> f.ruleId().equals("FW-E003")).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo(Level.ERROR);
            assertThat(f.message()).contains("the secretGenerator Secret/apps/aws-creds").doesNotContain("canary");
            assertThat(f.related()).extracting(r -> r.location().path()).containsExactly("kustomization.yaml");
        });
        assertThat(scan("", "store.yaml", AWS_STORE, "kustomization.yaml",
                kustomization.formatted("envs: [creds.env]"), "creds.env", "id=canary-id-4f1d\nsecret=canary-secret-9b2e\n"))
                .filteredOn(f -> f.ruleId().equals("FW-E003")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.ERROR));
        // Placeholders only, or a hashed name the store does not read: a warning.
        assertThat(scan("", "store.yaml", AWS_STORE, "kustomization.yaml",
                kustomization.formatted("literals: ['id=${AWS_ID}', 'secret=${AWS_SECRET}']")))
                .filteredOn(f -> f.ruleId().equals("FW-E003")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
        String hashed = kustomization.formatted("literals: [id=canary-id-4f1d]")
                .replace("    options: {disableNameSuffixHash: true}\n", "");
        assertThat(scan("", "store.yaml", AWS_STORE, "kustomization.yaml", hashed))
                .filteredOn(f -> f.ruleId().equals("FW-E003")).singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.WARNING));
    }

    @Test
    void secretValuesNeverReachAnyOutputFormat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("store.yaml"), AWS_STORE);
        Files.writeString(dir.resolve("creds.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: aws-creds, namespace: apps}
                data: {id: Y2FuYXJ5LWlkLTRmMWQ=}
                stringData: {secret: canary-secret-9b2e}
                """);
        Files.writeString(dir.resolve("values.yaml"), """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: raw, namespace: flux-system}
                spec:
                  targetNamespace: apps
                  values:
                    resources:
                      creds:
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: aws-creds-2}
                        stringData: {token: canary-values-77aa}
                      store:
                        apiVersion: external-secrets.io/v1
                        kind: SecretStore
                        metadata: {name: aws2}
                        spec:
                          provider:
                            aws:
                              region: eu-west-1
                              auth:
                                secretRef:
                                  accessKeyIDSecretRef: {name: aws-creds-2, key: token}
                """);
        for (String format : Reporters.names()) {
            Path out = dir.resolve("report." + format);
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            String[] args = {"scan", dir.toString(), "-f", format, "-o", out.toString(), "--fail-on", "never", "-v"};
            Main.run(args, new PrintWriter(stdout), new PrintWriter(stderr));
            String all = Files.readString(out, StandardCharsets.UTF_8) + stdout + stderr;
            assertThat(all).as("%s output", format).contains("FW-E003").doesNotContain("canary")
                    .doesNotContain("Y2FuYXJ5");
        }
    }

    @Test
    void externalsSilenceE001AndStillReportTheWrongKindOrNamespace() throws Exception {
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: app, namespace: apps}
                spec:
                  secretStoreRef: %s
                """;
        String config = "externals:\n  secretStores: [\"ClusterSecretStore/vault\", \"SecretStore/infra/aws\", \"legacy\"]\n";
        assertThat(scan(config, "es.yaml", es.formatted("{kind: ClusterSecretStore, name: vault}"))).isEmpty();
        assertThat(scan(config, "es.yaml", es.formatted("{name: legacy}"))).isEmpty();
        assertThat(scan(config, "es.yaml", es.formatted("{name: vault}"))).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("FW-E002"))
                .satisfies(f -> assertThat(f.message()).contains("ClusterSecretStore/vault (externals.secretStores)"));
        assertThat(scan(config, "es.yaml", es.formatted("{name: aws}"))).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("FW-E002"))
                .satisfies(f -> assertThat(f.message()).contains("namespace apps"));
        assertThat(scan(config, "es.yaml", es.formatted("{name: nothing}"))).singleElement()
                .satisfies(f -> assertThat(f.ruleId()).isEqualTo("FW-E001"));
    }

    @Test
    void wrongKindPointsAtTheWrittenKindAndNamesTheStore() throws Exception {
        List<Finding> findings = scan("", "s.yaml", """
                apiVersion: external-secrets.io/v1beta1
                kind: SecretStore
                metadata: {name: vault, namespace: apps}
                spec: {provider: {vault: {server: https://vault}}}
                ---
                apiVersion: external-secrets.io/v1beta1
                kind: ExternalSecret
                metadata: {name: app, namespace: apps}
                spec:
                  secretStoreRef:
                    name: vault
                    kind: ClusterSecretStore
                """);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("FW-E002");
            assertThat(f.line()).isEqualTo(12);
            assertThat(f.location().span().column()).isEqualTo(11);
            assertThat(f.message()).contains("set kind: SecretStore");
            assertThat(f.related()).extracting(r -> r.location().span().line()).containsExactly(2);
        });
    }

    /** N writers of one Secret: each finding names three and counts the rest (N findings of N names were N^2). */
    @Test
    void manyWritersOfOneSecretAreCountedNotAllNamed() throws Exception {
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: es-%02d, namespace: apps}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target: {name: shared}
                """;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add("es-%02d.yaml".formatted(i));
            files.add(es.formatted(i));
        }
        files.add("secret.yaml");
        files.add("apiVersion: v1\nkind: Secret\nmetadata: {name: shared, namespace: apps}\n");
        List<Finding> findings = scan("externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n",
                files.toArray(String[]::new));
        assertThat(findings).hasSize(31).allSatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("FW-E005");
            assertThat(f.related()).hasSize(10);
            assertThat(f.message()).hasSizeLessThan(400);
        });
        // Each owner: the 29 other owners and the manifest; the manifest: the 30 owners.
        assertThat(findings.get(0).message()).contains("and so do ExternalSecret/apps/es-01, ExternalSecret/apps/es-02, "
                + "ExternalSecret/apps/es-03 and 27 more: the writers");
        assertThat(findings.get(30).message()).startsWith("Secret/apps/shared is also written by ExternalSecret/apps/es-00, "
                + "ExternalSecret/apps/es-01, ExternalSecret/apps/es-02 and 27 more (creationPolicy Owner)");
    }

    @Test
    void everyContestedWriterIsReportedWithTheOthersRelated() throws Exception {
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: %s, namespace: apps}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target: {name: shared}
                """;
        List<Finding> findings = scan("externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n",
                "a.yaml", es.formatted("a"), "b.yaml", es.formatted("b"), "c.yaml", es.formatted("c"),
                "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: shared, namespace: apps}\n");
        assertThat(findings).extracting(Finding::path).containsExactly("a.yaml", "b.yaml", "c.yaml", "secret.yaml");
        assertThat(findings).allSatisfy(f -> assertThat(f.ruleId()).isEqualTo("FW-E005"));
        assertThat(findings.get(0).related()).hasSize(3);
        assertThat(findings.get(0).message()).contains("Secret apps/shared", "ExternalSecret/apps/b", "ExternalSecret/apps/c");
        // The manifest's finding names the owners only.
        assertThat(findings.get(3).message()).contains("ExternalSecret/apps/a").doesNotContain("manifest Secret");
    }

    @Test
    void copiesOfOneExternalSecretAreOneOwnerAndNeverTheirOwnRival() throws Exception {
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                """;
        String externals = "externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n";
        assertThat(scan(externals, "a/es.yaml", es, "b/es.yaml", es)).isEmpty();
        // With a Secret manifest of that name, each copy conflicts with the manifest, not with the other copy.
        List<Finding> findings = scan(externals, "a/es.yaml", es, "b/es.yaml", es,
                "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n");
        assertThat(findings).extracting(Finding::path).containsExactly("a/es.yaml", "b/es.yaml", "secret.yaml");
        assertThat(findings.get(0).message()).contains("and so does the manifest Secret/apps/db")
                .doesNotContain("does ExternalSecret");
    }

    @Test
    void ownersAreJudgedUnderTheNamesKustomizeGivesThem() throws Exception {
        String externals = "externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n";
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: api}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target: {name: api}
                """;
        // Two overlays rename one ExternalSecret into one namespace: two owners of the target, which keeps its name.
        List<Finding> findings = scan(externals, "base/es.yaml", es, "base/kustomization.yaml", "resources: [es.yaml]\n",
                "blue/kustomization.yaml", "namespace: shop\nnameSuffix: -blue\nresources: [../base]\n",
                "green/kustomization.yaml", "namespace: shop\nnameSuffix: -green\nresources: [../base]\n");
        assertThat(findings).extracting(Finding::ruleId).containsExactly("FW-E005", "FW-E005");
        assertThat(findings).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .startsWith("ExternalSecret/shop/api-blue owns Secret shop/api").contains("ExternalSecret/shop/api-green"));
        // A defaulted target follows the rendered name: distinct Secrets.
        assertThat(scan(externals, "base/es.yaml", es.replace("  target: {name: api}\n", ""),
                "base/kustomization.yaml", "resources: [es.yaml]\n",
                "blue/kustomization.yaml", "namespace: shop\nnameSuffix: -blue\nresources: [../base]\n",
                "green/kustomization.yaml", "namespace: shop\nnameSuffix: -green\nresources: [../base]\n")).isEmpty();
        // A secretGenerator without the name hash writes the Secret the ExternalSecret owns; with the hash it does not.
        String generator = "namespace: shop\nresources: [es.yaml]\nsecretGenerator:\n  - name: api\n"
                + "    literals: [USER=x]\n";
        findings = scan(externals, "app/es.yaml", es, "app/kustomization.yaml",
                generator + "    options: {disableNameSuffixHash: true}\n");
        assertThat(findings).extracting(Finding::path).containsExactly("app/es.yaml", "app/kustomization.yaml");
        assertThat(findings.get(0).message()).contains("ExternalSecret/shop/api owns Secret shop/api",
                "the secretGenerator Secret/shop/api");
        assertThat(scan(externals, "app/es.yaml", es, "app/kustomization.yaml", generator)).isEmpty();
    }

    @Test
    void manifestsOfOneNameAreToldApartByTheirFile() throws Exception {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n";
        List<Finding> findings = scan("externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n", "es.yaml", """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                """, "a/secret.yaml", secret, "b/secret.yaml", secret);
        assertThat(findings).filteredOn(f -> f.path().equals("es.yaml")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("the manifest Secret/apps/db (a/secret.yaml), the manifest Secret/apps/db (b/secret.yaml)"));
    }

    @Test
    void storesAreFoundUnderTheNamesKustomizeGivesThem() throws Exception {
        String app = """
                apiVersion: external-secrets.io/v1
                kind: SecretStore
                metadata: {name: vault}
                spec:
                  provider: {vault: {server: "https://vault.example.com", auth: {kubernetes: {role: eso}}}}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: db}
                spec:
                  secretStoreRef: {name: %s}
                """;
        List<Finding> findings = scan("", "app/eso.yaml", app.formatted("vault"), "app/kustomization.yaml",
                "namespace: team-a\nnamePrefix: team-a-\nresources: [eso.yaml]\n");
        assertThat(findings).filteredOn(f -> f.ruleId().equals("FW-E001")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("ExternalSecret/team-a/team-a-db uses SecretStore")
                        .contains("did you mean 'team-a-vault'?"));
        assertThat(scan("", "app/eso.yaml", app.formatted("team-a-vault"), "app/kustomization.yaml",
                "namespace: team-a\nnamePrefix: team-a-\nresources: [eso.yaml]\n"))
                .filteredOn(f -> f.ruleId().startsWith("FW-E00")).isEmpty();
    }

    @Test
    void objectsAreNamedByTheNamespaceTheyLandIn() throws Exception {
        // kustomize's namespace: moves objects that write another namespace: messages name where they land.
        List<Finding> findings = scan("externals: {secretStores: [\"ClusterSecretStore/vault\"]}\n",
                "app/kustomization.yaml", "namespace: payments\nresources: [es.yaml, secret.yaml]\n",
                "app/es.yaml", """
                        apiVersion: external-secrets.io/v1
                        kind: ExternalSecret
                        metadata: {name: api-key, namespace: default}
                        spec:
                          secretStoreRef: {kind: ClusterSecretStore, name: vault}
                        """,
                "app/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: api-key, namespace: default}\n");
        assertThat(findings).extracting(Finding::ruleId).containsExactly("FW-E005", "FW-E005");
        assertThat(findings.get(0).message()).startsWith("ExternalSecret/payments/api-key owns Secret payments/api-key")
                .contains("the manifest Secret/payments/api-key").doesNotContain("default/");
    }

    @Test
    void refreshMinimumIsConfigurableAndZeroNeverFires() throws Exception {
        String es = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: a, namespace: apps}
                spec:
                  refreshInterval: %s
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                """;
        String config = "rules:\n  FW-E004: {minimum: 1h0m0s}\nexternals: {secretStores: [\"vault\"]}\n";
        assertThat(scan(config, "es.yaml", es.formatted("59m59s"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("59m59s", "minimum of 1h0m0s"))
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.NOTE));
        assertThat(scan(config, "es.yaml", es.formatted("1h"))).isEmpty();
        assertThat(scan(config, "es.yaml", es.formatted("\"0\""))).isEmpty();
        assertThat(scan(config, "es.yaml", es.formatted("not-a-duration"))).isEmpty();
    }

    @Test
    void oidcPrefixFromAnEmbeddedConfigPointsIntoTheBlockText() throws Exception {
        List<Finding> findings = scan("", "cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: auth, namespace: kube-system}
                data:
                  config.yaml: |
                    apiVersion: apiserver.config.k8s.io/v1beta1
                    kind: AuthenticationConfiguration
                    jwt:
                      - issuer: {url: https://idp, audiences: [k8s]}
                        claimMappings:
                          username: {claim: email, prefix: "idp:"}
                """, "rb.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: rb, namespace: apps}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
                subjects:
                  - {kind: User, name: ann@example.com, apiGroup: rbac.authorization.k8s.io}
                  - {kind: User, name: "idp:bob@example.com", apiGroup: rbac.authorization.k8s.io}
                  - {kind: Group, name: team@example.com, apiGroup: rbac.authorization.k8s.io}
                """);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("FW-A001");
            assertThat(f.path()).isEqualTo("rb.yaml");
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.related()).singleElement().satisfies(r -> {
                assertThat(r.location().path()).isEqualTo("cm.yaml");
                assertThat(r.location().span().line()).isEqualTo(11);
                assertThat(r.location().span().column()).isEqualTo(44);
            });
        });
    }

    @Test
    void oidcSubjectWithNoneOfSeveralPrefixesNamesThemAsAlternatives() throws Exception {
        List<Finding> findings = scan("", "auth.yaml", """
                apiVersion: apiserver.config.k8s.io/v1beta1
                kind: AuthenticationConfiguration
                jwt:
                  - issuer: {url: https://infra.example.com, audiences: [worker]}
                    claimMappings:
                      username: {claim: sub, prefix: "infra:"}
                  - issuer: {url: https://dex.example.com, audiences: [kubernetes]}
                    claimMappings:
                      username: {claim: email, prefix: "dex:"}
                """, "rb.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: r, namespace: apps}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
                subjects:
                  - {kind: User, name: dex:jane@example.com, apiGroup: rbac.authorization.k8s.io}
                  - {kind: User, name: joe@example.com, apiGroup: rbac.authorization.k8s.io}
                """);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(7);
            assertThat(f.message()).contains("does not start with any of the OIDC username prefixes 'infra:' (", "'dex:' (");
        });
    }

    @Test
    void registryPolicyNormalisesDockerHubAndHonoursKustomizeRenamesOnlyWhereTheyApply() throws Exception {
        String config = "rules: {FW-P001: {enabled: true}}\nallowedRegistries: [\"docker.io/library\", \"ghcr.io/acme\"]\n";
        String deploy = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  template:
                    spec:
                      containers:
                        - {name: c, image: "%s"}
                """;
        assertThat(scan(config, "d.yaml", deploy.formatted("a", "nginx:1.27"))).isEmpty();
        assertThat(scan(config, "d.yaml", deploy.formatted("a", "index.docker.io/library/nginx"))).isEmpty();
        assertThat(scan(config, "d.yaml", deploy.formatted("a", "bitnami/nginx"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("docker.io/bitnami/nginx"));
        assertThat(scan(config, "d.yaml", deploy.formatted("a", "ghcr.io/acme-corp/x"))).hasSize(1);
        // A rename applies inside its kustomization only.
        List<Finding> findings = scan(config,
                "prod/kustomization.yaml", "resources: [app.yaml]\nimages: [{name: quay.io/x/app, newName: ghcr.io/acme/app}]\n",
                "prod/app.yaml", deploy.formatted("prod", "quay.io/x/app:1"),
                "other/app.yaml", deploy.formatted("other", "quay.io/x/app:1"));
        assertThat(findings).extracting(Finding::path).containsExactly("other/app.yaml");
    }
}
