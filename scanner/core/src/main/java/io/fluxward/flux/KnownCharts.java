package io.fluxward.flux;

import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.List;
import java.util.Optional;

/**
 * Helm charts that install CustomResourceDefinitions depending on a values switch, so that fluxward
 * can tell, without rendering the chart, which CRD groups a HelmRelease puts on its cluster. Only
 * charts whose switch and default are documented by their projects are listed; any other chart is
 * treated as unknown (rules stay quiet about it).
 */
public final class KnownCharts {

    /**
     * One chart.
     *
     * @param chart       the chart name
     * @param groups      API groups of the CRDs it installs
     * @param switches    values paths (dot-separated) that turn CRD installation on; any one set to true does
     * @param defaultOn   whether CRDs are installed when no switch is set
     * @param helmCrdsDir true when the CRDs ship in the chart's {@code crds/} folder, so {@code install.crds: Skip}
     *                    turns them off too
     */
    public record Chart(String chart, List<String> groups, List<String> switches, boolean defaultOn, boolean helmCrdsDir) {
    }

    public static final List<Chart> CHARTS = List.of(
            // cert-manager.io/docs/installation/helm: crds.enabled (installCRDs before v1.15), default false.
            new Chart("cert-manager", List.of("cert-manager.io", "acme.cert-manager.io"),
                    List.of("crds.enabled", "installCRDs"), false, false),
            // external-secrets.io getting started: installCRDs defaults to true.
            new Chart("external-secrets", List.of("external-secrets.io", "generators.external-secrets.io"),
                    List.of("installCRDs"), true, false),
            // prometheus-community kube-prometheus-stack: crds.enabled (default true), CRDs in the crds sub-chart's crds/.
            new Chart("kube-prometheus-stack", List.of("monitoring.coreos.com"), List.of("crds.enabled"), true, true),
            new Chart("prometheus-operator-crds", List.of("monitoring.coreos.com"), List.of(), true, false),
            // cloudnative-pg chart: crds.create, default true.
            new Chart("cloudnative-pg", List.of("postgresql.cnpg.io"), List.of("crds.create"), true, false),
            // rook-ceph operator chart: crds.enabled, default true.
            new Chart("rook-ceph", List.of("ceph.rook.io", "objectbucket.io"), List.of("crds.enabled"), true, false));

    /**
     * What a HelmRelease of a known chart does with its CRDs.
     *
     * @param decidedBy the node that decides (missing for the chart's default)
     * @param setting   that setting as written, e.g. {@code installCRDs: false} ({@code ""} for the default)
     */
    public record CrdPolicy(Chart chart, boolean installs, YNode decidedBy, String setting) {
    }

    private KnownCharts() {
    }

    public static Optional<Chart> byName(String chart) {
        return CHARTS.stream().filter(c -> c.chart().equals(chart)).findFirst();
    }

    /**
     * Whether a HelmRelease of {@code chart} installs its CRDs, and the node that decides it (a values
     * switch, inline or the {@code valuesFrom} item that sets it, {@code install.crds}, or nothing for the
     * default); empty when a switch depends on values fluxward cannot read.
     */
    public static Optional<CrdPolicy> policy(Chart chart, Applier release, HelmValues values) {
        // Either switch turns the CRDs on (cert-manager's templates test `or .Values.crds.enabled .Values.installCRDs`):
        // one set to true decides; else one set to anything else turns them off; else the default holds.
        CrdPolicy off = null;
        boolean unknown = false;
        for (String sw : chart.switches()) {
            HelmValues.Lookup value = values.at(sw);
            if (value.state() == HelmValues.State.UNKNOWN) {
                unknown = true;
            } else if (value.state() == HelmValues.State.SET) {
                String setting = sw + ": " + value.text() + (value.from().isEmpty() ? "" : " in " + value.from());
                if (value.text().equals("true")) {
                    return Optional.of(crdsDirSkipped(chart, release)
                            .orElse(new CrdPolicy(chart, true, value.decidedBy(), setting)));
                }
                if (off == null) {
                    off = new CrdPolicy(chart, false, value.decidedBy(), setting);
                }
            }
        }
        if (unknown) {
            return Optional.empty();
        }
        if (off != null) {
            return Optional.of(off);
        }
        if (!chart.defaultOn()) {
            return Optional.of(new CrdPolicy(chart, false, YMissing.INSTANCE, ""));
        }
        return Optional.of(crdsDirSkipped(chart, release).orElse(new CrdPolicy(chart, true, YMissing.INSTANCE, "")));
    }

    private static Optional<CrdPolicy> crdsDirSkipped(Chart chart, Applier release) {
        YNode install = release.get("spec", "install", "crds");
        if (chart.helmCrdsDir() && install.textOr("Create").equals("Skip")) {
            return Optional.of(new CrdPolicy(chart, false, install, "install.crds: Skip"));
        }
        return Optional.empty();
    }
}
