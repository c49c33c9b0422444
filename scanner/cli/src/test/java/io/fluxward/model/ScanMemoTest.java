package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.schema.RepoPatches;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Values carried from one scan of the resident server to the next, by identity of what they came from. */
class ScanMemoTest {

    private static RepositoryModel model(Map<String, String> files, ParsedFiles kept) throws Exception {
        return new Scanner(RuleSet.load(List.of())).model(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withParsedFiles(kept), new ArrayList<Note>());
    }

    @Test
    void valuesAreReusedForTheSameObjectOnlyAndWhileStillValid() throws Exception {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        RepositoryModel first = model(Map.of("a.yaml", "a: 1\n"), kept);
        AtomicInteger computed = new AtomicInteger();
        String key = new String("key");
        ScanMemo<String, String> memo = ScanMemo.of(first, "test");
        assertThat(memo.get(key, k -> "v" + computed.incrementAndGet())).isEqualTo("v1");
        assertThat(memo.get(key, k -> "v" + computed.incrementAndGet())).isEqualTo("v1");

        ScanMemo<String, String> next = ScanMemo.of(model(Map.of("a.yaml", "a: 1\n"), kept), "test");
        assertThat(next.get(key, k -> "v" + computed.incrementAndGet())).as("same object").isEqualTo("v1");
        assertThat(next.get(new String("key"), k -> "v" + computed.incrementAndGet())).as("equal, not the same")
                .isEqualTo("v2");

        ScanMemo<String, String> third = ScanMemo.of(model(Map.of("a.yaml", "a: 1\n"), kept), "test");
        assertThat(third.get(key, k -> "v" + computed.incrementAndGet(), v -> false)).as("no longer valid")
                .isEqualTo("v3");

        ScanMemo<String, String> other = ScanMemo.of(model(Map.of("a.yaml", "a: 1\n"), kept), "another name");
        assertThat(other.get(key, k -> "w")).isEqualTo("w");
    }

    @Test
    void onlyWhatAScanUsedIsKeptForTheNext() throws Exception {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        String a = "a";
        String b = "b";
        ScanMemo<String, String> one = ScanMemo.of(model(Map.of("x.yaml", "x: 1\n"), kept), "test");
        one.get(a, k -> "A1");
        one.get(b, k -> "B1");
        ScanMemo<String, String> two = ScanMemo.of(model(Map.of("x.yaml", "x: 1\n"), kept), "test");
        two.get(a, k -> "A2");
        ScanMemo<String, String> three = ScanMemo.of(model(Map.of("x.yaml", "x: 1\n"), kept), "test");
        assertThat(three.get(a, k -> "A3")).isEqualTo("A1");
        assertThat(three.get(b, k -> "B3")).isEqualTo("B3");
    }

    @Test
    void aProcessThatScansOnceKeepsNothing() throws Exception {
        ScanMemo<String, String> memo = ScanMemo.of(model(Map.of("x.yaml", "x: 1\n"), ParsedFiles.NONE), "test");
        AtomicInteger computed = new AtomicInteger();
        memo.get("k", k -> "v" + computed.incrementAndGet());
        assertThat(memo.get("k", k -> "v" + computed.incrementAndGet())).isEqualTo("v2");
    }

    @Test
    void aFilesPatchesFollowThePatchFileItNames() throws Exception {
        String kustomization = "resources:\n  - app.yaml\npatches:\n  - path: patch.yaml\n";
        String app = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n";
        ParsedFiles kept = new ParsedFiles(1 << 20);
        RepositoryModel before = model(Map.of("kustomization.yaml", kustomization, "app.yaml", app,
                "patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: b\n"), kept);
        assertThat(names(before)).containsExactly("app");
        Map<String, String> changed = Map.of("kustomization.yaml", kustomization, "app.yaml", app,
                "patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
        assertThat(names(model(changed, kept))).containsExactly("other");
        assertThat(names(model(changed, ParsedFiles.NONE))).containsExactly("other");
    }

    private static List<String> names(RepositoryModel model) {
        List<String> out = new ArrayList<>();
        for (RepoPatches.Patch p : RepoPatches.find(model)) {
            p.content().forEach(d -> out.add(d.root().at("metadata", "name").textOr("")));
        }
        return out;
    }

    @Test
    void schemaViolationsFollowTheSchemaAndTheObject() throws Exception {
        ParsedFiles kept = new ParsedFiles(1 << 20);
        String object = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n";
        Map<String, String> strict = Map.of("crd.yaml", crd("integer"), "widget.yaml", object);
        assertThat(schemaFindings(strict, kept)).hasSize(1).isEqualTo(schemaFindings(strict, ParsedFiles.NONE));
        Map<String, String> lenient = Map.of("crd.yaml", crd("string"), "widget.yaml", object);
        assertThat(schemaFindings(lenient, kept)).isEmpty();
        Map<String, String> fixed = Map.of("crd.yaml", crd("integer"), "widget.yaml", object.replace("big", "3"));
        assertThat(schemaFindings(strict, kept)).hasSize(1);
        assertThat(schemaFindings(fixed, kept)).isEmpty();
    }

    private static String crd(String sizeType) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  names:
                    kind: Widget
                    plural: widgets
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              properties:
                                size:
                                  type: %s
                """.formatted(sizeType);
    }

    private static List<String> schemaFindings(Map<String, String> files, ParsedFiles kept) throws Exception {
        List<String> out = new ArrayList<>();
        new Scanner(RuleSet.load(List.of())).scan(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults().withParsedFiles(kept)).findings().stream()
                .filter(f -> f.ruleId().equals("FW-G003")).forEach(f -> out.add(f.path() + ":" + f.line() + " " + f.message()));
        return out;
    }
}
