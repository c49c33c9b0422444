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
import java.util.Optional;

/**
 * Stable identities for findings. A fingerprint hashes the rule, the path and a structural
 * locator of the offending node (the object's kind/namespace/name and the key path inside it),
 * so adding lines elsewhere in the file does not change it. Values are never hashed.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** The structural locator of {@code node} in {@code file}, e.g. {@code Secret/apps/db:stringData.password}. */
    public static String locate(FileModel file, YNode node) {
        for (YDocument doc : file.documents()) {
            if (!contains(doc.span(), node.span()) && doc.root() != node) {
                continue;
            }
            String[] found = new String[1];
            YWalker.walk(doc.root(), (path, n) -> {
                if (found[0] != null) {
                    return false;
                }
                if (n == node) {
                    found[0] = YWalker.render(path);
                    return false;
                }
                return contains(n.span(), node.span()) || n.span().line() == node.span().line();
            });
            if (found[0] == null) {
                found[0] = keyPath(doc, node);
            }
            return documentName(file, doc) + ":" + found[0];
        }
        // Outside any document (text files): the occurrence number tells findings apart. Line text is
        // never hashed, as it may hold a secret.
        return "text";
    }

    /** Keys are nodes too; find the key whose span matches and name its path. */
    private static String keyPath(YDocument doc, YNode key) {
        String[] found = {"@" + key.span().line()};
        YWalker.walk(doc.root(), (path, n) -> {
            for (var e : n.entries()) {
                if (e.key() == key) {
                    found[0] = YWalker.render(path) + "#key:" + e.keyText();
                    return false;
                }
            }
            return true;
        });
        return found[0];
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
