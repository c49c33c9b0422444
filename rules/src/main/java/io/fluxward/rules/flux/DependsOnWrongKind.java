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
import io.fluxward.model.Words;

/** FW-F013: dependsOn names an object that exists only as the other applier kind. */
@RuleInfo(
        id = "FW-F013",
        name = "depends-on-wrong-kind",
        level = Level.ERROR,
        summary = "A dependsOn item names a HelmRelease from a Kustomization (or the reverse).",
        description = """
                `dependsOn` has no `kind`: a Kustomization can only wait for Kustomizations and a HelmRelease only for \
                HelmReleases. Naming a HelmRelease from a Kustomization (a common attempt to wait for a chart) makes \
                Flux look for a Kustomization of that name, which does not exist, so the dependent never reconciles.""",
        fix = """
                Depend on the Kustomization that applies the HelmRelease (with `wait: true` or a health check on the \
                HelmRelease), or move the dependency to the HelmRelease's own `dependsOn`.""",
        bad = """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 1h
                  chart: {spec: {chart: cert-manager, sourceRef: {kind: HelmRepository, name: jetstack}}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: issuers, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./issuers
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn:
                    - name: cert-manager
                """,
        good = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  wait: true
                  path: ./cert-manager
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: issuers, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./issuers
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn:
                    - name: cert-manager
                """,
        tags = {"flux", "dependencies", "correctness"})
public final class DependsOnWrongKind implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            for (ObjectRef ref : a.dependsOn()) {
                DependsOnCheck.Verdict v = DependsOnCheck.classify(context.config(), flux, a, ref);
                if (v.outcome() != DependsOnCheck.Outcome.WRONG_KIND) {
                    continue;
                }
                Applier other = v.others().get(0);
                String message = a.display() + " depends on '" + ref.display() + "', which is "
                        + Words.a(other.kind().kindName()) + " (" + out.shown(other.manifest().path())
                        + "): dependsOn only resolves " + a.kind().kindName() + "s, so " + a.name() + " will never become ready";
                out.at(a, ref.node(), message).ifPresent(RuleContext.FindingBuilder::report);
            }
        }
    }
}
