package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Placement;
import io.fluxward.flux.FluxApi;
import io.fluxward.flux.Vars;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** FW-F012: a Flux source fetched over plain HTTP, with TLS checks off, or over SSH without credentials. */
@RuleInfo(
        id = "FW-F012",
        name = "insecure-source",
        level = Level.WARNING,
        summary = "A Flux source uses http://, insecure: true, or an ssh:// URL without a secretRef.",
        description = """
                What a source fetches is applied to the cluster with cluster-admin rights. Over `http://` (or with \
                `insecure: true`, which allows plain HTTP or skips TLS verification for OCI registries, Helm OCI \
                repositories and buckets) anyone on the network path can change it. An `ssh://` Git URL without \
                `secretRef` has no key to authenticate with and no `known_hosts` to check the server against. The \
                source judged is the one each build applies (after kustomize patches, of a kustomization or a Flux \
                Kustomization, with its post-build variables where their values are known); a value a patch sets is \
                reported at the patch.""",
        fix = """
                Use `https://` (or `oci://` with TLS), remove `insecure: true`, and give SSH sources a `secretRef` to \
                a Secret with `identity` and `known_hosts` (`flux create secret git`).""",
        bad = """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: fleet, namespace: flux-system}
                spec:
                  interval: 5m
                  url: http://git.example.com/platform/fleet.git
                  ref: {branch: main}
                """,
        good = """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: fleet, namespace: flux-system}
                spec:
                  interval: 5m
                  url: https://git.example.com/platform/fleet.git
                  ref: {branch: main}
                """,
        tags = {"flux", "security", "supply-chain"},
        securitySeverity = "5.3")
public final class InsecureSource implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        // Builds that apply one manifest alike give one finding per problem at one place.
        Set<List<Object>> reported = new HashSet<>();
        for (Placement.Applied applied : Placement.appliedWhere(model, FluxApi::isSource)) {
            check(applied, reported, context);
        }
    }

    private static void check(Placement.Applied applied, Set<List<Object>> reported, RuleContext context) {
        KubeObject o = applied.object();
        if (!FluxApi.isSource(o)) {
            return;
        }
        // Named as the other rules name objects, with the namespace it is applied in (its first build's, if several).
        String ns = o.namespace().isEmpty() ? applied.written().namespace() : o.namespace();
        String name = applied.written().kind() + " " + (ns.isEmpty() || ns.contains("${") ? "" : ns + "/") + o.name();
        YNode url = o.get("spec", "url");
        // Judged as Flux applies it: post-build variables substituted where their values are known.
        for (Vars.Substituted value : applied.values(url)) {
            String u = value.value().strip().toLowerCase(Locale.ROOT);
            String shown = value.substituted() ? ": url " + value.shown() + ";" : ":";
            if (u.startsWith("http://")) {
                report(applied, url, "http", reported, context, name + " is fetched over plain http://" + shown
                        + " anyone on the network path can change what Flux applies; use https://");
            } else if (u.startsWith("ssh://") && !o.get("spec", "secretRef").get("name").hasText()) {
                report(applied, url, "ssh", reported, context, name + " uses an ssh:// URL without spec.secretRef" + shown
                        + " there is no key to authenticate with and no known_hosts to verify the server");
            }
        }
        YNode insecure = o.get("spec", "insecure");
        for (Vars.Substituted value : applied.values(insecure)) {
            if (value.value().equals("true")) {
                report(applied, insecure, "insecure", reported, context, name + " sets insecure: "
                        + (value.substituted() ? value.shown() : "true") + ": plain HTTP or unverified TLS to the "
                        + "registry or bucket; remove it and use TLS");
            }
        }
    }

    private static void report(Placement.Applied applied, YNode at, String problem, Set<List<Object>> reported,
                               RuleContext context, String message) {
        Location where = applied.locationOf(at);
        if (reported.add(List.of(where, problem))) {
            context.at(where.path(), at).message(message).report();
        }
    }
}
