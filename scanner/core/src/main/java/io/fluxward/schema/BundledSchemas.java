package io.fluxward.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * The Flux and External Secrets CRDs shipped inside fluxward ({@code io/fluxward/schema/crds/},
 * see VERSIONS.md there; read in their compact form, {@link CompactCrd}). A CRD is read the first
 * time an object of its kind is validated,
 * and each version's schema is compiled once per process: the files are immutable, so the cache
 * is shared by every scan.
 */
public final class BundledSchemas {

    private static final String ROOT = "/io/fluxward/schema/crds/";
    private static final BundledSchemas INSTANCE = new BundledSchemas();

    /** group/kind key ({@link Gvk#groupKind()}) to the CRD's file. */
    private final Map<String, String> files;
    /** group/kind keys of the bundled CRDs with {@code scope: Cluster}. */
    private final Set<String> clusterScoped;
    private final Properties releases = new Properties();
    private final Map<String, List<CrdVersion>> parsed = new ConcurrentHashMap<>();
    private final Map<Gvk, Optional<KubeSchema>> compiled = new ConcurrentHashMap<>();

    private BundledSchemas() {
        Map<String, String> index = new LinkedHashMap<>();
        Set<String> cluster = new TreeSet<>();
        try (InputStream in = open("index.json"); InputStream props = open("sources.properties")) {
            // org.json, as the CRDs themselves: Jackson is loaded only by the reports that write JSON.
            JSONArray entries = new JSONArray(new JSONTokener(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            for (int i = 0; i < entries.length(); i++) {
                JSONObject entry = entries.getJSONObject(i);
                index.put(entry.getString("kind") + "." + entry.getString("group"), entry.getString("file"));
                if (entry.optString("scope").equals("Cluster")) {
                    cluster.add(entry.getString("group") + "/" + entry.getString("kind"));
                }
            }
            releases.load(props);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled CRD index cannot be read", e);
        }
        this.files = Collections.unmodifiableMap(index);
        this.clusterScoped = Collections.unmodifiableSet(cluster);
    }

    public static BundledSchemas get() {
        return INSTANCE;
    }

    /** True when a bundled CRD defines this group and kind (in any version). */
    public boolean defines(Gvk gvk) {
        return files.containsKey(gvk.groupKind());
    }

    /** True when a bundled CRD defines this group and kind as cluster-scoped. */
    public boolean clusterScoped(String group, String kind) {
        return clusterScoped.contains(group + "/" + kind);
    }

    /** The versions the bundled CRD of this group and kind defines (served or not). */
    public Set<String> versions(Gvk gvk) {
        Set<String> out = new TreeSet<>();
        crd(gvk).forEach(v -> out.add(v.gvk().version()));
        return out;
    }

    /** The bundled CRD's entry for exactly this version. */
    public Optional<CrdVersion> version(Gvk gvk) {
        return crd(gvk).stream().filter(v -> v.gvk().version().equals(gvk.version())).findFirst();
    }

    /** The compiled schema of this group/version/kind, if a bundled CRD defines it. */
    public Optional<KubeSchema> schema(Gvk gvk) {
        if (!defines(gvk)) {
            return Optional.empty();
        }
        return compiled.computeIfAbsent(gvk, g -> version(g).flatMap(CrdVersion::schema)
                .map(s -> KubeSchema.fromOpenApi(g, s, SchemaOrigin.bundled("bundled "
                        + release(files.get(g.groupKind())) + " CRD"))));
    }

    private List<CrdVersion> crd(Gvk gvk) {
        String file = files.get(gvk.groupKind());
        if (file == null) {
            return List.of();
        }
        return parsed.computeIfAbsent(file, BundledSchemas::read);
    }

    private String release(String file) {
        for (String folder : releases.stringPropertyNames()) {
            if (file.startsWith(folder + "/")) {
                return releases.getProperty(folder);
            }
        }
        return file;
    }

    /** The versions of a bundled CRD, from its compact form (see {@link CompactCrd}). */
    private static List<CrdVersion> read(String file) {
        try (InputStream in = resource(CompactCrd.ROOT + CompactCrd.fileFor(file))) {
            return List.copyOf(CrdVersion.of(new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("bundled CRD " + file + " cannot be read", e);
        }
    }

    private static InputStream open(String name) throws IOException {
        return resource(ROOT + name);
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = BundledSchemas.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
