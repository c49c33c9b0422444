package io.fluxward.rules.flux;

import io.fluxward.config.Glob;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMissing;
import java.util.List;

/** FW-F016: a tenant applier without serviceAccountName (opt-in). */
@RuleInfo(
        id = "FW-F016",
        name = "missing-service-account",
        level = Level.WARNING,
        summary = "A tenant Kustomization or HelmRelease has no serviceAccountName.",
        description = """
                Without `serviceAccountName`, kustomize-controller and helm-controller apply with their own \
                cluster-admin rights, so a tenant can create anything anywhere. Multi-tenant setups impersonate a \
                per-tenant ServiceAccount instead (or run the controllers with `--default-service-account`). Tenants \
                are the appliers whose file path, `spec.path`, name or `namespace/name` matches a `tenants` glob in \
                `.fluxward.yaml`; the rule is opt-in and does nothing without that list. The effective object \
                counts, so a `serviceAccountName` a parent patches in is seen.""",
        fix = "Set `spec.serviceAccountName` to the tenant's ServiceAccount (in the applier's namespace).",
        bad = """
                # file: .fluxward.yaml
                rules: {FW-F016: {enabled: true}}
                tenants: ["tenants/**"]
                # file: tenants/team-a/sync.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: team-a, namespace: team-a}
                spec:
                  interval: 5m
                  prune: true
                  path: ./
                  sourceRef: {kind: GitRepository, name: team-a}
                """,
        good = """
                # file: .fluxward.yaml
                rules: {FW-F016: {enabled: true}}
                tenants: ["tenants/**"]
                # file: tenants/team-a/sync.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: team-a, namespace: team-a}
                spec:
                  interval: 5m
                  prune: true
                  path: ./
                  serviceAccountName: team-a
                  sourceRef: {kind: GitRepository, name: team-a}
                """,
        tags = {"flux", "multi-tenancy", "security"},
        securitySeverity = "6.5",
        optIn = true)
public final class MissingServiceAccount implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        List<Glob> tenants = context.config().strings("tenants").stream().map(Glob::of).toList();
        if (tenants.isEmpty()) {
            return;
        }
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            if (a.synthetic() || a.serviceAccountName().isSet()) {
                continue;
            }
            for (Glob g : tenants) {
                if (g.matches(a.manifest().path()) || g.matches(a.name()) || g.matches(a.ref())
                        || a.dir().filter(d -> !d.isEmpty() && g.matches(d)).isPresent()) {
                    out.at(a, YMissing.INSTANCE, a.display() + " is a tenant applier (tenants pattern '" + g
                            + "') without spec.serviceAccountName: it applies with the controller's cluster-admin rights")
                            .ifPresent(RuleContext.FindingBuilder::report);
                    break;
                }
            }
        }
    }
}
