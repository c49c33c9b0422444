package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Placement;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FW-F005: custom resources applied without a dependsOn on the applier that installs their CRD. */
@RuleInfo(
        id = "FW-F005",
        name = "crd-ordering-gap",
        level = Level.ERROR,
        summary = "A Kustomization applies custom resources whose CRD another applier installs, without depending on it.",
        description = """
                Flux applies every Kustomization as soon as its own dependencies are ready. When the CRD of a \
                custom resource comes from another Kustomization or HelmRelease on the same cluster and nothing \
                orders the two, the first apply (a new cluster, a disaster recovery) fails with \
                `no matches for kind "..."` and keeps failing until the CRD happens to arrive. The order exists when \
                the Kustomization (or one of its parents) depends, directly or transitively, on the installer or \
                on the Kustomization that applies it, or when the CRD ships in the same Kustomization. Custom resources \
                embedded in a HelmRelease's `values` are applied by that HelmRelease, which (or a parent) must be \
                ordered alike. A chart counts \
                as an installer when its CRD switch (inline `values` or `valuesFrom` of the repository) turns them on, \
                not when it depends on values fluxward cannot read. A chart that \
                a helmfile of the repository installs (the usual bootstrap, which also extracts CRDs with \
                `--include-crds`) has its CRDs on the cluster before Flux starts.""",
        fix = """
                Add the installer to `spec.dependsOn` (the message names it); give the installer `wait: true` (or a \
                health check) so that "ready" means the CRDs are established. When the Kustomization applies the \
                installing HelmRelease itself, move the custom resources into a separate Kustomization that depends \
                on it.""",
        bad = """
                # file: clusters/prod/infra.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: eso-crds, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./crds
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
                # file: crds/clustersecretstores.yaml
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: clustersecretstores.external-secrets.io}
                spec:
                  group: external-secrets.io
                  scope: Cluster
                  names: {kind: ClusterSecretStore, plural: clustersecretstores}
                # file: stores/vault.yaml
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: vault}
                spec: {provider: {vault: {server: "https://vault.example.com"}}}
                """,
        good = """
                # file: clusters/prod/infra.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: eso-crds, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  wait: true
                  path: ./crds
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
                  dependsOn: [{name: eso-crds}]
                # file: crds/clustersecretstores.yaml
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: clustersecretstores.external-secrets.io}
                spec:
                  group: external-secrets.io
                  scope: Cluster
                  names: {kind: ClusterSecretStore, plural: clustersecretstores}
                # file: stores/vault.yaml
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata: {name: vault}
                spec: {provider: {vault: {server: "https://vault.example.com"}}}
                """,
        tags = {"flux", "dependencies", "crd", "correctness"})
public final class CrdOrderingGap implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        CrdInstallers installers = new CrdInstallers(flux);
        for (Applier a : flux.appliers()) {
            // A HelmRelease applies the objects embedded in its values (raw-manifests charts): its Helm install is
            // what fails when their CRD is not there yet, so it is the applier that must be ordered after the installer.
            boolean release = a.kind() == Applier.Kind.HELM_RELEASE;
            if ((release ? a.embedded().isEmpty() : a.build().isEmpty()) || !flux.applied(a)) {
                continue;
            }
            Map<Applier, Placement> missing = new LinkedHashMap<>();
            for (Placement p : flux.placementsBy(a)) {
                if (p.group().isEmpty() || p.is(CrdInstallers.CRD_GROUP, CrdInstallers.CRD_KIND)
                        || flux.helmfiles().crdGroups().contains(p.group())) {
                    continue;
                }
                List<CrdInstallers.Installer> found = installers.of(a.target(), p.group(), p.kind());
                if (found.isEmpty() || found.stream().anyMatch(i -> i.by() == a || i.by().manifest().equals(a.manifest())
                        || flux.orderedAfter(a, i.by()) || i.policy().isPresent() && flux.helmfiles().installs(flux, i.by()))) {
                    continue;
                }
                if (release) {
                    // Located at the embedded object's own lines, as the catalog places every embedded object.
                    Applier installer = found.get(0).by();
                    out.at(p, YMissing.INSTANCE, embeddedMessage(a, installer, p, out)).ifPresent(f -> f.key(identity(a)
                            + " waits for " + identity(installer) + " for " + p.display()).report());
                    continue;
                }
                missing.putIfAbsent(found.get(0).by(), p);
            }
            // Known by the pair, not by the node: a dependsOn added for another reason moves the finding from the
            // kind: line to dependsOn, and it is still the same finding (not new to the hook or a baseline).
            missing.forEach((installer, p) -> out.at(a, dependsOnKey(a), message(a, installer, p, out))
                    .ifPresent(f -> f.key(identity(a) + " waits for " + identity(installer)).report()));
        }
    }

    private static boolean sameApplier(Applier x, Applier y) {
        return x == y || x.manifest().equals(y.manifest());
    }

    /**
     * True when the Kustomization is ready only once the HelmRelease is: {@code wait: true}, or a health check
     * naming the HelmRelease.
     */
    private static boolean waitsFor(Applier kustomization, Applier release) {
        if (kustomization.get("spec", "wait").textOr("").equals("true")) {
            return true;
        }
        return kustomization.get("spec", "healthChecks").items().stream()
                .anyMatch(c -> c.get("kind").textOr("").equals("HelmRelease")
                        && c.get("name").textOr("").equals(release.name())
                        && c.get("namespace").textOr(release.namespace()).equals(release.namespace()));
    }

    /** An applier's identity for fingerprints: kind, namespace and name. */
    static String identity(Applier a) {
        return a.kind().kindName() + " " + a.namespace() + "/" + a.name();
    }

    static YNode dependsOnKey(Applier a) {
        YNode spec = a.get("spec");
        return spec instanceof YMap m && a.get("spec", "dependsOn").isPresent() ? m.keyNode("dependsOn") : YMissing.INSTANCE;
    }

    /**
     * For a custom resource embedded in the values of HelmRelease {@code a}: a HelmRelease waits only for HelmReleases,
     * so a Kustomization installer is waited for through the Kustomization that applies {@code a}.
     */
    private static String embeddedMessage(Applier a, Applier installer, Placement p, FluxSupport out) {
        String add;
        Applier parent = a.parent().orElse(null);
        if (installer.kind() == Applier.Kind.HELM_RELEASE) {
            add = "add dependsOn: [" + FluxSupport.dependsOnItem(a, installer) + "] to it";
        } else if (parent != null && !installer.ancestors().contains(parent)) {
            add = "add dependsOn: [" + FluxSupport.dependsOnItem(parent, installer) + "] to " + parent.display()
                    + ", which applies it (a HelmRelease depends only on HelmReleases)";
        } else {
            add = "apply it from a Kustomization that depends on " + installer.display();
        }
        return a.display() + " applies " + p.display() + " from its values (" + out.shown(p.origin().path())
                + ") whose CRD (" + p.kind() + "." + p.group() + ") is installed by " + installer.display()
                + ", but does not depend on it: the first install fails with 'no matches for kind'; " + add;
    }

    private static String message(Applier a, Applier installer, Placement p, FluxSupport out) {
        // The Kustomization that puts the installer on the cluster: itself, or the one that applies the HelmRelease.
        Applier applier = installer.kind() == Applier.Kind.KUSTOMIZATION ? installer : installer.parent().orElse(null);
        String add;
        String gap = "but does not depend on it";
        if (applier != null && (sameApplier(applier, a) || applier.ancestors().stream().anyMatch(q -> sameApplier(q, a)))) {
            // a applies the installer itself: a dependsOn on it would be a dependency on a itself (or on its own child),
            // which Flux never resolves. The custom resources must move out, after it.
            gap = sameApplier(applier, a) ? "which it applies itself, together with them"
                    : "which it applies through " + applier.display();
            add = "move the custom resources into a separate Kustomization with dependsOn: ["
                    + FluxSupport.dependsOnItem(a, applier) + "]" + (waitsFor(applier, installer) ? ""
                    : ", and give " + applier.display() + " wait: true"
                    + (installer == applier ? "" : " (or a healthCheck on " + installer.display() + ")")
                    + " so that it is ready only once the CRDs are installed");
        } else if (installer.kind() == Applier.Kind.KUSTOMIZATION) {
            add = "add dependsOn: [" + FluxSupport.dependsOnItem(a, installer) + "]";
        } else if (applier != null && a.ancestors().stream().noneMatch(q -> sameApplier(q, applier))) {
            add = "add dependsOn: [" + FluxSupport.dependsOnItem(a, applier) + "] (it applies " + installer.display()
                    + (waitsFor(applier, installer) ? ")" : "; give it wait: true)");
        } else if (applier != null) {
            // Applied by a parent of a: depending on that parent would wait for a itself.
            add = "move " + installer.display() + " into a Kustomization of its own with wait: true, and add that to dependsOn";
        } else {
            add = "depend on a Kustomization that applies " + installer.display() + " with wait: true";
        }
        return a.display() + " applies " + p.display() + " (" + out.shown(p.origin().path()) + ") whose CRD (" + p.kind() + "."
                + p.group() + ") is installed by " + installer.display() + ", " + gap + ": the first "
                + "apply fails with 'no matches for kind'; " + add;
    }
}
