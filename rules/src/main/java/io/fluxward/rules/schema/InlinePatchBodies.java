package io.fluxward.rules.schema;

import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Strategic merge patches written as strings: {@code patches[].patch} and inline {@code patchesStrategicMerge} entries
 * of kustomization files, a Flux Kustomization's {@code spec.patches[].patch} (also one that a patch of those
 * writes into the Kustomizations it changes). kustomize merges them into the objects they target, so what they
 * set is judged as a patch file's content is. Each body is an object at the outer file's lines and columns.
 * JSON 6902 patches (lists of operations) are no objects and are left out, and so are patches that delete the
 * object they name.
 */
final class InlinePatchBodies {

    private static final int MAX_NESTING = 3;
    private static final String FLUX_KUSTOMIZE = "kustomize.toolkit.fluxcd.io";

    private InlinePatchBodies() {
    }

    /** Hands every inline strategic merge patch of the repository's files (not Helm templates) to {@code each}. */
    static void check(RepositoryModel model, Kustomize kustomize, BiConsumer<FileModel, KubeObject> each) {
        YamlLimits limits = model.config().limits().yaml();
        for (FileModel k : kustomize.kustomizationFiles()) {
            if (k.template() || k.documents().isEmpty()) {
                continue;
            }
            YNode root = k.documents().get(0).root();
            for (YNode entry : root.get("patches").items()) {
                body(k, limits, entry.get("patch"), entry.get("target"), 0, each);
            }
            for (YNode entry : root.get("patchesStrategicMerge").items()) {
                String text = entry.textOr("");
                if (text.contains("\n") || text.contains(": ")) { // else the name of a patch file
                    body(k, limits, entry, YMissing.INSTANCE, 0, each);
                }
            }
        }
        for (FileModel file : model.files()) {
            if (file.template()) {
                continue;
            }
            for (KubeObject o : file.objects()) {
                if (o.is(FLUX_KUSTOMIZE, "Kustomization")) {
                    fluxPatches(file, limits, o.node(), 0, each);
                }
            }
        }
    }

    private static void fluxPatches(FileModel file, YamlLimits limits, YNode kustomization, int depth,
                                    BiConsumer<FileModel, KubeObject> each) {
        for (YNode entry : kustomization.get("spec").get("patches").items()) {
            body(file, limits, entry.get("patch"), entry.get("target"), depth, each);
        }
    }

    private static void body(FileModel file, YamlLimits limits, YNode text, YNode target, int depth,
                             BiConsumer<FileModel, KubeObject> each) {
        if (!(text instanceof YScalar) || !text.hasText()) {
            return;
        }
        YamlParse parse = InlineYaml.parse(text, file.file(), limits);
        if (parse.fatal().isPresent()) {
            return; // kustomize refuses it; nothing is applied
        }
        for (YDocument d : parse.documents()) {
            if (!(d.root() instanceof YMap patch) || !patch.get("apiVersion").hasText() || !patch.get("kind").hasText()) {
                continue;
            }
            if (patch.get("$patch").textOr("").equals("delete")) {
                continue; // removes the object it names: nothing of it is merged
            }
            String kind = patch.get("kind").textOr("");
            // A patch is merged into what its target selects: judged by its own schema only when that is the kind.
            if (target.get("kind").hasText() && !target.get("kind").textOr("").equals(kind)) {
                continue;
            }
            KubeObject body = new KubeObject(file.path(), 0, patch, Origin.DOCUMENT, Optional.empty());
            each.accept(file, body);
            if (depth < MAX_NESTING && body.is(FLUX_KUSTOMIZE, "Kustomization")) {
                // A parent's patch that gives its child Kustomizations patches of their own (defaults for HelmReleases).
                fluxPatches(file, limits, patch, depth + 1, each);
            }
        }
    }
}
