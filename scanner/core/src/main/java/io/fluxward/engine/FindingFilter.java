package io.fluxward.engine;

import java.util.Collection;
import java.util.HashSet;
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

    /** Hides findings whose rule and fingerprint are among {@code known} (the line does not matter). */
    static FindingFilter knownFindings(String name, Collection<Finding> known) {
        Set<String> keys = new HashSet<>();
        for (Finding f : known) {
            keys.add(f.ruleId() + "\u0000" + f.fingerprint());
        }
        return new FindingFilter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hides(Finding finding) {
                return keys.contains(finding.ruleId() + "\u0000" + finding.fingerprint());
            }
        };
    }
}
