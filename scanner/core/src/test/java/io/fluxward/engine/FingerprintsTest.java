package io.fluxward.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxward.config.Config;
import io.fluxward.model.FileModel;
import io.fluxward.model.Note;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private static final String TEXT = """
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: apps}
            stringData:
              password: &pw hunter2
              again: *pw
            ---
            base: &base
              image: nginx
            list:
              - a
              - {x: *base}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm
            data:
              k: v
            """;

    private static FileModel file() throws Exception {
        var model = new Scanner(RuleSet.of(List.of())).model(MemorySnapshot.ofText(Map.of("f.yaml", TEXT)),
                Config.empty(), ScanOptions.defaults(), new ArrayList<Note>());
        return model.file("f.yaml").orElseThrow();
    }

    @Test
    void locatesValuesKeysAndAliasesByTheirFirstPlace() throws Exception {
        FileModel f = file();
        var secret = f.documents().get(0).root();
        var other = f.documents().get(1).root();
        var cm = f.documents().get(2).root();
        var locator = Fingerprints.locator(f);
        // Several lookups per document: the first walks, the later ones use the index; both must agree.
        for (int round = 0; round < 2; round++) {
            assertEquals("Secret/apps/db:stringData.password", locator.locate(secret.at("stringData", "password")));
            assertEquals("Secret/apps/db:stringData.password", locator.locate(secret.at("stringData", "again")));
            assertEquals("Secret/apps/db:stringData#key:again",
                    locator.locate(secret.get("stringData").entries().get(1).key()));
            assertEquals("Secret/apps/db:", locator.locate(secret));
            assertEquals("doc1:base.image", locator.locate(other.get("list").item(1).at("x", "image")));
            assertEquals("doc1:base", locator.locate(other.get("list").item(1).get("x")));
            // A plain string item is known by a short digest of its value, not by its index nor in clear.
            String item = locator.locate(other.get("list").item(0));
            assertTrue(item.matches("doc1:list\\[~[0-9a-f]{4}]"), item);
            assertEquals("ConfigMap/cm:data.k", locator.locate(cm.at("data", "k")));
        }
    }

    @Test
    void aFreshLocatorAndAnIndexedOneGiveTheSameLocatorForEveryNode() throws Exception {
        FileModel f = file();
        List<YNode> nodes = new ArrayList<>();
        Map<YNode, Boolean> seen = new IdentityHashMap<>();
        for (var doc : f.documents()) {
            YWalker.walk(doc.root(), (path, n) -> {
                if (seen.put(n, true) == null) {
                    nodes.add(n);
                    n.entries().forEach(e -> nodes.add(e.key()));
                }
                return true;
            });
        }
        var shared = Fingerprints.locator(f);
        for (YNode n : nodes) {
            shared.locate(n);
        }
        for (YNode n : nodes) {
            assertEquals(Fingerprints.locator(f).locate(n), shared.locate(n), "at line " + n.span().line());
        }
    }

    /** A finding keyed by its file's name is fingerprinted with the name of its identity path (a rename's new one). */
    @Test
    void aFileNameKeyTakesTheNameOfTheIdentityPath() {
        assertEquals(Fingerprints.keyed("x.yaml"), Fingerprints.resolve(Fingerprints.FILE_NAME, "apps/x.yaml"));
        assertEquals(Fingerprints.keyed("x.yaml"), Fingerprints.resolve(Fingerprints.FILE_NAME, "x.yaml"));
        assertEquals("Secret/apps/db:", Fingerprints.resolve("Secret/apps/db:", "apps/x.yaml"));
    }
}
