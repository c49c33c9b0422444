package io.fluxward.flux;

import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a repository installs before Flux runs: the releases of its helmfiles (the common bootstrap
 * of home-lab and platform repositories, {@code helmfile apply} or CRDs extracted with
 * {@code helmfile template --include-crds}). Their charts' CRDs and their namespaces exist before any
 * Kustomization reconciles, so ordering rules count them as present.
 *
 * @param charts     release names and chart names (last path segment of {@code chart})
 * @param namespaces release namespaces (helmfile creates them)
 * @param files      the helmfiles read
 */
public record HelmfileBootstrap(Set<String> charts, Set<String> namespaces, Set<String> files) {

    public HelmfileBootstrap {
        charts = Set.copyOf(charts);
        namespaces = Set.copyOf(namespaces);
        files = Set.copyOf(files);
    }

    /** Reads every YAML document with a top-level {@code releases} list and no {@code kind} (a helmfile). */
    static HelmfileBootstrap of(RepositoryModel model) {
        Set<String> charts = new LinkedHashSet<>();
        Set<String> namespaces = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        for (FileModel f : model.files()) {
            HelmfileBootstrap own = f.fact(OF_FILE);
            if (!own.files.isEmpty()) {
                files.addAll(own.files);
                charts.addAll(own.charts);
                namespaces.addAll(own.namespaces);
            }
        }
        return new HelmfileBootstrap(charts, namespaces, files);
    }

    /** What one file installs as a helmfile (nothing for most files). */
    private static final FileFact<HelmfileBootstrap> OF_FILE = FileFact.of("helmfile releases", f -> {
        Set<String> charts = new LinkedHashSet<>();
        Set<String> namespaces = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        for (YDocument doc : f.documents()) {
            YNode root = doc.root();
            if (!root.isMap() || root.get("kind").isPresent() || !root.get("releases").isSeq()) {
                continue;
            }
            for (YNode release : root.get("releases").items()) {
                if (!release.get("name").hasText()) {
                    continue;
                }
                files.add(f.path());
                charts.add(release.get("name").textOr(""));
                String chart = release.get("chart").textOr("");
                if (!chart.isEmpty() && !chart.contains("{{")) {
                    String c = chart.replaceAll("/+$", "");
                    charts.add(c.substring(c.lastIndexOf('/') + 1));
                }
                release.get("namespace").text().filter(ns -> !ns.contains("{{")).ifPresent(namespaces::add);
            }
        }
        return new HelmfileBootstrap(charts, namespaces, files);
    });

    /** API groups of the CRDs the helmfiles' known charts install (see {@link KnownCharts}). */
    public Set<String> crdGroups() {
        Set<String> out = new LinkedHashSet<>();
        for (String chart : charts) {
            KnownCharts.byName(chart).ifPresent(c -> out.addAll(c.groups()));
        }
        return out;
    }

    /** True when {@code release}'s chart (or the release itself) is installed by a helmfile before Flux. */
    public boolean installs(FluxModel flux, Applier release) {
        return charts.contains(release.name()) || flux.chartName(release).filter(charts::contains).isPresent();
    }
}
