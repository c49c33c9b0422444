package io.fluxward.cli;

import io.fluxward.config.ConfigSchema;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rule IDs given on the command line ({@code --enable}, {@code --disable}, {@code --only-rules}, {@code audit
 * --rules}): in any case, as {@code explain} takes them, and a typo gets the "did you mean" of {@code .fluxward.yaml}.
 */
final class RuleIds {

    /** A command-line rule ID that names no rule; the message is one line. */
    static final class UnknownRule extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownRule(String message) {
            super(message);
        }
    }

    private RuleIds() {
    }

    /** The IDs as the rules spell them, in the order given. */
    static Set<String> canonical(Collection<String> given, Collection<String> known) throws UnknownRule {
        Set<String> out = new LinkedHashSet<>();
        for (String id : given) {
            out.add(canonical(id, known).orElseThrow(() -> new UnknownRule(unknown(id, known))));
        }
        return out;
    }

    static Optional<String> canonical(String id, Collection<String> known) {
        String upper = id.strip().toUpperCase(Locale.ROOT);
        return known.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** {@code unknown rule 'fw-s01' (did you mean 'FW-S001'?); see 'fluxward rules'}. */
    static String unknown(String id, Collection<String> known) {
        return ConfigSchema.didYouMeanRule(id, known)
                .map(s -> "unknown rule '" + id + "' (did you mean '" + s + "'?); see 'fluxward rules'")
                .orElse("unknown rule '" + id + "' (see 'fluxward rules')");
    }
}
