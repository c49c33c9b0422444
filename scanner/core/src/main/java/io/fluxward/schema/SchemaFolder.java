package io.fluxward.schema;

import io.fluxward.model.Location;
import io.fluxward.snapshot.Paths;
import io.fluxward.snapshot.Snapshot;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.everit.json.schema.loader.SchemaClient;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * A folder of schemas given by the user ({@code schemas:} in {@code .fluxward.yaml}, or
 * {@code --schemas DIR}). It may hold:
 * <ul>
 *   <li>CustomResourceDefinitions ({@code .yaml}, {@code .yml} or {@code .json}, several per file);</li>
 *   <li>JSON Schemas ({@code .json}), matched to objects by their
 *       {@code x-kubernetes-group-version-kind} list, else by file name:
 *       {@code <group>/<kind>_<version>.json} (the layout of datreeio/CRDs-catalog) or
 *       {@code <kind>-<group prefix>-<version>.json} / {@code <kind>-<version>.json} (the layout of
 *       yannh/kubernetes-json-schema, e.g. {@code deployment-apps-v1.json}, {@code service-v1.json}).</li>
 * </ul>
 * A JSON Schema's {@code $ref}s may name other files of the folder; nothing is fetched from the
 * network. Schemas are compiled when an object first needs them.
 */
public final class SchemaFolder {

    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    private static final String SCHEME = "fluxward-schemas:/";
    /** Folders read in this process, with the listing they were read from (a resident server reads a changed one again). */
    private static final Map<Path, Loaded> LOADED = new ConcurrentHashMap<>();

    private record Loaded(Listing listing, SchemaFolder folder) {
    }

    /** A schema file of the folder: its path below it, size and modification time. */
    private record Found(String rel, long size, long modified) {
    }

    /** What one walk of the folder found, and why it found nothing or not everything. */
    private record Listing(List<Found> files, Optional<String> problem) {
    }

    /** Reads the folder's files by folder-relative path. */
    private interface Reader {
        byte[] read(String relative) throws IOException;
    }

    /** A file that could not be used, with where it is. */
    public record Problem(String file, Optional<Location> location, String message) {
    }

    private final String name;
    private final Reader reader;
    private final Optional<String> repoPrefix;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<Entry, Optional<KubeSchema>> compiled = new ConcurrentHashMap<>();

    private SchemaFolder(String name, Reader reader, Optional<String> repoPrefix) {
        this.name = name;
        this.reader = reader;
        this.repoPrefix = repoPrefix;
    }

    /**
     * A folder on disk, read once per process while its files keep their names, sizes and times (the
     * CLI pre-loads it to report problems early; the resident server scans many times).
     */
    public static SchemaFolder load(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        Listing listing = list(key);
        return LOADED.compute(key, (k, old) -> old != null && old.listing().equals(listing) ? old
                : new Loaded(listing, readDisk(k, listing))).folder();
    }

    /** The folder's schema files, in path order. */
    private static Listing list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), Optional.of("schema folder not found"));
        }
        List<Found> found = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        try (Stream<Path> walk = Files.walk(dir, 16)) {
            walk.filter(p -> isSchemaFile(p.getFileName().toString())).forEach(p -> {
                try {
                    var attributes = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        found.add(new Found(dir.relativize(p).toString().replace('\\', '/'), attributes.size(),
                                attributes.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // Gone or unreadable since the walk saw it: not a file to read.
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            problem = Optional.of("cannot list the folder (" + e.getClass().getSimpleName() + ")");
        }
        found.sort(java.util.Comparator.comparing(Found::rel));
        return new Listing(List.copyOf(found), problem);
    }

    private static SchemaFolder readDisk(Path dir, Listing listing) {
        SchemaFolder folder = new SchemaFolder(dir.toString(), rel -> Files.readAllBytes(resolveUnder(dir, rel)),
                Optional.empty());
        listing.problem().ifPresent(p -> folder.problems.add(new Problem(dir.toString(), Optional.empty(), p)));
        for (Found file : listing.files()) {
            if (file.size() > MAX_FILE_BYTES) {
                folder.problems.add(new Problem(file.rel(), Optional.empty(), "larger than 16 MiB, not read"));
                continue;
            }
            try {
                folder.index(file.rel(), folder.reader.read(file.rel()));
            } catch (IOException e) {
                folder.problems.add(new Problem(file.rel(), Optional.empty(), "cannot read (" + e.getClass().getSimpleName()
                        + ")"));
            }
        }
        return folder;
    }

    private static Path resolveUnder(Path dir, String rel) throws IOException {
        String normalized = Paths.normalize(rel);
        if (normalized == null) {
            throw new IOException("outside the schema folder");
        }
        return dir.resolve(normalized);
    }

    /** A folder inside the scanned snapshot ({@code schemas:} entries relative to the repository root). */
    public static SchemaFolder fromSnapshot(Snapshot snapshot, String dir) throws IOException {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        SchemaFolder folder = new SchemaFolder(dir, rel -> {
            String normalized = Paths.normalize(prefix + rel);
            if (normalized == null || !Paths.isUnder(normalized, dir)) {
                throw new IOException("outside the schema folder");
            }
            return snapshot.read(normalized);
        }, Optional.of(prefix));
        for (String path : snapshot.files()) {
            if (Paths.isUnder(path, dir) && isSchemaFile(path.substring(path.lastIndexOf('/') + 1))) {
                String rel = path.substring(prefix.length());
                if (snapshot.size(path) > MAX_FILE_BYTES) {
                    folder.problems.add(new Problem(rel, Optional.of(new Location(path, Span.START)),
                            "larger than 16 MiB, not read"));
                    continue;
                }
                folder.index(rel, snapshot.read(path));
            }
        }
        return folder;
    }

    private static boolean isSchemaFile(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** The folder as given (for messages). */
    public String name() {
        return name;
    }

    /** Files that could not be used, in the order met. */
    public List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** The schemas this folder has for an object's group/version/kind, compiled on first use. */
    public List<KubeSchema> schemas(Gvk gvk) {
        List<KubeSchema> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.matches(gvk)) {
                compiled.computeIfAbsent(e, this::compile).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The versions this folder defines for an object's group and kind. */
    public Set<String> versions(Gvk gvk) {
        Set<String> out = new TreeSet<>();
        for (Entry e : entries) {
            if (e.matchesGroupKind(gvk)) {
                out.add(e.version);
            }
        }
        return out;
    }

    private Optional<KubeSchema> compile(Entry e) {
        try {
            SchemaOrigin origin = SchemaOrigin.user(name + "/" + e.file, location(e.file, Span.START), e.crd);
            Gvk gvk = new Gvk(e.group == null ? e.groupPrefix : e.group, e.version, e.kind);
            if (e.crd) {
                return Optional.of(KubeSchema.fromOpenApi(gvk, e.schema, origin));
            }
            return Optional.of(KubeSchema.fromJsonSchema(gvk, e.schema, origin, client(), SCHEME + encode(e.file)));
        } catch (RuntimeException ex) {
            problems.add(new Problem(e.file, location(e.file, Span.START), "cannot be used as a schema ("
                    + ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage()) + ")"));
            return Optional.empty();
        }
    }

    private SchemaClient client() {
        return url -> {
            if (!url.startsWith(SCHEME)) {
                throw new IllegalArgumentException("only files of the schema folder are read, not " + url);
            }
            String rel = URLDecoder.decode(url.substring(SCHEME.length()), StandardCharsets.UTF_8);
            try {
                return new ByteArrayInputStream(reader.read(rel));
            } catch (IOException ex) {
                throw new IllegalArgumentException("cannot read " + rel + " (" + ex.getClass().getSimpleName() + ")");
            }
        };
    }

    private static String encode(String rel) {
        StringBuilder out = new StringBuilder();
        for (String part : rel.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private Optional<Location> location(String rel, Span span) {
        return repoPrefix.map(p -> new Location(p + rel, span));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private void index(String rel, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (rel.toLowerCase(Locale.ROOT).endsWith(".json")) {
            try {
                Object json = new org.json.JSONTokener(text).nextValue();
                if (json instanceof JSONObject o) {
                    indexJson(rel, o);
                } else {
                    problems.add(new Problem(rel, location(rel, Span.START), "not a JSON object"));
                }
            } catch (JSONException e) {
                problems.add(new Problem(rel, location(rel, Span.START), "not valid JSON"));
            }
            return;
        }
        YamlParse parse = YamlParser.parse(text);
        if (parse.fatal().isPresent()) {
            problems.add(new Problem(rel, location(rel, parse.fatal().get().span()), "not valid YAML"));
            return;
        }
        for (YDocument doc : parse.documents()) {
            if (doc.root() instanceof YMap map && CrdVersion.isCrd(map.get("apiVersion").textOr(""),
                    map.get("kind").textOr(""))) {
                addCrd(rel, CrdVersion.of(map));
            } else if (doc.root() instanceof YMap map && map.get("kind").textOr("").equals("List")) {
                map.get("items").items().forEach(item -> {
                    if (CrdVersion.isCrd(item.get("apiVersion").textOr(""), item.get("kind").textOr(""))) {
                        addCrd(rel, CrdVersion.of(item));
                    }
                });
            }
        }
    }

    private void indexJson(String rel, JSONObject o) {
        if (CrdVersion.isCrd(o.optString("apiVersion", ""), o.optString("kind", ""))) {
            addCrd(rel, CrdVersion.of(o));
            return;
        }
        JSONArray gvks = o.optJSONArray("x-kubernetes-group-version-kind");
        if (gvks != null) {
            for (int i = 0; i < gvks.length(); i++) {
                JSONObject g = gvks.optJSONObject(i);
                if (g != null && !g.optString("kind").isEmpty() && !g.optString("version").isEmpty()) {
                    entries.add(new Entry(rel, g.optString("group", ""), null, g.getString("version"),
                            g.getString("kind"), o, false));
                }
            }
            return;
        }
        fromFileName(rel, o).ifPresentOrElse(entries::add, () -> problems.add(new Problem(rel, location(rel, Span.START),
                "not a CRD, and neither x-kubernetes-group-version-kind nor the file name says which kind it is for")));
    }

    /** {@code group/kind_version.json}, {@code kind-groupprefix-version.json} or {@code kind-version.json}. */
    private static Optional<Entry> fromFileName(String rel, JSONObject schema) {
        String file = rel.substring(rel.lastIndexOf('/') + 1);
        String base = file.substring(0, file.length() - ".json".length());
        String parent = Paths.parent(rel);
        String parentName = parent.substring(parent.lastIndexOf('/') + 1);
        int underscore = base.lastIndexOf('_');
        if (underscore > 0 && parentName.contains(".")) {
            return Optional.of(new Entry(rel, parentName, null, base.substring(underscore + 1),
                    base.substring(0, underscore), schema, false));
        }
        String[] parts = base.split("-");
        if (parts.length == 2 && parts[1].matches("v\\d+((alpha|beta)\\d+)?")) {
            return Optional.of(new Entry(rel, "", null, parts[1], parts[0], schema, false));
        }
        if (parts.length >= 3 && parts[parts.length - 1].matches("v\\d+((alpha|beta)\\d+)?")) {
            String prefix = String.join("-", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
            return Optional.of(new Entry(rel, null, prefix, parts[parts.length - 1], parts[0], schema, false));
        }
        return Optional.empty();
    }

    private void addCrd(String rel, List<CrdVersion> versions) {
        for (CrdVersion v : versions) {
            v.schema().ifPresent(s -> entries.add(new Entry(rel, v.gvk().group(), null, v.gvk().version(),
                    v.gvk().kind(), s, true)));
        }
    }

    /**
     * One schema of the folder.
     *
     * @param group       exact group, or null when only its first label is known ({@code groupPrefix})
     * @param groupPrefix first label of the group from a file name, e.g. {@code networking}
     */
    private record Entry(String file, String group, String groupPrefix, String version, String kind,
                         JSONObject schema, boolean crd) {

        boolean matches(Gvk gvk) {
            return version.equals(gvk.version()) && matchesGroupKind(gvk);
        }

        boolean matchesGroupKind(Gvk gvk) {
            if (!kind.equalsIgnoreCase(gvk.kind())) {
                return false;
            }
            if (group != null) {
                return group.equalsIgnoreCase(gvk.group());
            }
            String first = gvk.group().isEmpty() ? "" : gvk.group().split("\\.")[0];
            return groupPrefix.equalsIgnoreCase(first);
        }
    }
}
