package io.fluxward.rules.kustomize;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.Map;

/** FW-K003: a kustomization uses a field kustomize v5 deprecates. */
@RuleInfo(
        id = "FW-K003",
        name = "deprecated-kustomize-field",
        level = Level.WARNING,
        summary = "A kustomization uses a field that kustomize v5 deprecates.",
        description = """
                kustomize v5 (the version inside Flux) still reads `bases`, `patchesStrategicMerge`, \
                `patchesJson6902`, `vars`, `imageTags`, `commonLabels`, `helmChartInflationGenerator` and a \
                generator's `env`, but warns on every build and may drop them in a later major version. Their \
                replacements also behave better: `patches` accepts targets with regexes and label selectors, \
                `labels` can leave selectors alone (changing a Deployment's selector through `commonLabels` makes \
                the next apply fail, since selectors are immutable). The finding points at the field and names \
                its replacement.""",
        fix = """
                Run `kustomize edit fix` in the folder, or rename by hand: `bases` → `resources`, \
                `patchesStrategicMerge` and `patchesJson6902` → `patches` (with `path:` or `patch:` and a \
                `target:` for JSON patches), `vars` → `replacements`, `imageTags` → `images`, `commonLabels` → \
                `labels` (`includeSelectors: true` keeps the old behaviour), `helmChartInflationGenerator` → \
                `helmCharts`, `env` → `envs`.""",
        bad = """
                # file: apps/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                bases:
                  - ../base
                patchesStrategicMerge:
                  - replicas.yaml
                """,
        good = """
                # file: apps/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../base
                patches:
                  - path: replicas.yaml
                """,
        tags = {"kustomize", "maintainability"})
public final class DeprecatedKustomizeField implements FileRule {

    /** Deprecated top-level fields and what replaces them. */
    private static final Map<String, String> TOP_LEVEL = Map.of(
            "bases", "'resources'",
            "patchesStrategicMerge", "'patches' (with path: or patch:)",
            "patchesJson6902", "'patches' (with a target:)",
            "vars", "'replacements'",
            "imageTags", "'images'",
            "commonLabels", "'labels' (includeSelectors: true keeps selectors updated)",
            "helmChartInflationGenerator", "'helmCharts'");

    @Override
    public void check(FileModel file, RuleContext context) {
        if (!Kustomize.FILE_NAMES.contains(file.file().name()) || file.documents().isEmpty()
                || !(file.documents().get(0).root() instanceof YMap root)) {
            return;
        }
        String apiVersion = root.get("apiVersion").textOr("");
        if (!apiVersion.isEmpty() && !apiVersion.startsWith("kustomize.config.k8s.io/")) {
            return;
        }
        for (YEntry e : root.entries()) {
            String replacement = TOP_LEVEL.get(e.keyText());
            if (replacement != null) {
                context.at(file.path(), e.key()).key(e.keyText())
                        .message("'" + e.keyText() + "' is deprecated in kustomize v5: use " + replacement
                                + " ('kustomize edit fix' rewrites it)").report();
            }
        }
        for (String generator : new String[] {"configMapGenerator", "secretGenerator"}) {
            for (YNode entry : root.get(generator).items()) {
                if (entry instanceof YMap m && m.hasOwn("env")) {
                    context.at(file.path(), m.keyNode("env")).key(generator + ".env:" + m.get("name").textOr(""))
                            .message("'" + generator + "[].env' is deprecated in kustomize v5: use 'envs' (a list)")
                            .report();
                }
            }
        }
    }
}
