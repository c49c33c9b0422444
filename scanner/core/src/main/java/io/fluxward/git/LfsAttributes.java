package io.fluxward.git;

import io.fluxward.snapshot.Paths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Which paths {@code .gitattributes} hands to Git LFS ({@code filter=lfs}): those blobs are
 * pointer files, not content. Deeper files and later lines win, as in git.
 */
final class LfsAttributes {

    private record Node(String dir, List<AttributesRule> rules) {
    }

    private static final LfsAttributes NONE = new LfsAttributes(List.of());

    private final List<Node> nodes;

    private LfsAttributes(List<Node> nodes) {
        this.nodes = nodes;
    }

    static LfsAttributes read(Repository repository, SortedMap<String, BlobSnapshot.Entry> entries) throws IOException {
        List<Node> nodes = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader()) {
            for (Map.Entry<String, BlobSnapshot.Entry> e : entries.entrySet()) {
                String path = e.getKey();
                if (!(path.equals(".gitattributes") || path.endsWith("/.gitattributes"))
                        || e.getValue().kind() != BlobSnapshot.Kind.FILE) {
                    continue;
                }
                byte[] bytes = reader.open(e.getValue().id(), Constants.OBJ_BLOB).getCachedBytes(1 << 20);
                if (!new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("lfs")) {
                    continue;
                }
                AttributesNode node = new AttributesNode();
                node.parse(new ByteArrayInputStream(bytes));
                nodes.add(new Node(Paths.parent(path), node.getRules()));
            }
        } catch (org.eclipse.jgit.errors.LargeObjectException e) {
            return NONE;
        }
        // Shallower folders first so deeper ones override them.
        nodes.sort(java.util.Comparator.comparingInt(n -> n.dir().isEmpty() ? 0 : n.dir().split("/").length));
        return nodes.isEmpty() ? NONE : new LfsAttributes(nodes);
    }

    boolean tracked(String path) {
        boolean lfs = false;
        for (Node node : nodes) {
            if (!Paths.isUnder(path, node.dir()) || path.equals(node.dir())) {
                continue;
            }
            String relative = node.dir().isEmpty() ? path : path.substring(node.dir().length() + 1);
            for (AttributesRule rule : node.rules()) {
                if (!rule.isMatch(relative, false)) {
                    continue;
                }
                for (Attribute a : rule.getAttributes()) {
                    if (a.getKey().equals("filter")) {
                        lfs = a.getState() == Attribute.State.CUSTOM && "lfs".equals(a.getValue());
                    }
                }
            }
        }
        return lfs;
    }
}
