package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Placement;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FW-F006: resources applied into a namespace that is created elsewhere without ordering, or not at all. */
@RuleInfo(
        id = "FW-F006",
        name = "namespace-ordering-gap",
        level = Level.ERROR,
        summary = "A Kustomization applies resources into a namespace that another applier creates without a dependsOn on it,"
                + " or that nothing creates on that cluster.",
        description = """
                Flux does not create namespaces (not even `targetNamespace`). When the Namespace object comes from \
                another Kustomization and nothing orders the two, the first apply fails with `namespaces "x" not \
                found`. For a remote cluster only namespaces created with the same kubeConfig count: a Namespace \
                applied to the management cluster does not exist on the worker. fluxward also reports a namespace \
                that nothing in the repository creates for that cluster, when it sees the whole cluster (it is \
                bootstrapped from this repository and every Kustomization builds). Well-known namespaces \
                (`default`, `kube-system`, `kube-public`, `kube-node-lease`, `flux-system`, plus `wellKnownNamespaces` \
                and `externals.namespaces`), namespaces a HelmRelease creates (`install.createNamespace`) and the \
                namespaces of the repository's helmfile releases (bootstrap) count as existing. Objects embedded in a \
                HelmRelease's `values` (a raw-manifests chart) that name a namespace are applied by that HelmRelease \
                and judged alike, at their own `namespace:`.""",
        fix = """
                Add `dependsOn` on the Kustomization that creates the namespace (the message names it), or add the \
                Namespace object to this Kustomization, or list the namespace under `externals.namespaces` when it is \
                created outside Git.""",
        bad = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: namespaces, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./namespaces
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: namespaces/apps.yaml
                apiVersion: v1
                kind: Namespace
                metadata: {name: apps}
                # file: apps/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: apps}
                data: {mode: fast}
                """,
        good = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: namespaces, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./namespaces
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: namespaces}]
                # file: namespaces/apps.yaml
                apiVersion: v1
                kind: Namespace
                metadata: {name: apps}
                # file: apps/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: apps}
                data: {mode: fast}
                """,
        tags = {"flux", "dependencies", "correctness"})
public final class NamespaceOrderingGap implements RepositoryRule {

    static final Set<String> WELL_KNOWN = Set.of("default", "kube-system", "kube-public", "kube-node-lease", "flux-system");

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        Set<String> wellKnown = new HashSet<>(WELL_KNOWN);
        wellKnown.addAll(context.config().strings("wellKnownNamespaces"));
        wellKnown.addAll(context.config().strings("externals", "namespaces"));
        wellKnown.addAll(flux.helmfiles().namespaces());
        Map<String, Map<String, List<Applier>>> creators = creators(flux);
        for (Applier a : flux.appliers()) {
            // A HelmRelease applies the objects embedded in its values (raw-manifests charts): its install fails alike
            // when a namespace they name is not there yet.
            boolean release = a.kind() == Applier.Kind.HELM_RELEASE;
            if ((release ? a.embedded().isEmpty() : a.build().isEmpty()) || !flux.applied(a)) {
                continue;
            }
            Map<String, List<Applier>> onCluster = creators.getOrDefault(a.target().id(), Map.of());
            Set<String> own = new HashSet<>();
            if (release) {
                // The HelmRelease lives in its own namespace, so that one exists when helm-controller installs it; an
                // embedded object without a namespace goes to the release namespace, which the chart needs anyway.
                own.add(a.namespace());
                if (a.get("spec", "install", "createNamespace").textOr("").equals("true")) {
                    own.add(a.targetNamespace().known() ? a.targetNamespace().value() : a.namespace());
                }
            }
            Map<String, Placement> needed = new LinkedHashMap<>();
            for (Placement p : flux.placementsBy(a)) {
                if (p.is("", "Namespace")) {
                    own.add(p.name());
                } else if (!p.namespace().isEmpty() && !flux.clusterScoped(p.group(), p.kind())
                        && !(p.kind().startsWith("Cluster") && !p.group().isEmpty())
                        && !(release && p.origin().namespace().isEmpty())) {
                    needed.putIfAbsent(p.namespace(), p);
                }
            }
            for (Map.Entry<String, Placement> e : needed.entrySet()) {
                String ns = e.getKey();
                if (wellKnown.contains(ns) || own.contains(ns) || ns.contains("${")) {
                    continue;
                }
                List<Applier> others = onCluster.getOrDefault(ns, List.of()).stream().filter(c -> c != a).toList();
                Placement example = e.getValue();
                String what = a.display() + " applies " + example.display() + (release ? " from its values" : "") + " ("
                        + out.shown(example.origin().path()) + ")";
                // Known by applier and namespace, not by the node (which moves when a dependsOn is added).
                String key = CrdOrderingGap.identity(a) + " applies into " + ns;
                YNode where = release ? example.content().at("metadata", "namespace")
                        : a.targetNamespace().known() && a.targetNamespace().value().equals(ns)
                        ? a.targetNamespace().node() : CrdOrderingGap.dependsOnKey(a);
                if (!others.isEmpty()) {
                    if (others.stream().anyMatch(c -> flux.orderedAfter(a, c))) {
                        continue;
                    }
                    Applier creator = others.get(0);
                    String add = release ? releaseFix(a, creator) : kustomizationFix(a, creator);
                    report(out, a, release ? example : null, where, what + " into namespace '" + ns + "', which "
                            + creator.display() + " creates, but does not depend on it: the first apply fails with "
                            + "'namespaces \"" + ns + "\" not found'; " + add, key);
                } else if (flux.clusterComplete(a.target())) {
                    report(out, a, release ? example : null, where, what + " into namespace '" + ns + "', but nothing in "
                            + "the repository creates that namespace on " + a.target().describe() + (a.target().isRemote()
                            ? " (namespaces created without that kubeConfig do not count)" : "")
                            + ": add a Namespace object, or list it under externals.namespaces", key);
                }
            }
        }
    }

    /** At the applier (a Kustomization), or at the embedded object's own lines for one in a HelmRelease's values. */
    private static void report(FluxSupport out, Applier a, Placement embedded, YNode where, String message, String key) {
        (embedded != null ? out.at(embedded, where, message) : out.at(a, where, message))
                .ifPresent(f -> f.key(key).report());
    }

    private static String kustomizationFix(Applier a, Applier creator) {
        // A Kustomization cannot wait for one it applies itself: it would never be ready.
        return creator.ancestors().contains(a)
                ? "create the namespace in what " + a.name() + " applies directly (a Namespace object in its own "
                + "path), since it cannot depend on " + creator.name() + ", which it applies"
                : creator.kind() == Applier.Kind.KUSTOMIZATION
                ? "add dependsOn: [" + FluxSupport.dependsOnItem(a, creator) + "]"
                : creator.parent().filter(q -> q != a && !a.ancestors().contains(q))
                        .map(q -> "add dependsOn: [" + FluxSupport.dependsOnItem(a, q) + "]")
                        .orElse("create the namespace before " + a.name());
    }

    /** A HelmRelease depends only on HelmReleases: a Kustomization creator is waited for through its parent. */
    private static String releaseFix(Applier a, Applier creator) {
        if (creator.kind() == Applier.Kind.HELM_RELEASE) {
            return "add dependsOn: [" + FluxSupport.dependsOnItem(a, creator) + "] to it";
        }
        return a.parent().filter(q -> q != creator && !creator.ancestors().contains(q))
                .map(q -> "add dependsOn: [" + FluxSupport.dependsOnItem(q, creator) + "] to " + q.display()
                        + ", which applies it (a HelmRelease depends only on HelmReleases)")
                .orElse("create the namespace before " + a.name());
    }

    /** Namespace creators per cluster: Namespace objects, and HelmReleases with install.createNamespace. */
    private static Map<String, Map<String, List<Applier>>> creators(FluxModel flux) {
        Map<String, Map<String, List<Applier>>> out = new HashMap<>();
        flux.placementsByCluster().forEach((cluster, placements) -> {
            for (Placement p : placements) {
                if (p.is("", "Namespace")) {
                    out.computeIfAbsent(cluster, k -> new HashMap<>()).computeIfAbsent(p.name(), k -> new ArrayList<>())
                            .add(p.by());
                }
            }
        });
        for (Applier a : flux.appliers()) {
            if (a.kind() == Applier.Kind.HELM_RELEASE && a.get("spec", "install", "createNamespace").textOr("").equals("true")) {
                String ns = a.targetNamespace().known() ? a.targetNamespace().value() : a.namespace();
                out.computeIfAbsent(a.target().id(), k -> new HashMap<>()).computeIfAbsent(ns, k -> new ArrayList<>()).add(a);
            }
        }
        return out;
    }
}
