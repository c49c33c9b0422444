package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of the bundled CRDs: every one is read, and
 * each is checked both ways on objects of its kind. Unknown expressions and unknown values never
 * make a finding.
 */
class CelRulesTest {

    private static final String KS = "Kustomization kustomize.toolkit.fluxcd.io/v1";
    private static final String HR = "HelmRelease helm.toolkit.fluxcd.io/v2";
    private static final String KUBECONFIG = "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef"
            + " must be specified";

    /** The CEL rules of one kind's bundled CRD that {@code spec} (flow YAML) breaks, as messages. */
    private static List<String> broken(String kindAndApiVersion, String spec) {
        return broken(kindAndApiVersion, spec, false);
    }

    private static List<String> broken(String kindAndApiVersion, String spec, boolean partial) {
        String[] kv = kindAndApiVersion.split(" ");
        Gvk gvk = Gvk.of(kv[1], kv[0]);
        String yaml = "apiVersion: " + kv[1] + "\nkind: " + kv[0] + "\nmetadata: {name: x, namespace: apps}\nspec: " + spec;
        YNode node = YamlParser.parse(yaml).documents().get(0).root();
        return BundledSchemas.get().schema(gvk).orElseThrow().validate(JsonTree.of(node), partial).stream()
                .filter(v -> v.kind() == Violation.Kind.RULE).map(Violation::message).toList();
    }

    @Test
    void everyRuleOfTheBundledCrdsIsRead() throws IOException {
        List<String> unread = new ArrayList<>();
        int rules = 0;
        JSONArray index = new JSONArray(resource("/io/fluxward/schema/crds/index.json"));
        for (int i = 0; i < index.length(); i++) {
            String file = index.getJSONObject(i).getString("file");
            JSONObject crd = new JSONObject(resource(CompactCrd.ROOT + CompactCrd.fileFor(file)));
            for (CrdVersion v : CrdVersion.of(crd)) {
                for (CelRules.Rule r : CelRules.of(v.schema().orElseThrow()).all()) {
                    rules++;
                    if (r.expression().isEmpty()) {
                        unread.add(v.gvk() + ": " + r.text());
                    }
                }
            }
        }
        assertThat(unread).isEmpty();
        assertThat(rules).as("rules in the bundled CRDs (a new release may add some: cover them here)").isEqualTo(59);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // Flux
        HR + "| {interval: 1m}| spec: either chart or chartRef must be set",
        HR + "| {interval: 1m, chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}},"
                + " chartRef: {kind: OCIRepository, name: c}}| spec: either chart or chartRef must be set",
        HR + "| {interval: 1m, chartRef: {kind: OCIRepository, name: c}, kubeConfig: {}}|spec.kubeConfig: " + KUBECONFIG,
        HR + "| {interval: 1m, chartRef: {kind: OCIRepository, name: c}, kubeConfig: {secretRef: {name: a},"
                + " configMapRef: {name: b}}}|spec.kubeConfig: " + KUBECONFIG,
        HR + "| {interval: 1m, chartRef: {kind: OCIRepository, name: c}, install: {strategy: {name: RemediateOnFailure,"
                + " retryInterval: 1m}}}| spec.install.strategy: .retryInterval cannot be set when .name is"
                + " 'RemediateOnFailure'",
        HR + "| {interval: 1m, chartRef: {kind: OCIRepository, name: c}, upgrade: {strategy: {name: RemediateOnFailure,"
                + " retryInterval: 1m}}}| spec.upgrade.strategy: .retryInterval can only be set when .name is"
                + " 'RetryOnFailure'",
        KS + "| {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: s}, kubeConfig: {secretRef: {name: a},"
                + " configMapRef: {name: b}}}| spec.kubeConfig: " + KUBECONFIG,
        KS + "| {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: s}, kubeConfig: {}}|spec.kubeConfig: "
                + KUBECONFIG,
        "ImagePolicy image.toolkit.fluxcd.io/v1| {imageRepositoryRef: {name: r}, interval: 5m}| spec: spec.interval is"
                + " only accepted when spec.digestReflectionPolicy is set to 'Always'",
        "ImagePolicy image.toolkit.fluxcd.io/v1| {imageRepositoryRef: {name: r}, digestReflectionPolicy: Always}| spec:"
                + " spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
        "Provider notification.toolkit.fluxcd.io/v1beta3| {type: slack, commitStatusExpr: 'true'}| spec:"
                + " spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver',"
                + " 'bitbucket', 'azuredevops' provider types",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: generic-oidc, resources: []}| spec: generic-oidc receivers"
                + " must define at least one oidcProvider",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: github, resources: [], secretRef: {name: s},"
                + " oidcProviders: [{issuerURL: 'https://x'}]}| spec: oidcProviders can only be set when type is"
                + " generic-oidc",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: generic-oidc, resources: [], secretRef: {name: s},"
                + " oidcProviders: [{issuerURL: 'https://x'}]}| spec: secretRef cannot be set when type is generic-oidc",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: github, resources: []}| spec: secretRef is required when"
                + " type is not generic-oidc",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: gcp,"
                + " sts: {provider: aws, endpoint: e}}| spec: STS configuration is only supported for the 'aws' and"
                + " 'generic' Bucket providers",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: aws,"
                + " sts: {provider: ldap, endpoint: e}}| spec: 'aws' is the only supported STS provider for the 'aws'"
                + " Bucket provider",
        // provider defaults to generic
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, sts: {provider: aws,"
                + " endpoint: e}}| spec: 'ldap' is the only supported STS provider for the 'generic' Bucket provider",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: aws,"
                + " sts: {provider: aws, endpoint: e, secretRef: {name: s}}}| spec: spec.sts.secretRef is not required"
                + " for the 'aws' STS provider",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: aws,"
                + " sts: {provider: aws, endpoint: e, certSecretRef: {name: s}}}| spec: spec.sts.certSecretRef is not"
                + " required for the 'aws' STS provider",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, serviceAccountName: sa}| spec:"
                + " ServiceAccountName is not supported for the 'generic' Bucket provider",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: aws,"
                + " serviceAccountName: sa, secretRef: {name: s}}| spec: cannot set both .spec.secretRef and"
                + " .spec.serviceAccountName",
        "GitRepository source.toolkit.fluxcd.io/v1| {url: 'https://x', interval: 1m, serviceAccountName: sa}| spec:"
                + " serviceAccountName can only be set when provider is 'azure' or 'aws'",
        "HelmChart source.toolkit.fluxcd.io/v1| {chart: c, interval: 1m, sourceRef: {kind: GitRepository, name: g},"
                + " verify: {provider: cosign}}| spec: spec.verify is only supported when spec.sourceRef.kind is"
                + " 'HelmRepository'",
        // External Secrets
        "SecretStore external-secrets.io/v1| {provider: {aws: {service: SecretsManager, region: r,"
                + " customSessionTags: {esoNamespace: x}}}}| spec.provider.aws.customSessionTags: customSessionTags"
                + " cannot contain automatically injected reserved keys: esoNamespace, esoStoreName, esoStoreKind",
        "SecretStore external-secrets.io/v1| {provider: {crd: {}}}| spec.provider.crd: one of auth or authRef is"
                + " required",
        "ClusterSecretStore external-secrets.io/v1| {provider: {crd: {auth: {}, authRef: {}}}}| spec.provider.crd: at"
                + " most one of the fields in [auth authRef] may be set",
        "SecretStore external-secrets.io/v1| {provider: {doppler: {auth: {}}}}| spec.provider.doppler.auth: Exactly"
                + " one of 'secretRef' or 'oidcConfig' must be specified",
        "SecretStore external-secrets.io/v1| {provider: {nebiusmysterybox: {auth: {}}}}|"
                + " spec.provider.nebiusmysterybox.auth: either serviceAccountCredsSecretRef or tokenSecretRef must be set",
        "SecretStore external-secrets.io/v1| {provider: {onepasswordSDK: {vault: v, environment: e}}}|"
                + " spec.provider.onepasswordSDK: at most one of the fields in [vault environment] may be set",
        "SecretStore external-secrets.io/v1| {provider: {openBao: {caBundle: eA==, caProvider: {}}}}|"
                + " spec.provider.openBao: at most one of the fields in [caBundle caProvider] may be set",
        "SecretStore external-secrets.io/v1| {provider: {openBao: {auth: {}}}}| spec.provider.openBao.auth: exactly"
                + " one of the fields in [appRole tokenSecretRef userPass] must be set",
        "SecretStore external-secrets.io/v1| {provider: {openBao: {auth: {appRole: {roleId: a, roleRef: {}}}}}}|"
                + " spec.provider.openBao.auth.appRole: exactly one of the fields in [roleId roleRef] must be set",
        "SecretStore external-secrets.io/v1| {provider: {pulumi: {}}}| spec.provider.pulumi: Exactly one of 'auth' or"
                + " deprecated 'accessToken' must be specified",
        "SecretStore external-secrets.io/v1| {provider: {pulumi: {auth: {}}}}| spec.provider.pulumi.auth: Exactly one"
                + " of 'accessToken' or 'oidcConfig' must be specified",
        "SecretStore external-secrets.io/v1| {provider: {secretserver: {username: {value: u}}}}|"
                + " spec.provider.secretserver: either token, or both username and password, must be set",
        "SecretStore external-secrets.io/v1| {provider: {secretserver: {token: {value: t, secretRef: {}}}}}|"
                + " spec.provider.secretserver.token: exactly one of value or secretRef must be set",
        "PushSecret external-secrets.io/v1alpha1| {selector: {secret: {name: s}}, secretStoreRefs: [{name: st}],"
                + " data: [], dataTo: [{storeRef: {kind: SecretStore}}]}| spec.dataTo[0]: storeRef must specify either"
                + " name or labelSelector",
        "PushSecret external-secrets.io/v1alpha1| {selector: {secret: {name: s}}, secretStoreRefs: [{name: st}],"
                + " dataTo: [{storeRef: {name: st}, remoteKey: k, rewrite: [{regexp: {source: a, target: b}}]}]}|"
                + " spec.dataTo[0]: remoteKey and rewrite are mutually exclusive: rewrite is only supported in per-key"
                + " mode (without remoteKey)",
        "ClusterPushSecret external-secrets.io/v1alpha1| {pushSecretSpec: {selector: {secret: {name: s}},"
                + " secretStoreRefs: [{name: st}], dataTo: [{storeRef: {name: st}, rewrite: [{regexp: {source: a,"
                + " target: b}, transform: {template: t}}]}]}}| spec.pushSecretSpec.dataTo[0].rewrite[0]: exactly one of"
                + " regexp or transform must be set",
    })
    void aBrokenRuleIsReportedWithItsMessage(String kind, String spec, String message) {
        assertThat(broken(kind, spec)).containsExactly(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        HR + "| {interval: 1m, chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}}",
        HR + "| {interval: 1m, chartRef: {kind: OCIRepository, name: c}, kubeConfig: {secretRef: {name: a}},"
                + " install: {strategy: {name: RetryOnFailure, retryInterval: 1m}},"
                + " upgrade: {strategy: {name: RetryOnFailure, retryInterval: 1m}}}",
        KS + "| {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: s}, kubeConfig: {configMapRef:"
                + " {name: b}}}",
        "ImagePolicy image.toolkit.fluxcd.io/v1| {imageRepositoryRef: {name: r}}",
        "ImagePolicy image.toolkit.fluxcd.io/v1| {imageRepositoryRef: {name: r}, digestReflectionPolicy: Always,"
                + " interval: 5m}",
        "Provider notification.toolkit.fluxcd.io/v1beta3| {type: github, commitStatusExpr: 'true'}",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: generic-oidc, resources: [], oidcProviders: [{issuerURL: x}]}",
        "Receiver notification.toolkit.fluxcd.io/v1| {type: github, resources: [], secretRef: {name: s}}",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, sts: {provider: ldap,"
                + " endpoint: e, secretRef: {name: s}}}",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: aws,"
                + " serviceAccountName: sa, sts: {provider: aws, endpoint: e}}",
        "GitRepository source.toolkit.fluxcd.io/v1| {url: 'https://x', interval: 1m, provider: azure,"
                + " serviceAccountName: sa}",
        "HelmChart source.toolkit.fluxcd.io/v1| {chart: c, interval: 1m, sourceRef: {kind: HelmRepository, name: g},"
                + " verify: {provider: cosign}}",
        "SecretStore external-secrets.io/v1| {provider: {aws: {service: SecretsManager, region: r,"
                + " customSessionTags: {team: x}}}}",
        "SecretStore external-secrets.io/v1| {provider: {crd: {authRef: {}}}}",
        "SecretStore external-secrets.io/v1| {provider: {openBao: {caBundle: eA==, auth: {appRole: {roleId: a}}}}}",
        "SecretStore external-secrets.io/v1| {provider: {pulumi: {auth: {oidcConfig: {}}}}}",
        "SecretStore external-secrets.io/v1| {provider: {secretserver: {username: {value: u}, password: {secretRef:"
                + " {}}}}}",
        "PushSecret external-secrets.io/v1alpha1| {selector: {secret: {name: s}}, secretStoreRefs: [{name: st}],"
                + " dataTo: [{storeRef: {labelSelector: {}}, rewrite: [{regexp: {source: a, target: b}}]},"
                + " {storeRef: {name: st}, remoteKey: k, rewrite: []}]}",
    })
    void aValidObjectBreaksNoRule(String kind, String spec) {
        assertThat(broken(kind, spec)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the value decides and is only known after Flux substitutes it
        "Receiver notification.toolkit.fluxcd.io/v1| {type: '${RECEIVER_TYPE}', resources: []}",
        "Bucket source.toolkit.fluxcd.io/v1| {bucketName: b, endpoint: e, interval: 1m, provider: '${P}',"
                + " serviceAccountName: sa}",
        "HelmChart source.toolkit.fluxcd.io/v1| {chart: c, interval: 1m, sourceRef: {kind: '${KIND}', name: g},"
                + " verify: {provider: cosign}}",
        // a required field is missing (the schema reports it): the rule cannot be evaluated
        "HelmChart source.toolkit.fluxcd.io/v1| {chart: c, interval: 1m, verify: {provider: cosign}}",
        // a value of the wrong type (the schema reports it)
        "Receiver notification.toolkit.fluxcd.io/v1| {type: 5, resources: []}",
    })
    void anUnknownValueBreaksNoRule(String kind, String spec) {
        assertThat(broken(kind, spec)).isEmpty();
    }

    @Test
    void aVariableThatDoesNotDecideLeavesTheRuleChecked() {
        assertThat(broken("Receiver notification.toolkit.fluxcd.io/v1", "{type: '${T}', resources: [], secretRef: {name: s},"
                + " oidcProviders: [{issuerURL: x}]}")).isEmpty();
        assertThat(broken(HR, "{interval: '${INTERVAL}'}")).containsExactly("spec: either chart or chartRef must be set");
    }

    @Test
    void partialObjectsAreNotChecked() {
        assertThat(broken(HR, "{values: {replicas: 2}}", true)).isEmpty();
        assertThat(broken(HR, "{values: {replicas: 2}}", false)).hasSize(1);
    }

    @Test
    void theFailingFieldIsTheOneHoldingTheRule() {
        YNode node = YamlParser.parse("""
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: x, namespace: apps}
                spec:
                  interval: 1m
                  prune: true
                  sourceRef: {kind: GitRepository, name: s}
                  kubeConfig:
                    secretRef: {name: a}
                    configMapRef: {name: b}
                """).documents().get(0).root();
        List<Violation> found = BundledSchemas.get().schema(Gvk.of("kustomize.toolkit.fluxcd.io/v1", "Kustomization"))
                .orElseThrow().validate(JsonTree.of(node), false);
        assertThat(found).hasSize(1);
        Violation v = found.get(0);
        assertThat(v.kind()).isEqualTo(Violation.Kind.RULE);
        assertThat(v.fieldPath()).isEqualTo("spec.kubeConfig");
        assertThat(v.node().span().line()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "self.x == oldSelf.x", "self.a + 1 > 2", "self.name.matches('^a')", "self.?x.orValue(1) == 1",
        "{'a': 1}.size() == 1", "-1 < self.x", "self.x == null", "int(self.x) > 1", "self.x == 1.5", "'''a''' == self",
        "self.all(x, x)) ", "self.map(x, x).size() > 0", "has(self)",
    })
    void expressionsOutsideTheSubsetAreNotChecked(String rule) {
        assertThat(CelExpression.parse(rule)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        "self.a == 'x' && self.b > 1; {a: x, b: 2}; true",
        "self.a == 'y' && self.missing; {a: x}; false",
        "self.a == 'x' || self.missing; {a: x}; true",
        "self.a.startsWith('x') && self.a.endsWith('z') && self.a.contains('y'); {a: xyz}; true",
        "size(self.a) == 3 && self.l.size() == 2 && self.l[1] == 'b' && 'b' in self.l; {a: xyz, l: [a, b]}; true",
        "self.l.exists(i, i == 'b') && !self.l.all(i, i == 'b') && self.l.exists_one(i, i == 'a'); {l: [a, b]}; true",
        "self.num > 1 ? self.a == 'x' : false; {num: 2, a: x}; true",
        "self.a <= 'b' && self.num >= 2 && self.num < 3; {a: a, num: 2}; true",
        "[has(self.a), has(self.b)].filter(x, x == true).size() <= 1; {a: x, b: y}; false",
    })
    void theSubsetEvaluatesAsCel(String rule, String self, boolean expected) {
        Object json = JsonTree.of(YamlParser.parse(self).documents().get(0).root()).json();
        Object result = CelExpression.parse(rule).orElseThrow().evaluate(json, new JSONObject(), List.of(), p -> false);
        assertThat(result).isEqualTo(expected);
    }

    @Test
    void aMissingFieldThatDecidesIsUnknown() {
        Object json = new JSONObject().put("a", "x");
        Optional<CelExpression> e = CelExpression.parse("self.missing == 'x' || self.a == 'y'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.orElseThrow().evaluate(json, new JSONObject(),
                List.of(), p -> false)).isInstanceOf(CelExpression.EvalError.class);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = CelRulesTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
