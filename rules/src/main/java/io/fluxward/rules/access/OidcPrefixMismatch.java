package io.fluxward.rules.access;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.Placement;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** FW-A001: an RBAC subject that looks like an OIDC identity but lacks the API server's prefix. */
@RuleInfo(
        id = "FW-A001",
        name = "oidc-prefix-mismatch",
        level = Level.ERROR,
        summary = "A RoleBinding or ClusterRoleBinding names an OIDC user or group without the prefix the API server adds.",
        description = """
                With structured authentication (`AuthenticationConfiguration`, `apiserver.config.k8s.io` \
                v1alpha1/v1beta1/v1) each JWT issuer maps its claims to a username and groups with a \
                `claimMappings.username.prefix` / `groups.prefix`; RBAC compares the prefixed strings. A \
                subject written without the prefix matches nobody, so the binding silently grants nothing \
                (or, worse, matches an identity of another authenticator with that name). Fires for \
                subjects of kind `User` / `Group` that look like OIDC identities (contain `@` or a \
                `prefix:`-style colon) and start with none of the prefixes defined by the repository's \
                AuthenticationConfigurations (manifests, or ConfigMap/Secret text mounted into \
                kube-apiserver) and config `oidc.usernamePrefix` / `oidc.groupsPrefix`. Never for \
                `system:` users and groups (service accounts, nodes) nor ServiceAccount subjects, and not \
                at all for a claim when some issuer maps it with `prefix: ""` or a CEL `expression` \
                (config: `"-"`, no prefix). Bindings are judged as builds apply them.""",
        fix = """
                Write the subject as the API server sees it, prefix included:

                ```yaml
                subjects:
                  - {kind: User, name: "oidc:jane@example.com", apiGroup: rbac.authorization.k8s.io}
                ```

                Check what the API server makes of a token with `kubectl auth whoami`.""",
        bad = """
                # file: setup/authentication.yaml
                apiVersion: apiserver.config.k8s.io/v1
                kind: AuthenticationConfiguration
                jwt:
                  - issuer:
                      url: https://infra.example.com
                      audiences: [worker01]
                    claimMappings:
                      username: {claim: sub, prefix: "infra-cluster-oidc:"}
                # file: setup/rbac.yaml
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: flux-kustomize-controller
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects:
                  - kind: User
                    name: infra-oidc:system:serviceaccount:flux-system:kustomize-controller
                    apiGroup: rbac.authorization.k8s.io
                """,
        good = """
                # file: setup/authentication.yaml
                apiVersion: apiserver.config.k8s.io/v1
                kind: AuthenticationConfiguration
                jwt:
                  - issuer:
                      url: https://infra.example.com
                      audiences: [worker01]
                    claimMappings:
                      username: {claim: sub, prefix: "infra-cluster-oidc:"}
                # file: setup/rbac.yaml
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: flux-kustomize-controller
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects:
                  - kind: User
                    name: infra-cluster-oidc:system:serviceaccount:flux-system:kustomize-controller
                    apiGroup: rbac.authorization.k8s.io
                  - kind: User
                    name: system:serviceaccount:flux-system:kustomize-controller
                    apiGroup: rbac.authorization.k8s.io
                """,
        tags = {"access", "rbac", "security"},
        securitySeverity = "5.4")
public final class OidcPrefixMismatch implements RepositoryRule {

    private static final String RBAC = "rbac.authorization.k8s.io";

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        OidcPrefixes prefixes = OidcPrefixes.of(model);
        OidcPrefixes.Claim users = prefixes.username();
        OidcPrefixes.Claim groups = prefixes.groups();
        if (!users.checkable() && !groups.checkable()) {
            return;
        }
        // Builds that apply one manifest alike give one finding at one place.
        Set<Location> reported = new HashSet<>();
        for (Placement.Applied applied : Placement.appliedWhere(model, OidcPrefixMismatch::isBinding)) {
            KubeObject binding = applied.object();
            if (!isBinding(binding)) {
                continue;
            }
            for (YNode subject : binding.get("subjects").items()) {
                String kind = subject.get("kind").textOr("");
                OidcPrefixes.Claim claim = kind.equals("User") ? users : kind.equals("Group") ? groups : null;
                YNode nameNode = subject.get("name");
                String name = nameNode.textOr("");
                if (claim == null || !claim.checkable() || !looksLikeOidc(name) || claim.accepts(name)
                        || !reported.add(applied.locationOf(nameNode))) {
                    continue;
                }
                report(context, applied, kind, name, nameNode, claim.prefixes());
            }
        }
    }

    private static boolean isBinding(KubeObject o) {
        return o.group().equals(RBAC) && (o.kind().equals("RoleBinding") || o.kind().equals("ClusterRoleBinding"));
    }

    /** OIDC-shaped: an e-mail or a prefixed name; {@code system:} names are the API server's own and never prefixed. */
    static boolean looksLikeOidc(String name) {
        return !name.startsWith("system:") && !name.contains("${") && (name.contains("@") || name.contains(":"));
    }

    private static void report(RuleContext context, Placement.Applied applied, String kind, String name, YNode at,
                               List<OidcPrefixes.Prefix> prefixes) {
        KubeObject binding = applied.written();
        RuleContext.FindingBuilder finding = context.at(applied.fileOf(at), at);
        StringBuilder defined = new StringBuilder();
        for (OidcPrefixes.Prefix p : prefixes) {
            if (defined.length() > 0) {
                defined.append(", ");
            }
            defined.append('\'').append(p.value()).append("' (").append(p.source());
            if (p.where() != null) {
                defined.append(", ").append(context.shown(p.where().path())).append(':').append(p.where().span().line());
                finding.related(p.where(), "OIDC " + kind.toLowerCase(Locale.ROOT) + " prefix '" + p.value() + "'");
            }
            defined.append(')');
        }
        String claim = kind.equals("User") ? "username" : "groups";
        finding.message(kind + " '" + name + "' in " + binding.ref() + " does not start with "
                + (prefixes.size() == 1 ? "the OIDC " + claim + " prefix " : "any of the OIDC " + claim + " prefixes ")
                + defined + ": the API server names OIDC identities with the prefix, so this subject matches no "
                + "OIDC " + (kind.equals("User") ? "user" : "group") + " and the binding grants nothing to it").report();
    }
}
