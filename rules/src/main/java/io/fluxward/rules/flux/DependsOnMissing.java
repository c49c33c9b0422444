package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.DependsOnCheck;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.model.RepositoryModel;
import java.util.List;

/** FW-F003: a dependsOn item that names nothing. */
@RuleInfo(
        id = "FW-F003",
        name = "depends-on-missing",
        level = Level.ERROR,
        summary = "A dependsOn item names a Kustomization or HelmRelease that does not exist.",
        description = """
                Flux waits for every `dependsOn` target to be ready; a target that does not exist is never ready, so \
                the dependent object never reconciles (`dependency 'flux-system/x' not found`). Flux looks for an \
                object of the referrer's own kind, in the namespace given or the referrer's own. fluxward resolves \
                the name on the cluster the referrer lives on (clusters of a fleet reuse names): when that cluster \
                is bootstrapped from this repository, a name defined only for another such cluster is missing too, \
                even where fluxward does not see all of the cluster. Objects managed outside the repository are \
                listed under `externals.kustomizations` / `externals.helmReleases`.""",
        fix = """
                Correct the name (or add `namespace:`), add the missing Kustomization, or list it under \
                `externals.kustomizations` in `.fluxward.yaml` when it lives outside this repository.""",
        bad = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn:
                    - name: infra-controllers
                """,
        good = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra-controllers, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./infrastructure
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn:
                    - name: infra-controllers
                """,
        tags = {"flux", "dependencies", "correctness"})
public final class DependsOnMissing implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            for (ObjectRef ref : a.dependsOn()) {
                DependsOnCheck.Verdict v = DependsOnCheck.classify(context.config(), flux, a, ref);
                if (v.outcome() != DependsOnCheck.Outcome.MISSING) {
                    continue;
                }
                String kind = a.kind().kindName();
                String message = a.display() + " depends on " + kind + " " + ref.display() + ", which "
                        + (v.others().isEmpty() ? "is not defined in the repository" : elsewhere(v.others().get(0)))
                        + ": " + a.name() + " will never become ready" + namespaceHint(flux, a, ref);
                out.at(a, ref.node(), message).ifPresent(RuleContext.FindingBuilder::report);
            }
        }
    }

    /**
     * When the name exists on the referrer's cluster in other namespaces only, says so: a {@code dependsOn} item without
     * {@code namespace} looks in the referrer's own one, which is the usual cause (apps in their own namespace depending on
     * Kustomizations of flux-system).
     */
    private static String namespaceHint(FluxModel flux, Applier a, ObjectRef ref) {
        List<String> namespaces = ref.namespace().isEmpty() ? List.of() : flux.namesakes(a, ref, a.kind()).stream()
                .map(Applier::namespace).distinct().sorted().toList();
        return FluxSupport.namespaceHint(a.kind().kindName(), ref, namespaces, "exists", "dependsOn item", "dependent");
    }

    /** Where a target missing on the referrer's cluster is: another cluster, or a file nothing applies (an archive). */
    private static String elsewhere(Applier other) {
        return FluxModel.definedElsewhere(other.manifest().path(), other.root().host().bootstrap());
    }
}
