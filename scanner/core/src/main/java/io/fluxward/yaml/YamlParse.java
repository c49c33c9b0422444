package io.fluxward.yaml;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing one file: every document completed before any fatal problem, plus the
 * problems (at most one fatal one, which is last).
 */
public record YamlParse(List<YDocument> documents, List<YamlProblem> problems) {

    public YamlParse {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
    }

    /** The problem that stopped parsing, if any. */
    public Optional<YamlProblem> fatal() {
        return problems.stream()
                .filter(p -> p.kind() == YamlProblem.Kind.SYNTAX || p.kind() == YamlProblem.Kind.LIMIT)
                .findFirst();
    }
}
