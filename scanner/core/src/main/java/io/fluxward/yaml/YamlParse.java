package io.fluxward.yaml;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing one file: every document completed before any fatal problem, plus the
 * problems (at most one fatal one, which is last).
 *
 * @param notComments where a {@code # fluxward:ignore} in the text is not a YAML comment: the content of
 *                    scalars that hold {@link #SUPPRESSION_MARKER}, and all text after the last event read
 *                    when parsing stopped (comment and string content cannot be told apart there)
 */
public record YamlParse(List<YDocument> documents, List<YamlProblem> problems, List<Span> notComments) {

    /**
     * The text every suppression comment (and every mistyped one, which the scan warns about) holds; scalars
     * that hold it are recorded in {@link #notComments}.
     */
    public static final String SUPPRESSION_MARKER = "fluxward:";

    /** The marker in any letter case: a {@code Fluxward:Ignore} comment is warned about, not passed over. */
    private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile(SUPPRESSION_MARKER,
            java.util.regex.Pattern.LITERAL | java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether {@code text} holds {@link #SUPPRESSION_MARKER}, in any letter case. */
    public static boolean holdsMarker(String text) {
        return MARKER.matcher(text).find();
    }

    public YamlParse {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
        notComments = List.copyOf(notComments);
    }

    public YamlParse(List<YDocument> documents, List<YamlProblem> problems) {
        this(documents, problems, List.of());
    }

    /** The problem that stopped parsing, if any. */
    public Optional<YamlProblem> fatal() {
        return problems.stream()
                .filter(p -> p.kind() == YamlProblem.Kind.SYNTAX || p.kind() == YamlProblem.Kind.LIMIT)
                .findFirst();
    }

    /** True when text at this 1-based line and column (in code points) lies in {@link #notComments}. */
    public boolean notComment(int line, int column) {
        for (Span s : notComments) {
            boolean afterStart = line > s.line() || (line == s.line() && column >= s.column());
            boolean beforeEnd = line < s.endLine() || (line == s.endLine() && column < s.endColumn());
            if (afterStart && beforeEnd) {
                return true;
            }
        }
        return false;
    }
}
