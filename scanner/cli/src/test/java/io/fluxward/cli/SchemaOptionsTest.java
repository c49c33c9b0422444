package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --schemas DIR}: user schema folders outside the repository, and their problems. */
class SchemaOptionsTest {

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Writes a JSON Schema as {@code schemas/acme.example/<file>} in the temporary folder; returns its folder. */
    private Path schema(String file, String json) throws java.io.IOException {
        Path schemas = Files.createDirectories(temp.resolve("schemas/acme.example"));
        Files.writeString(schemas.resolve(file), json, StandardCharsets.UTF_8);
        return schemas;
    }

    @Test
    void validatesAgainstAFolderGivenOnTheCommandLine() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path schemas = schema("widget_v1.json", """
                {"type": "object", "properties": {"spec": {"type": "object", "additionalProperties": false,
                  "properties": {"size": {"type": "integer"}}}}}
                """);
        Files.writeString(schemas.resolve("broken.json"), "{not json", StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("widget.yaml"), """
                apiVersion: acme.example/v1
                kind: Widget
                metadata: {name: w}
                spec:
                  size: large
                  colour: blue
                """, StandardCharsets.UTF_8);
        Run without = run("scan", "--no-color", repo.toString());
        assertThat(without.code).isZero();
        Run with = run("scan", "--no-color", "--schemas", temp.resolve("schemas").toString(), repo.toString());
        assertThat(with.code).as(with.err).isEqualTo(ExitCodes.FINDINGS);
        assertThat(with.out).contains("widget.yaml:5:9: error FW-G003 schema-violation: spec.size: expected integer, "
                + "found string").contains("widget.yaml:6:3: error FW-G003 schema-violation: spec.colour: unknown field");
        assertThat(with.err).contains("broken.json: not valid JSON");
    }

    /**
     * everit validates patterns with RE2J, but its public getters compile them again with java.util.regex, which
     * refuses some RE2 takes (a Go named group): the violation's message must still be made, without that getter.
     */
    @Test
    void patternsOnlyRe2ReadsAreReportedNotAnInternalError() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path schemas = schema("gadget_v1.json", """
                {"type": "object", "properties": {"spec": {"type": "object", "additionalProperties": false,
                  "properties": {"size": {"type": "string", "pattern": "^(?P<n>[0-9]+)Gi$"}},
                  "patternProperties": {"^(?P<label>x-[a-z]+)$": {"type": "integer"}}}}}
                """);
        Files.writeString(repo.resolve("gadget.yaml"), """
                apiVersion: acme.example/v1
                kind: Gadget
                metadata: {name: g}
                spec:
                  size: 10Mi
                  x-count: many
                  X-count: 1
                  x-tally: 2
                """, StandardCharsets.UTF_8);
        Run run = run("scan", "--no-color", "--schemas", temp.resolve("schemas").toString(), repo.toString());
        assertThat(run.err).doesNotContain("internal error");
        assertThat(run.code).as(run.err).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out.lines().filter(l -> l.contains("FW-G003")).toList()).containsExactly(
                "gadget.yaml:5:9: error FW-G003 schema-violation: spec.size: does not match the pattern ^(?P<n>[0-9]+)Gi$ "
                        + "(schema: " + schemas.resolve("gadget_v1.json") + ")",
                "gadget.yaml:6:12: error FW-G003 schema-violation: spec.x-count: expected integer, found string "
                        + "(schema: " + schemas.resolve("gadget_v1.json") + ")",
                "gadget.yaml:7:3: error FW-G003 schema-violation: spec.X-count: unknown field; the schema allows no other "
                        + "fields (schema: " + schemas.resolve("gadget_v1.json") + ")");
    }

    /** A schema is compiled when an object first needs it: a problem found then is printed after the scan, once. */
    @Test
    void aSchemaThatFailsToCompileDuringTheScanIsAWarning() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path schemas = schema("gizmo_v1.json", """
                {"type": "object", "properties": {"spec": {"type": "string", "pattern": "^(?=[0-9])[0-9]+$"}}}
                """);
        Files.writeString(repo.resolve("gizmo.yaml"), "apiVersion: acme.example/v1\nkind: Gizmo\nmetadata: {name: g}\n"
                + "spec: x\n---\napiVersion: acme.example/v1\nkind: Gizmo\nmetadata: {name: h}\nspec: y\n",
                StandardCharsets.UTF_8);
        Run run = run("scan", "--no-color", "--schemas", temp.resolve("schemas").toString(), repo.toString());
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.err.lines().filter(l -> l.contains("gizmo_v1.json")).toList()).singleElement().asString()
                .startsWith("fluxward: warning: " + schemas.resolve("gizmo_v1.json") + ": cannot be used as a schema");
    }

    @Test
    void aMissingFolderIsAUsageError() {
        Run run = run("scan", "--schemas", temp.resolve("nope").toString(), temp.toString());
        assertThat(run.code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("schema folder not found");
    }

    @Test
    void aRepositoryCrdThatCannotBeCompiledIsAWarningAtTheCrd() throws Exception {
        Files.writeString(temp.resolve("crd.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.acme.example}
                spec:
                  group: acme.example
                  names: {kind: Widget, plural: widgets}
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
                              type: string
                              minLength: many
                """, StandardCharsets.UTF_8);
        Files.writeString(temp.resolve("widget.yaml"), "apiVersion: acme.example/v1\nkind: Widget\nmetadata: {name: w}\n"
                + "spec: x\n", StandardCharsets.UTF_8);
        Run run = run("scan", "--no-color", temp.toString());
        assertThat(run.out).contains("crd.yaml:2:1: warning FW-G003 schema-violation: cannot be used as a schema");
        assertThat(run.err).doesNotContain("internal error");
    }
}
