package io.fluxward.schema;

import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.Facet;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files that kustomization files use as patches ({@code patches[].path},
 * {@code patchesStrategicMerge}). Their objects are partial by design (a HelmRelease patch with
 * only {@code spec.values}), so schema validation does not require fields there; types, enums and
 * unknown fields are still checked, as kustomize merges them into the real object.
 */
public final class PatchFiles {

    /** The repository-relative paths of patch files. */
    public static final Facet<Set<String>> FACET = Facet.of("kustomize-patch-files", PatchFiles::compute);

    private PatchFiles() {
    }

    private static Set<String> compute(RepositoryModel model) {
        Set<String> out = new HashSet<>();
        for (FileModel k : model.facet(Kustomize.FACET).kustomizationFiles()) {
            out.addAll(k.fact(NAMED));
        }
        return Set.copyOf(out);
    }

    /** A function of each kustomization file alone: the resident server reads an unchanged one once. */
    private static final FileFact<List<String>> NAMED = FileFact.of("kustomize patch files", PatchFiles::patchFiles);

    private static List<String> patchFiles(FileModel k) {
        if (k.documents().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String dir = Paths.parent(k.path());
        YNode root = k.documents().get(0).root();
        for (YNode patch : root.get("patches").items()) {
            add(out, dir, patch.isScalar() ? patch : patch.get("path"));
        }
        for (YNode patch : root.get("patchesStrategicMerge").items()) {
            add(out, dir, patch);
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, String dir, YNode ref) {
        String text = ref.textOr("");
        if (text.isEmpty() || text.contains("\n") || text.contains(": ")) {
            return; // an inline patch, not a file
        }
        String path = Paths.resolve(dir, text);
        if (path != null) {
            out.add(path);
        }
    }
}
