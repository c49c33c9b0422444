package io.fluxward.cli;

import io.fluxward.engine.RuleDescriptor;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Selecting rules by tag ({@code --only-tag security} runs the secret rules only). */
final class RuleSelection {

    private RuleSelection() {
    }

    static Predicate<RuleDescriptor> byTags(Set<String> tags) {
        if (tags.isEmpty()) {
            return r -> true;
        }
        return r -> r.tags().stream().anyMatch(tags::contains);
    }

    /** A message when a tag matches no rule (a typo would silently run nothing). */
    static Optional<String> unknownTags(Set<String> tags, Collection<RuleDescriptor> rules) {
        Set<String> known = new TreeSet<>();
        rules.forEach(r -> known.addAll(r.tags()));
        for (String tag : tags) {
            if (!known.contains(tag)) {
                return Optional.of("no rule has the tag '" + tag + "' (tags: " + String.join(", ", known) + ")");
            }
        }
        return Optional.empty();
    }
}
