package io.fluxward.kustomize;

import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Files that a kustomization names as manifests but that are not read as YAML by their name: kustomize reads every
 * file of {@code resources}, {@code bases}, {@code patchesStrategicMerge} and {@code patches[].path} as YAML, whatever
 * its extension ({@code secret.txt}, {@code app.k8s}), and fails the build on a {@code .json} file that does not
 * parse. Such files are manifests Flux applies: read as YAML, every rule judges them (a plaintext Secret in
 * {@code secret.txt} is FW-S001, a broken {@code .json} FW-G001).
 */
public final class ListedFiles {

    private ListedFiles() {
    }

    /**
     * The paths of {@code files} that some kustomization file among them names as a manifest and that were read as
     * text, or as JSON that did not parse.
     */
    public static Set<String> readAsYaml(List<FileModel> files) {
        Map<String, FileModel> byPath = new java.util.HashMap<>();
        List<FileModel> kustomizations = new ArrayList<>();
        for (FileModel f : files) {
            byPath.put(f.path(), f);
            if (Kustomize.FILE_NAMES.contains(f.file().name()) && f.isYaml()) {
                kustomizations.add(f);
            }
        }
        Set<String> out = new TreeSet<>();
        for (FileModel k : kustomizations) {
            String dir = k.file().directory();
            for (YDocument doc : k.documents()) {
                YNode root = doc.root();
                List<YNode> named = new ArrayList<>(root.get("resources").items());
                named.addAll(root.get("bases").items());
                named.addAll(root.get("patchesStrategicMerge").items());
                root.get("patches").items().forEach(p -> named.add(p.get("path")));
                for (YNode entry : named) {
                    String ref = entry.isScalar() ? entry.textOr("") : "";
                    String path = ref.isEmpty() || ref.startsWith("/") || Kustomize.isRemote(ref) ? null
                            : Paths.resolve(dir, ref);
                    FileModel f = path == null ? null : byPath.get(path);
                    if (f != null && !f.template() && (f.file().type() == FileType.TEXT
                            || f.file().type() == FileType.JSON && f.yaml().isEmpty())) {
                        out.add(path);
                    }
                }
            }
        }
        return out;
    }
}
