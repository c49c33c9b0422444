package io.fluxward.rules.kustomize;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FW-K004: a manifest in a folder that has a kustomization file, which no kustomization of the
 * repository reads. Flux uses the kustomization file of a folder when there is one, so the manifest
 * is never applied.
 */
@RuleInfo(
        id = "FW-K004",
        name = "orphan-manifest",
        level = Level.NOTE,
        summary = "A manifest sits next to a kustomization file that does not include it, so it is never applied.",
        description = """
                When a folder has a `kustomization.yaml`, kustomize and Flux apply only what it lists; a YAML \
                manifest next to it that no kustomization of the repository reads (as a resource, patch, \
                generator source, component or replacement source) is never applied. This is usually a file added \
                without updating `resources:`, or a leftover. Files that only hold values or configuration (no \
                `apiVersion` and `kind`), Helm chart templates, and paths matched by the `ignore` setting are \
                not reported, nor is anything in a folder whose kustomization kustomize cannot read (several \
                kustomization files: FW-K001; invalid YAML: FW-G001; fields of the wrong type: FW-G003), as what it \
                would include is unknown.""",
        fix = """
                Add the file to `resources:` of the kustomization next to it, move it to the folder where it is \
                used, or delete it. To keep it on purpose, add it to `ignore:` in `.fluxward.yaml` or put \
                `# fluxward:ignore-file FW-K004 reason` in it.""",
        bad = """
                # file: apps/web/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yaml
                # file: apps/web/deployment.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                # file: apps/web/service.yaml
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                """,
        good = """
                # file: apps/web/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yaml
                  - service.yaml
                # file: apps/web/deployment.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                # file: apps/web/service.yaml
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                """,
        tags = {"kustomize", "correctness"})
public final class OrphanManifest implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Kustomize kustomize = model.facet(Kustomize.FACET);
        Set<String> folders = new HashSet<>();
        for (FileModel k : kustomize.kustomizationFiles()) {
            // A kustomization kustomize cannot read (several files, bad YAML, wrong types) lists nothing known.
            if (kustomize.readableKustomization(k.file().directory())) {
                folders.add(k.file().directory());
            }
        }
        Set<String> inputs = kustomize.inputs();
        for (FileModel f : model.files()) {
            String name = f.file().name();
            if (!folders.contains(f.file().directory()) || Kustomize.FILE_NAMES.contains(name) || f.template()
                    || !(endsWithIgnoringCase(name, ".yaml") || endsWithIgnoringCase(name, ".yml"))
                    || inputs.contains(f.path())) {
                continue;
            }
            List<KubeObject> held = f.objects().stream().filter(o -> o.origin() == Origin.DOCUMENT).toList();
            if (held.isEmpty()) {
                continue;
            }
            // The folder as messages name paths: from the repository's top.
            String dir = context.shown(f.file().directory().isEmpty() ? "" : f.file().directory() + "/");
            // One finding per file, about the file: a file renamed (still not included) keeps it.
            context.at(held.get(0).location()).keyFileName()
                    .message("'" + name + "' (" + objects(held) + ") is not included by the kustomization in "
                            + (dir.isEmpty() ? "." : dir.substring(0, dir.length() - 1))
                            + " nor by any other kustomization: it is never applied")
                    .report();
        }
    }

    /** Every object the file holds, so that none of them goes unnoticed: the first two and how many more. */
    private static String objects(List<KubeObject> held) {
        if (held.size() == 1) {
            return held.get(0).ref();
        }
        String count = held.size() + " objects: " + held.get(0).ref();
        return held.size() == 2 ? count + " and " + held.get(1).ref()
                : count + ", " + held.get(1).ref() + " and " + (held.size() - 2) + " more";
    }

    /** Asked for every file of the repository: no lower-case copy of each name. */
    private static boolean endsWithIgnoringCase(String name, String suffix) {
        return name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
