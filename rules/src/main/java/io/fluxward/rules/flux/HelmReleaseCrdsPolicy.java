package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KnownCharts;
import io.fluxward.flux.Placement;
import io.fluxward.model.RepositoryModel;
import java.util.ArrayList;
import java.util.List;

/** FW-F015: a HelmRelease's CRD handling conflicts with the Kustomizations around it. */
@RuleInfo(
        id = "FW-F015",
        name = "helmrelease-crds-policy",
        level = Level.WARNING,
        summary = "A HelmRelease installs CRDs another applier owns, or turns its CRDs off while Kustomizations apply"
                + " its custom resources without depending on a CRD source.",
        description = """
                Charts that ship CRDs either install them (Helm's `crds/` folder, governed by `install.crds`, or a \
                values switch such as `installCRDs` / `crds.enabled`) or leave them to something else. Installing \
                CRDs that a Kustomization also applies, or that another chart installs (kube-prometheus-stack with \
                its CRDs on next to prometheus-operator-crds), gives them two owners; turning them off while \
                Kustomizations apply the chart's custom resources (or HelmRelease values embed them), with no \
                dependency on whatever installs the CRDs, breaks the first apply. fluxward knows the CRD groups of: \
                cert-manager, external-secrets, kube-prometheus-stack, \
                prometheus-operator-crds, cloudnative-pg, rook-ceph. The switch is read from the inline `values` and \
                from the `valuesFrom` ConfigMaps and Secrets of the repository, merged as helm-controller does; \
                when it depends on one fluxward cannot read (absent, SOPS-encrypted), the rule stays \
                quiet. The finding points at the switch that decides (or the `valuesFrom` entry that sets it).""",
        fix = """
                Pick one owner for the CRDs: either the chart (and remove the CRD manifests from the Kustomization) or \
                a CRDs Kustomization (turn the chart's CRDs off) that the Kustomizations applying custom resources \
                depend on.""",
        bad = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: eso, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./eso
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: stores, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./stores
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: eso/release.yaml
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: external-secrets, namespace: flux-system}
                spec:
                  interval: 1h
                  chart: {spec: {chart: external-secrets, sourceRef: {kind: HelmRepository, name: eso}}}
                  values:
                    installCRDs: false
                # file: stores/vault.yaml
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: vault}
                spec: {provider: {vault: {server: "https://vault.example.com"}}}
                """,
        good = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: eso, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  wait: true
                  path: ./eso
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: stores, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./stores
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: eso}]
                # file: eso/release.yaml
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: external-secrets, namespace: flux-system}
                spec:
                  interval: 1h
                  chart: {spec: {chart: external-secrets, sourceRef: {kind: HelmRepository, name: eso}}}
                  values:
                    installCRDs: true
                # file: stores/vault.yaml
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: vault}
                spec: {provider: {vault: {server: "https://vault.example.com"}}}
                """,
        tags = {"flux", "helm", "crd"})
public final class HelmReleaseCrdsPolicy implements RepositoryRule {

    private static final int LISTED = 3;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        CrdInstallers installers = new CrdInstallers(flux);
        for (Applier release : flux.appliers()) {
            KnownCharts.CrdPolicy policy = flux.crdPolicy(release).orElse(null);
            if (policy == null || !flux.applied(release)) {
                continue;
            }
            if (policy.installs()) {
                String how = policy.decidedBy().isPresent() ? ", " + policy.setting() : "";
                for (String group : policy.chart().groups()) {
                    List<CrdInstallers.Installer> others = installers.crdObjectsOfGroup(release.target(), group).stream()
                            .filter(i -> !DualOwnership.sameApplier(i.by(), release)).toList();
                    if (!others.isEmpty()) {
                        Placement crd = others.get(0).crd().orElseThrow();
                        out.at(release, policy.decidedBy(), release.display() + " installs the " + policy.chart().chart()
                                + " CRDs (" + group + how + ") that " + others.get(0).by().display() + " also applies ("
                                + crd.display() + ", " + out.shown(crd.origin().path()) + "): pick one owner")
                                .ifPresent(RuleContext.FindingBuilder::report);
                        break;
                    }
                    // Another chart with its CRDs on (kube-prometheus-stack next to prometheus-operator-crds) owns them too.
                    CrdInstallers.Installer chart = installers.otherChart(flux, release, group).orElse(null);
                    if (chart != null) {
                        out.at(release, policy.decidedBy(), release.display() + " installs the " + policy.chart().chart()
                                + " CRDs (" + group + how + ") that " + chart.describe() + " also installs: pick one owner")
                                .ifPresent(f -> f.related(chart.by().manifest().location(),
                                        "the other chart that installs them").report());
                        break;
                    }
                }
                continue;
            }
            if (!policy.decidedBy().isPresent()) {
                continue;
            }
            List<Placement> crs = unorderedCustomResources(flux, installers, release, policy);
            if (!crs.isEmpty()) {
                String groups = String.join(", ", crs.stream().map(Placement::group).distinct().toList());
                out.at(release, policy.decidedBy(), release.display() + " does not install its CRDs ("
                        + policy.setting() + "), and " + listed(crs, out)
                        + " without depending on anything that installs the " + groups + " CRDs")
                        .ifPresent(RuleContext.FindingBuilder::report);
            }
        }
    }

    /**
     * {@code K applies X (file)}, {@code K applies X (file) and L applies Y (file)}, ...: every Kustomization is named,
     * so fixing one does not reveal the next; past {@link #LISTED} the rest are counted.
     */
    private static String listed(List<Placement> crs, FluxSupport out) {
        List<String> shown = crs.stream().limit(LISTED)
                .map(cr -> cr.by().display() + " applies " + cr.display() + " (" + out.shown(cr.origin().path()) + ")")
                .toList();
        int more = crs.size() - shown.size();
        if (more > 0) {
            return String.join(", ", shown) + ", and " + more + " more Kustomization" + (more == 1 ? " applies" : "s apply")
                    + " the chart's custom resources,";
        }
        return shown.size() == 1 ? shown.get(0) : String.join(", ", shown.subList(0, shown.size() - 1)) + " and "
                + shown.get(shown.size() - 1);
    }

    /**
     * The first custom resource of the chart's groups that each applier not ordered after any installer applies: a
     * Kustomization, or a HelmRelease whose values embed it.
     */
    private static List<Placement> unorderedCustomResources(FluxModel flux, CrdInstallers installers, Applier release,
                                                            KnownCharts.CrdPolicy policy) {
        List<Placement> out = new ArrayList<>();
        for (Placement p : flux.placementsOn(release.target())) {
            if (!policy.chart().groups().contains(p.group())
                    || flux.helmfiles().crdGroups().contains(p.group()) || !flux.applied(p.by())
                    || out.stream().anyMatch(o -> DualOwnership.sameApplier(o.by(), p.by()))) {
                continue;
            }
            List<CrdInstallers.Installer> found = installers.of(release.target(), p.group(), p.kind());
            boolean ordered = found.stream().anyMatch(i -> i.by() == p.by() || flux.orderedAfter(p.by(), i.by()))
                    || flux.helmfiles().installs(flux, release) || afterUnseen(flux, p.by());
            if (!ordered) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * True when {@code a} is ordered after a Kustomization on its cluster whose objects are not all seen (another
     * repository's source, as ESO's guide applies its {@code deploy/crds}; an incomplete build): it may be the
     * CRD source.
     */
    private static boolean afterUnseen(FluxModel flux, Applier a) {
        for (Applier q : flux.appliers()) {
            if (q != a && q.kind() == Applier.Kind.KUSTOMIZATION && !q.fullyVisible()
                    && q.target().id().equals(a.target().id()) && flux.orderedAfter(a, q)) {
                return true;
            }
        }
        return false;
    }
}
