package io.fluxward.yaml;

import java.util.Objects;
import java.util.Optional;

/**
 * A scalar: its text, how it was written, and where. Immutable, with value equality.
 *
 * <p>Scalars are most of the nodes of a file, so the span is kept as four ints rather than a
 * {@link Span} object: a third less memory per scalar, which is what lets a file at the
 * {@code limits.maxExpandedNodes} bound fit in a small heap.
 */
public final class YScalar implements YNode {

    /** How a scalar was written; plain scalars may resolve to null, booleans or numbers. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

    private static final Style[] STYLES = Style.values();
    private static final int NULL_FLAG = 0x10;

    private final String value;
    /** The style's ordinal, plus {@link #NULL_FLAG} when the scalar resolves to null: one byte, asked on every key lookup. */
    private final byte styleAndNull;
    private final Optional<String> tag;
    private final int line;
    private final int column;
    private final int endLine;
    private final int endColumn;

    public YScalar(String value, Style style, Optional<String> tag, Span span) {
        this.value = Objects.requireNonNull(value);
        this.tag = Objects.requireNonNull(tag);
        this.styleAndNull = (byte) (style.ordinal() | (resolvesToNull(value, style, tag) ? NULL_FLAG : 0));
        this.line = span.line();
        this.column = span.column();
        this.endLine = span.endLine();
        this.endColumn = span.endColumn();
    }

    public String value() {
        return value;
    }

    public Style style() {
        return STYLES[styleAndNull & ~NULL_FLAG];
    }

    @Override
    public Optional<String> tag() {
        return tag;
    }

    @Override
    public Span span() {
        return new Span(line, column, endLine, endColumn);
    }

    /** True when the YAML 1.2 core schema resolves this scalar to null. */
    @Override
    public boolean isNull() {
        return (styleAndNull & NULL_FLAG) != 0;
    }

    private static boolean resolvesToNull(String value, Style style, Optional<String> tag) {
        if (style != Style.PLAIN || tag.isPresent()) {
            return false;
        }
        return switch (value.length()) {
            case 0 -> true;
            case 1 -> value.charAt(0) == '~';
            case 4 -> value.equals("null") || value.equals("Null") || value.equals("NULL");
            default -> false;
        };
    }

    public boolean isQuoted() {
        Style style = style();
        return style == Style.SINGLE_QUOTED || style == Style.DOUBLE_QUOTED;
    }

    @Override
    public Optional<String> text() {
        return isNull() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YScalar s && value.equals(s.value) && styleAndNull == s.styleAndNull && tag.equals(s.tag)
                && line == s.line && column == s.column && endLine == s.endLine && endColumn == s.endColumn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, style(), tag, line, column, endLine, endColumn);
    }

    @Override
    public String toString() {
        return "YScalar[" + span() + "]";
    }
}
