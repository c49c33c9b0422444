package io.fluxward.kustomize;

import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
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
     * The paths of manifests a kustomization file names (resources, bases, patchesStrategicMerge, patches[].path),
     * resolved against its folder; remote and absolute references left out. Kept with the file's model: the server
     * asks it of every kustomization file on every scan.
     */
    private static final FileFact<List<String>> NAMED_MANIFESTS = FileFact.of("kustomization named manifests", k -> {
        String dir = k.file().directory();
        List<String> out = new ArrayList<>();
        for (YDocument doc : k.documents()) {
            YNode root = doc.root();
            List<YNode> named = new ArrayList<>(root.get("resources").items());
            named.addAll(root.get("bases").items());
            named.addAll(root.get("patchesStrategicMerge").items());
            root.get("patches").items().forEach(p -> named.add(p.get("path")));
            for (YNode entry : named) {
                String ref = entry.isScalar() ? entry.textOr("") : "";
                // A path that climbs above the repository resolves to null: no file of it.
                String path = ref.isEmpty() || ref.startsWith("/") || Kustomize.isRemote(ref) ? null : Paths.resolve(dir, ref);
                if (path != null) {
                    out.add(path);
                }
            }
        }
        return List.copyOf(out);
    });

    /**
     * The paths of {@code files} that some kustomization file among them names as a manifest and that were read as
     * text, or as JSON that did not parse.
     */
    public static Set<String> readAsYaml(List<FileModel> files) {
        // Such files are rare: when there is none, no kustomization file needs to be asked.
        Set<String> candidates = new java.util.HashSet<>();
        for (FileModel f : files) {
            if (!f.template() && (f.file().type() == FileType.TEXT || f.file().type() == FileType.JSON && f.yaml().isEmpty())) {
                candidates.add(f.path());
            }
        }
        Set<String> out = new TreeSet<>();
        if (candidates.isEmpty()) {
            return out;
        }
        for (FileModel k : files) {
            if (Kustomize.FILE_NAMES.contains(k.file().name()) && k.isYaml()) {
                for (String path : k.fact(NAMED_MANIFESTS)) {
                    if (candidates.contains(path)) {
                        out.add(path);
                    }
                }
            }
        }
        return out;
    }
}
