package io.fluxward.engine;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.secrets.Mask;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stable identities for findings. A fingerprint hashes the rule, the path and a structural
 * locator of the offending node (the object's kind/namespace/name and the key path inside it),
 * so adding lines elsewhere in the file does not change it. Values are never hashed as such: a
 * finding about a secret adds only a short, salted digest of it ({@link #valueTag}).
 */
public final class Fingerprints {

    /**
     * The fields that identify a mapping without a {@code name} in a list, the first present wins: ESO
     * {@code data[].secretKey} (PushSecret's under {@code match}), generic keys and ids, paths (volume items,
     * ingress paths, mounts), the merge key of container ports, and the user fields of Helm values lists.
     */
    private static final List<List<String>> ITEM_IDS = List.of(List.of("secretKey"), List.of("match", "secretKey"),
            List.of("key"), List.of("id"), List.of("path"), List.of("mountPath"), List.of("containerPort"),
            List.of("port"), List.of("host"), List.of("username"), List.of("user"), List.of("email"));

    /** The key of a {@code KEY=VALUE} list item (a ConfigMap key's characters). */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\s*([-._a-zA-Z0-9]+)\\s*=");

    /** Bits of a value tag: two values share one once in 65,536. */
    private static final int VALUE_BITS = 16;

    private Fingerprints() {
    }

    /** The structural locator of {@code node} in {@code file}, e.g. {@code Secret/apps/db:stringData.password}. */
    public static String locate(FileModel file, YNode node) {
        return locator(file).locate(node);
    }

    /** A locator for many nodes of one file: each document is indexed once, on its first lookup. */
    public static Locator locator(FileModel file) {
        return new Locator(file);
    }

    /**
     * Finds locators by node identity in a per-document index, so a file with many findings costs one
     * walk per document instead of one per finding (1,000 duplicate keys in a 50,000-key mapping took
     * 50 s). The index keeps the first path in document order under which a node appears: the place an
     * anchored node is defined, before any alias of it. Thread-safe.
     */
    public static final class Locator {
        private final FileModel file;
        private final Map<Integer, Map<YNode, String>> byDocument = new ConcurrentHashMap<>();

        private Locator(FileModel file) {
            this.file = file;
        }

        public String locate(YNode node) {
            for (YDocument doc : file.documents()) {
                if (!contains(doc.span(), node.span()) && doc.root() != node) {
                    continue;
                }
                String found = byDocument.computeIfAbsent(doc.index(), i -> index(doc)).get(node);
                return documentName(file, doc) + ":" + (found != null ? found : "@" + node.span().line());
            }
            // Outside any document (text files): the occurrence number tells findings apart. Line text is
            // never hashed, as it may hold a secret.
            return "text";
        }

        /**
         * Every node of the document by identity: values by their path, keys as {@code path#key:name}. A list
         * item's segment is the item's own identity where it has one ({@link #itemSegment}), so inserting an item
         * above it leaves its findings' fingerprints alone.
         */
        private static Map<YNode, String> index(YDocument doc) {
            Map<YNode, String> paths = new IdentityHashMap<>();
            Map<YNode, String> keys = new IdentityHashMap<>();
            // Iterative (a tree as deep as limits.maxDepth allows never overflows the stack), in document order.
            Deque<Map.Entry<YNode, String>> pending = new ArrayDeque<>();
            pending.push(Map.entry(doc.root(), ""));
            while (!pending.isEmpty()) {
                Map.Entry<YNode, String> step = pending.pop();
                YNode n = step.getKey();
                String path = step.getValue();
                if (paths.putIfAbsent(n, path) != null) {
                    continue;
                }
                List<Map.Entry<YNode, String>> children = new ArrayList<>();
                for (var e : n.entries()) {
                    keys.putIfAbsent(e.key(), path + "#key:" + e.keyText());
                    children.add(Map.entry(e.value(), path.isEmpty() ? e.keyText() : path + "." + e.keyText()));
                }
                if (n instanceof YSeq seq) {
                    Map<String, Integer> seen = new HashMap<>();
                    for (int i = 0; i < seq.items().size(); i++) {
                        String segment = itemSegment(seq.items().get(i), i, path);
                        int count = seen.merge(segment, 1, Integer::sum);
                        // A second item of one identity (a duplicate env var) is told apart by its rank among them.
                        children.add(Map.entry(seq.items().get(i), path + "[" + segment + (count > 1 ? "#" + count : "")
                                + "]"));
                    }
                }
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
            keys.forEach(paths::putIfAbsent);
            return paths;
        }
    }

    /**
     * How a list item is named in a locator: an embedded object ({@code kind: List} items) by
     * {@code Kind/namespace/name}; a mapping with a {@code name} by its {@code kind} and {@code namespace} where it
     * has them and its name ({@code env}, {@code containers}, {@code dependsOn}, {@code healthChecks}, RBAC
     * {@code subjects}, {@code valuesFrom}); else by the first of {@link #ITEM_IDS} it has; a {@code KEY=VALUE}
     * string (generator literals) by its KEY alone; any other scalar (a generator's file path, an argument) by a
     * 16-bit digest of its value salted with the list's path, never the value itself; anything else by its index,
     * as nothing else identifies it.
     */
    static String itemSegment(YNode item, int index, String listPath) {
        if (item instanceof YMap map) {
            String kind = map.get("kind").textOr("");
            String name = map.at("metadata", "name").textOr("");
            if (!kind.isEmpty() && !name.isEmpty()) {
                String ns = map.at("metadata", "namespace").textOr("");
                return named(kind + "/" + (ns.isEmpty() ? "" : ns + "/") + name);
            }
            Optional<String> itemName = map.get("name").text().filter(t -> !t.isEmpty());
            if (itemName.isPresent()) {
                String ns = map.get("namespace").textOr("");
                return (kind.isEmpty() ? "" : "kind=" + named(kind) + ",")
                        + (ns.isEmpty() ? "" : "namespace=" + named(ns) + ",") + "name=" + named(itemName.get());
            }
            for (List<String> field : ITEM_IDS) {
                Optional<String> id = map.at(field.toArray(String[]::new)).text().filter(t -> !t.isEmpty());
                if (id.isPresent()) {
                    return String.join(".", field) + "=" + named(id.get());
                }
            }
        } else if (item instanceof YScalar scalar) {
            Matcher m = LITERAL_KEY.matcher(scalar.value());
            if (m.lookingAt()) {
                return named(m.group(1)) + "=";
            }
            // Cut as a value tag is: the locator (kept in the cache, hashed into published fingerprints) must not
            // confirm a guessed value. Two items that share a digest are told apart by their rank among them.
            return "~" + hash("fluxward/item/v1\u0000" + listPath + "\u0000" + scalar.value()).substring(0, VALUE_BITS / 4);
        }
        return Integer.toString(index);
    }

    /** A name as it goes into a locator: a credential used as a name (a token as a key) only as a digest. */
    private static String named(String name) {
        return Mask.redact(name).equals(name) ? name : "#" + hash(name).substring(0, 16);
    }

    private static String documentName(FileModel file, YDocument doc) {
        Optional<KubeObject> object = file.objects().stream()
                .filter(o -> o.document() == doc.index() && o.container().isEmpty()).findFirst();
        return object.map(KubeObject::ref).orElse("doc" + doc.index());
    }

    private static boolean contains(Span outer, Span inner) {
        boolean startsAfter = inner.line() > outer.line()
                || (inner.line() == outer.line() && inner.column() >= outer.column());
        boolean endsBefore = inner.line() < outer.endLine()
                || (inner.line() == outer.endLine() && inner.column() <= outer.endColumn());
        return startsAfter && endsBefore;
    }

    /** The final fingerprint: hash of rule, path, locator and the occurrence number of that triple. */
    public static String fingerprint(String ruleId, String path, String locator, int occurrence) {
        return hash(ruleId + "\u0000" + path + "\u0000" + locator + "\u0000" + occurrence).substring(0, 32);
    }

    /**
     * The part of a locator that tells secret values at one place apart, so that another value is another
     * finding (a leaked key replaced by a new leaked key is not hidden by a baseline or a pre-commit
     * comparison). Baselines and reports are committed and uploaded, so it must not give the value away: it
     * is SHA-256 of the value salted with the rule and the locator (a table of guesses serves one place only),
     * cut to 16 bits, so one candidate value in 65,536 of any list has the same tag: it cannot be reversed,
     * and picks no value out of a list of guesses longer than that (key stretching would add nothing to that,
     * only time to every scan). Besides the value it depends only on what the locator does (not on the path,
     * the machine or the run), so it is as stable as they are.
     */
    public static String valueTag(String ruleId, String locator, String value) {
        return hash("fluxward/value/v1\u0000" + ruleId + "\u0000" + locator + "\u0000" + value)
                .substring(0, VALUE_BITS / 4);
    }

    static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Used by tests and tools that need the locator of a finding that was given a key. */
    public static String keyed(String key) {
        return "key:" + key;
    }
}
