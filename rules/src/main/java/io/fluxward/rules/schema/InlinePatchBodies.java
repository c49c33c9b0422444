package io.fluxward.rules.schema;

import io.fluxward.kustomize.InlinePatches;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YamlLimits;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Strategic merge patches written as strings ({@link InlinePatches}) in kustomization files and Flux Kustomizations,
 * also one that a patch of those writes into the Kustomizations it changes. kustomize merges them into the objects
 * they target, so what they set is judged as a patch file's content is. Each body is an object at the outer file's
 * lines and columns. JSON 6902 patches (lists of operations) are no objects and are left out, and so are patches
 * that delete the object they name, and those of Helm post-renderers, FluxInstances and transformer configurations.
 */
final class InlinePatchBodies {

    private static final Set<InlinePatches.Holder> JUDGED = Set.of(InlinePatches.Holder.KUSTOMIZATION_FILE,
            InlinePatches.Holder.FLUX_KUSTOMIZATION);

    private InlinePatchBodies() {
    }

    /** Hands every inline strategic merge patch of the repository's files (not Helm templates) to {@code each}. */
    static void check(RepositoryModel model, BiConsumer<FileModel, KubeObject> each) {
        YamlLimits limits = model.config().limits().yaml();
        for (FileModel file : model.files()) {
            if (file.template()) {
                continue;
            }
            for (InlinePatches.Patch p : InlinePatches.of(file, limits)) {
                if (!p.inline() || !JUDGED.contains(p.heldBy()) || !(p.content() instanceof YMap patch)
                        || !patch.get("apiVersion").hasText() || !patch.get("kind").hasText()
                        || patch.get("$patch").textOr("").equals("delete")) {
                    continue;
                }
                String kind = patch.get("kind").textOr("");
                // A patch is merged into what its target selects: judged by its own schema only when that is the kind.
                if (p.target().get("kind").hasText() && !p.target().get("kind").textOr("").equals(kind)) {
                    continue;
                }
                each.accept(file, new KubeObject(file.path(), 0, patch, Origin.DOCUMENT, Optional.empty()));
            }
        }
    }
}
