package io.fluxward.model;

import io.fluxward.config.Limits;
import io.fluxward.model.Decoding.Decoded;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import io.fluxward.yaml.YamlProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a file's bytes into a {@link FileModel}: decodes the text ({@link Decoding}), tells binary
 * from text, parses YAML and finds objects and suppressions. Never throws on what the file holds.
 */
public final class FileLoader {

    /** The result of loading: a model (when there is anything to check) and notes about the file. */
    public record Loaded(Optional<FileModel> model, List<Note> notes) {
    }

    private final Limits limits;
    private final YamlParser parser;

    public FileLoader(Limits limits) {
        this.limits = limits;
        this.parser = new YamlParser(limits.yaml());
    }

    /**
     * Loads one file.
     *
     * @param chartTemplate true when the file lies in a Helm chart's {@code templates/} folder
     */
    public Loaded load(String path, byte[] bytes, Optional<String> blobId, boolean chartTemplate) {
        return load(path, bytes, blobId, chartTemplate, FileType.byName(path));
    }

    /**
     * Loads one file read as {@code type} whatever its name says (kustomize reads a file its kustomization lists as
     * YAML, whatever the extension).
     */
    public Loaded load(String path, byte[] bytes, Optional<String> blobId, boolean chartTemplate, FileType type) {
        if (bytes.length == 0) {
            Optional<YamlParse> noDocuments = type == FileType.TEXT ? Optional.empty()
                    : Optional.of(new YamlParse(List.of(), List.of()));
            return new Loaded(Optional.of(new FileModel(new SourceFile(path, type, "", 0, blobId), noDocuments,
                    List.of(), List.of(), false)), List.of(Note.info(path, "empty file: nothing to check")));
        }
        Decoded decoded = Decoding.decode(bytes, type != FileType.TEXT);
        if (decoded.binary()) {
            return new Loaded(Optional.of(new FileModel(new SourceFile(path, FileType.BINARY, "", bytes.length, blobId),
                    Optional.empty(), List.of(), List.of(), false)), List.of());
        }
        String text = decoded.text();
        if (OwnReports.isOwnSarif(text)) {
            return new Loaded(Optional.empty(), List.of(Note.info(path, "not scanned: a SARIF report written by fluxward "
                    + "(its rule help quotes example keys)")));
        }
        SourceFile file = new SourceFile(path, type, text, bytes.length, blobId);
        List<Suppression> suppressions = Suppression.parse(text);
        List<Note> notes = new ArrayList<>();
        decoded.notes().forEach(n -> notes.add(new Note(n.kind(), path, n.line(), n.message())));
        if (type == FileType.TEXT) {
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, false)), notes);
        }
        if (chartTemplate) {
            notes.add(Note.info(path, "Helm chart template: not parsed as YAML"));
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, true)), notes);
        }
        if (decoded.problem().isPresent()) {
            YamlParse broken = new YamlParse(List.of(), List.of(decoded.problem().get()));
            if (type == FileType.JSON) {
                notes.add(new Note(Note.Kind.INFO, path, decoded.problem().get().span().line(),
                        "not parseable as JSON/YAML: " + decoded.problem().get().message()));
                return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, false)), notes);
            }
            return new Loaded(Optional.of(new FileModel(file, Optional.of(broken), List.of(), suppressions, false)), notes);
        }
        // Decided here once for every rule: "{{" only inside strings (an Alertmanager config in a Secret, an
        // ExternalSecret's template) is content, and such a file is read as the YAML it is.
        if (text.contains("{{") && GoTemplates.isTemplate(path, text)) {
            notes.add(Note.info(path, "Helm template: not parsed as YAML"));
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, true)), notes);
        }
        YamlParse parse = parser.parseText(type == FileType.JSON || path.endsWith(".json") ? jsonTabsAsSpaces(text) : text);
        if (type == FileType.JSON && parse.fatal().isPresent()) {
            YamlProblem p = parse.fatal().get();
            notes.add(new Note(Note.Kind.INFO, path, p.span().line(), "not parseable as JSON/YAML: " + p.message()));
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, false)), notes);
        }
        tagNote(path, parse).ifPresent(notes::add);
        List<KubeObject> objects = ObjectExtractor.extract(path, parse.documents());
        // Parsed: only real comments suppress, not text in a string (files not parsed keep the text's every match).
        return new Loaded(Optional.of(new FileModel(file, Optional.of(parse), objects, Suppression.parse(text, parse), false)),
                notes);
    }

    /**
     * JSON takes a tab wherever it takes a space, and sops indents the JSON it writes with tabs; YAML (which
     * parses our JSON) refuses tabs in some of those places. A space for each tab outside strings keeps
     * every line and column. Only for a document that starts as JSON does (with a brace or a bracket).
     */
    public static String jsonTabsAsSpaces(String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (text.indexOf('\t') < 0 || start == text.length() || (text.charAt(start) != '{' && text.charAt(start) != '[')) {
            return text;
        }
        char[] chars = text.toCharArray();
        boolean inString = false;
        for (int i = start; i < chars.length; i++) {
            char c = chars[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '\t') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    /** Language-specific tags are never constructed; one note per file says they were seen and ignored. */
    private static Optional<Note> tagNote(String path, YamlParse parse) {
        List<YamlProblem> tags = parse.problems().stream().filter(p -> p.kind() == YamlProblem.Kind.UNSAFE_TAG).toList();
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        YamlProblem first = tags.get(0);
        return Optional.of(new Note(Note.Kind.WARNING, path, first.span().line(), first.message()
                + (tags.size() > 1 ? " (and " + (tags.size() - 1) + " more)" : "")));
    }
}
