package io.fluxward.rules.eso;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.EsoModel;
import io.fluxward.eso.Placement;
import io.fluxward.eso.SecretKeyRef;
import io.fluxward.eso.SecretManifest;
import io.fluxward.eso.Store;
import io.fluxward.eso.StoreAuth;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FW-E003: a store reads long-lived cloud keys from a Secret instead of using a workload identity. */
@RuleInfo(
        id = "FW-E003",
        name = "static-cloud-credentials",
        level = Level.WARNING,
        summary = "A secret store authenticates to a cloud provider with static keys kept in a Kubernetes Secret.",
        description = """
                A store that reads an AWS access key (`auth.secretRef.accessKeyIDSecretRef`), a GCP \
                service-account key (`auth.secretRef.secretAccessKeySecretRef`), an Azure service-principal \
                secret (`authType: ServicePrincipal` with `authSecretRef`), an IBM API key or an OCI user \
                private key from a Kubernetes Secret holds a long-lived credential to the whole secret \
                manager: it never expires, is rarely rotated, and leaks with anyone who can read Secrets \
                there. Workload identity (IRSA / EKS Pod Identity via `auth.jwt`, \
                GKE `workloadIdentity`, Azure `WorkloadIdentity` / `ManagedIdentity`, IBM `containerAuth`, \
                OCI `Workload`) uses short-lived tokens bound to a service account instead. The finding is \
                an **error** when a Secret the store reads is itself committed to the repository in \
                plaintext (a `v1/Secret` with literal values and no `sops:` metadata, or a `secretGenerator` \
                fed by `literals` or unencrypted files): then the cloud keys are in Git. Stores with no \
                `auth` use the SDK's default chain and are fine.""",
        fix = """
                Switch the store to workload identity, e.g. for AWS (IRSA; the service account is annotated \
                `eks.amazonaws.com/role-arn`):

                ```yaml
                provider:
                  aws:
                    service: SecretsManager
                    region: eu-west-1
                    auth:
                      jwt:
                        serviceAccountRef: {name: external-secrets, namespace: external-secrets}
                ```

                Then delete the key Secret and deactivate the access key (`aws iam delete-access-key`). If \
                the Secret was committed in plaintext, treat the key as leaked: revoke it first, then \
                remove the file; the key stays in Git history.""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: SecretStore
                metadata:
                  name: aws-sm
                  namespace: apps
                spec:
                  provider:
                    aws:
                      service: SecretsManager
                      region: eu-west-1
                      auth:
                        secretRef:
                          accessKeyIDSecretRef: {name: aws-creds, key: access-key-id}
                          secretAccessKeySecretRef: {name: aws-creds, key: secret-access-key}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: SecretStore
                metadata:
                  name: aws-sm
                  namespace: apps
                spec:
                  provider:
                    aws:
                      service: SecretsManager
                      region: eu-west-1
                      auth:
                        jwt:
                          serviceAccountRef: {name: external-secrets}
                """,
        tags = {"external-secrets", "security", "credentials"},
        securitySeverity = "6.5")
public final class StaticCloudCredentials implements RepositoryRule {

    private static final Map<String, String> ALTERNATIVE = Map.of(
            "aws", "auth.jwt.serviceAccountRef (IRSA / EKS Pod Identity)",
            "gcpsm", "auth.workloadIdentity (GKE Workload Identity) or auth.workloadIdentityFederation",
            "azurekv", "authType: WorkloadIdentity (or ManagedIdentity)",
            "ibm", "auth.containerAuth (trusted profile)",
            "oracle", "principalType: Workload (or InstancePrincipal)");

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        for (Store store : eso.stores()) {
            StoreAuth auth = store.auth();
            if (auth.kind() != StoreAuth.Kind.STATIC_KEYS || eso.placement().removed(store.object())) {
                continue;
            }
            Set<KubeObject> plaintext = new LinkedHashSet<>();
            Set<String> fields = new LinkedHashSet<>();
            for (SecretKeyRef ref : auth.secretRefs()) {
                Set<String> namespaces = ref.namespace().map(Set::of).orElseGet(() -> store.isClusterScoped()
                        ? Set.of() : eso.placement().namespaces(store.object()));
                for (KubeObject secret : eso.secretsNamed(ref.name())) {
                    if (SecretManifest.isPlaintext(secret) && !eso.placement().removed(secret)
                            && EsoModel.overlaps(namespaces, eso.placement().namespaces(secret))) {
                        plaintext.add(secret);
                        fields.add(ref.field());
                    }
                }
                // A secretGenerator fed by literals or unencrypted files puts the keys in Git just as well.
                for (KubeObject secret : eso.placement().generated()) {
                    if (generates(eso.placement(), secret, ref.name(), namespaces)
                            && SecretManifest.isPlaintextGenerated(model, secret)) {
                        plaintext.add(secret);
                        fields.add(ref.field());
                    }
                }
            }
            String message = eso.describe(store.object()) + " authenticates to " + store.provider()
                    + " with static keys from a Kubernetes Secret; use " + ALTERNATIVE.get(store.provider()) + " instead";
            RuleContext.FindingBuilder finding = context.at(store.object().path(),
                    auth.at().isPresent() ? auth.at() : store.providerKey());
            if (!plaintext.isEmpty()) {
                List<String> where = new ArrayList<>();
                for (KubeObject secret : plaintext) {
                    String label = eso.placement().generated().contains(secret) ? "the secretGenerator " : "";
                    where.add(label + eso.describe(secret));
                    finding.related(secret.location(), label.isEmpty() ? "plaintext " + eso.describe(secret)
                            : "secretGenerator entry of " + eso.describe(secret) + ", from values in clear");
                }
                message += ". The keys (" + String.join(", ", fields) + ") are committed in plaintext in "
                        + String.join(", ", where) + ": revoke them, they stay in Git history";
                finding.level(Level.ERROR);
            }
            finding.message(message).report();
        }
    }

    /** True when a build renders the generated Secret under that name in one of the namespaces (any when unknown). */
    private static boolean generates(Placement placement, KubeObject secret, String name, Set<String> namespaces) {
        for (Placement.Rendering r : placement.renderings(secret)) {
            if (r.name().equals(name) && (r.namespace().isEmpty() || EsoModel.overlaps(namespaces, Set.of(r.namespace())))) {
                return true;
            }
        }
        return false;
    }
}
