package io.fluxward.engine;

import io.fluxward.model.Location;
import java.util.Comparator;
import java.util.List;

/**
 * One policy violation. Messages never contain secret values (rules mask them; the engine checks).
 *
 * @param fingerprint stable identity across edits elsewhere in the file: derived from the rule,
 *                    the path and the structural position of the offending node, not its line
 * @param related     other places involved (the other owner, the cycle members...)
 */
public record Finding(String ruleId, Level level, Location location, String message, String fingerprint,
                      List<Related> related) {

    /** Output order: path, line, column, rule, message. Parallel runs always print this order. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::location)
            .thenComparing(Finding::ruleId).thenComparing(Finding::message);

    public Finding {
        related = List.copyOf(related);
    }

    public String path() {
        return location.path();
    }

    public int line() {
        return location.line();
    }

    public Finding withLevel(Level newLevel) {
        return new Finding(ruleId, newLevel, location, message, fingerprint, related);
    }

    public Finding withFingerprint(String newFingerprint) {
        return new Finding(ruleId, level, location, message, newFingerprint, related);
    }

    /** A secondary location with a short explanation. */
    public record Related(Location location, String message) {
    }
}
