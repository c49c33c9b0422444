package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FW-K004's message names what an orphan file holds: every object, not only the first (the fixture checks lines). */
class OrphanManifestTest {

    @Test
    void aMultiDocumentFileNamesItsObjects() throws Exception {
        List<Finding> found = Fixtures.scan(TestPaths.testdata().resolve("cases/FW-K004/fires-multi-document-file"),
                RuleSet.load(List.of())).findings().stream().filter(f -> f.ruleId().equals("FW-K004")).toList();
        assertThat(found).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .startsWith("'secretstore.yaml' (2 objects: ConfigMap/eso/store-settings and ClusterSecretStore/vault)"));
        assertThat(found).extracting(Finding::message).anySatisfy(m -> assertThat(m)
                .startsWith("'extras.yaml' (4 objects: ConfigMap/eso/one, ConfigMap/eso/two and 2 more)"));
    }
}
