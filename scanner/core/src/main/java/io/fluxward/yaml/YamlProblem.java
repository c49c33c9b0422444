package io.fluxward.yaml;

/**
 * Something wrong with the YAML text itself. Messages never quote the text of the file, so a
 * secret on a broken line cannot leak through an error.
 */
public record YamlProblem(Kind kind, String message, Span span) {

    /** What went wrong. */
    public enum Kind {
        /** The text is not YAML; parsing stopped here. */
        SYNTAX,
        /** A mapping repeats a key; {@link #span} is the repeated key. */
        DUPLICATE_KEY,
        /** A configured bound was exceeded; parsing stopped here. */
        LIMIT,
        /** A node carries a language-specific tag (e.g. {@code !!java.lang.Runtime}); it is read as plain data. */
        UNSAFE_TAG
    }
}
