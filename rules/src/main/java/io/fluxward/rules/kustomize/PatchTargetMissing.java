package io.fluxward.rules.kustomize;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.FluxModel;
import io.fluxward.kustomize.BuildProblem;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;

/**
 * FW-K002: a patch that selects no resource, or a patch entry kustomize refuses. kustomize ignores a
 * patch with a {@code target} that matches nothing (so the change silently never happens), and fails
 * the build for a strategic merge patch without target that matches nothing and for a malformed
 * entry. Flux Kustomizations' {@code spec.patches} are checked against the objects their
 * {@code spec.path} renders.
 */
@RuleInfo(
        id = "FW-K002",
        name = "patch-target-missing",
        level = Level.ERROR,
        summary = "A kustomize patch selects no resource, so it is silently ignored or fails the build.",
        description = """
                A `patches` entry whose `target` matches no resource is ignored by kustomize without a word: the \
                change never happens. Target fields are anchored regular \
                expressions matched against values *before* the kustomization's own namespace/prefix/suffix (and \
                a Flux `targetNamespace`). A strategic merge patch without target (or a `patchesStrategicMerge` \
                entry) that matches no resource fails the build; each document of a multi-document patch is \
                judged, and reported, on its own. So does an entry kustomize refuses: `path` and `patch` both set, \
                several strategic merge patches with one `target`, a JSON 6902 patch without `target`, a \
                malformed operation, selector or inline YAML. Flux `spec.patches` are checked against what \
                `spec.path` renders. A Component's patch with a target is reported only when it matches nothing in \
                every user; one without target in each user whose build it fails, naming that user. Builds with \
                unseen parts (remote bases, Helm charts, plugins) are not judged for missing targets.""",
        fix = """
                Make the target match what the kustomization renders before its transformers: the right \
                `version` (e.g. `v1`, not a removed `v1beta2`), the kind, and the original name and namespace of \
                the object; or remove the patch. For a strategic merge patch, `apiVersion`, `kind`, \
                `metadata.name` (and `metadata.namespace` when set) must equal the object's; split a multi-document \
                patch whose documents do not all apply everywhere. Give a JSON patch a `target`, and keep one \
                strategic merge patch per entry that has a target.""",
        bad = """
                # file: clusters/prod/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - apps.yaml
                patches:
                  - target:
                      kind: Kustomization
                      version: v1beta2
                    patch: |
                      - op: add
                        path: /spec/decryption
                        value: {provider: sops, secretRef: {name: sops-age}}
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """,
        good = """
                # file: clusters/prod/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - apps.yaml
                patches:
                  - target:
                      kind: Kustomization
                      version: v1
                    patch: |
                      - op: add
                        path: /spec/decryption
                        value: {provider: sops, secretRef: {name: sops-age}}
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """,
        tags = {"kustomize", "flux", "correctness"})
public final class PatchTargetMissing implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        for (BuildProblem p : model.facet(FluxModel.FACET).buildProblems()) {
            if (p.kind() == BuildProblem.Kind.PATCH_TARGET_MISSING || p.kind() == BuildProblem.Kind.PATCH_INVALID) {
                context.at(p.at()).key(p.detail()).message(p.detail()).report();
            } else if (p.kind() == BuildProblem.Kind.UNRUN_TRANSFORMERS || p.kind() == BuildProblem.Kind.UNSUPPORTED) {
                // Otherwise the quiet would pass for a clean build: say which builds are not judged (--verbose).
                context.note(new Note(Note.Kind.INFO, p.at().path(), p.at().span().line(), p.detail()
                        + ": what this kustomization builds is not known, so missing patch targets (FW-K002) and other"
                        + " checks of its objects are not reported for it"));
            }
        }
    }
}
