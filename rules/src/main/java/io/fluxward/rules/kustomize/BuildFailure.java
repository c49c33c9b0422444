package io.fluxward.rules.kustomize;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.FluxModel;
import io.fluxward.kustomize.BuildProblem;
import io.fluxward.model.RepositoryModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FW-K005: kustomize (and so Flux) refuses to build a kustomization for a reason no other rule reports. Missing
 * files, cycles and several kustomization files are FW-K001's; patches FW-K002's; files kustomize cannot read
 * (YAML syntax, repeated keys, fields of the wrong type, documents without kind or name) FW-G001 to FW-G004's.
 * Also a build over fluxward's own bound {@code limits.maxRenderedObjects}, whose rendering stops there.
 */
@RuleInfo(
        id = "FW-K005",
        name = "kustomize-build-failure",
        level = Level.ERROR,
        summary = "kustomize refuses to build a kustomization, so Flux applies nothing of it.",
        description = """
                kustomize, and so Flux's kustomize-controller, fails the whole build when two resources get one \
                id (also after a `namespace` or Flux `targetNamespace`), a Component is under `resources` or a \
                Kustomization under `components`, a `replicas` entry names no workload, a generator's `behavior` \
                finds no object to merge or replace (or `create` finds one), repeats a key or has a malformed \
                literal, a var matches several objects or none, a replacement fails, a strategic merge patch cannot \
                merge (unknown `$patch`, a mapping over a scalar), a `configurations`, `crds` or builtin generator \
                file does not decode, `kind` or `apiVersion` is not kustomize's, or the file is empty. Reported \
                once per cause, at the entry or field that causes it, with kustomize's reason, naming the Flux \
                Kustomization whose build fails when only that build fails. A Component is judged in the builds \
                that use it; the build Flux generates for a folder without a kustomization at the second of two \
                objects with one id.""",
        fix = """
                Remove or rename one of the two resources (or keep it in one folder only), move a Component \
                to `components`, correct the name of the `replicas` entry or the generator, or give the \
                generator `behavior: create`; fill or delete an empty kustomization file. `kustomize build DIR` \
                (or `kubectl kustomize DIR`) shows the same error.""",
        bad = """
                # file: apps/web/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - config.yaml
                  - config-copy.yaml
                # file: apps/web/config.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web
                data:
                  mode: fast
                # file: apps/web/config-copy.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web
                data:
                  mode: slow
                """,
        good = """
                # file: apps/web/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - config.yaml
                # file: apps/web/config.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: web
                data:
                  mode: fast
                """,
        tags = {"kustomize", "flux", "correctness"})
public final class BuildFailure implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Set<List<Object>> reported = new HashSet<>();
        for (BuildProblem p : model.facet(FluxModel.FACET).buildProblems()) {
            // One finding per cause and build: a shared base fails each build that uses it the same way, but each Flux
            // Kustomization that fails on its own (its target namespace, its components) is named.
            boolean limit = p.kind() == BuildProblem.Kind.LIMIT;
            if ((p.kind() == BuildProblem.Kind.INVALID || limit) && reported.add(List.of(p.at(), p.build()))) {
                String in = p.build().isEmpty() ? "" : " (in the build of " + p.build() + ")";
                context.at(p.at()).key(p.detail() + in).message(p.detail() + in + (limit
                        ? ": fluxward stops rendering it, so not all of its objects are checked (a base included twice"
                        + " at every level doubles the build per level)" : ": kustomize (and Flux) fail the whole build"))
                        .report();
            }
        }
    }
}
