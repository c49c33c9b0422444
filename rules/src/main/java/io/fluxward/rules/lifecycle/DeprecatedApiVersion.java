package io.fluxward.rules.lifecycle;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.schema.ApiLifecycle;
import io.fluxward.schema.ApiReference;
import io.fluxward.schema.ApiVerdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** FW-F010: a Flux or External Secrets API version that is deprecated or removed. */
@RuleInfo(
        id = "FW-F010",
        name = "deprecated-api-version",
        level = Level.WARNING,
        summary = "A Flux or External Secrets object uses a deprecated or removed API version.",
        description = """
                Flux removes a beta API version some releases after the next version ships (2.7 and 2.8 removed \
                most `v1beta1`/`v1beta2` versions), and External Secrets 0.17 stopped serving `v1beta1`. A removed \
                version is rejected by the API server, so the whole Kustomization that applies it fails. The rule \
                reads the objects' `apiVersion`, object references inside objects (a Receiver's `resources`, \
                `healthChecks`) and patch target selectors (`group` + `version`), which silently match nothing \
                once the objects moved to the new version. Set `flux.version` / `eso.version` in \
                `.fluxward.yaml` to the release the cluster runs: versions removed in it are then errors, \
                versions it does not deprecate yet are not reported. Without it, every listed version is a \
                warning.""",
        fix = """
                Change `apiVersion` (or the selector's `version`) to the replacement below. Where the schema did \
                not change, `fluxward migrate --apis` prints the edit as a patch (`--write` applies it); it lists \
                the objects whose fields changed too (see FW-F011), which need a manual edit.""",
        bad = """
                apiVersion: helm.toolkit.fluxcd.io/v2beta1
                kind: HelmRelease
                metadata:
                  name: podinfo
                  namespace: apps
                spec:
                  interval: 10m
                  chart:
                    spec:
                      chart: podinfo
                      sourceRef:
                        kind: HelmRepository
                        name: podinfo
                """,
        good = """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: podinfo
                  namespace: apps
                spec:
                  interval: 10m
                  chart:
                    spec:
                      chart: podinfo
                      sourceRef:
                        kind: HelmRepository
                        name: podinfo
                """,
        tags = {"flux", "external-secrets", "upgrade"})
public final class DeprecatedApiVersion implements FileRule {

    /** The products this rule covers (Kubernetes' own removed APIs are FW-G003's). */
    public static final Set<ApiLifecycle.Product> PRODUCTS = Set.of(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO);

    /** The annotation's metadata with the deprecation table appended to the fix, for {@code explain} and SARIF help. */
    private static final RuleDescriptor DESCRIPTOR = withTable(RuleDescriptor.of(DeprecatedApiVersion.class));

    @Override
    public RuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    private static RuleDescriptor withTable(RuleDescriptor d) {
        ApiLifecycle table = ApiLifecycle.get();
        String fix = d.fix() + "\n\n" + table.markdownTable(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO);
        return new RuleDescriptor(d.id(), d.name(), d.level(), d.summary(), d.description(), fix, d.bad(), d.good(),
                d.tags(), d.securitySeverity(), d.optIn(), d.options());
    }

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.template()) {
            return;
        }
        for (ApiReference ref : ApiReference.find(file, PRODUCTS)) {
            Optional<ApiVerdict> verdict = ApiVerdict.of(ref.api(), context.config());
            if (verdict.isEmpty()) {
                continue;
            }
            context.at(file.path(), ref.node()).level(verdict.get().level())
                    .message(message(ref, verdict.get())).report();
        }
    }

    /**
     * How to move the object: 'fluxward migrate --apis' rewrites the apiVersion, but leaves an object that still holds
     * a field the new version lacks (FW-F011 names it) to be changed by hand: then that field is named first.
     */
    private static String migrate(ApiReference ref) {
        List<String> removed = ref.api().replacementGvk().map(target -> ApiLifecycle.get()
                        .removedFields(target.group(), target.kind()).stream()
                        .filter(f -> f.absentIn().equals(target.version())
                                && !RemovedField.entries(ref.holder(), f.path()).isEmpty())
                        .map(ApiLifecycle.RemovedField::pathText).distinct().toList())
                .orElse(List.of());
        if (removed.isEmpty()) {
            return " ('fluxward migrate --apis' rewrites it where the schema is unchanged)";
        }
        return "; remove " + String.join(" and ", removed) + " first (see FW-F011): 'fluxward migrate --apis' does not"
                + " rewrite an object that still has " + (removed.size() == 1 ? "it" : "them");
    }

    private static String message(ApiReference ref, ApiVerdict verdict) {
        ApiLifecycle.Api api = ref.api();
        String use = api.replacement().isEmpty() ? api.note() : "use " + api.replacement();
        return switch (ref.type()) {
            case OBJECT -> api.gvk().apiVersion() + " " + api.gvk().kind() + " " + verdict.status() + "; " + use
                    + migrate(ref);
            case REFERENCE -> "reference to " + api.gvk().apiVersion() + " " + api.gvk().kind() + ", which "
                    + verdict.status() + "; " + use;
            case SELECTOR -> "selector for " + api.gvk().group() + " " + api.gvk().version()
                    + (ref.holder().get("kind").hasText() ? " " + api.gvk().kind() : "") + ", a version that "
                    + verdict.status() + "; objects written in "
                    + api.replacementGvk().map(g -> g.version()).orElse("the new version")
                    + " do not match it, so the selector silently selects nothing: use version: "
                    + api.replacementGvk().map(g -> g.version()).orElse("(see note)");
        };
    }
}
