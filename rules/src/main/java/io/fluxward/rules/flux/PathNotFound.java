package io.fluxward.rules.flux;

import io.fluxward.config.ConfigSchema;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxApi;
import io.fluxward.flux.FluxModel;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import java.util.List;
import java.util.Optional;

/** FW-F009: a Kustomization of the repository's own source whose spec.path is not a folder. */
@RuleInfo(
        id = "FW-F009",
        name = "path-not-found",
        level = Level.ERROR,
        summary = "A Kustomization that builds from this repository has a spec.path that is not a folder of it, or one "
                + "its source's ignore rules or sparse checkout leave out of the artifact.",
        description = """
                kustomize-controller fails with `kustomization path not found` and applies nothing. A folder \
                is missing too when the GitRepository's artifact leaves out every file below it: `.sourceignore`, \
                `spec.ignore` (it replaces the default exclusions), the defaults (the last matching pattern wins), \
                or `spec.sparseCheckout` (only files below its folders); the message names the rule. Only \
                Kustomizations whose source is this repository are checked: the source configured as `flux.source` \
                (default `flux-system/flux-system`), a source with the same URL (in any spelling: https or ssh, \
                user, port, `.git`) and ref (another tag or branch is a tree the scan does not see), or a \
                source whose own sync applies its definition (a bootstrap loop) unless its URL names a \
                repository other than this one's. Paths of other sources (another Git repository, an OCI \
                artifact, an ExternalArtifact), folders the source's `spec.include` fills from another \
                repository, and paths with an unresolved post-build variable are not checked.""",
        fix = """
                Correct `spec.path` (relative to the repository root, e.g. `./apps/production`), or configure \
                `flux.source` when the repository is synced through another source name. For a folder the \
                ignore rules leave out, narrow the rule or re-include the folder (`!/apps/production/`); for one \
                outside `spec.sparseCheckout`, add it (or a folder above it) to the list.""",
        bad = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps/production
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: apps/prod/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: default}
                data: {mode: fast}
                """,
        good = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps/prod
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: apps/prod/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: default}
                data: {mode: fast}
                """,
        tags = {"flux", "references", "correctness"})
public final class PathNotFound implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        // Scanning a subfolder of a repository, a path elsewhere in the repository is not in view: not known missing.
        boolean wholeRepository = model.snapshot().positionInRepository().isEmpty();
        unknownConfiguredSource(flux, context);
        for (Applier a : flux.appliers()) {
            if (a.kind() != Applier.Kind.KUSTOMIZATION || !a.usesRepoSource() || !a.path().concrete()) {
                continue;
            }
            // A leading '/' or a '..' above the root stays in the repository: the controller joins the path
            // to the artifact's root as securejoin does.
            String path = a.path().value();
            if (a.dir().isEmpty() || a.dir().get().isEmpty() || !wholeRepository) {
                continue;
            }
            String message;
            if (a.leftOutOfArtifact().isPresent()) {
                message = a.display() + " spec.path '" + path + "' is left out of the source artifact by "
                        + a.leftOutOfArtifact().get() + ": kustomize-controller fails with 'kustomization path not found'";
            } else if (!model.isDirectory(a.dir().get()) && !model.unseen(a.dir().get())) {
                // A folder in a git submodule is not seen by the scan (Flux fetches it with recurseSubmodules).
                message = a.display() + " spec.path '" + path + "' is not a folder of this repository"
                        + (model.exists(a.dir().get()) ? " (it is a file)" : "")
                        + ": kustomize-controller fails with 'kustomization path not found'";
            } else {
                continue;
            }
            out.at(a, a.path().node(), message).ifPresent(RuleContext.FindingBuilder::report);
        }
    }

    /**
     * A warning note when {@code flux.source} names a tree source that the repository neither defines nor names in a
     * Kustomization: most likely a typo. None when a Kustomization names it (its path is judged as this repository's):
     * another repository (a fleet's) or bootstrap may define it, as bootstrap does the default
     * {@code flux-system/flux-system}.
     */
    private static void unknownConfiguredSource(FluxModel flux, RuleContext context) {
        Optional<String> configured = context.config().string("flux", "source");
        Optional<String> where = context.config().where("flux", "source");
        if (configured.isEmpty() || where.isEmpty()) {
            return;
        }
        String value = configured.get();
        String shown = context.config().fluxSource();
        List<String> defined = flux.sources().stream().filter(s -> FluxApi.TREE_SOURCE_KINDS.contains(s.kind()))
                .map(s -> s.namespace() + "/" + s.name()).distinct().sorted().toList();
        String namespace = shown.substring(0, shown.indexOf('/'));
        String name = shown.substring(shown.indexOf('/') + 1);
        if (shown.equals("flux-system/flux-system") || defined.contains(shown) || flux.appliers().stream()
                .anyMatch(a -> a.kind() == Applier.Kind.KUSTOMIZATION && a.sourceRef().isPresent()
                        && FluxApi.TREE_SOURCE_KINDS.contains(a.sourceRef().get().kind())
                        && a.sourceRef().get().matches(namespace, name))) {
            return;
        }
        String hint = ConfigSchema.didYouMean(shown, defined).map(d -> " (did you mean '" + d + "'?)").orElse("");
        context.note(new Note(Note.Kind.WARNING, "", 0, where.get() + ": flux.source '" + value + "' names no "
                + "GitRepository, OCIRepository or Bucket defined in the repository, and no Kustomization of it uses that "
                + "source" + hint));
    }
}
