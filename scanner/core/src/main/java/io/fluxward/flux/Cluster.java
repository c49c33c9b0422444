package io.fluxward.flux;

import java.util.ArrayList;
import java.util.List;

/**
 * Where objects land: the cluster an entry point (a bootstrap Kustomization, a FluxInstance, a
 * Kustomization applied by hand) runs on, followed by the {@code kubeConfig}s crossed on the way.
 * Names resolve per cluster, because the same name is commonly reused for each cluster of a fleet.
 *
 * <p>An entry point that applies its own folder (the {@code flux bootstrap} Kustomization, a
 * FluxInstance sync) defines a cluster fluxward knows completely: names missing there are missing on
 * that cluster. Appliers nothing in the repository applies were applied from outside (by hand, or by
 * a bootstrap Kustomization not in this repository); those of one folder share a cluster.
 *
 * @param entry     the entry point's id (the bootstrap applier and its file, or {@code folder <dir>})
 * @param bootstrap true when the entry point applies its own folder (a self-contained cluster)
 * @param via       the kubeConfig ids crossed, outermost first; empty for the entry point's own cluster
 */
public record Cluster(String entry, boolean bootstrap, List<String> via) {

    public Cluster {
        via = List.copyOf(via);
    }

    public static Cluster bootstrap(String entry) {
        return new Cluster(entry, true, List.of());
    }

    /** The cluster of appliers applied from outside the repository, grouped by their folder. */
    public static Cluster folder(String dir) {
        return new Cluster("folder " + (dir.isEmpty() ? "." : dir), false, List.of());
    }

    /** The cluster reached from this one with {@code kubeConfig}. */
    public Cluster through(KubeConfigRef kubeConfig) {
        List<String> next = new ArrayList<>(via);
        next.add(kubeConfig.id());
        return new Cluster(entry, bootstrap, next);
    }

    public boolean isRemote() {
        return !via.isEmpty();
    }

    /** A stable id. */
    public String id() {
        return via.isEmpty() ? entry : entry + " -> " + String.join(" -> ", via);
    }

    /** For messages: {@code local cluster} or {@code remote cluster (kubeConfig Secret flux-system/x)}. */
    public String describe() {
        return via.isEmpty() ? "the local cluster" : "the remote cluster of kubeConfig " + via.get(via.size() - 1);
    }
}
