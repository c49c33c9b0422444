package io.fluxward.rules.kustomize;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.FluxModel;
import io.fluxward.kustomize.BuildProblem;
import io.fluxward.model.RepositoryModel;
import java.util.EnumSet;
import java.util.Set;

/**
 * FW-K001: a kustomization entry names a local file or folder that does not exist, or a folder kustomize cannot
 * build for want of a single kustomization file.
 */
@RuleInfo(
        id = "FW-K001",
        name = "missing-resource",
        level = Level.ERROR,
        summary = "A kustomization names a local file or folder that does not exist.",
        description = """
                kustomize, and so Flux's kustomize-controller, fails the whole build when an entry of \
                `resources`, `components`, `patches[].path`, `patchesStrategicMerge`, `configMapGenerator` / \
                `secretGenerator` `files` and `envs`, `replacements[].path`, `configurations` or `crds` names a \
                file or folder that is not there, a folder without a kustomization file, a path that climbs out of \
                the repository, or a kustomization that includes itself, also one that the artifact Flux builds \
                from leaves out (`.sourceignore`, the source's `spec.ignore`). Nothing of that Kustomization is applied \
                until it is fixed, typically after a file was renamed or moved. The finding points at the entry. \
                A folder with more than one kustomization file (`kustomization.yaml` and `kustomization.yml` or \
                `Kustomization`) cannot be built either (`Found multiple kustomization files`): reported at its \
                `kustomization.yaml` and at the entries that include the folder. Remote resources (URLs) are not \
                fetched and not reported.""",
        fix = """
                Correct the path (it is relative to the folder of the kustomization file), restore the file, or \
                remove the entry; keep a single kustomization file per folder. `kustomize build DIR` (or \
                `kubectl kustomize DIR`) shows the same error.""",
        bad = """
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
                """,
        good = """
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
                """,
        tags = {"kustomize", "correctness"})
public final class MissingResource implements RepositoryRule {

    private static final Set<BuildProblem.Kind> KINDS = EnumSet.of(BuildProblem.Kind.MISSING_RESOURCE,
            BuildProblem.Kind.OUTSIDE_ROOT, BuildProblem.Kind.CYCLE, BuildProblem.Kind.SEVERAL_KUSTOMIZATION_FILES);

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        for (BuildProblem p : model.facet(FluxModel.FACET).buildProblems()) {
            if (KINDS.contains(p.kind())) {
                // A problem of one Flux build only (a file its source's artifact leaves out) names that build.
                String fails = p.build().isEmpty() ? "kustomize (and Flux) fail the whole build" : p.build() + " fails";
                context.at(p.at()).key(p.kind().name() + ":" + p.detail()).message(p.detail() + ": " + fails).report();
            } else if (p.kind() == BuildProblem.Kind.REMOTE_RESOURCE && context.config().offline()) {
                // Never fetched, so never known missing: a note, and only when asked (scan --offline).
                context.at(p.at()).key(p.kind().name() + ":" + p.detail()).level(Level.NOTE)
                        .message(p.detail() + " (--offline): what it holds is not checked").report();
            }
        }
    }
}
