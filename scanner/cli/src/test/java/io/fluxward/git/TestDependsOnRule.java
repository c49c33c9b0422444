package io.fluxward.git;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.Set;

/** Test-only stand-in for a cross-file rule: a Flux Kustomization's dependsOn names no Kustomization. */
@RuleInfo(id = "TEST-F003", name = "test-depends-on-missing", level = Level.ERROR,
        summary = "dependsOn names nothing.", description = "Test rule.", fix = "Fix the name.",
        bad = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a, namespace: x}\n"
                + "spec: {dependsOn: [{name: b}]}\n",
        good = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a, namespace: x}\n",
        tags = {"flux"})
public final class TestDependsOnRule implements RepositoryRule {

    private static final String GROUP = "kustomize.toolkit.fluxcd.io";

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Set<String> known = new HashSet<>();
        model.objects(GROUP, "Kustomization").forEach(k -> known.add(k.namespace() + "/" + k.name()));
        model.objects(GROUP, "Kustomization").forEach(k -> {
            for (YNode item : k.get("spec", "dependsOn").items()) {
                String ns = item.get("namespace").textOr(k.namespace());
                String name = item.get("name").textOr("");
                if (!known.contains(ns + "/" + name)) {
                    report(context, k, item, ns + "/" + name);
                }
            }
        });
    }

    private static void report(RuleContext context, KubeObject k, YNode item, String target) {
        context.report(k, item, "Kustomization " + k.name() + " depends on " + target + ", which does not exist");
    }
}
