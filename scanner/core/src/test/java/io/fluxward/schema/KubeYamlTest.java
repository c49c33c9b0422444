package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlParser;
import java.math.BigInteger;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scalars are typed as kubectl and Flux type them (go-yaml v2 through sigs.k8s.io/yaml). */
class KubeYamlTest {

    private static Object value(String yaml) {
        YNode node = YamlParser.parse("v: " + yaml + "\n").documents().get(0).root().get("v");
        return KubeYaml.value((YScalar) node);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "true|boolean", "True|boolean", "yes|boolean", "Yes|boolean", "on|boolean", "OFF|boolean", "y|boolean",
        "n|boolean", "no|boolean", "10|integer", "-3|integer", "+7|integer", "0x1F|integer", "0o17|integer",
        "017|integer", "0b101|integer", "1_000|integer", "1.5|number", ".5|number", "1e3|integer", "1.0|integer",
        "1.10|number", "08|integer", "!!str 10|string", "2024-01-02|string", "10m|string", ".inf|string",
        "v1|string", "~|null", "null|null", "1.2.3|string", "99999999999999999999999|number"})
    void typesPlainScalarsLikeGoYamlV2(String yaml, String type) {
        assertThat(KubeYaml.typeName(value(yaml))).isEqualTo(type);
    }

    @Test
    void keepsNumbersExact() {
        assertThat(value("0x1F")).isEqualTo(31);
        assertThat(value("017")).isEqualTo(15);
        assertThat(value("1_000")).isEqualTo(1000);
        assertThat(value("1.0")).isEqualTo(1);
        assertThat(value("4294967296")).isEqualTo(4294967296L);
        assertThat(value("18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(KubeYaml.resolvePlain("-")).isEqualTo("-");
        assertThat(value("1.10")).isEqualTo(1.1);
    }

    @Test
    void quotedScalarsAreStrings() {
        YNode doc = YamlParser.parse("a: '10'\nb: \"true\"\n").documents().get(0).root();
        assertThat(KubeYaml.value((YScalar) doc.get("a"))).isEqualTo("10");
        assertThat(KubeYaml.value((YScalar) doc.get("b"))).isEqualTo("true");
    }

    @Test
    void blockScalarsAndCustomTagsAreStrings() {
        YNode doc = YamlParser.parse("a: |\n  10\nb: !custom 10\n").documents().get(0).root();
        assertThat(KubeYaml.value((YScalar) doc.get("a"))).isEqualTo("10\n");
        assertThat(KubeYaml.value((YScalar) doc.get("b"))).isEqualTo("10");
    }

    @Test
    void keysAreTypedTooAndMergeKeysApply() {
        JsonTree tree = JsonTree.of(YamlParser.parse("""
                base: &base {a: 1, b: 2}
                m:
                  <<: *base
                  b: 3
                  on: x
                  n:
                """).documents().get(0).root());
        JSONObject m = ((JSONObject) tree.json()).getJSONObject("m");
        assertThat(m.toMap()).containsEntry("a", 1).containsEntry("b", 3).containsEntry("on", "x")
                .doesNotContainKey("n");
        assertThat(tree.locate("#/m/a").orElseThrow().value().span().line()).isEqualTo(1);
        assertThat(tree.locate("#/m/b").orElseThrow().key().span().line()).isEqualTo(4);
    }

    /**
     * Manifests reach the API server through kustomize build (go-yaml v3), which prints YAML 1.1-only boolean words
     * quoted and types a quoted scalar by its explicit tag (checked with kubectl kustomize v5.5); kustomization files
     * themselves are read by go-yaml v2, where {@code yes} is a boolean.
     */
    @Test
    void appliedValuesAreTypedAsKustomizeBuildPrintsThem() {
        JsonTree tree = JsonTree.of(YamlParser.parse("""
                a: yes
                b: Off
                c: True
                d: !!int "3"
                e: !!str 5
                f: 0400
                g: 1_000
                h: !!float '1.5'
                """).documents().get(0).root());
        assertThat(((JSONObject) tree.json()).toMap()).containsEntry("a", "yes").containsEntry("b", "Off")
                .containsEntry("c", true).containsEntry("d", 3).containsEntry("e", "5").containsEntry("f", 256)
                .containsEntry("g", 1000).containsEntry("h", 1.5);
        YScalar yes = (YScalar) YamlParser.parse("a: yes\n").documents().get(0).root().get("a");
        assertThat(KubeYaml.value(yes)).isEqualTo(true);
        assertThat(KubeYaml.applied(yes)).isEqualTo("yes");
    }

    @Test
    void findsNodesByJsonPointerWithEscapes() {
        JsonTree tree = JsonTree.of(YamlParser.parse("""
                metadata:
                  annotations:
                    a.io/b~c: x
                spec:
                  items:
                    - name: one
                    - name: two
                """).documents().get(0).root());
        JsonTree.Place place = tree.locate("#/metadata/annotations/a.io~1b~0c").orElseThrow();
        assertThat(place.value().span().line()).isEqualTo(3);
        assertThat(place.fieldPath()).isEqualTo("metadata.annotations[\"a.io/b~c\"]");
        JsonTree.Place item = tree.locate("#/spec/items/1/name").orElseThrow();
        assertThat(item.value().span().line()).isEqualTo(7);
        assertThat(item.fieldPath()).isEqualTo("spec.items[1].name");
        assertThat(tree.locate("#/spec/items/9")).isEmpty();
    }

    @Test
    void remembersFluxVariables() {
        JsonTree tree = JsonTree.of(YamlParser.parse("a: ${VAR}\nb: \"${X:=1}\"\nc: $VAR\nd: $${ESC}\n")
                .documents().get(0).root());
        assertThat(tree.hasVariable(tree.locate("#/a").orElseThrow().value())).isTrue();
        assertThat(tree.hasVariable(tree.locate("#/b").orElseThrow().value())).isTrue();
        assertThat(tree.hasVariable(tree.locate("#/c").orElseThrow().value())).isFalse();
    }
}
