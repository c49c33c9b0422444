package io.fluxward.engine;

import io.fluxward.config.Config;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YNode;
import java.util.List;

/**
 * What a rule sees while it runs: the configuration and a way to report. Every report names a
 * place; {@code key} (optional) is a stable discriminator for the fingerprint when the node
 * alone does not identify the finding (e.g. which pattern matched in a text file).
 */
public interface RuleContext {

    /** The rule being run. */
    RuleDescriptor rule();

    Config config();

    /**
     * A path of the snapshot as findings show it, for messages: from the repository's top, as locations are
     * reported (a subfolder scan's paths are relative to its root).
     */
    default String shown(String path) {
        return path;
    }

    /** Reports at a YAML node of file {@code path} with the rule's default level. */
    default void report(String path, YNode node, String message) {
        at(path, node).message(message).report();
    }

    /** Reports at a node of an object (its own file). */
    default void report(KubeObject object, YNode node, String message) {
        at(object.path(), node.isPresent() ? node : object.node().keyNode("kind")).message(message).report();
    }

    /** Reports at a span of a file that has no node there (text files). */
    default void report(String path, Span span, String key, String message) {
        at(new Location(path, span)).key(key).message(message).report();
    }

    FindingBuilder at(String path, YNode node);

    /** A note about the scan rather than a finding (a setting that matches nothing, say). */
    default void note(Note note) {
    }

    FindingBuilder at(Location location);

    /** Builds one finding; {@link #report()} hands it to the engine. */
    interface FindingBuilder {
        FindingBuilder message(String message);

        FindingBuilder level(Level level);

        /** Stable discriminator for the fingerprint (never a secret value). */
        FindingBuilder key(String key);

        /**
         * The name of the finding's file as the discriminator, for a finding about the file itself (one per file):
         * the fingerprint is that of {@code key(name)}, except that where a change renamed the file, the finding it
         * had under its old name is the same finding (the fingerprint takes the name of the file's identity path).
         */
        FindingBuilder keyFileName();

        /**
         * The secret value the finding is about: another value at the same place is another finding. Only a
         * short, salted digest of it reaches the fingerprint ({@link Fingerprints#valueTag}).
         */
        FindingBuilder secret(String value);

        /**
         * One of several secret values of one object that the finding is about (FW-S001: each plaintext value of a
         * Secret), at its node. The finding's fingerprint is then the place of {@code object} alone, and each value
         * is one of its {@link Finding#parts}: the value's place and a short salted digest of it
         * ({@link Fingerprints#part}), never the value. A finding is known (before a change, in a baseline) when a
         * known one has its fingerprint and each of its parts: a value removed or moved within the object is nothing
         * new, one added or changed is.
         */
        FindingBuilder secretPart(YNode object, YNode node, String value);

        /**
         * As {@link #secretPart}, for a value of YAML written inside a string of the file (an inline patch), whose
         * nodes are not the file's and have no place of their own: {@code holder} is that string's node,
         * {@code object} names the object within its text and {@code place} the value within that object (key paths,
         * never a value). The finding's fingerprint is then the place of {@code holder} and {@code object}.
         */
        FindingBuilder embeddedPart(YNode holder, String object, String place, String value);

        /**
         * One of several secret values the finding is about that lie outside the file it points at (FW-S006: each
         * value of a plaintext file a secretGenerator reads): {@code place} names the value within what the reported
         * node reads (a key or key path, never a value). The fingerprint stays the node's, and each value is one of its
         * {@link Finding#parts}, as with {@link #secretPart}: a value added or changed is new, one removed or moved is not.
         */
        FindingBuilder sourcePart(String place, String value);

        FindingBuilder related(Location location, String message);

        FindingBuilder related(List<Finding.Related> related);

        void report();
    }
}
