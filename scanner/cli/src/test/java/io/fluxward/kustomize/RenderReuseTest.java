package io.fluxward.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.model.ParsedFiles;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Folder builds kept between scans of one process ({@link RenderMemo}) give exactly what a fresh build
 * gives, after every kind of change a build can notice: a resource, a nested base, a patch, a generator
 * source, a folder's listing, a second kustomization file, a {@code .sourceignore} rule, a file turned
 * into a folder, a GitRepository's {@code spec.include}. And they are reused: an untouched folder's build is the very
 * same object.
 */
class RenderReuseTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static final Map<String, String> BASE = Map.ofEntries(
            Map.entry("apps/base/web/kustomization.yaml", """
                    resources:
                      - deployment.yaml
                      - service.yaml
                    configMapGenerator:
                      - name: web-settings
                        files:
                          - app.properties
                    """),
            Map.entry("apps/base/web/deployment.yaml", deployment("web", 1)),
            Map.entry("apps/base/web/service.yaml", """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: web
                    spec:
                      ports:
                        - port: 80
                    """),
            Map.entry("apps/base/web/app.properties", "mode=blue\n"),
            Map.entry("apps/base/api/kustomization.yaml", "resources:\n  - deployment.yaml\nvalidators:\n  - checks\n"),
            Map.entry("apps/base/api/deployment.yaml", deployment("api", 1)),
            Map.entry("apps/components/monitoring/kustomization.yaml", """
                    apiVersion: kustomize.config.k8s.io/v1alpha1
                    kind: Component
                    labels:
                      - pairs:
                          monitored: "true"
                    """),
            Map.entry("apps/overlays/prod/kustomization.yaml", """
                    namespace: prod
                    resources:
                      - ../../base/web
                      - ../../base/api
                    components:
                      - ../../components/monitoring
                    patches:
                      - path: replicas.yaml
                    """),
            Map.entry("apps/overlays/prod/replicas.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                    spec:
                      replicas: 3
                    """),
            Map.entry("apps/overlays/staging/kustomization.yaml", "namespace: staging\nresources:\n  - ../../base/web\n"),
            Map.entry("infra/controllers/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n"),
            Map.entry("infra/controllers/ingress.yaml", deployment("ingress", 2)),
            Map.entry("infra/controllers/notes.txt", "not a manifest\n"),
            Map.entry("infra/controllers/certs/kustomization.yaml", "resources:\n  - issuer.yaml\n"),
            Map.entry("infra/controllers/certs/issuer.yaml", """
                    apiVersion: cert-manager.io/v1
                    kind: ClusterIssuer
                    metadata:
                      name: letsencrypt
                    """),
            Map.entry("clusters/prod/apps.yaml", flux("apps", "./apps/overlays/prod")),
            Map.entry("clusters/prod/infra.yaml", flux("infra", "./infra/controllers")));

    private static String deployment(String name, int replicas) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  replicas: " + replicas
                + "\n  template:\n    spec:\n      containers:\n        - name: " + name + "\n          image: nginx:1.27\n";
    }

    private static String flux(String name, String path) {
        return "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " + name
                + "\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: " + path + "\n  prune: true\n"
                + "  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";
    }

    /** A named change of the repository. */
    private record Change(String name, UnaryOperator<Map<String, String>> apply) {
    }

    private static Change put(String name, String path, String text) {
        return new Change(name, files -> {
            Map<String, String> next = new TreeMap<>(files);
            next.put(path, text);
            return next;
        });
    }

    private static Change remove(String name, String path) {
        return new Change(name, files -> {
            Map<String, String> next = new TreeMap<>(files);
            next.remove(path);
            return next;
        });
    }

    private static final List<Change> CHANGES = List.of(
            // A validator's configuration is only looked up (exists, folder, files below): nothing else changes.
            put("a path that only exists", "apps/base/api/checks", "x: 1\n"),
            new Change("a file that becomes a folder of the same name", files -> {
                Map<String, String> next = new TreeMap<>(files);
                next.remove("apps/base/api/checks");
                next.put("apps/base/api/checks/a.yaml", "x: 1\n");
                return next;
            }),
            put("a file added below a folder that is only listed", "apps/base/api/checks/b.yaml", "y: 2\n"),
            put("a resource of a nested base", "apps/base/api/deployment.yaml", deployment("api", 5)),
            put("a patch", "apps/overlays/prod/replicas.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: api
                    spec:
                      replicas: 7
                    """),
            put("a generator source (not a manifest)", "apps/base/web/app.properties", "mode=green\n"),
            remove("a resource removed", "apps/base/web/service.yaml"),
            put("a resource added back", "apps/base/web/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n"
                    + "  name: web2\n"),
            put("a file added to a folder Flux generates a kustomization for", "infra/controllers/extra.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"),
            put("a .sourceignore rule", ".sourceignore", "infra/controllers/ingress.yaml\n"),
            put("a second kustomization file", "apps/base/api/kustomization.yml", "resources:\n  - deployment.yaml\n"),
            remove("the second kustomization file removed", "apps/base/api/kustomization.yml"),
            put("a component", "apps/components/monitoring/kustomization.yaml", """
                    apiVersion: kustomize.config.k8s.io/v1alpha1
                    kind: Component
                    namePrefix: mon-
                    """),
            new Change("a resource file turned into a folder", files -> {
                Map<String, String> next = new TreeMap<>(files);
                next.remove("apps/base/api/deployment.yaml");
                next.put("apps/base/api/deployment.yaml/kustomization.yaml", "resources: []\n");
                return next;
            }),
            put("a kustomization file", "apps/overlays/staging/kustomization.yaml",
                    "namespace: qa\nresources:\n  - ../../base/web\n  - ../../base/missing\n"),
            remove("a Flux root folder's only kustomization file", "infra/controllers/certs/kustomization.yaml"),
            // The missing base above comes from another repository: only a manifest's content changes, not the layout.
            put("a GitRepository's spec.include", "clusters/prod/infra.yaml", flux("infra", "./infra/controllers")
                    + "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n"
                    + "  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/acme/fleet\n"
                    + "  include:\n    - repository:\n        name: bases\n      toPath: apps/base/missing\n"));

    @Test
    void everyChangeGivesWhatAFreshBuildGives() throws Exception {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        Map<String, String> files = new TreeMap<>(BASE);
        render(files, kept);
        for (Change change : CHANGES) {
            files = change.apply().apply(files);
            assertThat(render(files, kept)).as(change.name()).isEqualTo(render(files, ParsedFiles.NONE));
            assertThat(findings(files, kept)).as(change.name()).isEqualTo(findings(files, ParsedFiles.NONE));
        }
    }

    @Test
    void eachChangeAloneGivesWhatAFreshBuildGives() throws Exception {
        for (Change change : CHANGES) {
            ParsedFiles kept = new ParsedFiles(1 << 20);
            render(BASE, kept);
            Map<String, String> files = change.apply().apply(BASE);
            assertThat(render(files, kept)).as(change.name()).isEqualTo(render(files, ParsedFiles.NONE));
        }
    }

    @Test
    void untouchedFoldersAreReusedAndTheChangedOnesAndTheirIncludersAreNot() throws Exception {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        Kustomize before = model(BASE, kept).facet(Kustomize.FACET);
        Map<String, Build> first = new TreeMap<>();
        for (String dir : List.of("apps/base/web", "apps/base/api", "apps/overlays/prod", "apps/overlays/staging",
                "infra/controllers/certs")) {
            first.put(dir, before.build(dir));
        }
        Map<String, String> files = put("", "apps/base/api/deployment.yaml", deployment("api", 9)).apply().apply(BASE);
        Kustomize after = model(files, kept).facet(Kustomize.FACET);
        assertThat(after.build("apps/base/web")).isSameAs(first.get("apps/base/web"));
        assertThat(after.build("apps/overlays/staging")).isSameAs(first.get("apps/overlays/staging"));
        assertThat(after.build("infra/controllers/certs")).isSameAs(first.get("infra/controllers/certs"));
        assertThat(after.build("apps/base/api")).isNotSameAs(first.get("apps/base/api"));
        assertThat(after.build("apps/overlays/prod")).isNotSameAs(first.get("apps/overlays/prod"));
        assertThat(describe(after.build("apps/overlays/prod"))).contains("replicas:'9'");
    }

    private static RepositoryModel model(Map<String, String> files, ParsedFiles kept) throws Exception {
        return new Scanner(rules).model(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withParsedFiles(kept), new ArrayList<Note>());
    }

    /** Every folder's build (as kustomize or as Flux's generated kustomization), and the repository's summary. */
    private static String render(Map<String, String> files, ParsedFiles kept) throws Exception {
        Kustomize k = model(files, kept).facet(Kustomize.FACET);
        TreeSet<String> dirs = new TreeSet<>();
        for (String f : files.keySet()) {
            for (String d = Paths.parent(f); !d.isEmpty(); d = Paths.parent(d)) {
                dirs.add(d);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String dir : dirs) {
            out.append(describe(k.build(dir))).append('\n');
        }
        out.append("problems ").append(k.problems(List.of())).append("\ninputs ").append(k.inputs()).append('\n');
        return out.toString();
    }

    private static String describe(Build b) {
        StringBuilder out = new StringBuilder("build ").append(b.dir()).append(" complete=").append(b.complete())
                .append(" problems=").append(b.problems()).append(" inputs=").append(new TreeSet<>(b.inputs())).append('\n');
        for (Resource r : b.resources()) {
            out.append("  ").append(r.id()).append(" ns=").append(r.namespace()).append(" from=")
                    .append(r.origin() == null ? "generated" : r.origin().path()).append(' ').append(text(r.content()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String text(YNode node) {
        if (node instanceof YMap map) {
            StringBuilder out = new StringBuilder("{");
            for (YEntry e : map.entries()) {
                out.append(e.keyText()).append(':').append(text(e.value())).append(',');
            }
            return out.append('}').toString();
        }
        if (node.isSeq()) {
            StringBuilder out = new StringBuilder("[");
            node.items().forEach(i -> out.append(text(i)).append(','));
            return out.append(']').toString();
        }
        return node.isPresent() ? "'" + node.textOr("~") + "'@" + node.span() : "-";
    }

    private static List<String> findings(Map<String, String> files, ParsedFiles kept) throws Exception {
        List<String> out = new ArrayList<>();
        for (Finding f : new Scanner(rules).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withParsedFiles(kept)).findings()) {
            out.add(f.ruleId() + " " + f.path() + ":" + f.line() + " " + f.message() + " " + f.fingerprint());
        }
        return out;
    }

    @Test
    void whereKustomizeSendsObjectsFollowsTheBuilds() throws Exception {
        // No Flux Kustomization here: an object lands in the namespaces its kustomize builds give it.
        Map<String, String> files = new TreeMap<>(Map.of(
                "base/kustomization.yaml", "resources:\n  - external-secret.yaml\n",
                "base/external-secret.yaml", """
                        apiVersion: external-secrets.io/v1
                        kind: ExternalSecret
                        metadata:
                          name: db
                        spec:
                          secretStoreRef:
                            name: vault
                            kind: SecretStore
                          target:
                            name: db
                          data:
                            - secretKey: password
                              remoteRef:
                                key: db/password
                        """,
                "overlays/prod/kustomization.yaml", "namespace: prod\nresources:\n  - ../../base\n",
                "stores/vault.yaml", """
                        apiVersion: external-secrets.io/v1
                        kind: SecretStore
                        metadata:
                          name: vault
                          namespace: prod
                        spec:
                          provider:
                            vault:
                              server: https://vault.example.com
                              path: secret
                              auth:
                                tokenSecretRef:
                                  name: vault-token
                                  key: token
                        """));
        ParsedFiles kept = new ParsedFiles(1 << 20);
        assertThat(findings(files, kept)).noneMatch(f -> f.startsWith("FW-E002"));
        files.put("overlays/prod/kustomization.yaml", "namespace: qa\nresources:\n  - ../../base\n");
        List<String> fresh = findings(files, ParsedFiles.NONE);
        assertThat(fresh).anyMatch(f -> f.startsWith("FW-E002"));
        assertThat(findings(files, kept)).isEqualTo(fresh);
    }
}
