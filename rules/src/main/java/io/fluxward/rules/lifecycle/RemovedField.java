package io.fluxward.rules.lifecycle;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.schema.ApiLifecycle;
import io.fluxward.schema.ApiVerdict;
import io.fluxward.schema.Gvk;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
public final class RemovedField implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.template()) {
            return;
        }
        ApiLifecycle table = ApiLifecycle.get();
        for (KubeObject object : file.objects()) {
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
                for (YNode key : keys(object.node(), field.path())) {
                    context.at(object.path(), key).level(level.get()).message(message).report();
                }
            }
        }
    }

    /** The key nodes at a field path; {@code *} stands for every item of a list. */
    static List<YNode> keys(YNode root, List<String> path) {
        List<YNode> current = List.of(root);
        for (int i = 0; i < path.size(); i++) {
            String part = path.get(i);
            boolean last = i == path.size() - 1;
            List<YNode> next = new ArrayList<>();
            for (YNode node : current) {
                if (part.equals("*")) {
                    next.addAll(node.items());
                } else if (last && node instanceof YMap map && map.get(part).isPresent()) {
                    YNode key = map.keyNode(part);
                    next.add(key.isPresent() ? key : map.get(part));
                } else if (!last && node.get(part).isPresent()) {
                    next.add(node.get(part));
                }
            }
            current = next;
        }
        return current;
    }
}
