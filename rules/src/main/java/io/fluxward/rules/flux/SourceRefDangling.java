package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxApi;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.flux.Placement;
import io.fluxward.flux.SourceDef;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.Words;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** FW-F008: a sourceRef / chartRef that names a source not defined anywhere. */
@RuleInfo(
        id = "FW-F008",
        name = "source-ref-dangling",
        level = Level.ERROR,
        summary = "A sourceRef or chartRef names a Flux source that is not defined in the repository.",
        description = """
                A Kustomization's `sourceRef`, a HelmRelease's `chart.spec.sourceRef` or `chartRef`, a HelmChart's or \
                an ImageUpdateAutomation's `sourceRef` (also of such objects inside HelmRelease values) must name an \
                existing source (namespace defaulting to the referrer's); otherwise the object stays not ready with \
                `source not found`. Sources count when written as manifests (also inside HelmRelease values), when a \
                FluxInstance sync or an ArtifactGenerator generates them, and for the HelmChart a HelmRelease \
                generates. The repository's own source (`flux.source`, default `flux-system/flux-system`) always \
                exists. Sources managed elsewhere are listed under `externals.sources`; kinds templated by a Flux \
                Operator ResourceSet are not checked.""",
        fix = """
                Correct the name, kind or namespace, add the source, or list it under `externals.sources` in \
                `.fluxward.yaml`; this repository's own source, made outside it (a bootstrap, the Flux Operator), is \
                named as `flux.source` instead, so that the paths of its Kustomizations stay checked.""",
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

    private static final String NOT_DEFINED = ", which is not defined in the repository (nor listed in externals.sources): "
            + "it will never become ready";
    private static final String IMAGE_GROUP = "image.toolkit.fluxcd.io";

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            if (a.synthetic() || a.sourceRef().isEmpty()) {
                continue;
            }
            ObjectRef ref = a.sourceRef().get();
            if (!flux.danglingSource(ref)) {
                continue;
            }
            YNode name = ref.node().get("name");
            String field = a.kind() == Applier.Kind.KUSTOMIZATION ? "sourceRef"
                    : a.get("spec", "chartRef").isPresent() ? "chartRef" : "chart.spec.sourceRef";
            String hint = kindHint(flux, ref);
            hint = hint.isEmpty() ? namespaceHint(model, flux, a.namespace(), ref, field) : hint;
            out.at(a, name.isPresent() ? name : ref.node(), a.display() + " " + field + " names " + ref.kind() + " "
                    + ref.display() + NOT_DEFINED + (hint.isEmpty() ? ownSourceHint(model, a, ref) : hint))
                    .ifPresent(RuleContext.FindingBuilder::report);
        }
        for (List<Placement> placed : flux.placementsByCluster().values()) {
            for (Placement p : placed) {
                otherReferrer(p).ifPresent(field -> {
                    YNode node = p.content().at(field.split("\\."));
                    String kind = node.get("kind").textOr(p.is(IMAGE_GROUP, "ImageUpdateAutomation") ? "GitRepository" : "");
                    String name = p.text(node.get("name"));
                    String ns = node.get("namespace").isPresent() ? p.text(node.get("namespace")) : p.namespace();
                    ObjectRef ref = new ObjectRef(kind, ns, name, !(name + ns).contains("${"), node);
                    if (!flux.danglingSource(ref)) {
                        return;
                    }
                    String shown = field.substring("spec.".length());
                    String hint = kindHint(flux, ref);
                    out.at(p, node.get("name"), p.display() + " " + shown + " names " + kind + " " + ref.display() + NOT_DEFINED
                            + (hint.isEmpty() ? namespaceHint(model, flux, p.namespace(), ref, shown) : hint))
                            .ifPresent(RuleContext.FindingBuilder::report);
                });
            }
        }
    }

    /**
     * For a Kustomization whose {@code spec.path} is a folder of this repository: the source is most likely this
     * repository's own, made outside it (a bootstrap, the Flux Operator). Listed under {@code externals.sources} it
     * would count as another repository's, and the paths and builds of its Kustomizations would go unchecked; so
     * the message names {@code flux.source}, which keeps them checked.
     */
    private static String ownSourceHint(RepositoryModel model, Applier a, ObjectRef ref) {
        if (a.kind() != Applier.Kind.KUSTOMIZATION || !FluxApi.TREE_SOURCE_KINDS.contains(ref.kind())
                || !a.path().concrete() || !ref.concrete()) {
            return "";
        }
        String dir = Paths.withinRoot(a.path().value());
        if (dir.isEmpty() || !model.isDirectory(dir)) {
            return "";
        }
        return "; if it is this repository's own source, made outside it (by a bootstrap or the Flux Operator), name it"
                + " in .fluxward.yaml as flux: {source: " + ref.namespace() + "/" + ref.name() + "} (not under"
                + " externals.sources, which would leave the paths of its Kustomizations unchecked)";
    }

    /**
     * When a source of that namespace and name is defined as another kind, says so: the reference's {@code kind} is
     * the likelier mistake (an OCIRepository named as a HelmRepository after a chart moved to OCI) than a missing source.
     */
    private static String kindHint(FluxModel flux, ObjectRef ref) {
        if (!ref.concrete()) {
            return "";
        }
        List<SourceDef> others = flux.sources().stream().filter(d -> !d.kind().equals(ref.kind())
                && d.name().equals(ref.name()) && d.namespace().equals(ref.namespace())).toList();
        if (others.isEmpty()) {
            return "";
        }
        SourceDef other = others.get(0);
        String where = other.manifest().map(m -> " (" + m.location().path() + ":" + m.location().line() + ")").orElse("");
        return "; " + Words.a(other.kind()) + " of that name is defined" + where + ": is the reference's kind meant to be "
                + other.kind() + "?";
    }

    /**
     * When a source of that kind and name is defined in other namespaces only, says so: a reference without
     * {@code namespace} looks in the referrer's own one, the usual cause (a HelmRelease in its app's namespace naming a
     * HelmRepository of flux-system).
     *
     * <p>Only where such a reference is plausible: a reference from the cluster admin's namespaces (flux-system, and the
     * namespace of the repository's own source) is offered sources of those namespaces only. A same-named source of any
     * other namespace is a tenant's, most often of another repository: pointing the admin's reconciler at it would apply
     * whatever the tenant pushes, and a cluster with {@code --no-cross-namespace-refs} rejects it. There the source is
     * most likely made outside the repository (bootstrap), and the rule's other advice applies. References from any
     * other namespace may use a source of any namespace (shared HelmRepositories in flux-system, the usual layout).
     */
    private static String namespaceHint(RepositoryModel model, FluxModel flux, String referrerNamespace, ObjectRef ref,
                                        String field) {
        String own = model.config().fluxSource();
        Set<String> admin = Set.copyOf(List.of("flux-system", own.substring(0, own.indexOf('/'))));
        // The referrer's own namespace decides (a reference may name another namespace explicitly).
        boolean fromAdmin = admin.contains(referrerNamespace);
        List<String> namespaces = flux.sources().stream().filter(d -> d.kind().equals(ref.kind())
                && d.name().equals(ref.name()) && !d.namespace().isEmpty() && !d.namespace().equals(ref.namespace())
                && (!fromAdmin || admin.contains(d.namespace())))
                .map(SourceDef::namespace).distinct().sorted().toList();
        return FluxSupport.namespaceHint(ref.kind(), ref, namespaces, "is defined", field, "referrer");
    }

    /**
     * The source reference field of a placed object that is not an applier: a HelmChart or an ImageUpdateAutomation
     * (Kustomizations and HelmReleases, also those inside HelmRelease values, are appliers, checked above).
     */
    private static Optional<String> otherReferrer(Placement p) {
        if (p.is("source.toolkit.fluxcd.io", "HelmChart") || p.is(IMAGE_GROUP, "ImageUpdateAutomation")) {
            return Optional.of("spec.sourceRef");
        }
        return Optional.empty();
    }
}
