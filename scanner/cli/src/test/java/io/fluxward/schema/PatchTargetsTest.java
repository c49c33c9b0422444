package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Which objects some patch of the repository may change: selectors looked up by kind and name. */
class PatchTargetsTest {

    @Test
    void selectorsWithoutKindMatchByLiteralNameOrRegexAnyKind() throws Exception {
        String kustomization = """
                resources: [objects.yaml]
                patches:
                  - target: {name: web}
                    patch: '[{"op": "add", "path": "/metadata/labels", "value": {a: b}}]'
                  - target: {name: "job-.*"}
                    patch: '[{"op": "add", "path": "/metadata/labels", "value": {a: b}}]'
                  - target: {kind: Secret, name: creds}
                    patch: '[{"op": "add", "path": "/metadata/labels", "value": {a: b}}]'
                """;
        String objects = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: job-1}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: creds}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other}
                """;
        RepositoryModel model = new Scanner(RuleSet.load(List.of())).model(MemorySnapshot.ofText(Map.of(
                "app/kustomization.yaml", kustomization, "app/objects.yaml", objects)), Config.empty(),
                ScanOptions.defaults(), new ArrayList<Note>());
        PatchTargets targets = model.facet(PatchTargets.FACET);
        TreeSet<String> patched = new TreeSet<>();
        for (KubeObject o : model.objects()) {
            if (targets.mayPatch(o)) {
                patched.add(o.kind() + "/" + o.name());
            }
        }
        assertThat(patched).containsExactly("ConfigMap/web", "Deployment/web", "Job/job-1", "Secret/creds");
    }
}
