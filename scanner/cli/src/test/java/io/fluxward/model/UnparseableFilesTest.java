package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names read from the text of YAML files that do not parse. */
class UnparseableFilesTest {

    private static UnparseableFiles of(Map<String, String> files) throws Exception {
        return new Scanner(RuleSet.load(List.of())).model(MemorySnapshot.ofText(files), Config.empty(),
                ScanOptions.defaults(), new ArrayList<Note>()).facet(UnparseableFiles.FACET);
    }

    @Test
    void namesOfUnparseableFilesWithTheKindBeforeThemInTheirDocument() throws Exception {
        UnparseableFiles files = of(Map.of("ok.yaml", "kind: ConfigMap\nmetadata: {name: fine}\n", "broken.yaml", """
                kind: Kustomization
                metadata:
                  name: "infra"  # quoted, with a comment
                spec:
                  sourceRef: {kind: GitRepository, name: repo}
                  dependsOn:
                    - name: 'base'
                  : oops
                ---
                metadata:
                  generateName: gen-
                  name: no-kind-before
                kind: ConfigMap
                data: {text: "name: inside"}
                """));
        assertThat(files.mayHold("Kustomization", "infra")).contains("broken.yaml");
        assertThat(files.mayHold("HelmRelease", "infra")).isEmpty();
        // A reference's name counts as one of the document's kind (the GitRepository itself would be elsewhere).
        assertThat(files.mayHold("Kustomization", "repo")).contains("broken.yaml");
        assertThat(files.mayHold("GitRepository", "repo")).isEmpty();
        assertThat(files.mayHold("Kustomization", "base")).contains("broken.yaml");
        // No kind before it in its document (the --- ends the Kustomization's): any kind.
        assertThat(files.mayHold("Secret", "no-kind-before")).contains("broken.yaml");
        assertThat(files.mayHold("ConfigMap", "gen-")).isEmpty();
        assertThat(files.mayHold("ConfigMap", "inside")).isEmpty();
        assertThat(files.mayHold("ConfigMap", "fine")).as("a file that parses is read by the parser").isEmpty();
    }

    @Test
    void nothingWhenEveryFileParses() throws Exception {
        assertThat(of(Map.of("a.yaml", "kind: Kustomization\nmetadata: {name: infra}\n"))
                .mayHold("Kustomization", "infra")).isEmpty();
    }
}
