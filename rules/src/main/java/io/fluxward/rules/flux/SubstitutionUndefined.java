package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Placement;
import io.fluxward.flux.Substitution;
import io.fluxward.flux.Vars;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FW-F017: a ${VAR} that the Kustomization's post-build substitution does not define. */
@RuleInfo(
        id = "FW-F017",
        name = "substitution-undefined",
        level = Level.WARNING,
        summary = "A manifest uses ${VAR} without a default, and its Kustomization's postBuild does not define VAR.",
        description = """
                With `spec.postBuild`, Flux substitutes `${VAR}` in everything the Kustomization applies. Since Flux \
                2.9 (`StrictPostBuildSubstitutions`) an undefined variable without default fails the reconciliation; \
                before, it became an empty string silently. Defined are the keys of `postBuild.substitute` and of \
                the `substituteFrom` ConfigMaps and Secrets fluxward finds in the repository. Error when every \
                `substituteFrom` object was found (the variable set is known exactly), warning when a required one \
                is not in the repository; quiet when an optional one is missing (it may define the variable). \
                `$${VAR}` (an escape), `${VAR:=default}` and objects labelled or annotated \
                `kustomize.toolkit.fluxcd.io/substitute: disabled` are fine.""",
        fix = """
                Define the variable in `postBuild.substitute` or the ConfigMap/Secret of `substituteFrom`, give it a \
                default (`${VAR:=value}`), or escape a literal `$${VAR}` (shell scripts, Grafana dashboards).""",
        bad = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  postBuild:
                    substitute: {CLUSTER_NAME: prod}
                # file: apps/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: default}
                data:
                  cluster: ${CLUSTER_NAME}
                  domain: ${CLUSTER_DOMAIN}
                """,
        good = """
                # file: clusters/prod/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  postBuild:
                    substitute: {CLUSTER_NAME: prod}
                # file: apps/web.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: default}
                data:
                  cluster: ${CLUSTER_NAME}
                  domain: ${CLUSTER_DOMAIN:=example.com}
                  script: echo $${HOME}
                """,
        tags = {"flux", "substitution", "correctness"})
public final class SubstitutionUndefined implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (Applier a : flux.appliers()) {
            Vars vars = a.childVars();
            if (a.kind() != Applier.Kind.KUSTOMIZATION || !vars.active() || !vars.unresolvedOptional().isEmpty()
                    || !flux.applied(a)) {
                continue;
            }
            Level level = vars.complete() ? Level.ERROR : Level.WARNING;
            for (Placement p : flux.placementsBy(a)) {
                if (Vars.substitutionDisabled(p.content())) {
                    continue;
                }
                for (YNode node : withVariables(p.content())) {
                    for (Substitution.Use use : Substitution.uses(node.textOr(""))) {
                        if (use.hasDefault() || vars.defines(use.name())) {
                            continue;
                        }
                        String sources = vars.unresolvedRequired().isEmpty() ? ""
                                : "; " + String.join("; ", vars.unresolvedRequired().stream().sorted().toList());
                        String message = "${" + use.name() + "} in " + p.display()
                                + " is not defined by the postBuild of " + out.shown(a) + sources
                                + ": Flux 2.9 fails the reconciliation (older versions substitute an empty string); "
                                + "define it, give it a default or escape it as $${" + use.name() + "}";
                        // A generator read the value from a file (configMapGenerator files/envs): point at the variable there.
                        Optional<Location> exact = p.provenance().inputOf(node)
                                .map(in -> in.at(node.textOr(""), use.start(), use.end()))
                                .or(() -> lineInBlock(model, flux.locate(p, node), node, use));
                        (exact.isPresent() ? out.at(exact.get(), use.name(), message) : out.at(p, node, message))
                                .ifPresent(f -> f.level(level).report());
                    }
                }
            }
        }
    }

    /** The exact line of a variable inside a literal block (a script, a dashboard), when the node is one. */
    private static Optional<Location> lineInBlock(RepositoryModel model, Location at, YNode node, Substitution.Use use) {
        if (node instanceof YScalar s && s.style() == YScalar.Style.PLAIN && at.span().equals(node.span())
                && s.span().line() == s.span().endLine()) {
            // A plain one-line value is its text as written: each variable of '${A}${B}' at its own column.
            Span span = s.span();
            String text = s.value();
            return model.file(at.path()).filter(f -> {
                String line = f.file().line(span.line());
                int from = span.column() - 1;
                return from >= 0 && from + text.length() <= line.length()
                        && line.substring(from, from + text.length()).equals(text);
            }).map(f -> new Location(at.path(), new Span(span.line(), span.column() + use.start(), span.line(),
                    span.column() + use.end())));
        }
        if (!(node instanceof YScalar s) || s.style() != YScalar.Style.LITERAL || !at.span().equals(node.span())) {
            return Optional.empty();
        }
        return model.file(at.path()).map(f -> new Location(at.path(), InlineYaml.spanAt(node, f.file(), use.start(),
                use.end())));
    }

    /** Scalars (keys included) that hold a {@code ${}. */
    private static List<YNode> withVariables(YNode root) {
        List<YNode> out = new ArrayList<>();
        YWalker.walk(root, (path, node) -> {
            if (node.isScalar() && node.textOr("").contains("${")) {
                out.add(node);
            }
            for (YEntry e : node.entries()) {
                if (e.keyText().contains("${")) {
                    out.add(e.key());
                }
            }
            return true;
        });
        return out;
    }
}
