package io.fluxward.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hides findings that are already known: recorded in a baseline, or present before the change
 * being checked (staged scans, pull-request scans). Applied by {@link Scanner} after fingerprints
 * are computed, in the same place as configured levels and inline suppressions.
 */
public interface FindingFilter {

    /** What the hidden findings are, for counts: e.g. {@code baseline}, {@code existing at HEAD}. */
    String name();

    /** True when {@code finding} must not be reported. */
    boolean hides(Finding finding);

    /**
     * Hides findings whose rule and fingerprint are among {@code known} (the line does not matter), and whose parts
     * (values of a Secret, {@link Finding#parts}) the known findings of that rule and fingerprint have: a value
     * removed from a Secret, or moved within it, hides nothing new; one added or changed does.
     */
    static FindingFilter knownFindings(String name, Collection<Finding> known) {
        Map<String, Set<String>> parts = new HashMap<>();
        for (Finding f : known) {
            parts.computeIfAbsent(f.ruleId() + "\u0000" + f.fingerprint(), k -> new HashSet<>()).addAll(f.parts());
        }
        return new FindingFilter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hides(Finding finding) {
                Set<String> knownParts = parts.get(finding.ruleId() + "\u0000" + finding.fingerprint());
                return knownParts != null && finding.coveredBy(knownParts);
            }
        };
    }
}
