package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .sops.yaml sops cannot load: said at the file, and why each Secret has no creation rule (not "0 rules tried"). */
class SopsConfigLoadTest {

    private static RuleSet rules;

    @BeforeAll
    static void loadRules() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static List<Finding> scan(Path dir, String sopsYaml) throws Exception {
        Files.writeString(dir.resolve(".sops.yaml"), sopsYaml);
        Files.writeString(dir.resolve("s.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: apps}\n"
                + "stringData: {password: Sup3rS3cret-91}\n");
        return Fixtures.scan(dir, rules).findings();
    }

    @Test
    void creationRulesThatAreNoListOfMappings(@TempDir Path dir) throws Exception {
        List<Finding> found = scan(dir, "creation_rules: just-a-string\n");
        assertThat(found).anyMatch(f -> f.ruleId().equals("FW-S010") && f.path().equals(".sops.yaml") && f.line() == 1
                && f.message().contains("sops cannot load"));
        assertThat(found).filteredOn(f -> f.ruleId().equals("FW-S010") && f.path().equals("s.yaml")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("sops cannot load .sops.yaml")
                        .doesNotContain("rules tried").doesNotContain("no matching creation rules"));
    }

    @Test
    void brokenYamlAndRepeatedKeysAreSopsRefusalsNotKustomizes(@TempDir Path dir) throws Exception {
        List<Finding> found = scan(dir, "creation_rules: []\ncreation_rules:\n  - path_regex: .*\n");
        assertThat(found).filteredOn(f -> f.ruleId().equals("FW-G002")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("sops refuses to load").doesNotContain("kustomize"));
        assertThat(found).filteredOn(f -> f.ruleId().equals("FW-S010")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("sops cannot load").doesNotContain("rules tried"));
        List<Finding> broken = scan(dir, "creation_rules:\n  - path_regex: [\n");
        assertThat(broken).anyMatch(f -> f.ruleId().equals("FW-G001"));
        assertThat(broken).filteredOn(f -> f.ruleId().equals("FW-S010")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not valid YAML").doesNotContain("rules tried"));
    }
}
