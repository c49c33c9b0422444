package io.fluxward.schema;

import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;

/**
 * The schemas of one scan, by group/version/kind, with this precedence:
 * <ol>
 *   <li>user folders: {@code schemas:} in {@code .fluxward.yaml} (folders of the repository, or
 *       absolute paths) and {@code --schemas DIR};</li>
 *   <li>CustomResourceDefinitions found in the scanned repository (a vendored
 *       {@code gotk-components.yaml}, a chart's {@code crds/}), which override the bundled ones
 *       for the versions they define;</li>
 *   <li>the Flux and External Secrets CRDs bundled with fluxward.</li>
 * </ol>
 * When several CRDs of the repository define the same version (one copy per cluster, an
 * archived copy), an object is valid when it matches any of them. Each schema is compiled once
 * per scan (bundled ones once per process) and reused for every object.
 */
public final class SchemaRegistry {

    /** The registry of a scan, built on first use. */
    public static final Facet<SchemaRegistry> FACET = Facet.of("schemas", SchemaRegistry::build);

    /**
     * The schemas that apply to an object.
     *
     * @param schemas       candidates in precedence order; valid against one means valid
     * @param knownVersions every version some source defines for the object's group and kind
     */
    public record Resolution(List<KubeSchema> schemas, Set<String> knownVersions) {

        public Resolution {
            schemas = List.copyOf(schemas);
            knownVersions = Set.copyOf(knownVersions);
        }

        public boolean hasSchema() {
            return !schemas.isEmpty();
        }
    }

    /**
     * A schema source that could not be used.
     *
     * @param location where it is in the repository, when it is there
     */
    public record Problem(String source, Optional<Location> location, String message) {
    }

    /** A CRD of the repository: its versions and where it is. */
    private record RepoCrd(CrdVersion version, Location location) {
    }

    private final List<SchemaFolder> folders;
    private final Map<String, List<RepoCrd>> repoCrds;
    private final CrdPatches crdPatches;
    private final Map<Gvk, Optional<KubeSchema>> patchedBundled = new ConcurrentHashMap<>();
    private final Map<Gvk, Resolution> cache = new ConcurrentHashMap<>();
    private final Map<RepoCrd, Optional<KubeSchema>> repoCompiled = new ConcurrentHashMap<>();
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());

    private SchemaRegistry(List<SchemaFolder> folders, Map<String, List<RepoCrd>> repoCrds, CrdPatches crdPatches,
                           List<Problem> problems) {
        this.folders = List.copyOf(folders);
        this.repoCrds = repoCrds;
        this.crdPatches = crdPatches;
        this.problems.addAll(problems);
    }

    /** A registry of the bundled schemas only (tests, benchmarks, embedding). */
    public static SchemaRegistry bundledOnly() {
        return new SchemaRegistry(List.of(), Map.of(), CrdPatches.none(), List.of());
    }

    private static SchemaRegistry build(RepositoryModel model) {
        List<Problem> problems = new ArrayList<>();
        List<SchemaFolder> folders = new ArrayList<>();
        List<String> dirs = new ArrayList<>(model.config().strings("schemas"));
        for (String dir : dirs) {
            String inRepo = Paths.normalize(dir);
            try {
                if (inRepo != null && (inRepo.isEmpty() || model.isDirectory(inRepo))) {
                    folders.add(SchemaFolder.fromSnapshot(model.snapshot(), inRepo));
                } else if (Path.of(dir).isAbsolute()) {
                    folders.add(SchemaFolder.load(Path.of(dir)));
                } else {
                    problems.add(new Problem(dir, Optional.empty(), "schema folder '" + dir + "' (from schemas: in "
                            + ".fluxward.yaml) is not a folder of the repository"));
                }
            } catch (IOException e) {
                problems.add(new Problem(dir, Optional.empty(), "cannot read schema folder '" + dir + "' ("
                        + e.getClass().getSimpleName() + ")"));
            }
        }
        for (Path dir : model.config().schemaDirs()) {
            folders.add(SchemaFolder.load(dir));
        }
        Map<String, List<RepoCrd>> crds = new LinkedHashMap<>();
        for (KubeObject o : model.objects()) {
            if (CrdVersion.isCrd(o.apiVersion(), o.kind())) {
                for (CrdVersion v : CrdVersion.of(o.node())) {
                    crds.computeIfAbsent(v.gvk().groupKind(), k -> new ArrayList<>()).add(new RepoCrd(v, o.location()));
                }
            }
        }
        return new SchemaRegistry(folders, crds, CrdPatches.of(model), problems);
    }

    /** The schemas for an object's group/version/kind (memoized). */
    public Resolution resolve(Gvk gvk) {
        return cache.computeIfAbsent(gvk, this::compute);
    }

    private Resolution compute(Gvk gvk) {
        Set<String> known = new TreeSet<>();
        List<KubeSchema> schemas = new ArrayList<>();
        for (SchemaFolder folder : folders) {
            known.addAll(folder.versions(gvk));
            if (schemas.isEmpty()) {
                schemas.addAll(folder.schemas(gvk));
            }
        }
        List<RepoCrd> inRepo = repoCrds.getOrDefault(gvk.groupKind(), List.of());
        inRepo.forEach(c -> known.add(c.version().gvk().version()));
        if (schemas.isEmpty()) {
            for (RepoCrd crd : inRepo) {
                if (crd.version().gvk().equals(gvk)) {
                    repoCompiled.computeIfAbsent(crd, this::compileRepo).ifPresent(schemas::add);
                }
            }
        }
        BundledSchemas bundled = BundledSchemas.get();
        known.addAll(bundled.versions(gvk));
        if (schemas.isEmpty()) {
            Optional<CrdVersion> version = bundled.version(gvk);
            if (version.isPresent() && crdPatches.patches(version.get().crdName())) {
                patchedBundled.computeIfAbsent(gvk, g -> version.get().schema().map(s -> KubeSchema.fromOpenApi(g,
                        crdPatches.apply(version.get().crdName(), s), bundled.schema(g).orElseThrow().origin())))
                        .ifPresent(schemas::add);
            } else {
                bundled.schema(gvk).ifPresent(schemas::add);
            }
        }
        return new Resolution(schemas, known);
    }

    private Optional<KubeSchema> compileRepo(RepoCrd crd) {
        if (crd.version().schema().isEmpty()) {
            return Optional.empty();
        }
        try {
            String name = crd.version().crdName();
            JSONObject schema = crdPatches.patches(name) ? crdPatches.apply(name, crd.version().schema().get())
                    : crd.version().schema().get();
            return Optional.of(KubeSchema.fromOpenApi(crd.version().gvk(), schema, SchemaOrigin.repository(crd.location())));
        } catch (RuntimeException e) {
            problems.add(new Problem("CustomResourceDefinition", Optional.of(crd.location()), "the schema of "
                    + crd.version().gvk() + " cannot be used (" + e.getClass().getSimpleName() + ")"));
            return Optional.empty();
        }
    }

    /** Sources that could not be used: the registry's own, then those of the user folders. */
    public List<Problem> problems() {
        List<Problem> out;
        synchronized (problems) {
            out = new ArrayList<>(problems);
        }
        for (SchemaFolder f : folders) {
            for (SchemaFolder.Problem p : f.problems()) {
                out.add(new Problem(f.name() + "/" + p.file(), p.location(), p.message()));
            }
        }
        return out;
    }
}
