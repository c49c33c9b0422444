package io.fluxward.model;

import io.fluxward.config.Limits;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import io.fluxward.yaml.YamlProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Turns a file's bytes into a {@link FileModel}: decodes the text (UTF-8 with or without BOM,
 * UTF-16 with BOM), tells binary from text, parses YAML and finds objects and suppressions.
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
        FileType type = FileType.byName(path);
        if (bytes.length == 0) {
            Optional<YamlParse> noDocuments = type == FileType.TEXT ? Optional.empty()
                    : Optional.of(new YamlParse(List.of(), List.of()));
            return new Loaded(Optional.of(new FileModel(new SourceFile(path, type, "", 0, blobId), noDocuments,
                    List.of(), List.of(), false)), List.of(Note.info(path, "empty file: nothing to check")));
        }
        Decoded decoded = decode(bytes);
        if (decoded.binary) {
            List<Note> notes = type == FileType.TEXT ? List.of()
                    : List.of(Note.warning(path, "binary content (NUL bytes) in a " + type.name() + " file: not scanned"));
            return new Loaded(Optional.of(new FileModel(new SourceFile(path, FileType.BINARY, "", bytes.length, blobId),
                    Optional.empty(), List.of(), List.of(), false)), notes);
        }
        String text = decoded.text;
        SourceFile file = new SourceFile(path, type, text, bytes.length, blobId);
        List<Suppression> suppressions = Suppression.parse(text);
        if (type == FileType.TEXT) {
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, false)), List.of());
        }
        if (chartTemplate) {
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, true)),
                    List.of(Note.info(path, "Helm chart template: not parsed as YAML")));
        }
        if (decoded.badByteLine > 0) {
            YamlParse broken = new YamlParse(List.of(), List.of(new YamlProblem(YamlProblem.Kind.SYNTAX,
                    "not valid UTF-8 (first bad byte on this line)", Span.of(decoded.badByteLine, 1))));
            return new Loaded(Optional.of(new FileModel(file, Optional.of(broken), List.of(), suppressions, false)), List.of());
        }
        YamlParse parse = parser.parseText(text);
        if (parse.fatal().filter(p -> p.kind() == YamlProblem.Kind.SYNTAX).isPresent() && text.contains("{{")) {
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, true)),
                    List.of(Note.info(path, "Go template (contains {{ and is not valid YAML): not parsed")));
        }
        if (type == FileType.JSON && parse.fatal().isPresent()) {
            YamlProblem p = parse.fatal().get();
            return new Loaded(Optional.of(new FileModel(file, Optional.empty(), List.of(), suppressions, false)),
                    List.of(new Note(Note.Kind.INFO, path, p.span().line(), "not parseable as JSON/YAML: " + p.message())));
        }
        List<KubeObject> objects = ObjectExtractor.extract(path, parse.documents());
        return new Loaded(Optional.of(new FileModel(file, Optional.of(parse), objects, suppressions, false)), List.of());
    }

    private record Decoded(String text, boolean binary, int badByteLine) {
    }

    private static Decoded decode(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            boolean big = bytes[0] == (byte) 0xFE;
            String text = new String(bytes, 2, bytes.length - 2,
                    big ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
            return new Decoded(text, false, 0);
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        int probe = Math.min(bytes.length, 8000);
        for (int i = start; i < probe; i++) {
            if (bytes[i] == 0) {
                return new Decoded("", true, 0);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
            return new Decoded(text, false, 0);
        } catch (CharacterCodingException e) {
            // Keep the text readable for the key and credential patterns (ASCII), and remember where it broke.
            String text = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
            return new Decoded(text, false, firstBadLine(bytes, start));
        }
    }

    private static int firstBadLine(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int lineStart = start;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                lineStart = i + 1;
            }
        }
        return line;
    }
}
