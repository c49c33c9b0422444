package io.fluxward.report;

import io.fluxward.yaml.Span;

/** Regions as reports print them. */
final class Regions {

    private Regions() {
    }

    /**
     * A span that starts at line 1 column 1 or later and ends after it starts. An empty span (a
     * parser position, a missing node) becomes one character wide, so every report marks something
     * and SARIF viewers do not treat it as an insertion point.
     */
    static Span normalized(Span span) {
        int line = Math.max(1, span.line());
        int column = Math.max(1, span.column());
        int endLine = span.endLine();
        int endColumn = span.endColumn();
        boolean endsAfterStart = endLine > line || (endLine == line && endColumn > column);
        return endsAfterStart ? new Span(line, column, endLine, endColumn) : new Span(line, column, line, column + 1);
    }
}
