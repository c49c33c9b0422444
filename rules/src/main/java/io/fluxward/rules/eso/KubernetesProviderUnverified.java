package io.fluxward.rules.eso;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Store;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.Optional;

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
                finding points at `server` (or at `kubernetes` when `server` is missing).""",
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
public final class KubernetesProviderUnverified implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        for (KubeObject object : file.objects()) {
            Optional<Store> store = Store.of(object).filter(s -> s.provider().equals("kubernetes"));
            if (store.isEmpty()) {
                continue;
            }
            YNode spec = store.get().providerSpec();
            YNode server = spec.get("server");
            if (spec.get("authRef").isPresent() || server.get("caBundle").hasText() || server.get("caProvider").isMap()) {
                continue;
            }
            YNode at = spec instanceof YMap m && m.keyNode("server").isPresent() ? m.keyNode("server")
                    : store.get().providerKey();
            String url = server.get("url").textOr("kubernetes.default");
            context.report(object, at, object.ref() + " reads secrets from the Kubernetes API at " + url
                    + " without server.caBundle or server.caProvider, so the server's certificate is not pinned to its CA");
        }
    }
}
