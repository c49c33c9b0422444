package io.fluxward.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.snapshot.WorkTreeSnapshot;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The renderer on its own: identities and content checked against what {@code kubectl kustomize}
 * (kustomize v5.5) prints for the same input (the {@code testdata/kustomize-render} folders were
 * rendered with it), plus what kustomize cannot show: provenance, problems and Flux overrides.
 */
class KustomizeRenderTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static RepositoryModel model(Snapshot snapshot) throws Exception {
        return new Scanner(rules).model(snapshot, Config.empty(), ScanOptions.defaults(), new ArrayList<Note>());
    }

    private static Kustomize kustomize(Snapshot snapshot) throws Exception {
        return model(snapshot).facet(Kustomize.FACET);
    }

    private static RepositoryModel memoryModel(String... pathsAndTexts) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return model(MemorySnapshot.ofText(files));
    }

    private static Kustomize memory(String... pathsAndTexts) throws Exception {
        return memoryModel(pathsAndTexts).facet(Kustomize.FACET);
    }

    private static Kustomize fixture(String name) throws Exception {
        return kustomize(new WorkTreeSnapshot(TestPaths.testdata().resolve("kustomize-render").resolve(name)));
    }

    private static TreeSet<String> ids(Build build) {
        TreeSet<String> out = new TreeSet<>();
        build.resources().forEach(r -> out.add(r.kind() + "/" + r.namespace() + "/" + r.name()));
        return out;
    }

    private static Resource find(Build build, String kind, String name) {
        return build.resources().stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered; got " + ids(build)));
    }

    @Test
    void generatorNamesCarryKustomizesHashAndSecretValuesAreMasked() throws Exception {
        Build build = fixture("generators").build("");
        assertThat(ids(build)).containsExactly("ConfigMap/target/p-envs-kbckg6dk7m", "ConfigMap/target/p-fixed",
                "ConfigMap/target/p-fl-7chg6c8kb9", "ConfigMap/target/p-lit-7m6g842t9h", "Secret/target/p-long-bhh5f5m77g",
                "Secret/target/p-sec-cf85kd65mm");
        Resource literals = find(build, "ConfigMap", "p-lit-7m6g842t9h");
        assertThat(literals.content().at("data", "a").textOr("")).isEqualTo("quoted");
        assertThat(literals.content().at("data", "d").textOr("")).isEqualTo(" spaced ");
        assertThat(literals.content().at("metadata", "labels", "generated").textOr("")).isEqualTo("yes");
        Resource secret = find(build, "Secret", "p-sec-cf85kd65mm");
        assertThat(secret.content().at("data", "password").textOr("")).isEqualTo(Kustomize.MASK);
        assertThat(secret.content().get("type").textOr("")).isEqualTo("Opaque");
        assertThat(secret.generator()).map(Location::path).contains("kustomization.yaml");
        assertThat(build.resources().toString()).doesNotContain("hunter2").doesNotContain("aHVudGVyMg");
        assertThat(build.inputs()).contains("kustomization.yaml", "vars.env", "notes.txt", "cert.pem");
    }

    @Test
    void componentsRunAfterGeneratorsAndPatchTheirOutput() throws Exception {
        Build build = fixture("components-after-generators").build("");
        assertThat(ids(build)).containsExactly("ConfigMap//cfg-fh478f99mk", "ConfigMap//from-component");
        assertThat(find(build, "ConfigMap", "cfg-fh478f99mk").content().at("data", "c").textOr("")).isEqualTo("d");
        assertThat(build.problems()).isEmpty();
    }

    @Test
    void namespaceTransformerOverwritesRenamesNamespacesAndMovesDefaultSubjects() throws Exception {
        Build build = fixture("namespace").build("");
        assertThat(ids(build)).containsExactly("ClusterRole//p-cr-s", "ClusterSecretStore/target/p-css-s",
                "ConfigMap/target/p-in-list-s", "CustomResourceDefinition//foos.example.com", "Namespace//target",
                "RoleBinding/target/p-rb-s", "ValidatingAdmissionPolicy/target/p-vap-s");
        YNode subjects = find(build, "RoleBinding", "p-rb-s").content().get("subjects");
        assertThat(subjects.item(0).get("namespace").textOr("")).isEqualTo("target");
        assertThat(subjects.item(1).get("namespace").textOr("")).isEqualTo("x");
    }

    @Test
    void referencesFollowRenamesAndImagesAndReplicasApply() throws Exception {
        Build build = fixture("name-references").build("");
        assertThat(ids(build)).containsExactly("ClusterRole//b-viewer", "ClusterRoleBinding//b-crb",
                "ConfigMap/ns1/b-gen-gc87g97b68", "ConfigMap/ns1/b-plain", "ConfigMap/ns1/values-857mh2h2h8",
                "Deployment/ns1/b-d", "HelmRelease/ns1/app", "ServiceAccount/ns1/b-runner");
        YNode pod = find(build, "Deployment", "b-d").content().at("spec", "template", "spec");
        assertThat(pod.at("volumes").item(0).at("configMap", "name").textOr("")).isEqualTo("b-gen-gc87g97b68");
        assertThat(pod.at("volumes").item(1).at("configMap", "name").textOr("")).isEqualTo("b-plain");
        assertThat(pod.get("serviceAccountName").textOr("")).isEqualTo("b-runner");
        assertThat(pod.get("containers").item(0).get("image").textOr("")).isEqualTo("nginx:2.0");
        assertThat(pod.get("containers").item(1).get("image").textOr("")).isEqualTo("other/app:t9");
        assertThat(pod.get("initContainers").item(0).get("image").textOr("")).isEqualTo("busybox@sha256:fff");
        assertThat(find(build, "Deployment", "b-d").content().at("spec", "replicas").textOr("")).isEqualTo("3");
        assertThat(find(build, "HelmRelease", "app").content().at("spec", "valuesFrom").item(0).get("name").textOr(""))
                .isEqualTo("values-857mh2h2h8");
        YNode binding = find(build, "ClusterRoleBinding", "b-crb").content();
        assertThat(binding.at("subjects").item(0).get("name").textOr("")).isEqualTo("b-runner");
        assertThat(binding.at("subjects").item(0).get("namespace").textOr("")).isEqualTo("ns1");
        assertThat(binding.at("roleRef", "name").textOr("")).isEqualTo("b-viewer");
    }

    @Test
    void patchesChangeContentAndKeepTheirOwnLocations() throws Exception {
        Build build = fixture("patches").build("");
        assertThat(ids(build)).containsExactly("Deployment/apps/web", "HelmRelease/apps/api", "HelmRelease/apps/ui",
                "Service/apps/new-name");
        for (String name : List.of("api", "ui")) {
            Resource release = find(build, "HelmRelease", name);
            YNode secretName = release.content().at("spec", "kubeConfig", "secretRef", "name");
            assertThat(secretName.textOr("")).isEqualTo("worker-kubeconfig");
            // The injected value is located in the kustomization file, on the line of the patch that wrote it.
            Location where = release.locationOf(secretName);
            assertThat(where.path()).isEqualTo("kustomization.yaml");
            assertThat(where.line()).isEqualTo(17);
            assertThat(release.provenance().patches()).extracting(Location::line).contains(9);
            assertThat(release.locationOf(release.content().at("spec", "interval")).path()).isEqualTo("releases.yaml");
        }
        YNode dependsOn = find(build, "HelmRelease", "api").content().at("spec", "dependsOn");
        assertThat(dependsOn.items()).hasSize(1);
        assertThat(dependsOn.item(0).get("name").textOr("")).isEqualTo("database");
        YNode containers = find(build, "Deployment", "web").content().at("spec", "template", "spec", "containers");
        assertThat(containers.items()).extracting(c -> c.get("name").textOr("")).containsExactly("app", "sidecar");
        assertThat(containers.item(0).get("image").textOr("")).isEqualTo("web:2");
        assertThat(containers.item(0).get("env").items()).extracting(e -> e.get("name").textOr(""))
                .containsExactly("B", "A");
        Resource service = find(build, "Service", "new-name");
        assertThat(service.content().at("spec", "type").textOr("")).isEqualTo("ClusterIP");
        assertThat(service.locationOf(service.content().at("spec", "type")).path()).isEqualTo("patches/web.yaml");
        assertThat(build.problems()).isEmpty();
    }

    @Test
    void replacementsSetFluxTargetNamespaceFromTheComponentNamespace() throws Exception {
        Build build = fixture("replacements").build("cert-manager");
        assertThat(ids(build)).containsExactly("ConfigMap/cert-manager/versions", "Kustomization/cert-manager/cert-manager",
                "Namespace//cert-manager");
        YNode spec = find(build, "Kustomization", "cert-manager").content().get("spec");
        assertThat(spec.get("targetNamespace").textOr("")).isEqualTo("cert-manager");
        assertThat(spec.at("postBuild", "substitute", "VERSION").textOr("")).isEqualTo("v1.16.2");
        assertThat(build.problems()).isEmpty();
    }

    @Test
    void replacementTargetSelectorsAreRegularExpressionsAndCreateMissingElements() throws Exception {
        // Expected values: kubectl kustomize (kustomize v5.5.0) on the same two files.
        Kustomize k = memory("app/kustomization.yaml", """
                        resources: [deploy.yaml]
                        configMapGenerator:
                          - name: vars
                            literals: [host=example.org, port="8080", flag=on]
                            options: {disableNameSuffixHash: true}
                        replacements:
                          - source: {kind: ConfigMap, name: vars, fieldPath: data.host}
                            targets:
                              - select: {kind: Deployment}
                                fieldPaths: ['spec.template.spec.containers.[name=^web$].env.[name=^HOST$].value']
                          - source: {kind: ConfigMap, name: vars, fieldPath: data.port}
                            targets:
                              - select: {kind: Deployment}
                                fieldPaths:
                                  - 'spec.template.spec.containers.[name=^web$].env.[name=^"PORT"$].value'
                                  - 'spec.template.spec.containers.[name=web].env.[name=PORT_2].value'
                                options: {create: true}
                          - source: {kind: ConfigMap, name: vars, fieldPath: data.flag}
                            targets:
                              - select: {kind: Deployment}
                                fieldPaths: ['spec.template.spec.containers.[name=car$].args.[=--b.*]']
                        """,
                "app/deploy.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web}
                        spec:
                          template:
                            spec:
                              containers:
                                - name: web
                                  env: [{name: HOST, value: a}, {name: HOSTNAME, value: b}, {name: "PORT", value: c}]
                                - name: webber
                                  env: [{name: HOST, value: d}]
                                - name: sidecar
                                  args: ["--a", "--b=1"]
                        """);
        Build build = k.build("app");
        assertThat(build.problems()).isEmpty();
        YNode containers = find(build, "Deployment", "web").content().at("spec", "template", "spec", "containers");
        List<String> env = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            containers.item(i).get("env").items()
                    .forEach(e -> env.add(e.get("name").textOr("") + "=" + e.get("value").textOr("")));
        }
        // Anchored selectors pick web's HOST only; a quoted name is matched with its quotes; [name=web] also selects
        // webber, and with create a list with no PORT_2 gets one.
        assertThat(env).containsExactly("HOST=example.org", "HOSTNAME=b", "PORT=8080", "PORT_2=8080", "HOST=d", "PORT_2=8080");
        List<String> args = new ArrayList<>();
        containers.item(2).get("args").items().forEach(a -> args.add(a.textOr("")));
        assertThat(args).containsExactly("--a", "on");
    }

    @Test
    void builtinNamespaceTransformerWithUnsetOnlyFillsOnlyMissingNamespaces() throws Exception {
        // Expected values: kubectl kustomize (kustomize v5.5.0) on the same files.
        Kustomize k = memory("app/kustomization.yaml", """
                        resources: [res.yaml]
                        transformers: [ns.yaml]
                        """,
                "app/ns.yaml", """
                        apiVersion: builtin
                        kind: NamespaceTransformer
                        metadata: {name: ns, namespace: team-a}
                        unsetOnly: true
                        setRoleBindingSubjects: allServiceAccounts
                        """,
                "app/res.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: a}
                        ---
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: b, namespace: other}
                        ---
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: c, namespace: ""}
                        ---
                        apiVersion: v1
                        kind: Namespace
                        metadata: {name: nsx}
                        ---
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: RoleBinding
                        metadata: {name: rb}
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
                        subjects:
                          - {kind: ServiceAccount, name: default}
                          - {kind: ServiceAccount, name: default, namespace: keep}
                          - {kind: ServiceAccount, name: sa1}
                          - {kind: User, name: u1}
                        """);
        Build build = k.build("app");
        assertThat(build.problems()).isEmpty();
        assertThat(ids(build)).containsExactly("ConfigMap/other/b", "ConfigMap/team-a/a", "ConfigMap/team-a/c",
                "Namespace//nsx", "RoleBinding/team-a/rb");
        List<String> subjects = new ArrayList<>();
        find(build, "RoleBinding", "rb").content().get("subjects").items()
                .forEach(x -> subjects.add(x.get("name").textOr("") + "@" + x.get("namespace").textOr("")));
        assertThat(subjects).containsExactly("default@team-a", "default@keep", "sa1@team-a", "u1@");
    }

    @Test
    void varsAreSubstitutedWithTheFinalValuesOfTheirResourcesInVarReferenceFields() throws Exception {
        // Expected values: kubectl kustomize testdata/kustomize-render/vars/ov (kustomize v5.5.0).
        Build build = fixture("vars").build("ov");
        assertThat(build.complete()).isTrue();
        assertThat(build.problems()).isEmpty();
        Resource deploy = find(build, "Deployment", "o-a-d");
        assertThat(deploy.content().at("metadata", "labels", "svc").textOr("")).isEqualTo("o-a-web");
        YNode container = deploy.content().at("spec", "template", "spec", "containers").item(0);
        List<String> args = new ArrayList<>();
        container.get("args").items().forEach(a -> args.add(a.textOr("")));
        assertThat(args).containsExactly("--svc=o-a-web", "8080", "$(SVC)", "$(UNDECLARED)", "cost=$5", "--port=8080");
        // A whole-field reference to a number keeps the number's type, as kustomize prints it (unquoted).
        YNode port = container.get("env").item(0).get("value");
        assertThat(port).isInstanceOfSatisfying(YScalar.class, s -> assertThat(s.style()).isEqualTo(YScalar.Style.PLAIN));
        assertThat(port.textOr("")).isEqualTo("8080");
        assertThat(deploy.content().at("spec", "template", "spec", "volumes").item(0).at("nfs", "server").textOr(""))
                .isEqualTo("o-a-web.nfs");
        // A field that a configurations file adds to varReference; the substituted value keeps its place.
        Resource es = find(build, "ExternalSecret", "o-a-db");
        YNode store = es.content().at("spec", "secretStoreRef", "name");
        assertThat(store.textOr("")).isEqualTo("o-a-vault");
        Location at = es.locationOf(store);
        assertThat(at.path() + ":" + at.span().line() + ":" + at.span().column()).isEqualTo("base/es.yaml:8:11");
        // The base built on its own resolves its own var only.
        Build base = fixture("vars").build("base");
        assertThat(find(base, "ExternalSecret", "a-db").content().at("spec", "secretStoreRef", "name").textOr(""))
                .isEqualTo("$(STORE)");
        assertThat(find(base, "Deployment", "a-d").content().at("metadata", "labels", "svc").textOr(""))
                .isEqualTo("a-web");
    }

    @Test
    void aVarKustomizeCannotResolveFailsTheBuildAndLeavesTheTextAsWritten() throws Exception {
        String deploy = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  labels:
                    x: $(X)
                """;
        // No resource of that apiVersion (kustomize compares group, version and kind exactly).
        Kustomize k = memory("app/kustomization.yaml", """
                        resources: [cm.yaml]
                        vars:
                          - name: X
                            objref: {kind: ConfigMap, name: c}
                        """,
                "app/cm.yaml", deploy,
                // Declared twice in one build: kustomize refuses it.
                "twice/kustomization.yaml", """
                        resources: [../app]
                        vars:
                          - name: X
                            objref: {apiVersion: v1, kind: ConfigMap, name: c}
                        """);
        Build app = k.build("app");
        assertThat(app.complete()).isFalse();
        assertThat(app.problems()).anySatisfy(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.at().path() + ":" + p.at().span().line()).isEqualTo("app/kustomization.yaml:3");
        });
        assertThat(find(app, "ConfigMap", "c").content().at("metadata", "labels", "x").textOr("")).isEqualTo("$(X)");
        Build twice = k.build("twice");
        assertThat(twice.complete()).isFalse();
        assertThat(twice.problems()).anySatisfy(p -> assertThat(p.detail()).contains("already encountered"));
        assertThat(k.declaredVars()).containsExactly("X");
        assertThat(k.holdsVarReference("$(X)")).isTrue();
        assertThat(k.holdsVarReference("$$(X)")).isFalse();
        assertThat(k.holdsVarReference("$(Y)")).isFalse();
    }

    /**
     * Builtin plugin configurations in {@code transformers} and {@code generators} (files and inline YAML) run after
     * the kustomization's own fields: each folder of {@code testdata/kustomize-render/builtins} renders as its
     * {@code expected.yaml}, the output of {@code kubectl kustomize} (v5.5.0) for that folder (Secret values masked).
     */
    @Test
    void builtinPluginConfigurationsRenderAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("builtins", "order", "generators", "transformers", "patches", "options");
    }

    /**
     * JSON 6902 operations apply as in kustomize's library: a {@code replace} of a key missing from an existing mapping
     * adds it, list indexes may count from the end, and {@code /metadata/annotations} exists for every patched object.
     */
    /**
     * Patches find their targets through an index by name and kind: by the original name and the current one, after a
     * patch renamed one and another deleted one, with a name that is a regex ('a.b') and a strategic merge patch by id.
     */
    @Test
    void patchTargetsFoundByNameRenderAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("patch-index", "overlay");
    }

    @Test
    void jsonPatchesRenderAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("json6902", "replace-missing", "annotations");
    }

    /**
     * Role binding subjects (and webhook services) follow a ServiceAccount (Service) that a namespace or name transformer
     * went through, to its name and namespace, as kustomize's name reference filter chooses it.
     */
    @Test
    void subjectsFollowTheirServiceAccountAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("subjects", "namespace", "prefix", "untransformed", "already-in-namespace",
                "cross-namespace");
    }

    /** A var's value is the field {@code fieldref.fieldPath} names (field names in any case, as Go decodes them). */
    @Test
    void varsReadTheirFieldRefAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("vars-fieldref", "app");
    }

    /** The label field specs of a {@code configurations} file serve the entries of {@code labels} as in kustomize. */
    @Test
    void configurationLabelFieldSpecsRenderAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("configurations-labels", "all", "template-only");
    }

    @Test
    void aManifestListedOutsideTheRepositoryDoesNotStopTheScan() throws Exception {
        // A file read as text makes the kustomization files' listed manifests asked for; one names a path above the
        // repository's top (the corpus's bjw-s/home-ops did), which has no path here.
        RepositoryModel model = memoryModel("app/kustomization.yaml", "resources: [../../outside.yaml, cm.txt]\n",
                "app/cm.txt", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-text\n");
        assertThat(model.facet(Kustomize.FACET).build("app").resources()).extracting(Resource::name)
                .contains("from-text");
    }

    /** Strategic merge directives kustomize does not know stay in the output as plain keys. */
    @Test
    void unknownStrategicMergeDirectivesRenderAsKubectlKustomize() throws Exception {
        assertRendersAsKubectl("smp-directives", "builtin", "custom");
    }

    @Test
    void jsonPatchOperationsKustomizeRefusesFailTheBuild() throws Exception {
        // Each patch fails in kubectl kustomize (v5.5.0): a missing parent (labels are not created as annotations
        // are), a list index out of range, a remove or move of a missing key, a test that differs, a non-index token.
        String[] failing = {
            "[{\"op\": \"add\", \"path\": \"/metadata/labels/x\", \"value\": \"1\"}]",
            "[{\"op\": \"replace\", \"path\": \"/data/nested/deeper/x\", \"value\": \"1\"}]",
            "[{\"op\": \"replace\", \"path\": \"/data/values/2\", \"value\": \"1\"}]",
            "[{\"op\": \"replace\", \"path\": \"/data/values/-3\", \"value\": \"1\"}]",
            "[{\"op\": \"add\", \"path\": \"/data/values/3\", \"value\": \"1\"}]",
            "[{\"op\": \"add\", \"path\": \"/data/values/-4\", \"value\": \"1\"}]",
            "[{\"op\": \"add\", \"path\": \"/data/values/x\", \"value\": \"1\"}]",
            "[{\"op\": \"replace\", \"path\": \"/data/values/-\", \"value\": \"1\"}]",
            "[{\"op\": \"remove\", \"path\": \"/data/absent\"}]",
            "[{\"op\": \"remove\", \"path\": \"/metadata/annotations/absent\"}]",
            "[{\"op\": \"move\", \"from\": \"/data/absent\", \"path\": \"/data/x\"}]",
            "[{\"op\": \"copy\", \"from\": \"/data/values/2\", \"path\": \"/data/x\"}]",
            "[{\"op\": \"test\", \"path\": \"/data/absent\", \"value\": \"x\"}]",
            "[{\"op\": \"add\", \"path\": \"/data/plain/x\", \"value\": \"1\"}]",
        };
        StringBuilder kustomization = new StringBuilder("resources: [cm.yaml]\npatches:\n");
        for (String ops : failing) {
            kustomization.append("  - target: {kind: ConfigMap}\n    patch: '").append(ops).append("'\n");
        }
        Build build = memory("app/kustomization.yaml", kustomization.toString(), "app/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                data:
                  plain: text
                  nested: {x: "y"}
                  values: [a, b]
                """).build("app");
        List<Integer> lines = new ArrayList<>();
        build.problems().forEach(p -> {
            assertThat(p.fatal()).as(p.detail()).isTrue();
            lines.add(p.at().span().line());
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < failing.length; i++) {
            expected.add(3 + 2 * i);
        }
        assertThat(lines).isEqualTo(expected);
        assertThat(find(build, "ConfigMap", "c").content().get("metadata").get("annotations").isPresent()).isFalse();
    }

    /**
     * Each folder of {@code testdata/kustomize-render/<root>} renders completely, without problems, as its
     * {@code expected.yaml}: the output of {@code kubectl kustomize} (v5.5.0) for that folder (Secret values masked).
     */
    private static void assertRendersAsKubectl(String root, String... folders) throws Exception {
        RepositoryModel model = model(new WorkTreeSnapshot(TestPaths.testdata().resolve("kustomize-render")
                .resolve(root)));
        Kustomize k = model.facet(Kustomize.FACET);
        for (String folder : folders) {
            Build build = k.build(folder);
            assertThat(build.problems()).as(folder + " problems").isEmpty();
            assertThat(build.complete()).as(folder + " complete").isTrue();
            TreeSet<String> expected = new TreeSet<>();
            for (io.fluxward.yaml.YDocument doc : model.file(folder + "/expected.yaml").orElseThrow().documents()) {
                YNode want = doc.root();
                String kind = want.get("kind").textOr("");
                String name = want.at("metadata", "name").textOr("");
                String namespace = want.at("metadata", "namespace").textOr("");
                expected.add(kind + "/" + namespace + "/" + name);
                Resource got = find(build, kind, name);
                assertThat(got.namespace()).as(kind + "/" + name).isEqualTo(namespace);
                YNode content = got.content();
                if (kind.equals("Secret")) {
                    // Rendered values are masked: the keys are compared, then the rest of the object.
                    assertThat(keysOf(content.get("data"))).isEqualTo(keysOf(want.get("data")));
                    content = Nodes.remove((io.fluxward.yaml.YMap) content, "data");
                    want = Nodes.remove((io.fluxward.yaml.YMap) want, "data");
                }
                assertThat(Kustomize.sameValue(content, want))
                        .as(folder + ": " + kind + "/" + name + " as kubectl renders it").isTrue();
            }
            assertThat(ids(build)).as(folder).isEqualTo(expected);
        }
    }

    private static List<String> keysOf(YNode map) {
        List<String> out = new ArrayList<>();
        map.entries().forEach(e -> out.add(e.keyText()));
        return out;
    }

    @Test
    void fluxsDefaultExclusionsFollowGitignoreTermsInTheWalkAndForAnyFile() throws Exception {
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n";
        RepositoryModel model = memoryModel(
                "apps/cm.yaml", configMap.formatted("kept"),
                "apps/.github/workflows/ci.yaml", "on: push\njobs: {}\n",
                "apps/backup.zip/cm.yaml", configMap.formatted("in-a-zip-named-folder"),
                "apps/.sops.yaml/cm.yaml", configMap.formatted("in-a-folder-named-like-a-file"),
                "apps/.git", "gitdir: ../.git/worktrees/apps\n",
                "apps/drafts/cm.yaml", configMap.formatted("draft"),
                "apps/.sourceignore", "drafts/\n",
                "clusters/apps.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata:
                          name: apps
                          namespace: flux-system
                        spec:
                          interval: 10m
                          path: ./apps
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """);
        Kustomize k = model.facet(Kustomize.FACET);
        KubeObject ks = model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").findFirst().orElseThrow();
        Build build = k.build("apps", FluxOverrides.of(ks));
        assertThat(ids(build)).containsExactly("ConfigMap//kept");
        assertThat(build.problems()).isEmpty();

        assertThat(k.excludedFromArtifact("apps/cm.yaml")).isFalse();
        assertThat(k.excludedFromArtifact("apps/.github/workflows/ci.yaml")).isTrue();
        assertThat(k.excludedFromArtifact(".github/workflows/ci.yaml")).isTrue();
        assertThat(k.excludedFromArtifact("apps/backup.zip/cm.yaml")).isTrue();
        assertThat(k.excludedFromArtifact("apps/.sops.yaml/cm.yaml")).isTrue();
        assertThat(k.excludedFromArtifact("apps/.sops.yaml")).isTrue();
        assertThat(k.excludedFromArtifact("apps/drafts/cm.yaml")).isTrue();
        // ".git/" names a folder only; gitignore matching is case-sensitive, as Flux's is.
        assertThat(k.excludedFromArtifact("apps/.git")).isFalse();
        assertThat(k.excludedFromArtifact("apps/logo.png")).isTrue();
        assertThat(k.excludedFromArtifact("apps/logo.PNG")).isFalse();
        assertThat(k.excludedFromArtifact("apps/github/ci.yaml")).isFalse();
    }

    @Test
    void aFolderIsLeftOutOfTheArtifactWhenEveryFileBelowItIs() throws Exception {
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
        Kustomize k = memory(
                ".sourceignore", "# drafts\narchive/\napps/*\n!apps/prod/\n",
                "archive/old/cm.yaml", configMap,
                "apps/prod/cm.yaml", configMap,
                "apps/dev/cm.yaml", configMap,
                "ci/.github/workflows/ci.yaml", configMap,
                "ci/.github/pictures/logo.png", "png",
                "deploy/cm.yaml", configMap,
                "deploy/.gitignore", "*.bak\n");
        assertThat(k.folderLeftOut("archive/old", null, "spec.ignore")).contains("'.sourceignore' line 2 ('archive/')");
        assertThat(k.folderLeftOut("apps/dev", null, "spec.ignore")).contains("'.sourceignore' line 3 ('apps/*')");
        // A negated pattern later in the file keeps the folder in.
        assertThat(k.folderLeftOut("apps/prod", null, "spec.ignore")).isEmpty();
        assertThat(k.folderLeftOut("ci/.github", null, "spec.ignore")).contains("Flux's default exclusion of '.github/'");
        // spec.ignore replaces the default exclusions (not the git metadata ones) and comes after .sourceignore.
        assertThat(k.folderLeftOut("ci/.github", "/deploy/\n", "GitRepository a/b spec.ignore")).isEmpty();
        assertThat(k.folderLeftOut("deploy", "/deploy/\n", "GitRepository a/b spec.ignore"))
                .contains("GitRepository a/b spec.ignore pattern '/deploy/'");
        assertThat(k.folderLeftOut("apps/dev", "/*\n!/apps\n", "GitRepository a/b spec.ignore")).isEmpty();
        // .gitignore stays out with spec.ignore: once *.yaml leaves out the manifest, nothing of deploy/ is kept.
        assertThat(k.folderLeftOut("deploy", "*.yaml\n", "GitRepository a/b spec.ignore"))
                .contains("GitRepository a/b spec.ignore pattern '*.yaml'");
        assertThat(k.folderLeftOut("deploy", "*.yml\n", "GitRepository a/b spec.ignore")).isEmpty();
        // The rule that leaves out the folder as a whole is named, not the one that also matches its first file.
        assertThat(k.folderLeftOut("apps/dev", "cm.yaml\n", "GitRepository a/b spec.ignore"))
                .contains("'.sourceignore' line 3 ('apps/*')");
    }

    @Test
    void fluxOverridesActInsideTheRootBeforeItsNamespace() throws Exception {
        RepositoryModel model = memoryModel(
                "apps/kustomization.yaml", """
                        resources: [releases.yaml]
                        """,
                "apps/releases.yaml", """
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata:
                          name: web
                          namespace: team
                        spec:
                          interval: 10m
                        """,
                "clusters/worker.yaml", """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata:
                          name: apps
                          namespace: flux-system
                        spec:
                          interval: 10m
                          path: ./apps
                          prune: true
                          targetNamespace: worker-apps
                          namePrefix: w-
                          sourceRef: {kind: GitRepository, name: flux-system}
                          patches:
                            - target: {kind: HelmRelease, namespace: team}
                              patch: |
                                - op: add
                                  path: /spec/kubeConfig
                                  value: {secretRef: {name: worker}}
                            - target: {kind: HelmRelease, namespace: worker-apps}
                              patch: |
                                - op: add
                                  path: /spec/suspend
                                  value: true
                        """);
        Kustomize k = model.facet(Kustomize.FACET);
        KubeObject ks = model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").findFirst().orElseThrow();
        Build build = k.build("apps", FluxOverrides.of(ks));
        assertThat(ids(build)).containsExactly("HelmRelease/worker-apps/w-web");
        Resource web = build.resources().get(0);
        assertThat(web.content().at("spec", "kubeConfig", "secretRef", "name").textOr("")).isEqualTo("worker");
        assertThat(web.content().at("spec", "suspend").isPresent()).isFalse();
        assertThat(web.locationOf(web.content().at("spec", "kubeConfig")).path()).isEqualTo("clusters/worker.yaml");
        assertThat(build.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BuildProblem.Kind.PATCH_TARGET_MISSING);
            assertThat(p.at()).isEqualTo(new Location("clusters/worker.yaml", p.at().span()));
            assertThat(p.at().line()).isEqualTo(19);
            assertThat(p.fatal()).isFalse();
        });
        assertThat(k.build("apps").resources()).extracting(Resource::namespace).containsExactly("team");
    }

    @Test
    void fluxComponentsAreAddedToTheRootAndMissingOnesAreProblemsUnlessIgnored() throws Exception {
        String ks = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: app, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./app
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  components:
                    - ../components/db
                    - ../components/cache
                %s
                """;
        String[] files = {
            "app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n",
            "components/db/kustomization.yaml", "kind: Component\napiVersion: kustomize.config.k8s.io/v1alpha1\n"
                    + "resources: [cm.yaml]\n",
            "components/db/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db}\n"};
        for (String ignore : List.of("", "  ignoreMissingComponents: true")) {
            List<String> all = new ArrayList<>(List.of(files));
            all.addAll(List.of("clusters/app.yaml", ks.formatted(ignore)));
            RepositoryModel model = memoryModel(all.toArray(String[]::new));
            KubeObject app = model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").findFirst().orElseThrow();
            Build build = model.facet(Kustomize.FACET).build("app", FluxOverrides.of(app));
            assertThat(ids(build)).containsExactly("ConfigMap//app", "ConfigMap//db");
            if (ignore.isEmpty()) {
                assertThat(build.problems()).singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(BuildProblem.Kind.MISSING_RESOURCE);
                    assertThat(p.at()).isEqualTo(new Location("clusters/app.yaml", p.at().span()));
                    assertThat(p.at().line()).isEqualTo(11);
                });
            } else {
                assertThat(build.problems()).isEmpty();
            }
        }
    }

    @Test
    void fluxGeneratedKustomizationWalksFoldersAndSkipsExcludedFiles() throws Exception {
        Kustomize k = memory(
                "apps/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
                "apps/sub/b.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n",
                "apps/sub/app/kustomization.yaml", "resources: [c.yaml]\nnamePrefix: k-\n",
                "apps/sub/app/c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
                "apps/sub/app/unlisted.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unlisted}\n",
                "apps/.sops.yaml", "creation_rules: []\n",
                "apps/.github/workflows/ci.yaml", "on: push\n",
                "apps/notes.txt", "not yaml\n",
                "apps/Chart.YAML", "apiVersion: v2\n");
        Build build = k.build("apps");
        assertThat(ids(build)).containsExactly("ConfigMap//a", "ConfigMap//b", "ConfigMap//k-c");
        assertThat(build.complete()).isTrue();
        assertThat(build.problems()).isEmpty();

        Kustomize broken = memory("apps/values.yaml", "replicaCount: 2\n",
                "apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        Build failing = broken.build("apps");
        assertThat(failing.fails()).isTrue();
        assertThat(failing.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BuildProblem.Kind.UNREADABLE);
            assertThat(p.at().path()).isEqualTo("apps/values.yaml");
        });
    }

    @Test
    void targetSelectorsAreAnchoredRegexesWithLabelSelectors() throws Exception {
        Kustomize k = memory(
                "kustomization.yaml", """
                        resources: [cms.yaml]
                        patches:
                          - target: {kind: ConfigMap, name: web}
                            patch: '[{"op": "add", "path": "/data/exact", "value": "1"}]'
                          - target: {kind: Config, name: "web.*"}
                            patch: '[{"op": "add", "path": "/data/kind-prefix", "value": "1"}]'
                          - target: {labelSelector: "tier in (a, b),!legacy,env!=prod"}
                            patch: '[{"op": "add", "path": "/data/labels", "value": "1"}]'
                          - target: {annotationSelector: "owner"}
                            patch: '[{"op": "add", "path": "/data/annotated", "value": "1"}]'
                          - target: {namespace: default}
                            patch: '[{"op": "add", "path": "/data/default-ns", "value": "1"}]'
                        """,
                "cms.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: web, labels: {tier: a}, annotations: {owner: me}}
                        data: {}
                        ---
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: web-2, namespace: prod, labels: {tier: b, env: prod}}
                        data: {}
                        ---
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: other, labels: {tier: a, legacy: "yes"}}
                        data: {}
                        """);
        Build build = k.build("");
        assertThat(keys(find(build, "ConfigMap", "web"))).containsExactly("exact", "labels", "annotated", "default-ns");
        assertThat(keys(find(build, "ConfigMap", "web-2"))).isEmpty();
        assertThat(keys(find(build, "ConfigMap", "other"))).containsExactly("default-ns");
        assertThat(build.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BuildProblem.Kind.PATCH_TARGET_MISSING);
            assertThat(p.at().line()).isEqualTo(5);
        });
    }

    @Test
    void targetRegexesAreGosRe2InBoundedTime() throws Exception {
        String longName = "a".repeat(40);
        Kustomize k = memory(
                "kustomization.yaml", """
                        resources: [cms.yaml]
                        patches:
                          # Go's named groups and POSIX classes, as kustomize reads them.
                          - target: {kind: ConfigMap, name: "(?P<app>we)b-[[:digit:]]"}
                            patch: '[{"op": "add", "path": "/data/re2", "value": "1"}]'
                          # Linear in Go; java.util.regex would try every split of the 40 a's: abandoned, no match.
                          - target: {kind: ConfigMap, name: "(.*a){20}b"}
                            patch: '[{"op": "add", "path": "/data/runaway", "value": "1"}]'
                        """,
                "cms.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: web-2}
                        data: {}
                        ---
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: NAME}
                        data: {}
                        """.replace("NAME", longName));
        Build build = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> k.build(""));
        assertThat(keys(find(build, "ConfigMap", "web-2"))).containsExactly("re2");
        assertThat(keys(find(build, "ConfigMap", longName))).isEmpty();
        assertThat(build.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BuildProblem.Kind.PATCH_TARGET_MISSING);
            assertThat(p.at().line()).isEqualTo(7);
        });
    }

    private static List<String> keys(Resource r) {
        List<String> out = new ArrayList<>();
        r.content().get("data").entries().forEach(e -> out.add(e.keyText()));
        return out;
    }

    @Test
    void strategicMergePatchWithoutTargetThatMatchesNothingFailsTheBuild() throws Exception {
        Kustomize k = memory(
                "kustomization.yaml", """
                        resources: [cm.yaml]
                        patches:
                          - patch: |
                              apiVersion: v1
                              kind: ConfigMap
                              metadata: {name: web, namespace: other}
                              data: {a: b}
                        """,
                "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
        Build build = k.build("");
        assertThat(build.fails()).isTrue();
        assertThat(build.complete()).isTrue();
        assertThat(build.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BuildProblem.Kind.PATCH_TARGET_MISSING);
            assertThat(p.fatal()).isTrue();
            assertThat(p.detail()).contains("ConfigMap/other/web").doesNotContain("a: b");
        });
    }

    @Test
    void aRepeatedKeyFailsTheBuildAsInKustomize() throws Exception {
        Kustomize k = memory("kustomization.yaml", "resources: [cm.yaml]\n",
                "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  name: web2\n");
        Build build = k.build("");
        assertThat(build.fails()).isTrue();
        assertThat(build.problems()).singleElement().satisfies(p -> assertThat(p.detail()).contains("line 5"));
        assertThat(ids(build)).containsExactly("ConfigMap//web2");
    }

    @Test
    void cyclesOutsidePathsAndDeepNestingAreProblemsNotCrashes() throws Exception {
        Kustomize cycle = memory("a/kustomization.yaml", "resources: [../b]\n",
                "b/kustomization.yaml", "resources: [../a]\n");
        assertThat(cycle.build("a").problems()).extracting(BuildProblem::kind).containsExactly(BuildProblem.Kind.CYCLE);

        Kustomize outside = memory("apps/kustomization.yaml", """
                resources:
                  - ../../etc/passwd
                  - /etc/hosts
                patches:
                  - path: ../../../secret.yaml
                """);
        assertThat(outside.build("apps").problems()).extracting(BuildProblem::kind)
                .containsOnly(BuildProblem.Kind.OUTSIDE_ROOT).hasSize(3);
        assertThat(outside.build("../x").problems()).extracting(BuildProblem::kind)
                .containsExactly(BuildProblem.Kind.OUTSIDE_ROOT);
        Build nowhere = outside.build("./not/there");
        assertThat(nowhere.complete()).isFalse();
        assertThat(nowhere.problems()).extracting(BuildProblem::kind).containsExactly(BuildProblem.Kind.MISSING_RESOURCE);

        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder dir = new StringBuilder("d");
        for (int i = 0; i < 300; i++) {
            files.put(dir + "/kustomization.yaml", "resources: [next]\n");
            dir.append("/next");
        }
        files.put(dir + "/kustomization.yaml", "resources: []\n");
        // kustomize has no nesting limit (kubectl kustomize builds 5,000 levels): nor has fluxward, and no stack overflow.
        Build deep = kustomize(MemorySnapshot.ofText(files)).build("d");
        assertThat(deep.fails()).isFalse();
        assertThat(deep.problems()).isEmpty();
    }

    @Test
    void remoteResourcesAreRecordedAndMakeTheBuildIncomplete() throws Exception {
        Kustomize k = memory("kustomization.yaml", """
                resources:
                  - https://github.com/fluxcd/flux2/releases/latest/download/install.yaml
                  - github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0
                  - cm.yaml
                """, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
        Build build = k.build("");
        assertThat(build.complete()).isFalse();
        assertThat(build.fails()).isFalse();
        assertThat(build.problems()).extracting(BuildProblem::kind).containsOnly(BuildProblem.Kind.REMOTE_RESOURCE);
        assertThat(ids(build)).containsExactly("ConfigMap//web");
    }

    @Test
    void componentPatchIsMissingOnlyWhenNoUserMatches() throws Exception {
        String component = """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                patches:
                  - target: {kind: ConfigMap, name: web}
                    patch: '[{"op": "add", "path": "/data/x", "value": "1"}]'
                """;
        Kustomize used = memory("c/kustomization.yaml", component,
                "web/kustomization.yaml", "resources: [cm.yaml]\ncomponents: [../c]\n",
                "web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {}\n",
                "api/kustomization.yaml", "resources: [cm.yaml]\ncomponents: [../c]\n",
                "api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\n");
        assertThat(used.problems(List.of())).isEmpty();
        assertThat(used.build("api").problems()).extracting(BuildProblem::kind)
                .containsExactly(BuildProblem.Kind.PATCH_TARGET_MISSING);

        Kustomize unused = memory("c/kustomization.yaml", component,
                "api/kustomization.yaml", "resources: [cm.yaml]\ncomponents: [../c]\n",
                "api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\n");
        assertThat(unused.problems(List.of())).extracting(p -> p.at().path()).containsExactly("c/kustomization.yaml");
        assertThat(unused.inputs()).contains("c/kustomization.yaml", "api/cm.yaml");
    }

    @Test
    void inlinePatchSpansPointIntoTheOuterFile() throws Exception {
        Kustomize k = memory("kustomization.yaml", """
                resources: [cm.yaml]
                patches:
                  - target: {kind: ConfigMap}
                    patch: |-
                      - op: add
                        path: /data/owner
                        value: platform-team
                """, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {}\n");
        Resource web = k.build("").resources().get(0);
        YNode owner = web.content().at("data", "owner");
        Location where = web.locationOf(owner);
        assertThat(where.path()).isEqualTo("kustomization.yaml");
        assertThat(where.line()).isEqualTo(7);
        assertThat(where.column()).isEqualTo(16);
        Optional<String> ownFile = web.provenance().fileOf(web.content().at("metadata", "name"));
        assertThat(ownFile).isEmpty();
    }

    @Test
    void labelSelectorSyntax() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front", "version", "7");
        assertThat(LabelSelector.parse("").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app=web,tier==front").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app!=web").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("missing!=x").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("tier in (front, back)").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("tier notin (front)").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("missing notin (true)").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("app,!legacy").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("version>5,version<8").matches(labels)).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LabelSelector.parse("app in web")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remoteReferencesAreRecognised() {
        assertThat(Kustomize.isRemote("https://example.com/a.yaml")).isTrue();
        assertThat(Kustomize.isRemote("github.com/org/repo//path?ref=v1")).isTrue();
        assertThat(Kustomize.isRemote("git@github.com:org/repo.git")).isTrue();
        assertThat(Kustomize.isRemote("ssh://git@example.com/org/repo.git")).isTrue();
        assertThat(Kustomize.isRemote("../base")).isFalse();
        assertThat(Kustomize.isRemote("deployment.yaml")).isFalse();
        assertThat(Kustomize.isRemote("github.com.yaml")).isFalse();
    }
}
