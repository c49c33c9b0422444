package io.fluxward.engine;

import io.fluxward.model.Location;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One policy violation. Messages never contain secret values (rules mask them; the engine checks).
 *
 * @param fingerprint stable identity across edits elsewhere in the file: derived from the rule,
 *                    the path and the structural position of the offending node, not its line
 * @param related     other places involved (the other owner, the cycle members...)
 * @param parts       for a finding about several secret values of one object (FW-S001: the plaintext values of a
 *                    Secret), one short digest per value, of its place and a salted digest of the value (never the
 *                    value), sorted; empty for other findings. The fingerprint is the object's: a finding is known
 *                    when a known one has its rule and fingerprint and each of its parts ({@link #coveredBy})
 */
public record Finding(String ruleId, Level level, Location location, String message, String fingerprint,
                      List<Related> related, List<String> parts) {

    /** Output order: path, line, column, rule, message. Parallel runs always print this order. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::location)
            .thenComparing(Finding::ruleId).thenComparing(Finding::message);

    public Finding {
        related = List.copyOf(related);
        parts = List.copyOf(new TreeSet<>(parts));
    }

    /** A finding without parts: its fingerprint alone is its identity. */
    public Finding(String ruleId, Level level, Location location, String message, String fingerprint,
                   List<Related> related) {
        this(ruleId, level, location, message, fingerprint, related, List.of());
    }

    /**
     * True when {@code known}, the parts of a known finding with this one's rule and fingerprint (of all of them, if
     * several), hold each of this finding's parts: a value removed from a known Secret, or moved within it, leaves
     * nothing new, while a value added or changed is new. Always true for a finding without parts.
     */
    public boolean coveredBy(Collection<String> known) {
        return known.containsAll(parts);
    }

    public String path() {
        return location.path();
    }

    public int line() {
        return location.line();
    }

    public Finding withLevel(Level newLevel) {
        return new Finding(ruleId, newLevel, location, message, fingerprint, related, parts);
    }

    public Finding withFingerprint(String newFingerprint) {
        return new Finding(ruleId, level, location, message, newFingerprint, related, parts);
    }

    /** A secondary location with a short explanation. */
    public record Related(Location location, String message) {
    }
}
