package io.fluxward.yaml;

import java.util.Optional;
import java.util.Set;

/** A scalar: its text, how it was written, and where. */
public record YScalar(String value, Style style, Optional<String> tag, Span span) implements YNode {

    /** How a scalar was written; plain scalars may resolve to null, booleans or numbers. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    /** True when the YAML 1.2 core schema resolves this scalar to null. */
    public boolean isNull() {
        return style == Style.PLAIN && tag.isEmpty() && NULLS.contains(value);
    }

    public boolean isQuoted() {
        return style == Style.SINGLE_QUOTED || style == Style.DOUBLE_QUOTED;
    }

    @Override
    public Optional<String> text() {
        return isNull() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String toString() {
        return "YScalar[" + span + "]";
    }
}
