package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParser;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** CRD schemas converted to JSON Schema, and violations located at YAML nodes without values. */
class KubeSchemaTest {

    private static final String CRD = """
            type: object
            properties:
              apiVersion: {type: string}
              kind: {type: string}
              metadata: {type: object}
              spec:
                type: object
                required: [port]
                properties:
                  port:
                    x-kubernetes-int-or-string: true
                    anyOf: [{type: integer}, {type: string}]
                    pattern: ^[a-z]+$
                  mode: {type: string, enum: [fast, slow]}
                  secret: {type: string, minLength: 8}
                  ca: {type: string, format: byte}
                  labels: {type: object, additionalProperties: {type: string}}
                  extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    x-kubernetes-preserve-unknown-fields: true
                  owner: {type: string, nullable: true}
                  rules:
                    type: array
                    items: {type: object, properties: {name: {type: string}}}
                    x-kubernetes-validations: [{rule: "self.size() > 0"}]
            """;

    private static KubeSchema schema() {
        JSONObject openApi = (JSONObject) JsonTree.of(YamlParser.parse(CRD).documents().get(0).root()).json();
        return KubeSchema.fromOpenApi(new Gvk("acme.example", "v1", "Widget"), openApi, SchemaOrigin.bundled("test"));
    }

    private static List<Violation> validate(String yaml, boolean partial) {
        YNode node = YamlParser.parse(yaml).documents().get(0).root();
        return schema().validate(JsonTree.of(node), partial);
    }

    @Test
    void validObjectsPass() {
        assertThat(validate("""
                apiVersion: acme.example/v1
                kind: Widget
                metadata: {name: w, namespace: apps, labels: {a: b}, creationTimestamp: null}
                spec:
                  port: 8080
                  mode: fast
                  ca: aGVsbG8=
                  extra: {anything: [1, 2, {x: y}]}
                  template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}
                  owner: null
                  rules: [{name: r}]
                """, false)).isEmpty();
        assertThat(validate("spec: {port: http}\n", false)).isEmpty();
    }

    @Test
    void reportsEachKindOfViolationAtItsNode() {
        List<Violation> found = validate("""
                apiVersion: acme.example/v1
                kind: Widget
                metadata:
                  name: w
                  labels: {tier: true}
                  lables: {}
                spec:
                  port: true
                  mode: medium
                  secret: hunter2
                  ca: not-base64!
                  prot: 1
                  template: {metadata: {name: x}}
                  rules: []
                """, false);
        assertThat(found).extracting(v -> v.kind() + " " + v.fieldPath() + " @" + v.node().span().line())
                .containsExactlyInAnyOrder(
                        "TYPE metadata.labels.tier @5",
                        "UNKNOWN_FIELD metadata.lables @6",
                        "TYPE spec.port @8",
                        "ENUM spec.mode @9",
                        "LENGTH spec.secret @10",
                        "FORMAT spec.ca @11",
                        "UNKNOWN_FIELD spec.prot @12",
                        "REQUIRED spec.template @13",
                        "REQUIRED spec.template @13",
                        "RULE spec.rules @14");
        assertThat(found).extracting(Violation::message)
                .contains("spec.port: expected integer or string, found boolean",
                        "spec.mode: must be one of fast, slow",
                        "spec.template: missing required field 'apiVersion'",
                        "spec.rules: failed rule: self.size() > 0")
                .noneMatch(m -> m.contains("hunter2") || m.contains("medium") || m.contains("not-base64"));
    }

    @Test
    void patternOfAnIntOrStringAppliesToStrings() {
        assertThat(validate("spec: {port: HTTP}\n", false)).extracting(Violation::kind)
                .containsExactly(Violation.Kind.PATTERN);
    }

    @Test
    void partialObjectsNeedNoRequiredFields() {
        assertThat(validate("spec: {mode: fast}\n", false)).extracting(Violation::message)
                .containsExactly("spec: missing required field 'port'");
        assertThat(validate("spec: {mode: fast}\n", true)).isEmpty();
    }

    @Test
    void fluxVariablesAreNotChecked() {
        assertThat(validate("spec:\n  port: 1\n  mode: ${MODE}\n  secret: \"${SECRET}\"\n", false)).isEmpty();
    }

    @Test
    void convertsStructuralSchemasToClosedJsonSchemas() {
        JSONObject openApi = (JSONObject) JsonTree.of(YamlParser.parse(CRD).documents().get(0).root()).json();
        JSONObject json = OpenApiConverter.convert(openApi);
        JSONObject spec = json.getJSONObject("properties").getJSONObject("spec");
        assertThat(json.get("additionalProperties")).isEqualTo(false);
        assertThat(spec.get("additionalProperties")).isEqualTo(false);
        assertThat(spec.getJSONObject("properties").getJSONObject("extra").has("additionalProperties")).isFalse();
        assertThat(spec.getJSONObject("properties").getJSONObject("labels").get("additionalProperties"))
                .isInstanceOf(JSONObject.class);
        assertThat(spec.getJSONObject("properties").getJSONObject("port").getJSONArray("type").toList())
                .containsExactly("integer", "string");
        assertThat(spec.getJSONObject("properties").getJSONObject("rules").has("x-kubernetes-validations")).isFalse();
        assertThat(json.getJSONObject("properties").getJSONObject("metadata").getJSONObject("properties").has("labels"))
                .isTrue();
    }
}
