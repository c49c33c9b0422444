package io.fluxward.rules.lifecycle;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Placement;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.schema.ApiLifecycle;
import io.fluxward.schema.ApiVerdict;
import io.fluxward.schema.Gvk;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** FW-F011: a field that the object's API version (or the version it must move to) no longer has. */
@RuleInfo(
        id = "FW-F011",
        name = "removed-field",
        level = Level.ERROR,
        summary = "An object sets a field that its API version no longer has.",
        description = """
                The GA versions of Flux's APIs dropped fields of the betas: Kustomization `v1` has no \
                `validation`, `patchesStrategicMerge` or `patchesJson6902`; HelmRelease `v2` has no \
                `chart.spec.valuesFile` and no `postRenderers[].kustomize.patchesStrategicMerge` / \
                `patchesJson6902`; GitRepository `v1` has no `gitImplementation`. In the new version the API \
                server prunes such a field, so the setting is lost without an error (error). In an object still \
                on the old version the field works, but the version itself is deprecated and the field must \
                change before the upgrade; that is reported at the level FW-F010 gives the version.""",
        fix = "Do what the message says for the field (it names the replacement), then upgrade the apiVersion.",
        bad = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  validation: client
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                """,
        good = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                """,
        tags = {"flux", "upgrade", "correctness"})
public final class RemovedField implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        ApiLifecycle table = ApiLifecycle.get();
        // Each build's rendered object is judged (a patch of an overlay may add the field), as written where no build
        // includes it; builds that apply one manifest alike give one finding at one place.
        Set<List<Object>> reported = new HashSet<>();
        Predicate<KubeObject> judged = o -> !table.removedFields(Gvk.of(o.apiVersion(), o.kind()).group(), o.kind()).isEmpty()
                && !model.file(o.path()).map(FileModel::template).orElse(false);
        for (Placement.Applied applied : Placement.appliedWhere(model, judged)) {
            check(table, applied, reported, context);
        }
    }

    private static void check(ApiLifecycle table, Placement.Applied applied, Set<List<Object>> reported,
                              RuleContext context) {
        KubeObject object = applied.object();
        Gvk gvk = Gvk.of(object.apiVersion(), object.kind());
        for (ApiLifecycle.RemovedField field : table.removedFields(gvk.group(), gvk.kind())) {
            Optional<Level> level;
            String message;
            String newApi = gvk.group() + "/" + field.absentIn();
            if (field.absentIn().equals(gvk.version())) {
                level = Optional.of(Level.ERROR);
                message = field.pathText() + " does not exist in " + newApi + ": the API server prunes it, so "
                        + "the setting is lost; " + field.advice();
            } else if (field.presentIn().contains(gvk.version())) {
                level = table.api(gvk).flatMap(api -> ApiVerdict.of(api, context.config())).map(ApiVerdict::level);
                message = field.pathText() + " is gone in " + newApi + ": before moving this " + gvk.kind()
                        + " off " + gvk.version() + ", " + field.advice();
            } else {
                continue;
            }
            if (level.isEmpty()) {
                continue;
            }
            for (YEntry entry : entries(object.node(), field.path())) {
                // A key a patch added: at the patch's line for it (a JSON patch's key has no place of its own, so
                // the value it adds stands for it).
                YNode at = entry.key().isPresent() ? entry.key() : entry.value();
                if (applied.fileOf(at).equals(applied.written().path()) && entry.value().isPresent()
                        && !applied.fileOf(entry.value()).equals(applied.written().path())) {
                    at = entry.value();
                }
                String file = applied.fileOf(at);
                if (reported.add(List.of(file, at.span(), message))) {
                    context.at(file, at).level(level.get()).message(message).report();
                }
            }
        }
    }

    /** The entries (key and value) at a field path; {@code *} stands for every item of a list. */
    static List<YEntry> entries(YNode root, List<String> path) {
        List<YNode> current = List.of(root);
        List<YEntry> out = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            String part = path.get(i);
            boolean last = i == path.size() - 1;
            List<YNode> next = new ArrayList<>();
            for (YNode node : current) {
                if (part.equals("*")) {
                    next.addAll(node.items());
                } else if (last && node instanceof YMap map && map.get(part).isPresent()) {
                    out.add(new YEntry(map.keyNode(part), map.get(part)));
                } else if (!last && node.get(part).isPresent()) {
                    next.add(node.get(part));
                }
            }
            current = next;
        }
        return out;
    }
}
