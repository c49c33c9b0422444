package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxward.cli.TestPaths;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The compact bundled CRDs that fluxward reads at run time are exactly what {@link CompactCrd}
 * makes of the CRDs copied from the releases, and define the same versions with the same schemas
 * apart from description texts. After updating a CRD, regenerate them with
 * {@code mvn -B -pl scanner/cli surefire:test -Dtest=CompactCrdTest -Dfluxward.regenerate=true}
 * (after {@code mvn -B -q install -DskipTests}).
 */
class CompactCrdTest {

    private static final Path RESOURCES = TestPaths.root().resolve("scanner/core/src/main/resources/io/fluxward/schema");

    private static List<String> crdFiles() throws Exception {
        List<String> files = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(RESOURCES.resolve("crds/index.json").toFile())) {
            files.add(entry.get("file").asText());
        }
        return files;
    }

    @Test
    void compactFilesAreGeneratedFromTheCrds() throws Exception {
        boolean regenerate = Boolean.getBoolean("fluxward.regenerate");
        List<String> files = crdFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        for (String file : files) {
            String crd = Files.readString(RESOURCES.resolve("crds").resolve(file), StandardCharsets.UTF_8);
            Optional<String> compact = CompactCrd.of(crd);
            assertThat(compact).as(file).isPresent();
            Path target = RESOURCES.resolve("crds-compact").resolve(CompactCrd.fileFor(file));
            if (regenerate) {
                Files.createDirectories(target.getParent());
                Files.writeString(target, compact.get() + "\n", StandardCharsets.UTF_8);
            }
            assertThat(target).as("%s is generated from %s: regenerate it (see this test's comment)", target, file)
                    .hasContent(compact.get());
        }
    }

    @Test
    void compactCrdsDefineTheSameVersionsAndSchemasWithoutDescriptions() throws Exception {
        for (String file : crdFiles()) {
            String crd = Files.readString(RESOURCES.resolve("crds").resolve(file), StandardCharsets.UTF_8);
            List<CrdVersion> full = new ArrayList<>();
            for (YDocument doc : YamlParser.parse(crd).documents()) {
                full.addAll(CrdVersion.of(doc.root()));
            }
            List<CrdVersion> compact = CrdVersion.of(new JSONObject(CompactCrd.of(crd).orElseThrow()));
            assertThat(compact).as(file).hasSameSizeAs(full);
            for (int i = 0; i < full.size(); i++) {
                CrdVersion a = full.get(i);
                CrdVersion b = compact.get(i);
                assertThat(List.of(b.crdName(), b.gvk(), b.served(), b.deprecated()))
                        .isEqualTo(List.of(a.crdName(), a.gvk(), a.served(), a.deprecated()));
                assertThat(b.schema().isPresent()).isEqualTo(a.schema().isPresent());
                if (a.schema().isPresent()) {
                    assertThat(withoutDescriptions(a.schema().get()).similar(b.schema().get())).as("%s %s", file, a.gvk())
                            .isTrue();
                }
            }
        }
    }

    private static JSONObject withoutDescriptions(JSONObject schema) {
        JSONObject out = new JSONObject();
        for (String key : schema.keySet()) {
            Object value = schema.get(key);
            if (key.equals("description") && value instanceof String) {
                continue;
            }
            out.put(key, strip(value));
        }
        return out;
    }

    private static Object strip(Object value) {
        if (value instanceof JSONObject o) {
            return withoutDescriptions(o);
        }
        if (value instanceof org.json.JSONArray a) {
            org.json.JSONArray out = new org.json.JSONArray();
            for (int i = 0; i < a.length(); i++) {
                out.put(strip(a.get(i)));
            }
            return out;
        }
        return value;
    }
}
