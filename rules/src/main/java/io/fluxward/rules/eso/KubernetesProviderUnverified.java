package io.fluxward.rules.eso;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Placement;
import io.fluxward.eso.Store;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** FW-E006: a kubernetes-provider store talks to an API server without pinning its CA. */
@RuleInfo(
        id = "FW-E006",
        name = "kubernetes-provider-unverified",
        level = Level.WARNING,
        summary = "A store with the kubernetes provider does not say which CA the API server's certificate must chain to.",
        description = """
                The `kubernetes` provider reads Secrets from a (often remote) cluster with a service-account \
                token or client certificate. Without `server.caBundle` or `server.caProvider` there is no \
                CA pinned for that server: depending on the ESO release the connection fails, or trusts \
                the system roots, so any certificate a public CA issued for that name is accepted and the \
                credentials and secrets can be intercepted. Stores that authenticate with `authRef` (a \
                kubeconfig Secret) are not flagged: the kubeconfig carries the server and its CA. The \
                finding points at `server` (or at `kubernetes` when `server` is missing). The store judged is \
                the one each build applies (after kustomize patches, of a kustomization or a Flux \
                Kustomization).""",
        fix = """
                Pin the API server's CA, for the local cluster from the `kube-root-ca.crt` ConfigMap that \
                every namespace has:

                ```yaml
                server:
                  url: https://worker01.example.com:6443
                  caProvider: {type: ConfigMap, name: kube-root-ca.crt, key: ca.crt, namespace: external-secrets}
                ```

                or inline it: `server.caBundle: $(kubectl config view --raw --minify -o \
                jsonpath='{.clusters[0].cluster.certificate-authority-data}')`.""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: worker01
                spec:
                  provider:
                    kubernetes:
                      remoteNamespace: envoy-gateway-system
                      server:
                        url: https://worker01.example.com:6443
                      auth:
                        serviceAccount: {name: eso-reader, namespace: external-secrets}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: ClusterSecretStore
                metadata:
                  name: worker01
                spec:
                  provider:
                    kubernetes:
                      remoteNamespace: envoy-gateway-system
                      server:
                        url: https://worker01.example.com:6443
                        caProvider: {type: ConfigMap, name: kube-root-ca.crt, key: ca.crt, namespace: external-secrets}
                      auth:
                        serviceAccount: {name: eso-reader, namespace: external-secrets}
                """,
        tags = {"external-secrets", "security", "tls"},
        securitySeverity = "5.3")
public final class KubernetesProviderUnverified implements RepositoryRule {

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        // Builds that apply one manifest alike give one finding at one place.
        Set<Location> reported = new HashSet<>();
        for (Placement.Applied applied : Placement.appliedWhere(model, o -> Store.of(o).isPresent())) {
            check(applied, reported, context);
        }
    }

    private static void check(Placement.Applied applied, Set<Location> reported, RuleContext context) {
        Optional<Store> store = Store.of(applied.object()).filter(s -> s.provider().equals("kubernetes"));
        if (store.isEmpty()) {
            return;
        }
        YNode spec = store.get().providerSpec();
        YNode server = spec.get("server");
        if (spec.get("authRef").isPresent() || server.get("caBundle").hasText() || server.get("caProvider").isMap()) {
            return;
        }
        YNode at = spec instanceof YMap m && m.keyNode("server").isPresent() ? m.keyNode("server")
                : store.get().providerKey();
        if (!reported.add(applied.locationOf(at))) {
            return;
        }
        KubeObject written = applied.written();
        String url = server.get("url").textOr("kubernetes.default");
        YNode node = at.isPresent() ? at : written.node().keyNode("kind");
        context.report(at.isPresent() ? applied.fileOf(at) : written.path(), node, written.ref()
                + " reads secrets from the Kubernetes API at " + url
                + " without server.caBundle or server.caProvider, so the server's certificate is not pinned to its CA");
    }
}
