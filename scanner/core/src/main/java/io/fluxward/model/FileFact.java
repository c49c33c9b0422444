package io.fluxward.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value computed from one file's model alone, kept with that model: see {@link FileModel#fact}.
 * Whole-repository passes (which files are kustomizations, components, helmfiles, which paths a
 * kustomization names) ask every file the same question on every scan; the resident server loads an
 * unchanged file to the very same model, so the answer is computed once per file content, not once
 * per scan. Facts are told apart by identity: declare each one once, as a constant.
 *
 * @param name    for debugging
 * @param compute a function of the file's model alone (no other file, no configuration); never null
 */
public record FileFact<T>(String name, Function<FileModel, T> compute) {

    public FileFact {
        Objects.requireNonNull(name);
        Objects.requireNonNull(compute);
    }

    public static <T> FileFact<T> of(String name, Function<FileModel, T> compute) {
        return new FileFact<>(name, compute);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
