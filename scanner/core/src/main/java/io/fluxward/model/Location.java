package io.fluxward.model;

import io.fluxward.yaml.Span;

/** A place in the scanned repository: a repo-relative path with {@code /} separators, and a span. */
public record Location(String path, Span span) implements Comparable<Location> {

    public static Location of(String path, int line, int column) {
        return new Location(path, Span.of(line, column));
    }

    public int line() {
        return span.line();
    }

    public int column() {
        return span.column();
    }

    @Override
    public int compareTo(Location o) {
        int c = path.compareTo(o.path);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(span.line(), o.span.line());
        return c != 0 ? c : Integer.compare(span.column(), o.span.column());
    }
}
