package io.fluxward.engine;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stable identities for findings. A fingerprint hashes the rule, the path and a structural
 * locator of the offending node (the object's kind/namespace/name and the key path inside it),
 * so adding lines elsewhere in the file does not change it. Values are never hashed as such: a
 * finding about a secret adds only a short, salted digest of it ({@link #valueTag}).
 */
public final class Fingerprints {

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

        /** Every node of the document by identity: values by their path, keys as {@code path#key:name}. */
        private static Map<YNode, String> index(YDocument doc) {
            Map<YNode, String> paths = new IdentityHashMap<>();
            Map<YNode, String> keys = new IdentityHashMap<>();
            YWalker.walk(doc.root(), (path, n) -> {
                if (paths.putIfAbsent(n, YWalker.render(path)) != null) {
                    return false;
                }
                for (var e : n.entries()) {
                    keys.putIfAbsent(e.key(), YWalker.render(path) + "#key:" + e.keyText());
                }
                return true;
            });
            keys.forEach(paths::putIfAbsent);
            return paths;
        }
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
