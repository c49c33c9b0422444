package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxApi;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.Set;

/** FW-F008: a sourceRef / chartRef that names a source not defined anywhere. */
@RuleInfo(
        id = "FW-F008",
        name = "source-ref-dangling",
        level = Level.ERROR,
        summary = "A sourceRef or chartRef names a Flux source that is not defined in the repository.",
        description = """
                A Kustomization's `sourceRef`, a HelmRelease's `chart.spec.sourceRef` or `chartRef` must name an \
                existing source (namespace defaulting to the referrer's); otherwise the object stays not ready with \
                `source not found`. Sources count when written as manifests (also inside HelmRelease values), when a \
                FluxInstance sync or an ArtifactGenerator generates them, and for the HelmChart a HelmRelease \
                generates. The repository's own source (`flux.source`, default `flux-system/flux-system`) always \
                exists. Sources managed elsewhere are listed under `externals.sources`; kinds templated by a Flux \
                Operator ResourceSet are not checked.""",
        fix = """
                Correct the name, kind or namespace, add the source, or list it under `externals.sources` in \
                `.fluxward.yaml`.""",
        bad = """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: podinfo, namespace: apps}
                spec:
                  interval: 1h
                  chart:
                    spec:
                      chart: podinfo
                      sourceRef: {kind: HelmRepository, name: podinfo}
                """,
        good = """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: podinfo, namespace: apps}
                spec:
                  interval: 1h
                  url: https://stefanprodan.github.io/podinfo
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: podinfo, namespace: apps}
                spec:
                  interval: 1h
                  chart:
                    spec:
                      chart: podinfo
                      sourceRef: {kind: HelmRepository, name: podinfo}
                """,
        tags = {"flux", "references", "correctness"})
public final class SourceRefDangling implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        Set<String> templated = templatedKinds(model);
        for (Applier a : flux.appliers()) {
            if (a.synthetic() || a.sourceRef().isEmpty()) {
                continue;
            }
            ObjectRef ref = a.sourceRef().get();
            if (!ref.concrete() || ref.name().isEmpty() || !FluxApi.SOURCE_KINDS.contains(ref.kind())
                    || templated.contains(ref.kind()) || flux.isRepoSource(ref) || !flux.findSources(ref).isEmpty()
                    || FluxSupport.external(context.config(), "sources", ref)) {
                continue;
            }
            YNode name = ref.node().get("name");
            String field = a.kind() == Applier.Kind.KUSTOMIZATION ? "sourceRef"
                    : a.get("spec", "chartRef").isPresent() ? "chartRef" : "chart.spec.sourceRef";
            out.at(a, name.isPresent() ? name : ref.node(), a.display() + " " + field + " names " + ref.kind() + " "
                    + ref.display() + ", which is not defined in the repository (nor listed in externals.sources): "
                    + "it will never become ready").ifPresent(RuleContext.FindingBuilder::report);
        }
    }

    /** Source kinds a Flux Operator ResourceSet templates (their names are not known before rendering). */
    private static Set<String> templatedKinds(RepositoryModel model) {
        Set<String> out = new HashSet<>();
        for (KubeObject o : model.objects()) {
            if (FluxApi.isResourceSet(o)) {
                for (YNode r : o.get("spec", "resources").items()) {
                    r.get("kind").text().ifPresent(out::add);
                }
                if (o.get("spec", "resourcesTemplate").isPresent()) {
                    out.addAll(FluxApi.SOURCE_KINDS);
                }
            }
        }
        return out;
    }
}
