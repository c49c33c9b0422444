package io.fluxward.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The node set of an object (kept for big objects) finds exactly the nodes the walk finds. */
class ProvenanceTest {

    private static YNode parse(String text) {
        return YamlParser.parse(text).documents().get(0).root();
    }

    @Test
    void theNodeSetHoldsWhatContainsFinds() {
        YNode root = parse("kind: ConfigMap\nmetadata:\n  name: vars\ndata:\n  a: \"${A}\"\n  list: [x, {y: z}]\n");
        YNode other = parse("kind: ConfigMap\ndata:\n  a: \"${A}\"\n");
        List<YNode> all = new ArrayList<>();
        for (YNode r : List.of(root, other)) {
            YWalker.walk(r, (path, node) -> {
                all.add(node);
                node.entries().forEach(e -> all.add(e.key()));
                return true;
            });
        }
        Set<YNode> nodes = Provenance.nodes(root);
        for (YNode n : all) {
            assertThat(nodes.contains(n)).as(String.valueOf(n)).isEqualTo(Provenance.contains(root, n));
        }
        assertThat(nodes).contains(root.get("data").get("a"));
        assertThat(nodes).doesNotContain(other.get("data").get("a"));
    }
}
