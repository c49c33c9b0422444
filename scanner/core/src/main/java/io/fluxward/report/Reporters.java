package io.fluxward.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The output formats by name. Adding a format is one line here and one class. */
public final class Reporters {

    private static final Map<String, Supplier<Reporter>> FORMATS = formats();

    private Reporters() {
    }

    private static Map<String, Supplier<Reporter>> formats() {
        Map<String, Supplier<Reporter>> m = new LinkedHashMap<>();
        m.put("text", TextReporter::new);
        m.put("json", JsonReporter::new);
        m.put("sarif", SarifReporter::new);
        m.put("checkstyle", CheckstyleReporter::new);
        m.put("github", GithubReporter::new);
        m.put("gitlab", GitlabReporter::new);
        m.put("markdown", MarkdownReporter::fromEnvironment);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static Optional<Reporter> forName(String name) {
        return Optional.ofNullable(FORMATS.get(name)).map(Supplier::get);
    }

    public static Iterable<String> names() {
        return FORMATS.keySet();
    }
}
