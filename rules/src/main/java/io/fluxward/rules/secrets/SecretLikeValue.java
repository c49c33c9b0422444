package io.fluxward.rules.secrets;

import io.fluxward.config.Glob;
import io.fluxward.engine.FileRule;
import io.fluxward.engine.Fingerprints;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.kustomize.InlinePatches;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.ObjectExtractor;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.secrets.CredentialKeys;
import io.fluxward.secrets.GeneratorSources;
import io.fluxward.secrets.Mask;
import io.fluxward.secrets.SecretValues;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** FW-S007: a credential-named key with a literal value outside a Secret. */
@RuleInfo(
        id = "FW-S007",
        name = "secret-like-value",
        level = Level.WARNING,
        summary = "A key whose name says credential holds a literal value outside a Secret.",
        description = """
                ConfigMaps (also generated, and their Helm values: `*values.yaml`, `valuesKey`), HelmRelease \
                `spec.values`, container `env` and Flux `postBuild.substitute` values, as written or added by \
                inline patches (also Flux's and builtin transformers'), are \
                shown in clear (`kubectl describe`, Helm release Secrets, Flux events). Fires when a key named like \
                a credential holds a literal: its last word is `password`, `passwd`, `passphrase`, `pwd`, `secret`, \
                `token`, `apikey`, `credential(s)`, `pat`, or its last two words e.g. `api key`, `access key`, \
                `secret key`, `private key`, `client secret`, `auth token` (`DB_PASSWORD`, `clientSecret`, \
                `apiKey`). Not for references (`existingSecret`, `passwordSecretName`, `secretKeyRef`, `tokenFile`) \
                or settings (`tokenTTL`), nor for empty values, `${VAR}`, `op://`, Grafana `$__file{…}` / \
                `$__env{…}` and stand-ins like `<redacted>`; `changeme` still warns. Kubeconfig credentials are \
                FW-S005's. Options: `allowKeys` (key names or globs to skip) and `extraKeys` (more credential \
                names).""",
        fix = """
                Move the value into a Secret and reference it: `valueFrom.secretKeyRef` for env vars, the \
                chart's `existingSecret`-style value or HelmRelease `valuesFrom: [{kind: Secret, name: …}]` \
                for Helm values. Keep that Secret SOPS-encrypted \
                (`sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE`) or create it with an \
                ExternalSecret. If the key is not a credential, list it under \
                `rules: {FW-S007: {allowKeys: [name]}}` in `.fluxward.yaml`.""",
        bad = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: ghcr.io/acme/api:1.4.2
                          env:
                            - name: DB_PASSWORD
                              value: changeme
                """,
        good = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: ghcr.io/acme/api:1.4.2
                          env:
                            - name: DB_PASSWORD
                              valueFrom:
                                secretKeyRef: {name: api-db, key: password}
                """,
        tags = {"security", "secrets"},
        securitySeverity = "5.5",
        options = {"allowKeys", "extraKeys"})
public final class SecretLikeValue implements FileRule, RepositoryRule {

    /** Shorter values are flags or shortcuts ({@code token: g}), not credentials. */
    private static final int MIN_LENGTH = 3;
    /** An absolute or relative file path: the credential is in that file ({@code GOOGLE_APPLICATION_CREDENTIALS}). */
    private static final Pattern FILE_PATH = Pattern.compile("(?:/|\\./|\\.\\./)[\\w./@-]+");
    /** A Kubernetes object name with a hyphen: what {@code fooSecret: app-db-credentials} names. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "[a-z0-9]+(?:-[a-z0-9]+)+(?:\\.[a-z0-9]+(?:-[a-z0-9]+)*)*");

    /**
     * An environment variable's name ({@code SESSION_SECRET}): its value is the secret itself (a session or signing
     * key such as {@code keyboard-cat}), not the name of a Secret object as in {@code tlsSecret: app-tls}.
     */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");

    @Override
    public void check(FileModel file, RuleContext context) {
        // A kustomization file without apiVersion and kind holds no object, but patches and generators all the same.
        if (file.template()) {
            return;
        }
        Names names = new Names(strings(context, "allowKeys"), strings(context, "extraKeys"));
        for (KubeObject o : file.objects()) {
            String display = isKubeconfig(o) && o.name().isEmpty() ? "the kubeconfig" : SecretSupport.shown(o);
            Holder holder = new Holder(o, display, file, null, 0);
            if (o.is("", "ConfigMap")) {
                checkData(names, holder, context);
            }
            if (o.kind().equals("HelmRelease") && o.group().equals("helm.toolkit.fluxcd.io")) {
                walkValues(names, holder, context);
            }
            checkSubstitute(names, holder, context);
            checkEnv(names, holder, context);
        }
        // A strategic merge patch written in the file puts its values into a ConfigMap, a HelmRelease's values or a
        // container's env as a manifest does; a JSON 6902 one with its add and replace operations.
        for (InlinePatches.Patch patch : InlinePatches.of(file, context.config().limits().yaml())) {
            if (patch.json()) {
                checkOperations(names, file, patch, context);
                continue;
            }
            if (!(patch.content() instanceof YMap map) || !ObjectExtractor.isObject(map)) {
                continue;
            }
            KubeObject o = new KubeObject(file.path(), patch.document(), map, Origin.DOCUMENT, Optional.empty());
            String kind = patch.patchedKind();
            Holder holder = new Holder(o, patch.describe(kind), file, patch.inline() ? patch.holder() : null,
                    patch.index());
            if (kind.equals("ConfigMap")) {
                checkData(names, holder, context);
            } else if (kind.equals("HelmRelease") && o.group().equals("helm.toolkit.fluxcd.io")) {
                walkValues(names, holder, context);
            }
            checkSubstitute(names, holder, context);
            checkEnv(names, holder, context);
        }
        if (Kustomize.FILE_NAMES.contains(file.file().name()) && !file.documents().isEmpty()) {
            checkGenerators(names, file, context);
        }
    }

    /**
     * Where values are checked: an object of the file, or what a patch written in the file puts into one.
     *
     * @param object  the object (or patch) whose values these are
     * @param display how messages name it
     * @param file    the file it is written in
     * @param text    for a patch or values document written inside a string of the file, that string (its values are
     *                no nodes of the file, so findings are keyed by the string's place and the value's path), else null
     * @param index   the patch's document within {@code text}
     */
    private record Holder(KubeObject object, String display, FileModel file, YNode text, int index) {
    }

    /**
     * A Flux Kustomization's {@code postBuild.substitute}: a credential given there sits in clear in the repository
     * (and in the Kustomization on the cluster), though the Secret it fills holds only {@code ${VAR}}.
     */
    private static void checkSubstitute(Names names, Holder holder, RuleContext context) {
        KubeObject o = holder.object();
        if (!o.kind().equals("Kustomization") || !o.group().equals("kustomize.toolkit.fluxcd.io")) {
            return;
        }
        for (YEntry e : o.get("spec", "postBuild", "substitute").effectiveEntries()) {
            // Variables are named like env vars, so a Secret's name (OTHER_SECRET: db-other) reads as one here.
            if (e.value() instanceof YScalar v && namesASecret(e.keyText(), v.value())) {
                continue;
            }
            check(names, e.keyText(), "spec.postBuild.substitute." + e.keyText(), e.value(), holder, context);
        }
    }

    private static void checkData(Names names, Holder holder, RuleContext context) {
        for (YEntry e : holder.object().get("data").effectiveEntries()) {
            checkDataEntry(names, holder, e.keyText(), e.value(), context);
        }
    }

    /** One key of a ConfigMap's data: a credential-named key, or a YAML document holding one. */
    private static void checkDataEntry(Names names, Holder holder, String key, YNode value, RuleContext context) {
        check(names, key, "data." + key, value, holder, context);
        if (isValuesKey(key)) {
            checkDocument(names, holder, key, value, context);
        }
    }

    /**
     * A ConfigMap key named as Helm values are ({@code values.yaml}, what {@code valuesFrom} reads by default,
     * {@code common-values.yaml}); other keys a HelmRelease names as {@code valuesKey} are added repository-wide. Not
     * every {@code *.yaml} key: programs' configuration files (recyclarr, Frigate, Kometa, LiteLLM) fill credentials
     * in with syntaxes of their own ({@code !env_var NAME}, {@code {FRIGATE_NAME}}, {@code <<NAME>>},
     * {@code os.environ/NAME}), which read as literals.
     */
    private static boolean isValuesKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.endsWith("values.yaml") || lower.endsWith("values.yml");
    }

    /**
     * The Helm values document(s) that ConfigMap key {@code key} holds as a string, walked as {@code spec.values} is, with
     * findings at their line and column in the string. Kubernetes objects and kubeconfigs (FW-S005's) are left out.
     */
    private static void checkDocument(Names names, Holder holder, String key, YNode value, RuleContext context) {
        if (!(value instanceof YScalar s) || s.isNull() || !s.value().contains(":")) {
            return;
        }
        YamlParse parse = InlineYaml.parse(s, holder.file().file(), context.config().limits().yaml());
        // The parsed nodes are no nodes of the file: findings are keyed by the string's place and the key path.
        YNode text = holder.text() != null ? holder.text() : s;
        Holder in = new Holder(holder.object(), holder.display(), holder.file(), text, holder.text() != null
                ? holder.index() : 0);
        for (YDocument d : parse.documents()) {
            if (isValuesDocument(d.root())) {
                walkValues(names, d.root(), "data[" + key + "]" + (d.index() > 0 ? "#" + d.index() : ""), in, context);
            }
        }
    }

    /** A mapping of settings: not a Kubernetes object (judged as one where it is extracted) nor a kubeconfig. */
    private static boolean isValuesDocument(YNode root) {
        return root instanceof YMap map && !ObjectExtractor.isObject(map) && !KubeconfigCredentials.isKubeconfig(root);
    }

    /**
     * The inputs of {@code configMapGenerator} entries: each {@code KEY=value} line of an {@code envs} file becomes a
     * key of the generated ConfigMap, as a literal does, and a {@code files} entry one key holding the whole file
     * (a document of Helm values when the key is, as in a ConfigMap manifest). Repository-wide because the value is in
     * another file than the entry; so are the values documents of ConfigMap keys that HelmReleases name.
     */
    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Names names = new Names(strings(context, "allowKeys"), strings(context, "extraKeys"));
        Map<String, Set<String>> valuesKeys = valuesKeys(model);
        checkValuesKeys(names, model, valuesKeys, context);
        Set<String> walked = new HashSet<>();
        for (FileModel k : model.files()) {
            if (!Kustomize.FILE_NAMES.contains(k.file().name()) || k.documents().isEmpty()) {
                continue;
            }
            for (YNode generator : k.documents().get(0).root().get("configMapGenerator").items()) {
                String name = generator.get("name").textOr("?");
                for (GeneratorSources.Source source : GeneratorSources.sources(generator)) {
                    String path = Paths.resolve(k.file().directory(), source.ref().strip());
                    FileModel input = path == null ? null : model.file(path).orElse(null);
                    if (input == null || input.file().type() == FileType.BINARY) {
                        continue;
                    }
                    if (!source.field().equals("files")) {
                        checkEnvFile(names, name, input, context);
                        continue;
                    }
                    // files: [KEY=path] or [path]: one key (the file's name by default) whose value is the whole file.
                    String item = source.item().textOr("");
                    String key = item.contains("=") ? item.substring(0, item.indexOf('=')).strip()
                            : path.substring(path.lastIndexOf('/') + 1);
                    if ((isValuesKey(key) || valuesKeys.getOrDefault(name, Set.of()).contains(key)) && walked.add(path)) {
                        checkValuesFile(names, name, key, input, context);
                    }
                    // Its lines joined by \n: the same file checked out with CRLF line ends keeps its fingerprint.
                    String value = String.join("\n", input.file().text().strip().lines().toList());
                    if (isLiteralCredential(names, key, value) && source.item() instanceof YScalar s) {
                        context.at(k.path(), s).key("file:" + key).secret(value).message("configMapGenerator '" + name
                                + "' makes `" + Mask.entry(key) + "` from file '" + source.ref() + "', a credential "
                                + "stored in clear in a ConfigMap: use a secretGenerator with a SOPS-encrypted file "
                                + "instead, or an ExternalSecret").report();
                    }
                }
            }
        }
    }

    /**
     * The ConfigMap keys that HelmReleases read whole as values ({@code valuesFrom} without {@code targetPath}; Flux
     * defaults {@code valuesKey} to {@code values.yaml}), by ConfigMap name: those not named as values are
     * ({@link #isValuesKey}, checked in every ConfigMap). By name alone, as a ConfigMap often gets its namespace from a
     * kustomization.
     */
    private static Map<String, Set<String>> valuesKeys(RepositoryModel model) {
        Map<String, Set<String>> out = new HashMap<>();
        model.objects("helm.toolkit.fluxcd.io", "HelmRelease").forEach(release -> {
            for (YNode ref : release.get("spec", "valuesFrom").items()) {
                String key = ref.get("valuesKey").text().filter(t -> !t.isBlank()).orElse("values.yaml");
                if (ref.get("kind").textOr("").equals("ConfigMap") && !ref.get("targetPath").hasText() && !isValuesKey(key)) {
                    out.computeIfAbsent(ref.get("name").textOr(""), n -> new HashSet<>()).add(key);
                }
            }
        });
        return out;
    }

    /** The values documents that ConfigMap manifests hold under a key a HelmRelease reads ({@link #valuesKeys}). */
    private static void checkValuesKeys(Names names, RepositoryModel model, Map<String, Set<String>> valuesKeys,
                                        RuleContext context) {
        if (valuesKeys.isEmpty()) {
            return;
        }
        model.objects("", "ConfigMap").forEach(o -> {
            FileModel file = model.file(o.path()).orElse(null);
            if (file == null || file.template()) {
                return;
            }
            for (String key : valuesKeys.getOrDefault(o.name(), Set.of())) {
                checkDocument(names, new Holder(o, SecretSupport.shown(o), file, null, 0), key, o.get("data", key), context);
            }
        });
    }

    /** A {@code files} input of a {@code configMapGenerator} that becomes a values document (key {@code key}). */
    private static void checkValuesFile(Names names, String generator, String key, FileModel input, RuleContext context) {
        if (!input.isYaml() || input.template()) {
            return;
        }
        String display = "the ConfigMap key `" + Mask.redact(key) + "` that configMapGenerator '" + generator
                + "' makes of this file";
        for (YDocument d : input.documents()) {
            if (isValuesDocument(d.root()) && d.root() instanceof YMap map) {
                // Nodes of the input file itself: findings are located and fingerprinted as in any manifest.
                KubeObject values = new KubeObject(input.path(), d.index(), map, Origin.DOCUMENT, Optional.empty());
                walkValues(names, map, "", new Holder(values, display, input, null, 0), context);
            }
        }
    }

    private static void checkEnvFile(Names names, String generator, FileModel env, RuleContext context) {
        byte[] bytes = env.file().text().getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Kustomize.EnvValue> e : Kustomize.envValues(bytes).entrySet()) {
            Kustomize.EnvValue v = e.getValue();
            String key = e.getKey().strip();
            if (isLiteralCredential(names, key, v.value())) {
                Location at = new Location(env.path(), new Span(v.line(), v.column(), v.line(),
                        v.column() + v.value().codePointCount(0, v.value().length())));
                context.at(at).key("env:" + key).secret(v.value()).message("configMapGenerator '" + generator
                        + "' reads `" + Mask.entry(key) + "` from this envs file, a credential stored in clear in a "
                        + "ConfigMap: generate a Secret from a SOPS-encrypted envs file instead, or use an "
                        + "ExternalSecret").report();
            }
        }
    }

    /**
     * {@code configMapGenerator} literals ({@code DB_PASSWORD=...}): each becomes a key of a generated ConfigMap.
     * kustomize splits at the first {@code =} and drops quotes around the value.
     */
    private static void checkGenerators(Names names, FileModel file, RuleContext context) {
        for (YNode generator : file.documents().get(0).root().get("configMapGenerator").items()) {
            String name = generator.get("name").textOr("?");
            for (YNode literal : generator.get("literals").items()) {
                String text = literal.textOr("");
                int eq = text.indexOf('=');
                if (eq <= 0 || !(literal instanceof YScalar s)) {
                    continue;
                }
                String key = text.substring(0, eq).strip();
                if (isLiteralCredential(names, key, unquoted(text.substring(eq + 1)))) {
                    context.at(file.path(), s).secret(text).message("configMapGenerator '" + name + "' has literal `"
                            + Mask.entry(key) + "`, a credential stored in clear in a ConfigMap: generate a Secret from "
                            + "a SOPS-encrypted envs file instead, or use an ExternalSecret").report();
                }
            }
        }
    }

    private static String unquoted(String value) {
        String v = value.strip();
        boolean quoted = v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                && v.charAt(v.length() - 1) == v.charAt(0);
        return quoted ? v.substring(1, v.length() - 1) : v;
    }

    /**
     * The {@code add} and {@code replace} operations of a JSON 6902 patch on ConfigMaps ({@code /data/KEY}, or the whole
     * {@code /data}), HelmReleases (at or below {@code /spec/values}) or other kinds (container {@code env} entries they
     * add: the list, one entry, or a container or pod spec holding one): the values they write, checked as a manifest's.
     */
    private static void checkOperations(Names names, FileModel file, InlinePatches.Patch patch, RuleContext context) {
        String kind = patch.target().get("kind").textOr("");
        if (kind.isEmpty()) {
            return;
        }
        for (InlinePatches.Write write : patch.writes()) {
            List<String> tokens = write.path();
            // The operation stands for the object in the holder: findings are in this file, at the values it writes.
            Holder holder = new Holder(new KubeObject(file.path(), patch.document(), write.op(), Origin.DOCUMENT,
                    Optional.empty()), patch.describe(kind), file, patch.inline() ? patch.holder() : null, patch.index());
            YNode value = write.value();
            if (kind.equals("ConfigMap") && tokens.get(0).equals("data") && tokens.size() <= 2) {
                if (tokens.size() == 2) {
                    checkDataEntry(names, holder, tokens.get(1), value, context);
                } else {
                    value.effectiveEntries().forEach(e -> checkDataEntry(names, holder, e.keyText(), e.value(), context));
                }
            } else if (kind.equals("HelmRelease") && tokens.size() >= 2 && tokens.get(0).equals("spec")
                    && tokens.get(1).equals("values")) {
                String at = String.join(".", tokens.subList(1, tokens.size()));
                if (value.isScalar() && tokens.size() > 2) {
                    check(names, tokens.get(tokens.size() - 1), "spec." + at, value, holder, context);
                } else {
                    walkValues(names, value, "spec." + at, holder, context);
                }
            } else if (!kind.equals("ConfigMap") && !kind.equals("HelmRelease")) {
                String last = tokens.get(tokens.size() - 1);
                if (last.equals("env") && value.isSeq()) {
                    checkEnvEntries(names, value.items(), false, holder, context);
                } else if (tokens.size() >= 2 && tokens.get(tokens.size() - 2).equals("env") && value.isMap()) {
                    checkEnvEntries(names, List.of(value), false, holder, context);
                } else if (value.isMap() || value.isSeq()) {
                    checkEnv(names, value, false, holder, context);
                }
            }
        }
    }

    /** Every key of {@code spec.values}, except inside embedded objects (checked as objects themselves). */
    private static void walkValues(Names names, Holder release, RuleContext context) {
        walkValues(names, release.object().get("spec", "values"), "spec.values", release, context);
    }

    /** Every key of {@code values} (written at {@code prefix} of a HelmRelease), except inside embedded objects. */
    private static void walkValues(Names names, YNode values, String prefix, Holder release, RuleContext context) {
        Set<YNode> keyNames = Collections.newSetFromMap(new IdentityHashMap<>());
        YWalker.walk(values, (path, node) -> {
            if (node != values && node instanceof YMap map && ObjectExtractor.isObject(map)) {
                return false;
            }
            if (node instanceof YMap map && namesSecret(map)) {
                // rcon: {existingSecret: minecraft-rcon, secretKey: rcon-password}: the key of that Secret to read.
                map.entries().stream().filter(e -> e.value() instanceof YScalar v && SECRET_NAME.matcher(v.value()).matches())
                        .forEach(e -> keyNames.add(e.value()));
            }
            if (!path.isEmpty() && path.get(path.size() - 1) instanceof String key) {
                if (node.isMap() && names.isCredential(key) || !node.isScalar() && isReferenceContainer(key)) {
                    // password: {secret: name, key: k} describes where the credential is, not the credential.
                    return false;
                }
                if (!keyNames.contains(node)) {
                    check(names, key, at(prefix, path), node, release, context);
                }
            }
            if (node instanceof YMap map && map.get("name").isScalar() && map.get("value").isScalar()
                    && !map.get("valueFrom").isPresent()) {
                String var = map.get("name").textOr("");
                check(names, var, at(prefix, path) + " (" + var + ")", map.get("value"), release, context);
            }
            return true;
        });
    }

    /** A mapping of values that names an existing Secret ({@code existingSecret: name}) for its credential. */
    private static boolean namesSecret(YMap map) {
        for (YEntry e : map.entries()) {
            List<String> words = CredentialKeys.words(e.keyText());
            if (!words.isEmpty() && words.get(0).equals("existing") && e.value() instanceof YScalar v
                    && !v.value().isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** How messages name the value at {@code path} below {@code prefix} (none for a file of values). */
    private static String at(String prefix, List<Object> path) {
        return prefix.isEmpty() ? YWalker.render(path) : prefix + "." + YWalker.render(path);
    }

    /** Container env vars ({@code name} + literal {@code value}) anywhere in a workload. */
    private static void checkEnv(Names names, Holder holder, RuleContext context) {
        KubeObject o = holder.object();
        if (o.kind().equals("HelmRelease")) {
            return;
        }
        checkEnv(names, o.node(), isKubeconfig(o), holder, context);
    }

    /** The {@code env} lists anywhere in {@code root} (a workload, or what a patch operation adds to one). */
    private static void checkEnv(Names names, YNode root, boolean kubeconfig, Holder holder, RuleContext context) {
        YWalker.walk(root, (path, node) -> {
            if (node != root && node instanceof YMap map && ObjectExtractor.isObject(map)) {
                return false;
            }
            if (!path.isEmpty() && "env".equals(path.get(path.size() - 1)) && node.isSeq()) {
                checkEnvEntries(names, node.items(), kubeconfig && "users".equals(path.get(0)), holder, context);
                return false;
            }
            return true;
        });
    }

    /** {@code name} + literal {@code value} entries of an env list; {@code kubeconfig}: of a kubeconfig's exec plugin. */
    private static void checkEnvEntries(Names names, List<YNode> entries, boolean kubeconfig, Holder holder,
                                        RuleContext context) {
        for (YNode item : entries) {
            String var = item.get("name").textOr("");
            if (kubeconfig && KubeconfigCredentials.reportsEnv(var, item.get("value"))) {
                // An exec plugin's credential: FW-S005 reports it as the kubeconfig leak it is.
                continue;
            }
            if (!var.isEmpty() && !item.get("valueFrom").isPresent()) {
                check(names, var, "env " + var, item.get("value"), holder, context);
            }
        }
    }

    private static void check(Names names, String key, String where, YNode value, Holder holder, RuleContext context) {
        if (!(value instanceof YScalar s) || s.isNull() || !isLiteralCredential(names, key, s.value())) {
            return;
        }
        RuleContext.FindingBuilder finding = context.at(holder.object().path(), s);
        if (holder.text() != null) {
            finding.key(Fingerprints.locate(holder.file(), holder.text()) + ">" + holder.index() + ":" + Mask.redact(where));
        }
        finding.secret(s.value()).message("`" + Mask.entry(where) + "` in " + holder.display()
                + " is a literal credential stored in clear: reference a Secret instead (" + (where.startsWith(
                "spec.postBuild.substitute.") ? "postBuild.substituteFrom a SOPS-encrypted Secret"
                : "secretKeyRef, existingSecret or valuesFrom") + ")").report();
    }

    /** A value under a credential-like key that is a credential itself: not a flag, stand-in, file path or Secret name. */
    private static boolean isLiteralCredential(Names names, String key, String value) {
        if (!names.isCredential(key)) {
            return false;
        }
        String v = value.strip();
        if (v.matches("(?i)true|false|yes|no|on|off")) {
            return false;
        }
        return !(v.length() < MIN_LENGTH || SecretValues.isHarmless(v) || FILE_PATH.matcher(v).matches()
                || namesASecret(key, v) && !ENV_NAME.matcher(key).matches());
    }

    /** A key whose last word is "secret" holding what reads as a Secret's name ({@code tlsSecret: web-tls}). */
    private static boolean namesASecret(String key, String value) {
        List<String> words = CredentialKeys.words(key);
        return words.get(words.size() - 1).equals("secret") && SECRET_NAME.matcher(value).matches();
    }

    /** A kubeconfig ({@code kind: Config}), which has no metadata.name. */
    private static boolean isKubeconfig(KubeObject o) {
        return o.is("", "Config") && o.apiVersion().equals("v1");
    }

    private static List<String> strings(RuleContext context, String option) {
        YNode node = context.config().ruleOption(context.rule().id(), option);
        List<String> out = new ArrayList<>();
        if (node.isSeq()) {
            node.items().forEach(i -> i.text().ifPresent(out::add));
        } else {
            node.text().ifPresent(t -> {
                for (String part : t.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            });
        }
        return out;
    }

    /** Keys whose subtree references a Secret or holds metadata, never a credential value. */
    static boolean isReferenceContainer(String key) {
        List<String> words = CredentialKeys.words(key);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        return words.get(0).equals("existing") || last.equals("ref") || last.equals("from") || last.equals("refs")
                || key.equals("annotations") || key.equals("labels") || key.equals("envFrom");
    }

    /** The built-in key list adjusted by the rule's options. */
    private record Names(List<String> allow, List<String> extra) {

        boolean isCredential(String key) {
            String lower = key.toLowerCase(Locale.ROOT);
            for (String a : allow) {
                if (matches(a, lower)) {
                    return false;
                }
            }
            for (String e : extra) {
                if (matches(e, lower)) {
                    return true;
                }
            }
            return CredentialKeys.isCredential(key);
        }

        private static boolean matches(String pattern, String lowerKey) {
            String p = pattern.toLowerCase(Locale.ROOT);
            return p.contains("*") ? Glob.of(p).matches(lowerKey) : p.equals(lowerKey);
        }
    }
}
