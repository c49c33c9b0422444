package io.fluxward.rules.schema;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Placement;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.KustomizationShape;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.ScanMemo;
import io.fluxward.schema.ApiLifecycle;
import io.fluxward.schema.Gvk;
import io.fluxward.schema.JsonTree;
import io.fluxward.schema.KubeSchema;
import io.fluxward.schema.PatchFiles;
import io.fluxward.schema.PatchTargets;
import io.fluxward.schema.RepoPatches;
import io.fluxward.schema.SchemaOrigin;
import io.fluxward.schema.SchemaRegistry;
import io.fluxward.schema.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** FW-G003: an object that its schema rejects. */
@RuleInfo(
        id = "FW-G003",
        name = "schema-violation",
        level = Level.ERROR,
        summary = "An object does not match the schema of its kind.",
        description = """
                Flux and External Secrets objects are checked against the `openAPIV3Schema` of their CRD: the \
                bundled ones (Flux 2.9, ESO 2.9), overridden by CRDs in the repository (a vendored \
                `gotk-components.yaml`, `crds/`) or in folders given with `schemas:` / `--schemas`. A wrong type or \
                value is rejected on apply; an unknown field is pruned by the API server, so the setting is silently \
                lost. CRD CEL rules (`x-kubernetes-validations`) are checked too: a HelmRelease needs \
                exactly one of `chart` / `chartRef`, a `kubeConfig` exactly one of `secretRef` / `configMapRef`. \
                Values are typed as kustomize build prints them (`yes` is a string); `${VAR}` and declared kustomize \
                `$(VAR)` values are skipped. Patches (files, inline, Flux `spec.patches`) need no \
                required fields; a patched object needs those no patch sets, and CEL rules hold on it as built. Also \
                flags versions a CRD does not define, APIs Kubernetes removed (`extensions/v1beta1` Ingress...) and \
                kustomization fields of a type kustomize refuses (`resources: app.yaml`).""",
        fix = """
                Correct the field named in the message: fix the spelling (the message suggests the closest field), \
                quote values that must be strings, remove quotes from numbers and booleans, or add the missing \
                field. For a removed Kubernetes API, change `apiVersion` to the version named in the message and \
                check the fields that version changed. If the repository's cluster runs another version of the \
                CRD, vendor that CRD into the repository or point `schemas:` at a folder holding it.""",
        bad = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  intervall: 10m
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                  prune: "true"
                """,
        good = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                  prune: true
                """,
        tags = {"schema", "correctness", "flux", "external-secrets"})
public final class SchemaViolation implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        SchemaRegistry registry = model.facet(SchemaRegistry.FACET);
        Set<String> patchFiles = model.facet(PatchFiles.FACET);
        PatchTargets patched = model.facet(PatchTargets.FACET);
        ScanMemo<KubeObject, Validated> validated = ScanMemo.of(model, "FW-G003 validations");
        ScanMemo<KubeObject, Validated> whole = ScanMemo.of(model, "FW-G003 validations of patched objects");
        Supplier<Placement> placement = () -> model.facet(Placement.FACET);
        // A kustomize var reference $(NAME) is filled in by the build, as a Flux ${VAR} by post-build substitution.
        Set<String> vars = model.facet(Kustomize.FACET).declaredVars();
        for (FileModel file : model.files()) {
            if (file.template()) {
                continue;
            }
            for (KubeObject object : file.objects()) {
                boolean patchFile = patchFiles.contains(object.path()) && object.origin() == Origin.DOCUMENT;
                List<RepoPatches.Patch> patches = patchFile ? List.of() : patched.patchesOf(object);
                check(object, registry, patchFile, patches, vars, validated, whole, placement, context);
            }
        }
        Kustomize kustomize = model.facet(Kustomize.FACET);
        InlinePatchBodies.check(model, (file, body) -> {
            Gvk gvk = Gvk.of(body.apiVersion(), body.kind());
            SchemaRegistry.Resolution resolution = registry.resolve(gvk);
            if (resolution.hasSchema()) {
                Validated v = Validated.of(body, resolution.schemas(), true, vars);
                if (v.used() != null) {
                    report(body, gvk, v.violations(), v.used().origin(), context);
                }
            }
        });
        Set<String> onlyFluxRoots = null;
        for (FileModel k : kustomize.kustomizationFiles()) {
            // kustomize's own Kustomization type: the types of its fields, and fields it does not know.
            if (k.template() || k.yaml().isEmpty() || k.yaml().get().fatal().isPresent() || k.documents().isEmpty()) {
                continue;
            }
            for (KustomizationShape.Problem p : k.fact(KustomizationShape.PROBLEMS)) {
                if (p.onlyKustomizeRefuses()) {
                    onlyFluxRoots = onlyFluxRoots != null ? onlyFluxRoots : onlyFluxRoots(model, kustomize);
                    if (onlyFluxRoots.contains(k.file().directory())) {
                        // Flux builds the folder (without the field, or with the value as a string); only
                        // `kubectl kustomize` refuses it.
                        context.at(k.path(), p.node()).level(Level.WARNING).message(p.messageAtFluxRoot()).report();
                        continue;
                    }
                }
                context.at(k.path(), p.node()).message(p.message()).report();
            }
        }
        for (SchemaRegistry.Problem p : registry.problems()) {
            p.location().ifPresent(at -> context.at(at).level(Level.WARNING).key(p.source() + ":" + p.message())
                    .message("cannot be used as a schema: " + p.message()).report());
        }
    }

    /**
     * Folders that Flux Kustomizations of this repository build as the root of their path and that no kustomization
     * includes: Flux reads their kustomization leniently, dropping fields it does not know.
     */
    private static Set<String> onlyFluxRoots(RepositoryModel model, Kustomize kustomize) {
        Set<String> roots = new java.util.HashSet<>();
        for (Applier a : model.facet(FluxModel.FACET).appliers()) {
            if (a.kind() == Applier.Kind.KUSTOMIZATION && a.usesRepoSource()) {
                a.dir().ifPresent(roots::add);
            }
        }
        List<String> folders = kustomize.kustomizationFiles().stream().map(f -> f.file().directory()).toList();
        roots.removeAll(kustomize.includedFolders(folders));
        return roots;
    }

    /**
     * An object's validation: against the first of {@code schemas} it fails (null when it passes one).
     * Kept between scans of the resident server while the object, the schemas and {@code partial} are the same.
     */
    private record Validated(List<KubeSchema> schemas, boolean partial, Set<String> vars, KubeSchema used,
                             List<Violation> violations) {

        boolean sameInput(List<KubeSchema> now, boolean nowPartial, Set<String> nowVars) {
            return partial == nowPartial && vars.equals(nowVars) && ScanMemo.sameObjects(schemas, now);
        }

        /** {@code vars}: the kustomize vars the repository declares; a {@code $(NAME)} of one is a placeholder. */
        static Validated of(KubeObject object, List<KubeSchema> schemas, boolean partial, Set<String> vars) {
            JsonTree tree = vars.isEmpty() ? JsonTree.of(object.node())
                    : JsonTree.of(object.node(), text -> Kustomize.holdsVarReference(text, vars));
            KubeSchema used = null;
            List<Violation> violations = List.of();
            for (KubeSchema schema : schemas) {
                List<Violation> found = schema.validate(tree, partial);
                if (found.isEmpty()) {
                    return new Validated(schemas, partial, vars, null, List.of());
                }
                if (used == null) {
                    used = schema;
                    violations = found;
                }
            }
            return new Validated(schemas, partial, vars, used, violations);
        }
    }

    /**
     * {@code patchFile}: the object is a patch (its required fields are the patched object's); {@code patches}: the
     * patches that may change it, which may supply required fields it lacks (a parent's defaults for its children).
     */
    private static void check(KubeObject object, SchemaRegistry registry, boolean patchFile, List<RepoPatches.Patch> patches,
                              Set<String> vars, ScanMemo<KubeObject, Validated> validated,
                              ScanMemo<KubeObject, Validated> whole, Supplier<Placement> placement,
                              RuleContext context) {
        Gvk gvk = Gvk.of(object.apiVersion(), object.kind());
        ApiLifecycle lifecycle = ApiLifecycle.get();
        var api = lifecycle.api(gvk);
        if (api.isPresent() && api.get().product() == ApiLifecycle.Product.KUBERNETES) {
            ApiLifecycle.Api a = api.get();
            context.report(object, object.get("apiVersion"), gvk.apiVersion() + " " + gvk.kind()
                    + " was removed in Kubernetes " + a.removed() + ": the API server rejects it; "
                    + (a.replacement().isEmpty() ? a.note() : "use " + a.replacement()));
            return;
        }
        SchemaRegistry.Resolution resolution = registry.resolve(gvk);
        if (!resolution.hasSchema()) {
            if (!resolution.knownVersions().isEmpty() && !resolution.knownVersions().contains(gvk.version())
                    && api.isEmpty()) {
                context.report(object, object.get("apiVersion"), gvk.kind() + " has no version " + gvk.version()
                        + " (its CRD defines " + String.join(", ", resolution.knownVersions())
                        + "): the API server rejects the object");
            }
            return;
        }
        List<KubeSchema> schemas = resolution.schemas();
        boolean partial = patchFile || !patches.isEmpty();
        Validated v = validated.get(object, o -> Validated.of(o, schemas, partial, vars),
                kept -> kept.sameInput(schemas, partial, vars));
        List<Violation> found = new ArrayList<>(v.violations());
        SchemaOrigin origin = v.used() == null ? null : v.used().origin();
        if (!patchFile && !patches.isEmpty() && patches.stream().noneMatch(PatchTargets::deletes)) {
            // A patched object needs the required fields that no patch changing it sets (a patch that only adds
            // labels supplies no prune).
            Validated all = whole.get(object, o -> Validated.of(o, schemas, false, vars),
                    kept -> kept.sameInput(schemas, false, vars));
            for (Violation missing : all.violations()) {
                if (missing.kind() == Violation.Kind.REQUIRED
                        && patches.stream().noneMatch(p -> PatchTargets.maySet(p, missing.field()))) {
                    found.add(missing);
                    origin = origin != null ? origin : all.used().origin();
                }
            }
        }
        if (origin != null) {
            report(object, gvk, found, origin, context);
        }
        if (!patchFile && !patches.isEmpty() && schemas.stream().anyMatch(KubeSchema::hasRules)) {
            rules(object, gvk, schemas, patches.size(), vars, placement.get(), context);
        }
    }

    /**
     * The CRD's CEL rules on a patched object as the builds that apply it render it (a patch adding {@code chart} to a
     * HelmRelease with {@code chartRef} breaks "exactly one of"), which neither the manifest nor the patch shows alone.
     * Only copies rendered in full and changed by as many patches as may change the object are judged: one missing a
     * patch fluxward cannot place (a parent's patch written into a child Kustomization's patches) may lack a field.
     */
    private static void rules(KubeObject object, Gvk gvk, List<KubeSchema> schemas, int patches, Set<String> vars,
                              Placement placement, RuleContext context) {
        Set<List<Object>> reported = new HashSet<>();
        for (Placement.Applied applied : placement.applied(object)) {
            Placement.Copy copy = applied.copy();
            if (copy.resource() == null || !copy.complete() || applied.object() == object
                    || copy.resource().provenance().patches().size() < patches) {
                continue;
            }
            Validated v = Validated.of(applied.object(), schemas, false, vars);
            for (Violation rule : v.violations()) {
                String file = applied.fileOf(rule.node());
                if (rule.kind() == Violation.Kind.RULE && reported.add(List.of(file, rule.node().span(), rule.message()))) {
                    RuleContext.FindingBuilder finding = context.at(file, rule.node()).message(rule.message()
                            + " (in the object as kustomize builds it with its patches)" + source(v.used().origin()));
                    v.used().origin().location().ifPresent(at -> finding.related(at, "the schema comes from this file"));
                    finding.report();
                }
            }
        }
    }

    private static String source(SchemaOrigin origin) {
        return origin.kind() == SchemaOrigin.Kind.BUNDLED ? "" : " (schema: " + origin.description() + ")";
    }

    private static void report(KubeObject object, Gvk gvk, List<Violation> found, SchemaOrigin origin,
                               RuleContext context) {
        ApiLifecycle lifecycle = ApiLifecycle.get();
        // A SOPS-encrypted object: Flux decrypts every kind whose sops.mac is set and drops the sops block before it
        // applies it, so the API server never sees that field.
        boolean encrypted = object.node().get("sops").get("mac").isPresent();
        List<Violation> shown = found.stream()
                .filter(v -> v.kind() != Violation.Kind.UNKNOWN_FIELD || !lifecycle.isRemovedField(gvk, v.path()))
                .filter(v -> !(encrypted && v.kind() == Violation.Kind.UNKNOWN_FIELD && v.path().equals(List.of("sops"))))
                .sorted(Comparator.comparing((Violation v) -> v.node().span().line())
                        .thenComparing(v -> v.node().span().column()))
                .toList();
        String source = source(origin);
        int n = 0;
        for (Violation v : shown) {
            if (n++ == KubeSchema.MAX_VIOLATIONS) {
                context.report(object, object.node().keyNode("kind"), (shown.size() - KubeSchema.MAX_VIOLATIONS)
                        + " more schema violations in this " + gvk.kind() + " are not shown");
                break;
            }
            RuleContext.FindingBuilder finding = context.at(object.path(), v.node()).message(v.message() + source);
            origin.location().ifPresent(at -> finding.related(at, "the schema comes from this file"));
            finding.report();
        }
    }
}
