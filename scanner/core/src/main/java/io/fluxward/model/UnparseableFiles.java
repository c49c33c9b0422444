package io.fluxward.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of objects that YAML files which do not parse (FW-G001) may define. The parser stops at the error, so
 * the objects after it (and the one it is in) are not in the model, and a reference to one of them would look
 * dangling: the rules that report a missing target ask here first and stay quiet (or say where the target may be),
 * since the FW-G001 error is the cause and already fails the scan.
 *
 * <p>Read from the text, line by line, without parsing: every {@code name: X} key (block or flow style, quoted or not,
 * a comment allowed after it), with as its kind the document's: the last unindented {@code kind:} before it in the same
 * document (after the last {@code ---}), or no kind (any) when none comes before. Namespaces are not read. This
 * over-approximates (a {@code dependsOn} or {@code sourceRef} item's {@code name:} counts too, as the document's kind);
 * it only ever silences findings about a repository whose scan fails anyway.
 */
public final class UnparseableFiles {

    /** The repository's unparseable files, read on first use (nothing to read when every file parses). */
    public static final Facet<UnparseableFiles> FACET = Facet.of("unparseable-files", UnparseableFiles::of);

    private static final UnparseableFiles NONE = new UnparseableFiles(Map.of());

    /** A {@code kind:} or {@code name:} key at the start of a line, after a list dash, or in a flow mapping. */
    private static final Pattern KEY = Pattern.compile(
            "(?:^|(?<=[\\s{,]))(kind|name):[ \\t]+(?:\"([^\"]*)\"|'([^']*)'|([^\\s,{}\\[\\]#'\"]+))(?=[ \\t]*$|[ \\t]+#|[ \\t]*[,}\\]])");

    /** @param kind the kind written before the name in its document, empty when none is */
    private record Named(String kind, String path) {
    }

    private final Map<String, List<Named>> byName;

    private UnparseableFiles(Map<String, List<Named>> byName) {
        this.byName = byName;
    }

    private static UnparseableFiles of(RepositoryModel model) {
        Map<String, List<Named>> byName = new HashMap<>();
        for (FileModel f : model.files()) {
            // The files FW-G001 reports: YAML (JSON's failures are notes) whose parse stopped.
            if (f.file().type() == FileType.YAML && f.yaml().flatMap(y -> y.fatal()).isPresent()) {
                read(f.path(), f.file().text(), byName);
            }
        }
        return byName.isEmpty() ? NONE : new UnparseableFiles(byName);
    }

    private static void read(String path, String text, Map<String, List<Named>> byName) {
        String kind = "";
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("---")) {
                kind = "";
            }
            Matcher m = KEY.matcher(line);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                if (m.group(1).equals("kind")) {
                    if (m.start() == 0) {
                        kind = value; // the document's; an indented one is a reference's (sourceRef.kind)
                    }
                } else if (!value.isEmpty()) {
                    List<Named> named = byName.computeIfAbsent(value, k -> new ArrayList<>());
                    Named n = new Named(kind, path);
                    if (!named.contains(n)) {
                        named.add(n);
                    }
                }
            }
        }
    }

    /**
     * The first unparseable file (in path order) whose text names an object {@code name} of one of {@code kinds} (or
     * of a kind its text does not show).
     */
    public Optional<String> mayHold(Collection<String> kinds, String name) {
        return byName.getOrDefault(name, List.of()).stream().filter(n -> n.kind().isEmpty() || kinds.contains(n.kind()))
                .map(Named::path).findFirst();
    }

    /** {@link #mayHold(Collection, String)} for one kind. */
    public Optional<String> mayHold(String kind, String name) {
        return mayHold(List.of(kind), name);
    }

    /** For messages: {@code may be in PATH, which does not parse (FW-G001)}. */
    public static String mayBeIn(String path) {
        return "may be in " + path + ", which does not parse (FW-G001)";
    }
}
