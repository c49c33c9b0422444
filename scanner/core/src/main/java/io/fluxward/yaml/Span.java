package io.fluxward.yaml;

/**
 * A region of a text file: 1-based line and column of its first character, and the line and
 * column just after its last character (end exclusive, as SARIF's {@code endColumn}). Columns
 * count Unicode code points.
 */
public record Span(int line, int column, int endLine, int endColumn) {

    /** The span used where nothing more precise is known: the start of the file. */
    public static final Span START = new Span(1, 1, 1, 1);

    public static Span of(int line, int column) {
        return new Span(line, column, line, column);
    }

    /** The same start, ending at the end of {@code other}. */
    public Span through(Span other) {
        return new Span(line, column, other.endLine, other.endColumn);
    }
}
