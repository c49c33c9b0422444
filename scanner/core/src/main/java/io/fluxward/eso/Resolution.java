package io.fluxward.eso;

import java.util.List;

/**
 * What a {@link StoreRef} resolves to.
 *
 * @param stores    the stores that matter for the outcome: the matches ({@link Outcome#RESOLVED}), the
 *                  stores of the other kind ({@link Outcome#WRONG_KIND}) or the SecretStores of that name in
 *                  other namespaces ({@link Outcome#WRONG_NAMESPACE})
 * @param externals the {@code externals.secretStores} entries that matter, in the same sense
 */
public record Resolution(Outcome outcome, List<Store> stores, List<String> externals) {

    /** Outcomes, from fine to broken. */
    public enum Outcome {
        /** A store of that kind and name is in the repository (and, for a SecretStore, in a namespace the referrer lands in). */
        RESOLVED,
        /** Listed in {@code externals.secretStores}. */
        EXTERNAL,
        /** The name is filled in later ({@code ${VAR}}, templating): not checked. */
        TEMPLATED,
        /** Only a store of the other kind has that name. */
        WRONG_KIND,
        /** Only SecretStores in other namespaces have that name. */
        WRONG_NAMESPACE,
        /** No store has that name, but a YAML file that does not parse (FW-G001) may define one: not judged. */
        UNREADABLE,
        /** No store of either kind has that name. */
        DANGLING
    }

    public Resolution {
        stores = List.copyOf(stores);
        externals = List.copyOf(externals);
    }
}
