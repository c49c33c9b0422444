package io.fluxward.rules.flux;

import io.fluxward.config.Glob;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxApi;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KubeConfigRef;
import io.fluxward.flux.Placement;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.List;
import java.util.Optional;

/** FW-F016: a tenant applier without serviceAccountName (opt-in). */
@RuleInfo(
        id = "FW-F016",
        name = "missing-service-account",
        level = Level.WARNING,
        summary = "A tenant Kustomization or HelmRelease has no serviceAccountName.",
        description = """
                Without `serviceAccountName`, kustomize-controller and helm-controller apply with their own \
                cluster-admin rights, so a tenant can create anything anywhere. Multi-tenant setups impersonate a \
                per-tenant ServiceAccount instead (or run the controllers with `--default-service-account`, as a \
                FluxInstance with `cluster.multitenant: true` does: then the namespace's default ServiceAccount, \
                shared by every applier there). With `kubeConfig`, it applies on the remote cluster with the \
                kubeconfig's identity (or impersonates the ServiceAccount there). The message says which holds. Tenants \
                are the appliers whose file path, `spec.path`, name or `namespace/name` matches a `tenants` glob in \
                `.fluxward.yaml` (by `spec.path` alone not when it applies tenant appliers: that onboards them); \
                opt-in, nothing without that list. A `serviceAccountName` a parent patches in counts.""",
        fix = "Set `spec.serviceAccountName` to the tenant's ServiceAccount (in the applier's namespace).",
        bad = """
                # file: .fluxward.yaml
                rules: {FW-F016: {enabled: true}}
                tenants: ["tenants/**"]
                # file: tenants/team-a/sync.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: team-a, namespace: team-a}
                spec:
                  interval: 5m
                  prune: true
                  path: ./
                  sourceRef: {kind: GitRepository, name: team-a}
                """,
        good = """
                # file: .fluxward.yaml
                rules: {FW-F016: {enabled: true}}
                tenants: ["tenants/**"]
                # file: tenants/team-a/sync.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: team-a, namespace: team-a}
                spec:
                  interval: 5m
                  prune: true
                  path: ./
                  serviceAccountName: team-a
                  sourceRef: {kind: GitRepository, name: team-a}
                """,
        tags = {"flux", "multi-tenancy", "security"},
        securitySeverity = "6.5",
        optIn = true)
public final class MissingServiceAccount implements RepositoryRule {

    private static final String DEFAULT_SA_FLAG = "--default-service-account=";

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        List<Glob> tenants = context.config().strings("tenants").stream().map(Glob::of).toList();
        if (tenants.isEmpty()) {
            return;
        }
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            if (a.synthetic() || a.serviceAccountName().isSet()) {
                continue;
            }
            for (Glob g : tenants) {
                boolean byItself = tenantByItself(g, a);
                // A platform Kustomization whose folder holds the tenants' own appliers (flux2-multi-tenancy's
                // `tenants`) onboards them: it creates their namespaces and RBAC, so the tenant's account cannot be its.
                boolean onboards = !byItself && a.children().stream().anyMatch(c -> tenantByItself(g, c));
                if (byItself || !onboards && a.dir().filter(d -> !d.isEmpty() && g.matches(d)).isPresent()) {
                    out.at(a, YMissing.INSTANCE, a.display() + " is a tenant applier (tenants pattern '" + g
                            + "') without spec.serviceAccountName: " + identity(flux, a))
                            .ifPresent(RuleContext.FindingBuilder::report);
                    break;
                }
            }
        }
    }

    /** Matched by its own file, name or namespace/name (not by the folder it applies). */
    private static boolean tenantByItself(Glob g, Applier a) {
        return g.matches(a.manifest().path()) || g.matches(a.name()) || g.matches(a.ref());
    }

    /**
     * Who the applier acts as without serviceAccountName (the fluxcd/pkg impersonator): the controllers' default
     * ServiceAccount of its namespace when they run with one, on the remote cluster with a kubeConfig; else, with a
     * kubeConfig, the kubeconfig's own identity there; else the controller's own ServiceAccount.
     */
    private static String identity(FluxModel flux, Applier a) {
        Optional<DefaultAccount> fallback = defaultAccount(flux, a);
        Optional<KubeConfigRef> kc = a.kubeConfig();
        if (fallback.isPresent()) {
            DefaultAccount d = fallback.get();
            return "the controller impersonates its default ServiceAccount " + a.namespace() + "/" + d.name() + " ("
                    + d.source() + ")" + kc.map(k -> " on the remote cluster of kubeConfig " + k.id()).orElse("")
                    + ", shared by every applier of the namespace that names none";
        }
        return kc.map(k -> "it applies on the remote cluster with whatever identity kubeConfig " + k.id() + " carries")
                .orElse("it applies with the controller's own ServiceAccount (cluster-admin in a default install)");
    }

    /** The ServiceAccount the controller impersonates for appliers that name none, and what says so. */
    private record DefaultAccount(String name, String source) { }

    /**
     * The default ServiceAccount of the controllers that reconcile {@code a} (on its host cluster): a FluxInstance
     * (or flux-instance chart) with {@code cluster.multitenant: true} there, or that defines the cluster through its
     * sync; or a {@code --default-service-account} argument of the controller Deployment applied there.
     */
    private static Optional<DefaultAccount> defaultAccount(FluxModel flux, Applier a) {
        Applier root = a.root();
        if (!a.host().isRemote() && root.synthetic()) {
            Optional<DefaultAccount> own = multitenant(root.manifest().node(), FluxApi.isFluxInstance(root.manifest()),
                    root.manifest().kind() + " " + root.manifest().namespace() + "/" + root.manifest().name());
            if (own.isPresent()) {
                return own;
            }
        }
        for (Placement p : flux.placementsOn(a.host())) {
            Optional<DefaultAccount> found = p.is(FluxApi.OPERATOR_GROUP, "FluxInstance")
                    ? multitenant(p.content(), true, p.display())
                    : p.is("apps", "Deployment") && p.name().equals(controller(a)) ? flag(p) : Optional.empty();
            if (found.isPresent()) {
                return found;
            }
        }
        for (Applier h : flux.appliersOn(a.host())) {
            if (h.kind() == Applier.Kind.HELM_RELEASE && flux.chartName(h).filter("flux-instance"::equals).isPresent()) {
                Optional<DefaultAccount> found = multitenant(h.content(), false, h.display());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String controller(Applier a) {
        return a.kind() == Applier.Kind.KUSTOMIZATION ? "kustomize-controller" : "helm-controller";
    }

    /** {@code cluster.multitenant} of a FluxInstance's spec, or of a flux-instance chart's {@code values.instance}. */
    private static Optional<DefaultAccount> multitenant(YNode object, boolean fluxInstance, String display) {
        YNode cluster = fluxInstance ? object.at("spec", "cluster") : object.at("spec", "values", "instance", "cluster");
        if (!cluster.get("multitenant").textOr("false").equals("true")) {
            return Optional.empty();
        }
        // The Flux Operator passes tenantDefaultServiceAccount ('default' when unset) as --default-service-account.
        return Optional.of(new DefaultAccount(cluster.get("tenantDefaultServiceAccount").textOr("default"),
                display + " sets cluster.multitenant"));
    }

    /** A {@code --default-service-account=NAME} argument of a controller Deployment's container. */
    private static Optional<DefaultAccount> flag(Placement deployment) {
        for (YNode container : deployment.content().at("spec", "template", "spec", "containers").items()) {
            for (YNode arg : container.get("args").items()) {
                String text = arg.textOr("");
                if (text.startsWith(DEFAULT_SA_FLAG) && text.length() > DEFAULT_SA_FLAG.length()) {
                    return Optional.of(new DefaultAccount(text.substring(DEFAULT_SA_FLAG.length()),
                            deployment.display() + " runs with " + text));
                }
            }
        }
        return Optional.empty();
    }
}
