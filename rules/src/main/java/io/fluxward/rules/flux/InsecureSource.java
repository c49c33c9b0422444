package io.fluxward.rules.flux;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.FluxApi;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;
import java.util.Locale;

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
                `secretRef` has no key to authenticate with and no `known_hosts` to check the server against.""",
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
public final class InsecureSource implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        for (KubeObject o : file.objects()) {
            if (!FluxApi.isSource(o)) {
                continue;
            }
            YNode url = o.get("spec", "url");
            String u = url.textOr("").strip().toLowerCase(Locale.ROOT);
            if (u.startsWith("http://")) {
                context.report(o, url, o.kind() + " " + o.name() + " is fetched over plain http://: anyone on the "
                        + "network path can change what Flux applies; use https://");
            } else if (u.startsWith("ssh://") && !o.get("spec", "secretRef").get("name").hasText()) {
                context.report(o, url, o.kind() + " " + o.name() + " uses an ssh:// URL without spec.secretRef: there is "
                        + "no key to authenticate with and no known_hosts to verify the server");
            }
            YNode insecure = o.get("spec", "insecure");
            if (insecure.textOr("").equals("true")) {
                context.report(o, insecure, o.kind() + " " + o.name() + " sets insecure: true: plain HTTP or unverified "
                        + "TLS to the registry or bucket; remove it and use TLS");
            }
        }
    }
}
