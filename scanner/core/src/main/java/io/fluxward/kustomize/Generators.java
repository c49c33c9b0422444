package io.fluxward.kustomize;

import io.fluxward.kustomize.Kustomize.EnvValue;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code configMapGenerator} and {@code secretGenerator} entries: the object each one makes (name,
 * namespace, labels, annotations, {@code immutable}, type) with data from {@code literals}, {@code files}
 * and {@code envs}, parsed as kustomize does. Generated Secrets carry masked values; their real values
 * are kept apart, only to compute the name hash. Values never appear in problems.
 */
final class Generators {

    /**
     * A file name as people write them, with a lower-case extension ({@code db.env}, {@code tls.crt}), shown in messages
     * even for a secretGenerator; anything else there may be a value written where a path belongs.
     */
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_.-]*\\.[a-z][a-z0-9]{0,9}");

    /** Reads the bytes of a repository file (null when it cannot be read). */
    @FunctionalInterface
    interface FileReader {
        byte[] read(String path);
    }

    /** The problem of a source naming a symbolic link kustomize cannot follow, or null (see {@code Builder}). */
    @FunctionalInterface
    interface LinkCheck {
        BuildProblem problem(Location at, String ref, String path);
    }

    /** The outcome for one entry: the object (if it could be made), its behaviour, problems. */
    record Generated(Res resource, String behavior, List<BuildProblem> problems, List<String> inputs, boolean complete) {
    }

    private Generators() {
    }

    static Generated generate(String kind, YNode entry, YNode globalOptions, FileModel kfile, String dir,
                              String position, FileReader reader, java.util.function.Predicate<String> exists,
                              java.util.function.Predicate<String> isFolder, LinkCheck brokenLink) {
        List<BuildProblem> problems = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        Location at = kfile.location(entry);
        String name = entry.get("name").textOr("");
        if (name.isEmpty()) {
            problems.add(new BuildProblem(BuildProblem.Kind.INVALID, at, kind + " generator entry has no name"));
            return new Generated(null, "create", problems, inputs, true);
        }
        String behavior = entry.get("behavior").textOr("create");
        if (!List.of("create", "merge", "replace").contains(behavior)) {
            // kustomize reads any other value as unspecified, which acts as create (kubectl kustomize v5.5).
            behavior = "create";
        }
        boolean secret = kind.equals("Secret");
        Map<String, byte[]> data = new LinkedHashMap<>();
        Map<String, Provenance.Input> read = new LinkedHashMap<>();
        boolean complete = true;
        // Where each literal is written: the generated key and value point at their list item, not the entry.
        Map<String, Span> literalAt = new LinkedHashMap<>();
        for (YNode literal : entry.get("literals").items()) {
            String text = literal.textOr("");
            int eq = text.indexOf('=');
            if (eq <= 0) {
                // kustomize: "invalid literal source ..., expected key=value" (an empty key too).
                problems.add(new BuildProblem(BuildProblem.Kind.INVALID, kfile.location(literal),
                        "literal is not key=value" + (eq == 0 ? " (its key is empty)" : "")));
                continue;
            }
            if (put(data, text.substring(0, eq), unquote(text.substring(eq + 1)).getBytes(StandardCharsets.UTF_8),
                    kfile.location(literal), problems)) {
                literalAt.put(text.substring(0, eq), literal.span());
            }
        }
        List<YNode> envs = new ArrayList<>(entry.get("envs").items());
        if (entry.get("env").isScalar()) {
            envs.add(entry.get("env"));
        }
        Sources sources = new Sources(kfile, dir, position, reader, exists, isFolder, brokenLink, problems, inputs,
                secret);
        for (YNode env : envs) {
            String text = env.textOr("");
            byte[] bytes = sources.read(env, text, text.indexOf('=') > 0 ? text.substring(0, text.indexOf('=')) : "");
            if (bytes != null) {
                String path = sources.last;
                for (Map.Entry<String, EnvValue> kv : envValues(bytes).entrySet()) {
                    EnvValue v = kv.getValue();
                    if (v.repeated()) {
                        problems.add(new BuildProblem(BuildProblem.Kind.INVALID, kfile.location(env), "key '" + kv.getKey()
                                + "' is set twice in '" + env.textOr("") + "'"));
                    }
                    if (put(data, kv.getKey(), v.value().getBytes(StandardCharsets.UTF_8), kfile.location(env), problems)) {
                        read.put(kv.getKey(), new Provenance.Input(path, v.line(), v.column()));
                    }
                }
            }
        }
        for (YNode file : entry.get("files").items()) {
            String spec = file.textOr("");
            int eq = spec.indexOf('=');
            String key = eq < 0 ? spec.substring(spec.lastIndexOf('/') + 1) : spec.substring(0, eq);
            String rel = eq < 0 ? spec : spec.substring(eq + 1);
            if (key.isEmpty() || rel.isEmpty()) {
                problems.add(new BuildProblem(BuildProblem.Kind.INVALID, kfile.location(file),
                        "file source is not [key=]path"));
                continue;
            }
            byte[] bytes = sources.read(file, rel, eq < 0 ? "" : key);
            if (bytes != null && put(data, key, bytes, kfile.location(file), problems)) {
                read.put(key, new Provenance.Input(sources.last, 1, 1));
            }
        }
        complete &= sources.complete;
        return new Generated(object(kind, entry, globalOptions, kfile, name, data, read, literalAt, secret), behavior,
                problems, inputs, complete);
    }

    private static Res object(String kind, YNode entry, YNode globalOptions, FileModel kfile, String name,
                              Map<String, byte[]> data, Map<String, Provenance.Input> read, Map<String, Span> literalAt,
                              boolean secret) {
        Span span = entry.span();
        List<YEntry> meta = new ArrayList<>();
        meta.add(new YEntry(Nodes.string("name", span), Nodes.string(name, entry.get("name").span())));
        String namespace = entry.get("namespace").textOr("");
        if (!namespace.isEmpty()) {
            meta.add(new YEntry(Nodes.string("namespace", span), Nodes.string(namespace, entry.get("namespace").span())));
        }
        YNode options = entry.get("options");
        Map<String, String> labels = new TreeMap<>(Nodes.stringMap(options.get("labels")));
        labels.putAll(Nodes.stringMap(globalOptions.get("labels")));
        Map<String, String> annotations = new TreeMap<>(Nodes.stringMap(options.get("annotations")));
        annotations.putAll(Nodes.stringMap(globalOptions.get("annotations")));
        if (!labels.isEmpty()) {
            meta.add(new YEntry(Nodes.string("labels", span), stringMapNode(labels, span)));
        }
        if (!annotations.isEmpty()) {
            meta.add(new YEntry(Nodes.string("annotations", span), stringMapNode(annotations, span)));
        }
        List<YEntry> top = new ArrayList<>();
        top.add(new YEntry(Nodes.string("apiVersion", span), Nodes.string("v1", span)));
        top.add(new YEntry(Nodes.string("kind", span), Nodes.string(kind, span)));
        top.add(new YEntry(Nodes.string("metadata", span), Nodes.map(meta, span)));
        Map<String, String> text = new TreeMap<>();
        Map<String, String> binary = new TreeMap<>();
        Map<String, String> secretValues = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            if (secret) {
                secretValues.put(e.getKey(), secretBase64(e.getValue()));
                text.put(e.getKey(), Kustomize.MASK);
            } else {
                Optional<String> utf8 = utf8(e.getValue());
                if (utf8.isPresent()) {
                    text.put(e.getKey(), utf8.get());
                } else {
                    binary.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
                }
            }
        }
        if (!text.isEmpty()) {
            top.add(new YEntry(Nodes.string("data", span), stringMapNode(text, span, literalAt)));
        }
        if (!binary.isEmpty()) {
            top.add(new YEntry(Nodes.string("binaryData", span), stringMapNode(binary, span, literalAt)));
        }
        if (secret) {
            String type = entry.get("type").textOr("Opaque");
            top.add(new YEntry(Nodes.string("type", span), Nodes.string(type, entry.get("type").isPresent()
                    ? entry.get("type").span() : span)));
        }
        boolean immutable = "true".equals(options.get("immutable").textOr(""))
                || "true".equals(globalOptions.get("immutable").textOr(""));
        if (immutable) {
            top.add(new YEntry(Nodes.string("immutable", span), Nodes.plain("true", span)));
        }
        YMap content = Nodes.map(top, span);
        boolean hash = !"true".equals(options.get("disableNameSuffixHash").textOr(""))
                && !"true".equals(globalOptions.get("disableNameSuffixHash").textOr(""));
        KubeObject origin = new KubeObject(kfile.path(), 0, content, Origin.DOCUMENT, Optional.empty());
        Map<YNode, Provenance.Input> values = new java.util.IdentityHashMap<>();
        for (String field : new String[] {"data", "binaryData"}) {
            for (YEntry e : content.get(field).effectiveEntries()) {
                Provenance.Input in = read.get(e.keyText());
                if (in != null) {
                    values.put(e.value(), in);
                }
            }
        }
        return new Res(origin, content, List.of(), Provenance.generated(kfile.location(entry), values), hash,
                secret ? Map.copyOf(secretValues) : null);
    }

    /**
     * Base64 as kustomize writes Secret values: one line when short, else lines of 70 characters
     * each ending with a newline (the hash is computed over this form).
     */
    static String secretBase64(byte[] value) {
        String encoded = Base64.getEncoder().encodeToString(value);
        int lineLength = 70;
        if (encoded.length() / lineLength + 1 <= 1) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length() + encoded.length() / lineLength + 1);
        for (int i = 0; i < encoded.length(); i += lineLength) {
            out.append(encoded, i, Math.min(encoded.length(), i + lineLength)).append('\n');
        }
        return out.toString();
    }

    private static YMap stringMapNode(Map<String, String> values, Span span) {
        return stringMapNode(values, span, Map.of());
    }

    /** A string map at {@code span}, except the keys {@code at} places elsewhere (generator literals). */
    private static YMap stringMapNode(Map<String, String> values, Span span, Map<String, Span> at) {
        List<YEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Span own = at.getOrDefault(e.getKey(), span);
            entries.add(new YEntry(Nodes.string(e.getKey(), own), Nodes.string(e.getValue(), own)));
        }
        return Nodes.map(entries, span);
    }

    /** Adds one key; false (and a problem) when the entry already has it. */
    private static boolean put(Map<String, byte[]> data, String key, byte[] value, Location at,
                               List<BuildProblem> problems) {
        if (data.containsKey(key)) {
            problems.add(new BuildProblem(BuildProblem.Kind.INVALID, at, "key '" + key + "' is generated twice"));
            return false;
        }
        data.put(key, value);
        return true;
    }

    /** Reads generator sources (files, env files) relative to the kustomization, recording what is missing. */
    private static final class Sources {
        private final FileModel kfile;
        private final String dir;
        private final String position;
        private final FileReader reader;
        private final java.util.function.Predicate<String> exists;
        private final java.util.function.Predicate<String> isFolder;
        private final LinkCheck brokenLink;
        private final List<BuildProblem> problems;
        private final List<String> inputs;
        private boolean complete = true;
        /** The path of the source read last. */
        private String last;
        /** A secretGenerator's: a source that is no file may be a value written where a path belongs. */
        private final boolean secret;

        Sources(FileModel kfile, String dir, String position, FileReader reader, java.util.function.Predicate<String> exists,
                java.util.function.Predicate<String> isFolder, LinkCheck brokenLink, List<BuildProblem> problems,
                List<String> inputs, boolean secret) {
            this.brokenLink = brokenLink;
            this.secret = secret;
            this.kfile = kfile;
            this.dir = dir;
            this.position = position;
            this.reader = reader;
            this.exists = exists;
            this.isFolder = isFolder;
            this.problems = problems;
            this.inputs = inputs;
        }

        /**
         * The bytes of the source {@code rel} named at {@code node} (with {@code key}, from {@code key=path}), or null
         * (recorded as a problem or as unseen).
         */
        byte[] read(YNode node, String rel, String key) {
            Location at = kfile.location(node);
            if (rel.startsWith("https://") || rel.startsWith("http://")) {
                // kustomize's loader fetches a generator file given as a URL; fluxward never does.
                problems.add(new BuildProblem(BuildProblem.Kind.REMOTE_RESOURCE, at, "remote file '" + rel + "' is not fetched"));
                complete = false;
                return null;
            }
            String path = io.fluxward.snapshot.Paths.resolve(dir, rel);
            if (path == null) {
                problems.add(BuildProblem.outside(at, position, dir, rel));
                complete = false;
                return null;
            }
            BuildProblem broken = brokenLink.problem(at, rel, path);
            if (broken != null) {
                problems.add(broken);
                complete = false;
                return null;
            }
            if (!exists.test(path) && secret && !FILE_NAME.matcher(rel.substring(rel.lastIndexOf('/') + 1)).matches()) {
                // `files: [DB_PASSWORD=s3cr3t]` or `envs: [TOKEN=...]`, literals written where a path belongs: the
                // "path" is a secret value, never to be printed (the line of the entry says which it is).
                problems.add(new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at, "a secretGenerator source "
                        + (key.isEmpty() ? "" : "'" + key + "=...' ") + "names no file (its text is not shown: it may "
                        + "be a value; KEY=VALUE pairs belong under literals:)"));
                complete = false;
                return null;
            }
            if (!exists.test(path) || isFolder.test(path)) {
                // kustomize reads a generator source as a file ("read conf: is a directory").
                problems.add(new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + rel + "' "
                        + (exists.test(path) ? "is a folder: generator sources must name files" : "does not exist")));
                complete = false;
                return null;
            }
            inputs.add(path);
            last = path;
            byte[] bytes = reader.read(path);
            complete &= bytes != null;
            return bytes;
        }
    }

    /** Strips one pair of matching surrounding quotes, as kustomize does for literal values. */
    static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** An env file: {@code KEY=value} lines; leading blanks trimmed, blank and {@code #} lines skipped. */
    static Map<String, EnvValue> envValues(byte[] bytes) {
        Map<String, EnvValue> out = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            String line = raw.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            int indent = raw.length() - line.length();
            int column = raw.codePointCount(0, indent + (eq < 0 ? line.length() : eq + 1)) + 1;
            // A key without '=' takes its value from the building process's environment: empty for Flux.
            String key = eq < 0 ? line : line.substring(0, eq);
            EnvValue first = out.putIfAbsent(key, new EnvValue(eq < 0 ? "" : line.substring(eq + 1), n + 1, column, false));
            if (first != null) {
                out.put(key, new EnvValue(first.value(), first.line(), first.column(), true));
            }
        }
        return out;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
