package io.fluxward.yaml;

import java.util.Optional;

/** The absent node: what navigation returns where there is nothing. */
public enum YMissing implements YNode {
    INSTANCE;

    @Override
    public Span span() {
        return Span.START;
    }

    @Override
    public Optional<String> tag() {
        return Optional.empty();
    }

    @Override
    public boolean isNull() {
        return true;
    }

    @Override
    public boolean isPresent() {
        return false;
    }
}
