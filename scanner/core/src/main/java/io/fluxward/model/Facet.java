package io.fluxward.model;

import java.util.function.Function;

/**
 * A derived view of the repository (the kustomize render, the Flux graph, the SOPS rules...)
 * computed at most once per scan, on first use, so a run that does not need it never pays for it.
 * Facets are compared by identity: declare each one once as a constant.
 */
public final class Facet<T> {

    private final String name;
    private final Function<RepositoryModel, T> compute;

    private Facet(String name, Function<RepositoryModel, T> compute) {
        this.name = name;
        this.compute = compute;
    }

    public static <T> Facet<T> of(String name, Function<RepositoryModel, T> compute) {
        return new Facet<>(name, compute);
    }

    public String name() {
        return name;
    }

    T compute(RepositoryModel model) {
        return compute.apply(model);
    }

    @Override
    public String toString() {
        return "Facet[" + name + "]";
    }
}
