package io.fluxward.flux;

import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YSeq;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the file a node of an effective object comes from. A node a patch put there keeps the span
 * of the patch, but not its path: the path is found by looking for that very node (identity) in the
 * files that can hold it.
 */
final class Provenance {

    private static final int MAX_NODES = 2_000_000;

    private Provenance() {
    }

    /** The location of {@code node}: in one of {@code preferred} files, else in a kustomization file. */
    static Optional<Location> find(RepositoryModel model, YNode node, List<String> preferred) {
        Set<String> paths = new LinkedHashSet<>(preferred);
        for (FileModel k : model.facet(Kustomize.FACET).kustomizationFiles()) {
            paths.add(k.path());
        }
        for (String path : paths) {
            Optional<FileModel> file = model.file(path);
            if (file.isPresent()) {
                for (YDocument doc : file.get().documents()) {
                    if (contains(doc.root(), node)) {
                        return Optional.of(new Location(path, node.span()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The value of the mapping entry under {@code root} whose key is {@code key} (this very object), if any. */
    static Optional<YNode> valueOfKey(YNode root, YNode key) {
        Deque<YNode> todo = new ArrayDeque<>();
        todo.push(root);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_NODES) {
            YNode n = todo.pop();
            if (n instanceof YMap map) {
                for (YEntry e : map.entries()) {
                    if (e.key() == key) {
                        return Optional.of(e.value());
                    }
                    todo.push(e.value());
                }
            } else if (n instanceof YSeq seq) {
                seq.items().forEach(todo::push);
            }
        }
        return Optional.empty();
    }

    /**
     * The nodes {@link #contains} finds under {@code root} (the same walk, as bounded), as an identity set: for a big
     * object asked about many of its nodes (a finding per {@code ${VAR}} of a large ConfigMap), one walk instead of
     * one per node.
     */
    static Set<YNode> nodes(YNode root) {
        Set<YNode> out = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<YNode> todo = new ArrayDeque<>();
        todo.push(root);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_NODES) {
            YNode n = todo.pop();
            out.add(n);
            if (n instanceof YMap map) {
                for (YEntry e : map.entries()) {
                    out.add(e.key());
                    todo.push(e.value());
                }
            } else if (n instanceof YSeq seq) {
                seq.items().forEach(todo::push);
            }
        }
        return out;
    }

    /** True when {@code node} (this very object) lies in the tree under {@code root}. */
    static boolean contains(YNode root, YNode node) {
        Deque<YNode> todo = new ArrayDeque<>();
        todo.push(root);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_NODES) {
            YNode n = todo.pop();
            if (n == node) {
                return true;
            }
            if (n instanceof YMap map) {
                for (YEntry e : map.entries()) {
                    if (e.key() == node) {
                        return true;
                    }
                    todo.push(e.value());
                }
            } else if (n instanceof YSeq seq) {
                seq.items().forEach(todo::push);
            }
        }
        return false;
    }
}
