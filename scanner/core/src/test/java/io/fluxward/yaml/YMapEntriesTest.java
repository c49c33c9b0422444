package io.fluxward.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A mapping's entries as kustomize and the API server read it: merge keys expanded, own keys first. */
class YMapEntriesTest {

    private static List<String> effective(String yaml, String field) {
        YNode node = YamlParser.parse(yaml).documents().get(0).root().get(field);
        return node.effectiveEntries().stream().map(e -> e.keyText() + "=" + e.value().textOr("")).toList();
    }

    @Test
    void mergeKeysAreExpandedBehindOwnKeys() {
        String yaml = """
                base: &base {user: app, password: one}
                more: &more {token: t, user: other}
                data:
                  password: two
                  <<: [*base, *more]
                """;
        // Own keys win; of the sources, the first that sets a key wins (as YMap.get reads it).
        assertThat(effective(yaml, "data")).containsExactly("password=two", "user=app", "token=t");
        YNode data = YamlParser.parse(yaml).documents().get(0).root().get("data");
        assertThat(data.entries()).hasSize(2);
        assertThat(data.get("user").textOr("")).isEqualTo("app");
    }

    @Test
    void nestedMergesAndDuplicatesAreResolvedOnce() {
        String yaml = """
                a: &a {x: 1}
                b: &b {<<: *a, y: 2}
                data: {<<: *b, z: 3, z: 4}
                """;
        assertThat(effective(yaml, "data")).containsExactly("z=4", "y=2", "x=1");
    }

    @Test
    void aMappingWithoutMergeOrDuplicateIsItsOwnList() {
        YNode data = YamlParser.parse("data: {a: 1, b: 2}\n").documents().get(0).root().get("data");
        assertThat(data.effectiveEntries()).isSameAs(data.entries());
    }
}
