package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the FW-G003 fixtures cannot show: messages, columns and levels. */
class SchemaMessagesTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static List<Finding> findings(String name, String path) throws Exception {
        Path dir = TestPaths.testdata().resolve("cases").resolve("FW-G003").resolve(name);
        return Fixtures.scan(dir, rules).findings().stream()
                .filter(f -> f.ruleId().equals("FW-G003") && f.path().endsWith(path)).toList();
    }

    private static Finding at(List<Finding> findings, int line) {
        return findings.stream().filter(f -> f.line() == line).findFirst().orElseThrow();
    }

    /** Values inside list items of a kustomization file get the type Go's decoder wants, named as kustomize names it. */
    @Test
    void kustomizationListItemsAreTyped() throws Exception {
        List<Finding> app = findings("fires-kustomization-nested-field-types", "app/kustomization.yaml");
        assertThat(at(app, 11).message()).isEqualTo("images[0].newTag: expected a string, found a number; kustomize and"
                + " Flux refuse the file (invalid Kustomization: json: cannot unmarshal number into Go struct field"
                + " Image.images.newTag of type string); quote the value");
        assertThat(at(app, 18).message()).startsWith("replicas[0].count: expected an integer, found a string;")
                .contains("Go struct field Replica.replicas.count of type int64");
        assertThat(at(app, 20).message()).startsWith("replicas[1].count: expected an integer, found a number with a"
                + " fraction;");
        assertThat(at(app, 25).message()).contains("Go struct field Label.labels.pairs of type string");
        assertThat(at(app, 45).message()).contains("Go struct field FieldOptions.replacements.source.options.index of"
                + " type int");
        assertThat(at(app, 30).message()).startsWith("unknown field 'labels[1].includeSelector' (did you mean"
                + " 'includeSelectors'?)");
        assertThat(app).allSatisfy(f -> assertThat(f.level()).isEqualTo(Level.ERROR));
        // At the root of a Flux Kustomization's path, Flux's reader turns the number into a string, not a string into
        // an integer.
        List<Finding> root = findings("fires-kustomization-nested-field-types", "flux-root/kustomization.yaml");
        assertThat(at(root, 10).level()).isEqualTo(Level.WARNING);
        assertThat(at(root, 10).message()).startsWith("images[0].newTag: expected a string, found a number: Flux turns"
                + " it into a string when it reads the kustomization at the root of its path, but kubectl kustomize"
                + " refuses the file");
        assertThat(at(root, 13).level()).isEqualTo(Level.ERROR);
    }

    /** A required field missing in a list item points at the item (its first key), as the catalog's location contract asks. */
    @Test
    void missingRequiredFieldInListItemPointsAtTheItem() throws Exception {
        List<Finding> ks = findings("fires-required-field-in-list-item", "ks.yaml");
        assertThat(at(ks, 19).location().column()).isEqualTo(7);
        assertThat(at(ks, 19).message()).isEqualTo("spec.healthChecks[1]: missing required field 'kind'");
        Finding store = at(findings("fires-required-field-in-list-item", "store.yaml"), 12);
        assertThat(store.location().column()).isEqualTo(11);
        assertThat(store.message()).isEqualTo("spec.provider.fake.data[1]: missing required field 'value'");
    }

    /** The allowed value closest to a wrong one is named first, even where the list of values is cut before it. */
    @Test
    void enumMessageNamesTheClosestValue() throws Exception {
        Finding alert = at(findings("fires-enum-closest-value", "alert.yaml"), 10);
        assertThat(alert.message()).startsWith("spec.eventSources[0].kind: did you mean 'Terraform'? must be one of Bucket,"
                + " GitRepository,").contains(", Module, ... (1 more) (schema: CustomResourceDefinition in");
    }
}
