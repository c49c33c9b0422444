package io.fluxward.eso;

import io.fluxward.yaml.YNode;
import java.util.Optional;
import java.util.Set;

/**
 * A store reference as one rendering of its referrer makes it: the name and kind after the build's patches,
 * replacements and nameReference {@code configurations} (as written when the build is not known in full),
 * and the namespaces the referrer's ExternalSecrets land in there.
 *
 * @param ref        the reference as rendered; its nodes are those of the rendered object
 * @param written    the reference of the same field as written in the referrer's manifest, if it has one
 * @param copy       the rendering
 * @param namespaces the namespaces the referrer lands in there (empty when unknown)
 */
public record StoreUse(StoreRef ref, Optional<StoreRef> written, Placement.Copy copy, Set<String> namespaces) {

    public StoreUse {
        namespaces = Set.copyOf(namespaces);
    }

    /** The file a node of {@link #nameNode} / {@link #kindNode} is in: a patch's, or the referrer's own. */
    public String fileOf(YNode node) {
        return patchFile(node).orElse(ref.owner().path());
    }

    private Optional<String> patchFile(YNode node) {
        return copy.resource() == null ? Optional.empty() : copy.resource().provenance().fileOf(node);
    }

    /** The node to point at for the name: the written value, unless a patch of the build wrote it. */
    public YNode nameNode() {
        return node(ref.nameNode(), written.map(StoreRef::nameNode));
    }

    /** The node to point at for the kind (the name when the kind is defaulted), as {@link #nameNode}. */
    public YNode kindNode() {
        return ref.kindDefaulted() ? nameNode() : node(ref.kindNode(), written.map(StoreRef::kindNode));
    }

    private YNode node(YNode rendered, Optional<YNode> writtenNode) {
        return patchFile(rendered).isPresent() ? rendered : writtenNode.filter(YNode::isPresent).orElse(rendered);
    }
}
