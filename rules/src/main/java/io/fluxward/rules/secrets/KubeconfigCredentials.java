package io.fluxward.rules.secrets;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.kustomize.InlinePatches;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.secrets.CredentialKeys;
import io.fluxward.secrets.Mask;
import io.fluxward.secrets.SecretValues;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** FW-S005: a plaintext kubeconfig with credentials. */
@RuleInfo(
        id = "FW-S005",
        name = "kubeconfig-credentials",
        level = Level.ERROR,
        summary = "A plaintext kubeconfig carries cluster credentials.",
        description = """
                A kubeconfig with `client-key-data`, a `token`, a `password`, or a secret in an `auth-provider` \
                (`client-secret`, `id-token`, `refresh-token`, `access-token`) or in an `exec` plugin's `env` or \
                `args` (`--oidc-client-secret=…`, `--token …`: a credential-named flag, as FW-S007 names keys) \
                gives whoever reads the repository access to the cluster, typically as cluster-admin. Found as \
                a file of its own (YAML or not) and inside Secret and ConfigMap values (the `value` / \
                `value.yaml` of a Flux `kubeConfig.secretRef` Secret, also base64 in `data`), those of manifests \
                and those an inline patch writes. A kubeconfig with \
                only `certificate-authority-data`, server URLs and `client-certificate-data` is public; \
                SOPS-encrypted values and `${VAR}` placeholders are not reported.""",
        fix = """
                Keep the kubeconfig out of Git in clear: SOPS-encrypt the Secret that holds it \
                (`sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE`), or let Cluster API \
                / your provisioning create the `<cluster>-kubeconfig` Secret in the management cluster. Better \
                still, use workload identity (`kubeConfig.configMapRef`, Flux 2.7+) so no credential exists. \
                Revoke the leaked credential (rotate the token or the client certificate).""",
        bad = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: worker01-kubeconfig
                  namespace: flux-system
                stringData:
                  value.yaml: |
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: worker01
                        cluster:
                          server: https://worker01.example.com:6443
                    users:
                      - name: flux
                        user:
                          token: eyJhbGciOiJSUzI1NiIsImtpZCI6IkRFTU8ifQ.payload.signature
                    contexts:
                      - name: worker01
                        context: {cluster: worker01, user: flux}
                    current-context: worker01
                """,
        good = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: worker01-cluster
                  namespace: flux-system
                data:
                  kubeconfig: |
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: worker01
                        cluster:
                          server: https://worker01.example.com:6443
                          certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
                """,
        tags = {"security", "secrets", "kubeconfig"},
        securitySeverity = "9.0")
public final class KubeconfigCredentials implements FileRule {

    private static final Set<String> USER_SECRETS = Set.of("client-key-data", "token", "password");
    private static final Set<String> AUTH_PROVIDER_SECRETS = Set.of("client-secret", "id-token", "refresh-token",
            "access-token");

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.template() || file.file().type() == FileType.BINARY) {
            return;
        }
        if (file.isYaml()) {
            for (YDocument doc : file.documents()) {
                checkKubeconfig(doc.root(), file.path(), context, n -> file.location(n));
            }
        } else if (file.file().type() == FileType.TEXT && looksLikeKubeconfig(file.file().text())) {
            YamlParse parse = YamlParser.parse(file.file().text());
            for (YDocument doc : parse.documents()) {
                checkKubeconfig(doc.root(), file.path(), context, n -> new Location(file.path(), n.span()));
            }
        }
        for (KubeObject o : file.objects()) {
            checkValues(file, o.node(), SecretSupport.isSecret(o), o.is("", "ConfigMap"), context);
        }
        // A patch written in the file puts its values into a Secret or ConfigMap as a manifest does (kustomize applies a
        // strategic merge patch with a target kind to that kind, whatever kind the patch names itself).
        for (InlinePatches.Patch patch : InlinePatches.of(file, context.config().limits().yaml())) {
            if (patch.json()) {
                String kind = patch.target().get("kind").textOr("");
                checkOperations(file, patch, kind.equals("Secret"), kind.equals("ConfigMap"), context);
            } else {
                String kind = patch.patchedKind();
                checkValues(file, patch.content(), kind.equals("Secret"), kind.equals("ConfigMap"), context);
            }
        }
    }

    /** The values that JSON 6902 {@code add} and {@code replace} operations write into a Secret's or ConfigMap's data. */
    private static void checkOperations(FileModel file, InlinePatches.Patch patch, boolean secret, boolean configMap,
                                        RuleContext context) {
        if (!secret && !configMap) {
            return;
        }
        for (InlinePatches.Write write : patch.writes()) {
            List<String> path = write.path();
            String field = path.get(0);
            if (!field.equals("data") && !field.equals("stringData") || path.size() > 2) {
                continue;
            }
            if (path.size() == 2) {
                checkValue(file, field, write.value(), secret, context);
            } else {
                write.value().effectiveEntries().forEach(e -> checkValue(file, field, e.value(), secret, context));
            }
        }
    }

    /** The kubeconfigs in the values of a Secret's or ConfigMap's mapping (or a patch to one). */
    private static void checkValues(FileModel file, YNode object, boolean secret, boolean configMap, RuleContext context) {
        if (!secret && !configMap) {
            return;
        }
        for (String field : List.of("data", "stringData")) {
            for (YEntry e : object.get(field).effectiveEntries()) {
                checkValue(file, field, e.value(), secret, context);
            }
        }
    }

    /** A kubeconfig held by one value of a Secret's or ConfigMap's {@code field} ({@code data}, {@code stringData}). */
    private static void checkValue(FileModel file, String field, YNode value, boolean secret, RuleContext context) {
        if (!(value instanceof YScalar s) || s.isNull()) {
            return;
        }
        boolean base64 = secret && field.equals("data");
        String text = base64 ? SecretSupport.decode(s.value()).orElse("") : s.value();
        if (!looksLikeKubeconfig(text)) {
            return;
        }
        // Base64 text has no place in the file but the value; plain text is located within it.
        YamlParse inner = base64 ? YamlParser.parse(text) : InlineYaml.parse(s, file.file(), YamlLimits.DEFAULT);
        for (YDocument doc : inner.documents()) {
            checkKubeconfig(doc.root(), file.path(), context, n -> base64 ? file.location(s)
                    : new Location(file.path(), n.span()));
        }
    }

    /**
     * A cheap test before parsing: the words every kubeconfig with a user has, in YAML or JSON, with or without
     * the optional {@code apiVersion: v1} / {@code kind: Config} header (kubectl reads it either way).
     */
    static boolean looksLikeKubeconfig(String text) {
        return text.contains("users") && (text.contains("clusters") || text.contains("contexts"));
    }

    /**
     * {@code kind: Config} with {@code users}; without the header, the shape of one ({@code users[].user}, and
     * {@code clusters[].cluster} or {@code contexts[].context}), so that any YAML with a {@code users:} key is not.
     */
    static boolean isKubeconfig(YNode root) {
        if (!root.get("users").isSeq()) {
            return false;
        }
        YNode kind = root.get("kind");
        if (kind.isPresent()) {
            return kind.textOr("").equals("Config");
        }
        return hasItemWith(root.get("users"), "user")
                && (hasItemWith(root.get("clusters"), "cluster") || hasItemWith(root.get("contexts"), "context"));
    }

    private static boolean hasItemWith(YNode list, String field) {
        return list.items().stream().anyMatch(item -> item.get(field).isMap());
    }

    private static void checkKubeconfig(YNode root, String path, RuleContext context, Function<YNode, Location> where) {
        if (!isKubeconfig(root)) {
            return;
        }
        for (YNode user : root.get("users").items()) {
            String name = user.get("name").textOr("?");
            YNode u = user.get("user");
            for (YEntry e : u.effectiveEntries()) {
                if (USER_SECRETS.contains(e.keyText())) {
                    flag(e.keyText(), e.value(), name, path, context, where);
                }
            }
            for (YEntry e : u.at("auth-provider", "config").effectiveEntries()) {
                if (AUTH_PROVIDER_SECRETS.contains(e.keyText())) {
                    flag("auth-provider.config." + e.keyText(), e.value(), name, path, context, where);
                }
            }
            for (YNode env : u.at("exec", "env").items()) {
                String var = env.get("name").textOr("");
                if (reportsEnv(var, env.get("value"))) {
                    flag("exec.env " + var, env.get("value"), name, path, context, where);
                }
            }
            checkArgs(u.at("exec", "args").items(), name, path, context, where);
        }
    }

    /** True for an exec plugin's env entry that this rule reports (FW-S007 leaves it alone). */
    static boolean reportsEnv(String var, YNode value) {
        return CredentialKeys.isCredential(var) && value instanceof YScalar s && !s.isNull()
                && !SecretValues.isHarmless(s.value());
    }

    /**
     * An exec plugin's arguments: {@code --oidc-client-secret=VALUE}, or the flag and its value as two
     * items ({@code --token}, {@code VALUE}); a flag is credential-named as a FW-S007 key is.
     */
    private static void checkArgs(List<YNode> args, String user, String path, RuleContext context,
                                  Function<YNode, Location> where) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i).textOr("");
            if (!arg.startsWith("-")) {
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = eq > 0 ? arg.substring(0, eq) : arg;
            if (!CredentialKeys.isCredential(flag.replaceFirst("^-+", ""))) {
                continue;
            }
            if (eq > 0) {
                flag("exec.args " + flag, args.get(i), arg.substring(eq + 1), user, path, context, where);
            } else if (i + 1 < args.size() && !args.get(i + 1).textOr("-").startsWith("-")) {
                flag("exec.args " + flag, args.get(i + 1), args.get(i + 1).textOr(""), user, path, context, where);
            }
        }
    }

    private static void flag(String what, YNode value, String user, String path, RuleContext context,
                             Function<YNode, Location> where) {
        if (value instanceof YScalar s && !s.isNull()) {
            flag(what, value, s.value(), user, path, context, where);
        }
    }

    /** Reports {@code secret}, written at {@code value} (the whole scalar, or an argument holding it after a flag). */
    private static void flag(String what, YNode value, String secret, String user, String path, RuleContext context,
                             Function<YNode, Location> where) {
        if (SecretValues.isHarmless(secret)) {
            return;
        }
        Location at = where.apply(value);
        context.at(at).key("kubeconfig:" + user + ":" + what).secret(secret)
                .message("kubeconfig user '" + user + "' carries `" + Mask.entry(what) + "` in clear: anyone who can "
                        + "read the repository can use this cluster. SOPS-encrypt it or use workload identity").report();
    }
}
