package io.fluxward.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared guard of the reliability suite. */
final class Reliability {

    private Reliability() {
    }

    /**
     * The suite runs in the surefire execution {@code reliability} (heap bound, system property set
     * there). Selected with {@code -Dtest=...}, it also shows up in {@code default-test}: skipped there.
     */
    static void requireOwnExecution() {
        assumeTrue(Boolean.getBoolean("fluxward.reliability"),
                "runs in the surefire execution 'reliability' (-Xmx256m), not in default-test");
    }
}
