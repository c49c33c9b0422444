package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A file that contains {{ is a template only when it reads as one: by its name or {{ where YAML expects a node. */
class GoTemplatesTest {

    private static FileLoader.Loaded load(String path, String text) {
        return new FileLoader(Limits.of(Map.of())).load(path, text.getBytes(StandardCharsets.UTF_8), Optional.empty(),
                false);
    }

    @Test
    void aBrokenFileWithTemplateTextInStringsIsBrokenYaml() {
        String eso = """
                spec:
                  target:
                    template:
                      data:
                        URL: "postgres://{{ .user }}:{{ .password }}@db:5432/app"
                        CONFIG: |
                          user: {{ .user }}
                          {{- range .items }}
                          {{ end }}
                        PLAIN: x-{{ .user }}
                        SINGLE: '{{ .user }}'
                        # {{ a comment }}
                        MULTI: "first line
                          {{ .continued }}"
                  dataFrom:
                    - extract:
                        key: db
                     rewrite: []
                """;
        FileLoader.Loaded loaded = load("apps/db/externalsecret.yaml", eso);
        assertThat(loaded.notes()).noneMatch(n -> n.message().contains("Go template"));
        assertThat(loaded.model().orElseThrow().yaml().orElseThrow().fatal()).isPresent();
        assertThat(GoTemplates.isTemplate("a.yaml", eso)).isFalse();
    }

    @Test
    void templateActionsWhereYamlExpectsANodeMakeATemplate() {
        assertThat(GoTemplates.isTemplate("a.yaml", "a:\n{{- if .Values.x }}\n  b: 1\n{{- end }}\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "metadata:\n  name: {{ .Name }}\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "data:\n  {{ .Key }}: v\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "args:\n  - {{ .Arg }}\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "args: [a, {{ .Arg }}]\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "labels: {app: {{ .App }}}\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "a: &x {{ .A }}\n")).isTrue();
        assertThat(GoTemplates.isTemplate("a.yaml", "{% if x %}\nname: \"{{ x }}\"\n{% endif %}\n")).isTrue();
        // After a block scalar ends, the structure counts again.
        assertThat(GoTemplates.isTemplate("a.yaml", "a: |\n  {{ in text }}\nb: {{ .B }}\n")).isTrue();
    }

    @Test
    void templateNamesMakeATemplate() {
        assertThat(GoTemplates.isTemplate("apps/secret.tpl.yaml", "a: \"{{ x }}\"\n b: 1\n")).isTrue();
        assertThat(GoTemplates.isTemplate("helmfile.gotmpl.yaml", "a: \"{{ x }}\"\n b: 1\n")).isTrue();
        assertThat(GoTemplates.isTemplate("apps/j2.yaml", "a: \"{{ x }}\"\n b: 1\n")).isFalse();
    }

    @Test
    void templateOutsideAChartIsStillNotParsed() {
        FileLoader.Loaded loaded = load("tmpl.yaml", "metadata:\n  name: {{ .Name }}\ndata:\n{{ range .Items }}\n{{ end }}\n");
        assertThat(loaded.notes()).anyMatch(n -> n.message().equals("Helm template: not parsed as YAML"));
        assertThat(loaded.model().orElseThrow().yaml()).isEmpty();
    }

    @Test
    void aTemplateThatParsesAsYamlIsStillATemplate() {
        // "{{ .Values.name }}" reads as a flow mapping: valid YAML, but a template all the same.
        FileLoader.Loaded loaded = load("secret.yaml", "kind: Secret\nmetadata:\n  name: {{ .Values.name }}\n");
        assertThat(loaded.model().orElseThrow().template()).isTrue();
        assertThat(loaded.model().orElseThrow().objects()).isEmpty();
        assertThat(loaded.notes()).anyMatch(n -> n.message().equals("Helm template: not parsed as YAML"));
        FileLoader.Loaded named = load("x.tpl.yaml", "kind: Secret\nmetadata:\n  name: \"{{ .Values.name }}\"\n");
        assertThat(named.model().orElseThrow().template()).isTrue();
    }

    @Test
    void templateTextOnlyInsideStringsIsParsed() {
        String alertmanager = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: alertmanager
                stringData:
                  alertmanager.yaml: |
                    receivers:
                      - title: '{{ template "slack.default.title" . }}'
                  subject: "{{ .Subject }}"
                """;
        FileLoader.Loaded loaded = load("secret.yaml", alertmanager);
        assertThat(loaded.model().orElseThrow().template()).isFalse();
        assertThat(loaded.model().orElseThrow().objects()).hasSize(1);
        assertThat(loaded.notes()).isEmpty();
    }
}
