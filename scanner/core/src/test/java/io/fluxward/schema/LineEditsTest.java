package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** In-line edits keep everything else of the file, and diffs look like git's. */
class LineEditsTest {

    @Test
    void replacesOnlyInsideTheSpan() {
        String text = "a: x/v1beta2 # x/v1beta2\nb: x/v1beta2\n";
        String out = LineEdits.apply(text, List.of(new LineEdits.Replacement(1, 4, 13, "x/v1beta2", "x/v1"))).orElseThrow();
        assertThat(out).isEqualTo("a: x/v1 # x/v1beta2\nb: x/v1beta2\n");
    }

    @Test
    void refusesWhenTheTextIsNotThere() {
        assertThat(LineEdits.apply("a: b\n", List.of(new LineEdits.Replacement(1, 4, 5, "x", "y")))).isEmpty();
        assertThat(LineEdits.apply("a: b\n", List.of(new LineEdits.Replacement(3, 1, 2, "x", "y")))).isEmpty();
    }

    @Test
    void rightToLeftWithinALine() {
        String out = LineEdits.apply("{a: g/v1beta1, b: g/v1beta1}\n", List.of(
                new LineEdits.Replacement(1, 5, 14, "g/v1beta1", "g/v1"),
                new LineEdits.Replacement(1, 19, 28, "g/v1beta1", "g/v1"))).orElseThrow();
        assertThat(out).isEqualTo("{a: g/v1, b: g/v1}\n");
    }

    @Test
    void contextStaysInTheChangedDocumentSoANeighbouringSecretIsNotPrinted() {
        String before = """
                apiVersion: v1
                kind: Secret
                stringData:
                  password: hunter2hunter2
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2beta1
                kind: HelmRelease
                metadata:
                  name: app
                spec: {}
                ---
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                """;
        String after = before.replace("v2beta1", "v2").replace("v1beta2", "v1");
        assertThat(LineEdits.diff("f.yaml", before, after).orElseThrow()).isEqualTo("""
                diff --git a/f.yaml b/f.yaml
                --- a/f.yaml
                +++ b/f.yaml
                @@ -5,5 +5,5 @@
                 ---
                -apiVersion: helm.toolkit.fluxcd.io/v2beta1
                +apiVersion: helm.toolkit.fluxcd.io/v2
                 kind: HelmRelease
                 metadata:
                   name: app
                @@ -11,2 +11,2 @@
                 ---
                -apiVersion: source.toolkit.fluxcd.io/v1beta2
                +apiVersion: source.toolkit.fluxcd.io/v1
                """).doesNotContain("hunter2");
    }

    @Test
    void diffsWithContextAndMergedHunks() {
        StringBuilder b = new StringBuilder();
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            b.append('k').append(i).append(":\n");
            a.append(i == 2 ? "name: two" : i == 5 ? "name: five" : i == 18 ? "name: eighteen" : "k" + i + ":").append('\n');
        }
        String before = b.toString();
        String after = a.toString();
        assertThat(LineEdits.diff("dir/f.yaml", before, after).orElseThrow()).isEqualTo("""
                diff --git a/dir/f.yaml b/dir/f.yaml
                --- a/dir/f.yaml
                +++ b/dir/f.yaml
                @@ -1,8 +1,8 @@
                 k1:
                -k2:
                +name: two
                 k3:
                 k4:
                -k5:
                +name: five
                 k6:
                 k7:
                 k8:
                @@ -15,6 +15,6 @@
                 k15:
                 k16:
                 k17:
                -k18:
                +name: eighteen
                 k19:
                 k20:
                """);
        assertThat(LineEdits.diff("f", before, before)).hasValue("");
    }

    @Test
    void quotesNamesAsGitDoes() {
        assertThat(LineEdits.quote("a b.yaml")).isEqualTo("a b.yaml");
        assertThat(LineEdits.quote("caf\u00e9.yaml")).isEqualTo("\"caf\\303\\251.yaml\"");
        assertThat(LineEdits.diff("caf\u00e9.yaml", "kind: a\n", "kind: b\n").orElseThrow()).startsWith(
                "diff --git \"a/caf\\303\\251.yaml\" \"b/caf\\303\\251.yaml\"\n--- \"a/caf\\303\\251.yaml\"\n");
    }

    @Test
    void contextStopsBeforeALineThatMayHoldASecretAndNoDiffShowsOne() {
        String before = """
                ---
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: HelmRepository
                metadata: {name: repo, namespace: flux-system}
                spec: {interval: 1h, url: "https://u:Cnry1302@charts.example.com"}
                ---
                apiVersion: external-secrets.io/v1beta1
                kind: SecretStore
                spec:
                  provider: {fake: {data: [{key: db, value: Cnry1303}]}}
                """;
        String after = before.replace("v1beta2", "v1").replace("v1beta1", "v1");
        assertThat(LineEdits.diff("f.yaml", before, after).orElseThrow()).isEqualTo("""
                diff --git a/f.yaml b/f.yaml
                --- a/f.yaml
                +++ b/f.yaml
                @@ -1,4 +1,4 @@
                 ---
                -apiVersion: source.toolkit.fluxcd.io/v1beta2
                +apiVersion: source.toolkit.fluxcd.io/v1
                 kind: HelmRepository
                 metadata: {name: repo, namespace: flux-system}
                @@ -6,4 +6,4 @@
                 ---
                -apiVersion: external-secrets.io/v1beta1
                +apiVersion: external-secrets.io/v1
                 kind: SecretStore
                 spec:
                """);
        // A line that may hold a secret right after the change, or in a changed line: a hunk without it would not apply.
        String secretNext = "apiVersion: g/v1beta1\nstringData: {password: Cnry1304}\nkind: Secret\n";
        assertThat(LineEdits.diff("f.yaml", secretNext, secretNext.replace("v1beta1", "v1"))).isEmpty();
        String oneLine = "{apiVersion: g/v1beta1, kind: Secret, stringData: {password: Cnry1305}}\n";
        assertThat(LineEdits.diff("f.yaml", oneLine, oneLine.replace("v1beta1", "v1"))).isEmpty();
        for (String hidden : List.of("  password: hunter2", "  hunter2", "url: https://u:p@h # x",
                "- {key: db, value: x}", "  value: x", "  labels: {app: x}")) {
            assertThat(LineEdits.shown(hidden)).as(hidden).isFalse();
        }
        for (String kept : List.of("", "---", "kind: Secret", "metadata:", "  name: a", "- name: b", "spec:",
                "metadata: {name: a, namespace: b}", "  namespace: \"flux-system\"")) {
            assertThat(LineEdits.shown(kept)).as(kept).isTrue();
        }
    }
}
