package io.fluxward.rules.secrets;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.secrets.GeneratorSources;
import io.fluxward.secrets.Mask;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** FW-S006: a kustomize secretGenerator fed with plaintext. */
@RuleInfo(
        id = "FW-S006",
        name = "plaintext-secret-generator",
        level = Level.ERROR,
        summary = "A kustomize secretGenerator takes its values from plaintext in Git.",
        description = """
                `literals` put the value into `kustomization.yaml` itself; `files` and `envs` (and the legacy \
                `env`) point at files that are committed too, and the generated Secret is only base64. With \
                `spec.decryption` set, Flux decrypts SOPS-encrypted generator files before the build, so those \
                are fine. A file counts as encrypted by its content, not its name: one with a `sops` block but \
                no encrypted value (an `encrypted_regex` that matches none of its keys) is plaintext. Literals \
                and files whose values are all empty, `${VAR}` placeholders, references or stand-ins, and files \
                that hold only certificates or public keys, are not reported. A builtin `SecretGenerator` plugin \
                configuration named under `generators` (a file, or YAML inline in the entry) makes the same \
                Secret and is judged the same way. The finding points at the list item, in the file that holds \
                it.""",
        fix = """
                Encrypt the referenced file in place and keep the generator as it is (the Flux Kustomization \
                needs `spec.decryption: {provider: sops}`):

                ```sh
                sops --encrypt --in-place secrets.env          # dotenv for envs:
                sops --encrypt --in-place values.enc.yaml      # any format for files:
                ```

                For a YAML values file use a creation rule without `encrypted_regex` (or one that matches its \
                keys). Replace `literals` with an `envs` file encrypted the same way, or with an ExternalSecret.""",
        bad = """
                # file: apps/api/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                secretGenerator:
                  - name: api-credentials
                    literals:
                      - API_TOKEN=tok-3f9a8b7c6d5e
                """,
        good = """
                # file: apps/api/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                secretGenerator:
                  - name: api-credentials
                    envs:
                      - api.env
                # file: apps/api/api.env
                """ +
                "API_TOKEN=ENC[AES256_GCM,data:c2VjcmV0,iv:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]\n" +
                """
                sops_age__list_0__map_recipient=age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                sops_lastmodified=2024-11-12T13:33:42Z
                """ +
                "sops_mac=ENC[AES256_GCM,data:Zm9vYmFy,iv:vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=,tag:IroVUgpxnMIbkJIPrbKH5w==,type:str]\n" +
                """
                sops_unencrypted_suffix=_unencrypted
                sops_version=3.9.0
                """,
        tags = {"security", "secrets", "kustomize", "sops"},
        securitySeverity = "8.5")
public final class PlaintextSecretGenerator implements RepositoryRule {

    /** The {@code secretGenerator} entries of a kustomization file (most have none). */
    private static final FileFact<List<YNode>> SECRET_GENERATORS = FileFact.of("secretGenerator entries",
            k -> k.documents().isEmpty() ? List.of() : List.copyOf(k.documents().get(0).root().get("secretGenerator").items()));

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Kustomize kustomize = model.facet(Kustomize.FACET);
        // A configuration file named by several kustomizations is judged once.
        Set<YNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (FileModel k : model.files()) {
            if (!Kustomize.FILE_NAMES.contains(k.file().name())) {
                continue;
            }
            String dir = k.file().directory();
            for (YNode generator : k.fact(SECRET_GENERATORS)) {
                check(model, k, k, dir, generator, "secretGenerator", context);
            }
            // A builtin SecretGenerator plugin configuration under generators makes the same Secret from the same
            // sources (its files are read from the kustomization's folder too).
            for (Kustomize.PluginConfig config : kustomize.builtinConfigs(k, "generators", "SecretGenerator")) {
                if (seen.add(config.node())) {
                    check(model, k, config.file(), dir, config.node(), "SecretGenerator", context);
                }
            }
        }
    }

    /** One generator written in {@code holder} (the kustomization file, or a plugin configuration file). */
    private static void check(RepositoryModel model, FileModel k, FileModel holder, String dir, YNode generator, String what,
                              RuleContext context) {
        String name = generator.get("name").textOr(generator.at("metadata", "name").textOr("?"));
        String label = what + " '" + name + "'";
        for (YNode literal : generator.get("literals").items()) {
            String text = literal.textOr("");
            int eq = text.indexOf('=');
            String key = eq > 0 ? text.substring(0, eq) : text;
            if (GeneratorSources.literalInClear(text)) {
                context.at(holder.path(), literal).secret(text).message(label + " has literal `" + Mask.entry(key)
                        + "` in " + holder.file().name() + ", in clear: move it to an envs file encrypted with "
                        + "`sops --encrypt --in-place FILE`, or to an ExternalSecret").report();
            }
        }
        for (GeneratorSources.Source source : GeneratorSources.sources(generator)) {
            checkFile(model, holder, dir, label, source, context);
        }
    }

    private static void checkFile(RepositoryModel model, FileModel k, String dir, String generator,
                                  GeneratorSources.Source source, RuleContext context) {
        String ref = source.ref();
        String path = Paths.resolve(dir, ref.strip());
        Optional<FileModel> target = path == null ? Optional.empty() : model.file(path);
        if (target.isEmpty()) {
            return;
        }
        FileModel f = target.get();
        Optional<String> inClear = GeneratorSources.fileInClear(f);
        if (inClear.isEmpty()) {
            return;
        }
        String problem = inClear.get();
        RuleContext.FindingBuilder finding = context.at(k.path(), source.item()).message(generator + " reads "
                + source.field() + " entry '" + ref
                + "', which " + problem + ": encrypt it with `sops --encrypt --in-place "
                + SecretSupport.shellWord(context.shown(f.path()))
                + "` (Flux decrypts generator files when spec.decryption is set)")
                .related(new Location(f.path(), Span.START), "the plaintext file");
        // Each value of the file is a part, as a plaintext Secret's are (FW-S001): a credential added to an accepted
        // file, or one changed in it, is new to a baseline and to the pre-commit comparison; one removed is not.
        GeneratorSources.valuesInClear(f).forEach(v -> finding.sourcePart(v.place(), v.value()));
        finding.report();
    }
}
