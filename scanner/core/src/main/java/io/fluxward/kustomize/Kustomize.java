package io.fluxward.kustomize;

import io.fluxward.model.Facet;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process kustomize: builds folders of the repository without running kustomize or fetching
 * anything. Builds are memoized per folder (without Flux overrides).
 */
public final class Kustomize {

    /** The repository's kustomize view, computed on first use. */
    public static final Facet<Kustomize> FACET = Facet.of("kustomize", Kustomize::new);

    /** File names kustomize recognises, in its order of preference. */
    public static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private final RepositoryModel model;
    private final Map<String, Build> builds = new ConcurrentHashMap<>();

    private Kustomize(RepositoryModel model) {
        this.model = model;
    }

    /** The kustomization file of a folder, if it has one. */
    public Optional<FileModel> kustomizationFile(String dir) {
        for (String name : FILE_NAMES) {
            Optional<FileModel> f = model.file(dir.isEmpty() ? name : dir + "/" + name);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** Every kustomization file in the repository. */
    public List<FileModel> kustomizationFiles() {
        List<FileModel> out = new ArrayList<>();
        for (FileModel f : model.files()) {
            if (FILE_NAMES.contains(f.file().name())) {
                out.add(f);
            }
        }
        return out;
    }

    /** Builds a folder as {@code kustomize build} (or Flux's generated kustomization) would. */
    public Build build(String dir) {
        return builds.computeIfAbsent(dir, d -> buildFolder(d, new HashSet<>()));
    }

    /** Builds a Flux Kustomization's {@code spec.path} with the fields Flux writes into its root. */
    public Build build(String dir, FluxOverrides overrides) {
        Build base = build(dir);
        if (overrides.targetNamespace().isEmpty() && overrides.namePrefix().isEmpty()
                && overrides.nameSuffix().isEmpty()) {
            return base;
        }
        List<Resource> out = new ArrayList<>();
        for (Resource r : base.resources()) {
            String ns = overrides.targetNamespace().isEmpty() || ClusterScope.isClusterScoped(r.group(), r.kind())
                    ? r.namespace() : overrides.targetNamespace();
            String name = r.kind().equals("Namespace") && !overrides.targetNamespace().isEmpty()
                    ? overrides.targetNamespace() : overrides.namePrefix() + r.name() + overrides.nameSuffix();
            out.add(new Resource(r.origin(), r.content(), r.group(), r.version(), r.kind(), ns, name));
        }
        return new Build(dir, out, base.problems(), base.complete());
    }

    private Build buildFolder(String dir, Set<String> visiting) {
        List<Resource> resources = new ArrayList<>();
        List<BuildProblem> problems = new ArrayList<>();
        boolean complete = true;
        if (!visiting.add(dir)) {
            return new Build(dir, List.of(), List.of(new BuildProblem(BuildProblem.Kind.CYCLE,
                    new Location(dir, Span.START), "kustomization includes itself")), false);
        }
        Optional<FileModel> kfile = kustomizationFile(dir);
        if (kfile.isEmpty()) {
            complete = generated(dir, resources, problems, visiting);
        } else {
            FileModel k = kfile.get();
            YNode root = k.documents().isEmpty() ? YMissing.INSTANCE : k.documents().get(0).root();
            if (!root.isMap()) {
                visiting.remove(dir);
                return new Build(dir, List.of(), List.of(), false);
            }
            List<YNode> entries = new ArrayList<>(root.get("resources").items());
            entries.addAll(root.get("bases").items());
            for (YNode entry : entries) {
                complete &= include(k, dir, entry, resources, problems, visiting);
            }
            String namespace = root.get("namespace").textOr("");
            if (!namespace.isEmpty()) {
                List<Resource> moved = new ArrayList<>();
                for (Resource r : resources) {
                    moved.add(ClusterScope.isClusterScoped(r.group(), r.kind()) ? r
                            : new Resource(r.origin(), r.content(), r.group(), r.version(), r.kind(), namespace, r.name()));
                }
                resources = moved;
            }
        }
        visiting.remove(dir);
        return new Build(dir, resources, problems, complete);
    }

    private boolean include(FileModel k, String dir, YNode entry, List<Resource> out, List<BuildProblem> problems,
                            Set<String> visiting) {
        String ref = entry.textOr("");
        Location at = k.location(entry);
        if (ref.contains("://") || ref.startsWith("github.com/") || ref.startsWith("git@")) {
            problems.add(new BuildProblem(BuildProblem.Kind.REMOTE_RESOURCE, at, "remote resource not fetched"));
            return false;
        }
        String path = Paths.resolve(dir, ref);
        if (path == null) {
            problems.add(new BuildProblem(BuildProblem.Kind.OUTSIDE_ROOT, at, "path leaves the repository"));
            return false;
        }
        if (model.isDirectory(path)) {
            Build nested = buildFolder(path, visiting);
            out.addAll(nested.resources());
            problems.addAll(nested.problems());
            return nested.complete();
        }
        Optional<FileModel> file = model.file(path);
        if (file.isEmpty()) {
            problems.add(new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + ref + "' does not exist"));
            return false;
        }
        addObjects(file.get(), out);
        return true;
    }

    private boolean generated(String dir, List<Resource> out, List<BuildProblem> problems, Set<String> visiting) {
        boolean complete = true;
        Set<String> nestedRoots = new HashSet<>();
        for (FileModel f : model.files()) {
            String p = f.path();
            if (!Paths.isUnder(p, dir) || p.equals(dir)) {
                continue;
            }
            String rel = dir.isEmpty() ? p : p.substring(dir.length() + 1);
            String sub = nestedKustomizationRoot(dir, rel);
            if (sub != null) {
                if (nestedRoots.add(sub)) {
                    Build nested = buildFolder(sub, visiting);
                    out.addAll(nested.resources());
                    problems.addAll(nested.problems());
                    complete &= nested.complete();
                }
                continue;
            }
            String lower = p.toLowerCase(java.util.Locale.ROOT);
            if ((lower.endsWith(".yaml") || lower.endsWith(".yml")) && !f.file().name().equals(".sops.yaml")) {
                addObjects(f, out);
            }
        }
        return complete;
    }

    /** The first folder between {@code dir} and the file {@code rel} that has a kustomization file, or null. */
    private String nestedKustomizationRoot(String dir, String rel) {
        String[] parts = rel.split("/");
        StringBuilder current = new StringBuilder(dir);
        for (int i = 0; i < parts.length - 1; i++) {
            if (current.length() > 0) {
                current.append('/');
            }
            current.append(parts[i]);
            if (kustomizationFile(current.toString()).isPresent()) {
                return current.toString();
            }
        }
        return null;
    }

    private static void addObjects(FileModel file, List<Resource> out) {
        for (KubeObject o : file.objects()) {
            if (o.origin() == io.fluxward.model.Origin.DOCUMENT) {
                out.add(new Resource(o, o.node(), o.group(), o.version(), o.kind(), o.namespace(), o.name()));
            }
        }
    }
}
