package io.fluxward.rules.flux;

import io.fluxward.engine.Finding;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KnownCharts;
import io.fluxward.flux.Placement;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMissing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FW-F014: the same object applied by two appliers on one cluster. */
@RuleInfo(
        id = "FW-F014",
        name = "dual-ownership",
        level = Level.ERROR,
        summary = "The same object is applied by two different Flux Kustomizations or HelmReleases on one cluster.",
        description = """
                Two appliers that apply the same object (group, kind, namespace, name) on one cluster overwrite each \
                other's changes on every reconciliation, and when one of them stops applying it, its garbage \
                collection deletes the object the other still needs (a Namespace takes everything in it along). \
                The same holds for CRDs installed by a Kustomization and by a chart with its CRDs on, or by two such \
                charts (`installCRDs`, `crds.enabled`; known charts: cert-manager, external-secrets, kube-prometheus-stack, \
                prometheus-operator-crds, cloudnative-pg, rook-ceph; read from `values` and `valuesFrom`, and left \
                alone when unreadable). A cluster-scoped object (built-in, or its CRD says `scope: Cluster`) is one \
                object whatever namespace kustomize writes into it. Appliers on different clusters (different \
                kubeConfig or entry point) do not conflict. Objects annotated \
                `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent` or `Ignore` are not owned and are skipped.""",
        fix = """
                Keep the object in one Kustomization only (move shared objects, like a Namespace, to a Kustomization \
                the others depend on), or turn off the chart's CRDs (`crds.enabled: false`) when a Kustomization \
                or another chart installs them.""",
        bad = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: monitoring, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./monitoring
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: logging, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./logging
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: monitoring/namespace.yaml
                apiVersion: v1
                kind: Namespace
                metadata: {name: observability}
                # file: logging/namespace.yaml
                apiVersion: v1
                kind: Namespace
                metadata: {name: observability}
                """,
        good = """
                # file: clusters/prod/flux.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: monitoring, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./monitoring
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: logging, namespace: flux-system}
                spec:
                  interval: 1h
                  prune: true
                  path: ./logging
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: monitoring}]
                # file: monitoring/namespace.yaml
                apiVersion: v1
                kind: Namespace
                metadata: {name: observability}
                # file: logging/configmap.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fluent-bit, namespace: observability}
                data: {level: info}
                """,
        tags = {"flux", "ownership", "correctness"})
public final class DualOwnership implements RepositoryRule {

    private static final Set<String> NOT_OWNED = Set.of("ifnotpresent", "ignore");
    private static final int LISTED = 3;
    /** Owners linked from one finding at most. */
    private static final int LINKED = 10;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (List<Placement> placements : flux.placementsByCluster().values()) {
            Map<String, List<Placement>> byId = new LinkedHashMap<>();
            for (Placement p : placements) {
                // As Flux applies it: a post-build variable with a known value is substituted.
                String ssa = p.text(p.content().at("metadata", "annotations", "kustomize.toolkit.fluxcd.io/ssa"));
                if (!NOT_OWNED.contains(ssa.toLowerCase(java.util.Locale.ROOT)) && !p.name().isEmpty()
                        && !p.name().contains("${")) {
                    byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
                }
            }
            for (List<Placement> same : byId.values()) {
                // Hashed by applier identity, not compared pairwise: one object applied by N Kustomizations (a
                // generator's repeated path) cost N^3.
                Map<Key, Applier> owners = new LinkedHashMap<>();
                same.forEach(p -> owners.putIfAbsent(Key.of(p.by()), p.by()));
                if (owners.size() < 2) {
                    continue;
                }
                Map<Applier, String> described = new IdentityHashMap<>();
                Comparator<Applier> order = Comparator.comparing(a -> described.computeIfAbsent(a, FluxSupport::describe));
                List<Applier> sorted = new ArrayList<>(owners.values());
                sorted.sort(order);
                // One finding per definition (file and line): the appliers of that very definition come first, so
                // the message names the owner a reader of that file looks for.
                Map<String, Map<Key, Applier>> byDefinition = new LinkedHashMap<>();
                for (Placement p : same) {
                    byDefinition.computeIfAbsent(where(p), k -> new LinkedHashMap<>()).putIfAbsent(Key.of(p.by()), p.by());
                }
                Set<String> reported = new HashSet<>();
                for (Placement p : same) {
                    Location here = flux.locate(p, YMissing.INSTANCE);
                    if (!reported.add(where(p) + "\n" + here)) {
                        continue; // the same finding again
                    }
                    Map<Key, Applier> own = byDefinition.get(where(p));
                    List<Applier> named = new ArrayList<>(own.values());
                    named.sort(order);
                    sorted.stream().filter(o -> !own.containsKey(Key.of(o))).forEach(named::add);
                    out.at(p, YMissing.INSTANCE, p.display() + " is applied by " + listed(named, out)
                            + ": they overwrite each other, and pruning by one deletes it for the other"
                            + (named.size() > 2 ? "s" : "")).ifPresent(f -> f.related(owners(named, here)).report());
                }
            }
        }
        chartCrds(flux, out);
    }

    /** CRDs a Kustomization applies while a HelmRelease's chart installs the same group's CRDs. */
    private static void chartCrds(FluxModel flux, FluxSupport out) {
        CrdInstallers installers = new CrdInstallers(flux);
        for (Applier release : flux.appliers()) {
            KnownCharts.CrdPolicy policy = flux.crdPolicy(release).orElse(null);
            if (policy == null || !policy.installs()) {
                continue;
            }
            for (String group : policy.chart().groups()) {
                for (CrdInstallers.Installer crd : installers.crdObjectsOfGroup(release.target(), group)) {
                    if (sameApplier(crd.by(), release) || crd.crd().isEmpty()) {
                        continue;
                    }
                    Placement p = crd.crd().get();
                    String how = policy.decidedBy().isPresent() ? policy.setting() : "which installs its CRDs by default";
                    out.at(p, YMissing.INSTANCE, p.display() + " is applied by " + out.shown(p.by())
                            + " and also installed by " + out.shown(release) + " (chart "
                            + policy.chart().chart() + ", " + how + "): two owners of one CRD")
                            .ifPresent(f -> f.related(release.manifest().location(), "the chart that installs it too")
                                    .report());
                }
            }
            // Two charts: no CRD object in the repository, so the clash is reported at each HelmRelease (once).
            for (String group : policy.chart().groups()) {
                CrdInstallers.Installer other = installers.otherChart(flux, release, group).orElse(null);
                if (other != null) {
                    out.at(release, policy.decidedBy(), "the " + group + " CRDs are installed by both "
                            + release.display() + " (chart " + policy.chart().chart()
                            + (policy.decidedBy().isPresent() ? ", " + policy.setting() : "") + ", "
                            + out.shown(release.manifest().path()) + ") and " + other.by().display() + " (chart "
                            + other.policy().orElseThrow().chart().chart() + ", " + out.shown(other.by().manifest().path())
                            + "): two owners of one CRD").ifPresent(f -> f.related(other.by().manifest().location(),
                            "the other chart that installs them").report());
                    break;
                }
            }
        }
    }

    /** The definition a placement comes from: its file and line. */
    private static String where(Placement p) {
        return p.origin().location().path() + ":" + p.origin().location().line();
    }

    /** {@code both A and B}; {@code A, B and C}; {@code A, B, C and 2 more}. */
    private static String listed(List<Applier> named, FluxSupport out) {
        if (named.size() == 2) {
            return "both " + out.shown(named.get(0)) + " and " + out.shown(named.get(1));
        }
        List<String> shown = named.stream().limit(LISTED).map(out::shown).toList();
        String head = String.join(", ", shown.subList(0, shown.size() - 1));
        return named.size() <= LISTED ? head + " and " + shown.get(shown.size() - 1)
                : head + ", " + shown.get(shown.size() - 1) + " and " + (named.size() - LISTED) + " more";
    }

    /**
     * A link to each owner, but not to the finding's own place: an applier that applies itself (a cluster's
     * flux-system Kustomization, also applied by a management cluster) is the object the finding is at.
     */
    private static List<Finding.Related> owners(List<Applier> named, Location here) {
        List<Finding.Related> links = new ArrayList<>();
        Set<Location> linked = new HashSet<>();
        for (Applier a : named) {
            Location at = a.manifest().location();
            boolean self = at.path().equals(here.path()) && at.line() == here.line();
            if (!self && linked.add(at)) {
                links.add(new Finding.Related(at, "an owner: " + a.display()));
                if (links.size() == LINKED) {
                    break; // the first owners, as the message names them: a generator's N appliers are not N links
                }
            }
        }
        return links;
    }

    /** What {@link #sameApplier} compares: one object (kind, namespace, name) on one cluster. */
    private record Key(Applier.Kind kind, String name, String namespace, Object host) {
        static Key of(Applier a) {
            return new Key(a.kind(), a.name(), a.namespace(), a.host());
        }
    }

    /** Two instances of one object (same kind, namespace and name on the same cluster) are the same applier. */
    static boolean sameApplier(Applier a, Applier b) {
        return a == b || a.kind() == b.kind() && a.name().equals(b.name()) && a.namespace().equals(b.namespace())
                && a.host().equals(b.host());
    }
}
