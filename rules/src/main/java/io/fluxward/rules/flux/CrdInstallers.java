package io.fluxward.rules.flux;

import io.fluxward.flux.Applier;
import io.fluxward.flux.Cluster;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KnownCharts;
import io.fluxward.flux.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which applier installs the CRD of a kind on each cluster: CustomResourceDefinition objects in
 * Kustomization builds (and HelmRelease values), and HelmReleases of known charts with CRDs on.
 */
final class CrdInstallers {

    static final String CRD_GROUP = "apiextensions.k8s.io";
    static final String CRD_KIND = "CustomResourceDefinition";

    /**
     * One installer.
     *
     * @param crd    the CRD object, when the installer applies one (empty for a chart)
     * @param policy the chart's CRD policy, for a HelmRelease
     */
    record Installer(Applier by, Optional<Placement> crd, Optional<KnownCharts.CrdPolicy> policy) {

        String describe() {
            return by.display() + policy.map(p -> " (chart " + p.chart().chart() + ")").orElse("");
        }
    }

    private final Map<String, Map<String, List<Installer>>> byCluster = new HashMap<>();

    CrdInstallers(FluxModel flux) {
        for (Map.Entry<String, List<Placement>> e : flux.placementsByCluster().entrySet()) {
            Map<String, List<Installer>> index = byCluster.computeIfAbsent(e.getKey(), k -> new HashMap<>());
            for (Placement p : e.getValue()) {
                if (p.is(CRD_GROUP, CRD_KIND)) {
                    FluxModel.crdDefines(p.content()).ifPresent(gk -> index.computeIfAbsent(gk[0] + "/" + gk[1],
                            k -> new ArrayList<>()).add(new Installer(p.by(), Optional.of(p), Optional.empty())));
                }
            }
        }
        for (Applier a : flux.appliers()) {
            flux.crdPolicy(a).filter(KnownCharts.CrdPolicy::installs).ifPresent(policy -> {
                Map<String, List<Installer>> index = byCluster.computeIfAbsent(a.target().id(), k -> new HashMap<>());
                for (String group : policy.chart().groups()) {
                    index.computeIfAbsent(group + "/*", k -> new ArrayList<>())
                            .add(new Installer(a, Optional.empty(), Optional.of(policy)));
                }
            });
        }
    }

    /** Installers of the CRD of {@code group/kind} on {@code cluster}. */
    List<Installer> of(Cluster cluster, String group, String kind) {
        Map<String, List<Installer>> index = byCluster.getOrDefault(cluster.id(), Map.of());
        List<Installer> out = new ArrayList<>(index.getOrDefault(group + "/" + kind, List.of()));
        out.addAll(index.getOrDefault(group + "/*", List.of()));
        return out;
    }

    /**
     * Another applied HelmRelease on the cluster of {@code release} whose chart installs the CRDs of {@code group}
     * (the first by name), when {@code release} is applied itself.
     */
    Optional<Installer> otherChart(FluxModel flux, Applier release, String group) {
        if (!flux.applied(release)) {
            return Optional.empty();
        }
        return byCluster.getOrDefault(release.target().id(), Map.of()).getOrDefault(group + "/*", List.of()).stream()
                .filter(i -> !DualOwnership.sameApplier(i.by(), release) && flux.applied(i.by()))
                .min(Comparator.comparing(i -> FluxSupport.describe(i.by())));
    }

    /** CRD objects of {@code group} applied on {@code cluster}. */
    List<Installer> crdObjectsOfGroup(Cluster cluster, String group) {
        List<Installer> out = new ArrayList<>();
        byCluster.getOrDefault(cluster.id(), Map.of()).forEach((key, list) -> {
            if (key.startsWith(group + "/") && !key.endsWith("/*")) {
                out.addAll(list);
            }
        });
        return out;
    }
}
