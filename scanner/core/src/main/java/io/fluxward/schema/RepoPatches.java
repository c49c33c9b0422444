package io.fluxward.schema;

import io.fluxward.model.Facet;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.ScanMemo;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every patch the repository applies, wherever it is written: kustomize's {@code patches},
 * {@code patchesStrategicMerge} and {@code patchesJson6902}, a Flux Kustomization's
 * {@code spec.patches}, a FluxInstance's {@code spec.kustomize.patches}, the same inside
 * HelmRelease values, and patches nested in the text of other patches (a parent Kustomization
 * that patches {@code spec.patches} into its children). Patches are found by shape: a mapping
 * with a {@code target} and a {@code patch} or {@code path}, or an entry of a list named
 * {@code patches} / {@code patchesStrategicMerge}.
 */
public final class RepoPatches {

    private static final int MAX_NESTING = 3;
    private static final Set<String> LIST_KEYS = Set.of("patches", "patchesStrategicMerge", "patchesJson6902");

    /**
     * One patch.
     *
     * @param target  the {@code target} selector, or {@link YMissing} (then the patch names its target)
     * @param content the patch's documents: a strategic-merge object, or a JSON 6902 list of operations
     * @param where   where the patch is written (for a patch in another patch's text: where that one is)
     */
    public record Patch(YNode target, List<YDocument> content, Location where) {

        public Patch {
            content = List.copyOf(content);
        }
    }

    /** The patches of one file, and the patch files it names (null when not read), which they depend on too. */
    private record FilePatches(List<Patch> patches, List<Map.Entry<String, FileModel>> named) {

        boolean stillValid(RepositoryModel model) {
            for (Map.Entry<String, FileModel> e : named) {
                if (model.file(e.getKey()).orElse(null) != e.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Found once per scan: schema validation and CRD patches both need them. */
    private static final Facet<List<Patch>> FACET = Facet.of("repository-patches", RepoPatches::collect);

    private RepoPatches() {
    }

    /** The patches of a repository (Helm chart templates excluded). */
    public static List<Patch> find(RepositoryModel model) {
        return model.facet(FACET);
    }

    private static List<Patch> collect(RepositoryModel model) {
        // A file's patches depend on it and the patch files it names: the resident server finds them once.
        ScanMemo<FileModel, FilePatches> memo = ScanMemo.of(model, "repository-patches");
        List<Patch> out = new ArrayList<>();
        for (FileModel file : model.files()) {
            // Most files hold no patch at all, whatever else the repository holds: no memo to consult.
            if (!file.template() && file.fact(HOLDS_PATCHES)) {
                out.addAll(memo.get(file, f -> {
                    List<Patch> found = new ArrayList<>();
                    List<Map.Entry<String, FileModel>> named = new ArrayList<>();
                    collect(model, f, f.documents(), 0, null, found, named);
                    return new FilePatches(List.copyOf(found), named);
                }, p -> p.stillValid(model)).patches());
            }
        }
        return List.copyOf(out);
    }

    /** Whether some node of the file is one {@link #collect} turns into a patch (a function of the file alone). */
    private static final FileFact<Boolean> HOLDS_PATCHES = FileFact.of("holds patches", file -> {
        boolean[] found = {false};
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (YDocument doc : file.documents()) {
            YWalker.walk(doc.root(), (path, node) -> {
                if (found[0] || !seen.add(node)) {
                    return false;
                }
                found[0] = isPatchNode(path, node);
                return !found[0];
            });
        }
        return found[0];
    });

    /**
     * A node {@link #collect} turns into a patch: a mapping with a {@code target} and a {@code patch} or {@code path}
     * (a PatchTransformer configuration, a patch entry in Helm values), or an entry of a patch list. A {@code target}
     * alone is no patch: an ExternalSecret's {@code spec.target} names the Secret it writes.
     */
    private static boolean isPatchNode(List<Object> path, YNode node) {
        boolean inPatchList = path.size() >= 2 && path.get(path.size() - 1) instanceof Integer
                && LIST_KEYS.contains(String.valueOf(path.get(path.size() - 2)));
        return (node instanceof YMap map && (inPatchList || map.get("target").isMap()
                && (map.get("patch").isPresent() || map.get("path").isPresent()))) || (inPatchList && node.isScalar());
    }

    /** {@code enclosing}: where the patch whose text {@code docs} are is written (null: the file's own documents). */
    private static void collect(RepositoryModel model, FileModel file, List<YDocument> docs, int depth, Location enclosing,
                                List<Patch> out, List<Map.Entry<String, FileModel>> named) {
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (YDocument doc : docs) {
            YWalker.walk(doc.root(), (path, node) -> {
                if (!seen.add(node)) {
                    return false;
                }
                if (!isPatchNode(path, node)) {
                    return true;
                }
                if (node instanceof YMap map) {
                    patch(model, file, map.get("target"), map.get("patch"), map.get("path"), depth, enclosing, out, named);
                } else {
                    boolean inline = node.textOr("").contains("\n");
                    patch(model, file, YMissing.INSTANCE, inline ? node : YMissing.INSTANCE,
                            inline ? YMissing.INSTANCE : node, depth, enclosing, out, named);
                }
                return true;
            });
        }
    }

    private static void patch(RepositoryModel model, FileModel file, YNode target, YNode inline, YNode path, int depth,
                              Location enclosing, List<Patch> out, List<Map.Entry<String, FileModel>> named) {
        List<YDocument> content = List.of();
        YNode at = inline.isPresent() ? inline : path;
        if (inline.hasText()) {
            YamlParse parse = YamlParser.parse(inline.textOr(""));
            content = parse.fatal().isPresent() ? List.of() : parse.documents();
        } else if (path.hasText()) {
            String resolved = Paths.resolve(Paths.parent(file.path()), path.textOr(""));
            Optional<FileModel> patchFile = resolved == null ? Optional.empty() : model.file(resolved);
            if (resolved != null) {
                named.add(new java.util.AbstractMap.SimpleImmutableEntry<>(resolved, patchFile.orElse(null)));
            }
            content = patchFile.map(FileModel::documents).orElse(List.of());
        }
        if (!target.isPresent() && content.isEmpty()) {
            return;
        }
        // The spans of a nested patch's nodes are in the enclosing patch's text, not in the file.
        Location where = enclosing != null ? enclosing : file.location(at.isPresent() ? at : target);
        out.add(new Patch(target, content, where));
        if (inline.hasText() && depth < MAX_NESTING) {
            collect(model, file, content, depth + 1, where, out, named);
        }
    }
}
