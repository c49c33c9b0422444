package io.fluxward.rules.general;

import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The YAML files of a repository that Flux or kustomize applies as Kubernetes manifests, each with
 * the reason we know it:
 *
 * <ol>
 *   <li>listed under {@code resources} (or {@code bases}) of a kustomization file: kustomize reads it;</li>
 *   <li>inside the {@code spec.path} of a Flux Kustomization where no kustomization file stops the walk:
 *       Flux generates a kustomization that takes every {@code .yaml}/{@code .yml} file there, except its
 *       default exclusions and {@code .sourceignore} patterns (domain facts §2.3);</li>
 *   <li>otherwise, only as a likely case: a folder that holds Kubernetes objects, with no kustomization
 *       file in it or above it, outside Helm charts (something outside this repository may apply it).</li>
 * </ol>
 *
 * Files that a kustomization uses in another role (patches, generator inputs, Helm values,
 * replacements, transformer configs) are never counted under rules 2 and 3.
 */
final class AppliedFiles {

    /** Why a file counts as a manifest. */
    record Reason(String text, Optional<Location> where, boolean certain) {
    }

    /** {@code group/version} of a built-in group without a dot, or of a DNS-style group. */
    private static final Pattern KUBERNETES_API_VERSION = Pattern.compile(
            "(?:apps|batch|autoscaling|policy|extensions|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)"
                    + "/v[1-9][0-9]*(?:(?:alpha|beta)[1-9][0-9]*)?");

    /** Kustomization fields that name files used as something other than a resource. */
    private static final List<String> PATH_LISTS = List.of("patchesStrategicMerge", "crds", "configurations",
            "transformers", "generators", "validators");

    private final RepositoryModel model;
    private final Kustomize kustomize;
    private final Map<String, Reason> applied = new TreeMap<>();
    private final Set<String> otherRoles = new HashSet<>();

    private AppliedFiles(RepositoryModel model) {
        this.model = model;
        this.kustomize = model.facet(Kustomize.FACET);
    }

    /** Every applied YAML file by path, with its reason. */
    static Map<String, Reason> of(RepositoryModel model) {
        AppliedFiles a = new AppliedFiles(model);
        for (FileModel k : a.kustomize.kustomizationFiles()) {
            a.readKustomization(k);
        }
        List<KubeObject> fluxKustomizations = model.objects().stream()
                .filter(o -> o.origin() != Origin.HELM_VALUES && o.is("kustomize.toolkit.fluxcd.io", "Kustomization"))
                .filter(o -> !a.otherRoles.contains(o.path()) && o.get("spec", "sourceRef").isMap())
                .toList();
        Set<String> own = a.ownSources(fluxKustomizations);
        for (KubeObject o : fluxKustomizations) {
            if (own.contains(sourceKey(o))) {
                a.readFluxKustomization(o);
            }
        }
        a.readLikelyFolders();
        return a.applied;
    }

    /**
     * The sources that hold this repository, as {@code Kind/namespace/name} (a sourceRef without namespace names one in
     * the Kustomization's own). Kustomizations also build other repositories and artifacts (Flux's own manifests,
     * ExternalArtifacts, a tenant's repository), whose {@code spec.path} means nothing here, whatever their name. The
     * Flux model's judgement comes first, as for FW-F009: the repository's own source ({@code flux.source}, the
     * bootstrap one, one of the same URL...) is; one defined with another repository's URL is not. With {@code
     * flux.source} configured nothing else is; otherwise a source of unknown tree is this repository when most of the
     * Kustomizations that use it name folders that exist here (the root path {@code ./} exists everywhere and proves
     * nothing).
     */
    private Set<String> ownSources(List<KubeObject> fluxKustomizations) {
        FluxModel flux = model.facet(FluxModel.FACET);
        boolean configured = model.config().string("flux", "source").isPresent();
        Map<String, int[]> votes = new TreeMap<>();
        Set<String> own = new HashSet<>();
        for (KubeObject o : fluxKustomizations) {
            String key = sourceKey(o);
            ObjectRef ref = sourceRef(o);
            if (flux.isRepoSource(ref)) {
                own.add(key);
                continue;
            }
            if (configured || flux.isOtherTree(ref)) {
                continue;
            }
            String dir = folder(o.get("spec", "path").textOr(""));
            if (dir != null && !dir.isEmpty()) {
                votes.computeIfAbsent(key, k -> new int[2])[model.isDirectory(dir) ? 0 : 1]++;
            }
        }
        votes.forEach((key, v) -> {
            if (v[0] > v[1]) {
                own.add(key);
            }
        });
        return own;
    }

    private static ObjectRef sourceRef(KubeObject flux) {
        YNode ref = flux.get("spec", "sourceRef");
        return ObjectRef.of(ref.get("kind").textOr("GitRepository"), ref.get("namespace").textOr(flux.namespace()),
                ref.get("name").textOr(""));
    }

    private static String sourceKey(KubeObject flux) {
        ObjectRef ref = sourceRef(flux);
        return ref.kind() + "/" + ref.namespace() + "/" + ref.name();
    }

    /** A Flux {@code spec.path} as a repo-relative folder, or null when it cannot be one (variables, outside). */
    private static String folder(String raw) {
        return raw.isEmpty() || raw.contains("${") ? null : Paths.normalize(raw);
    }

    private void readKustomization(FileModel k) {
        Named named = k.fact(NAMED);
        for (Map.Entry<String, YNode> resource : named.resources()) {
            String path = resource.getKey();
            FileType type = model.file(path).map(f -> f.file().type()).orElse(FileType.BINARY);
            if (type == FileType.YAML || type == FileType.JSON) {
                applied.put(path, new Reason("it is listed under resources of "
                        + model.snapshot().positionInRepository() + k.path() + ", so kustomize reads it",
                        Optional.of(k.location(resource.getValue())), true));
            }
        }
        for (String path : named.others()) {
            if (model.file(path).isPresent()) {
                otherRoles.add(path);
            }
        }
    }

    /**
     * The paths a kustomization file names, resolved against its folder (whether they exist is asked
     * per scan): resources with their entries, and files it uses in another role.
     */
    private record Named(List<Map.Entry<String, YNode>> resources, List<String> others) {
    }

    private static final FileFact<Named> NAMED = FileFact.of("kustomization file names", AppliedFiles::named);

    private static Named named(FileModel k) {
        if (k.documents().isEmpty() || !k.documents().get(0).root().isMap()) {
            return new Named(List.of(), List.of());
        }
        YNode root = k.documents().get(0).root();
        String dir = k.file().directory();
        List<YNode> entries = new ArrayList<>(root.get("resources").items());
        entries.addAll(root.get("bases").items());
        List<Map.Entry<String, YNode>> resources = new ArrayList<>();
        for (YNode entry : entries) {
            String path = pathOf(dir, entry.textOr(""));
            if (path != null) {
                resources.add(Map.entry(path, entry));
            }
        }
        List<String> others = new ArrayList<>();
        for (YNode patch : root.get("patches").items()) {
            other(dir, patch.get("path"), others);
        }
        for (YNode patch : root.get("patchesJson6902").items()) {
            other(dir, patch.get("path"), others);
        }
        for (String field : PATH_LISTS) {
            root.get(field).items().forEach(item -> other(dir, item, others));
        }
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (YNode g : root.get(generator).items()) {
                g.get("files").items().forEach(f -> other(dir, f, others));
                g.get("envs").items().forEach(f -> other(dir, f, others));
                other(dir, g.get("env"), others);
            }
        }
        for (YNode chart : root.get("helmCharts").items()) {
            other(dir, chart.get("valuesFile"), others);
            chart.get("additionalValuesFiles").items().forEach(f -> other(dir, f, others));
        }
        for (YNode replacement : root.get("replacements").items()) {
            other(dir, replacement.get("path"), others);
        }
        other(dir, root.at("openapi", "path"), others);
        return new Named(List.copyOf(resources), List.copyOf(others));
    }

    /** A file a kustomization uses in another role ({@code key=path} entries of generators too). */
    private static void other(String dir, YNode entry, List<String> others) {
        String ref = entry.textOr("");
        int eq = ref.indexOf('=');
        String path = pathOf(dir, eq >= 0 ? ref.substring(eq + 1) : ref);
        if (path != null) {
            others.add(path);
        }
    }

    private void readFluxKustomization(KubeObject flux) {
        YNode pathNode = flux.get("spec", "path");
        String raw = pathNode.textOr("");
        String dir = folder(raw);
        if (dir == null || !model.isDirectory(dir) || kustomize.kustomizationFile(dir).isPresent()) {
            return;
        }
        Reason reason = new Reason("Flux Kustomization " + flux.ref() + " applies its folder " + raw
                + ", which has no kustomization.yaml, so Flux decodes every YAML file there",
                Optional.of(flux.locationOf(pathNode)), true);
        for (FileModel f : model.filesUnder(dir)) {
            String p = f.path();
            if (isYaml(p) && !otherRoles.contains(p) && !belowKustomization(dir, p)
                    && !ignoredByFlux(p)) {
                applied.putIfAbsent(p, reason);
            }
        }
    }

    /** True when a folder between {@code top} (exclusive) and the file has a kustomization file: the walk stops there. */
    private boolean belowKustomization(String top, String path) {
        String dir = Paths.parent(path);
        while (!dir.equals(top) && Paths.isUnder(dir, top)) {
            if (kustomize.kustomizationFile(dir).isPresent()) {
                return true;
            }
            dir = Paths.parent(dir);
        }
        return false;
    }

    private void readLikelyFolders() {
        Map<String, List<FileModel>> byFolder = new LinkedHashMap<>();
        for (FileModel f : model.files()) {
            if (isYaml(f.path())) {
                byFolder.computeIfAbsent(f.file().directory(), d -> new ArrayList<>()).add(f);
            }
        }
        Set<String> charts = new HashSet<>();
        for (FileModel f : model.files()) {
            String name = f.file().name();
            if (name.equals("Chart.yaml") || name.equals("Chart.yml")) {
                charts.add(f.file().directory());
            }
        }
        byFolder.forEach((dir, files) -> {
            if (hasKustomizationAtOrAbove(dir) || insideChart(dir, charts)) {
                return;
            }
            Reason reason = new Reason("the folder holds Kubernetes manifests and has no kustomization.yaml, so whatever "
                    + "applies it reads every YAML file in it", Optional.empty(), false);
            int holders = 0;
            for (FileModel f : files) {
                holders += f.fact(HOLDS_KUBERNETES_OBJECTS) ? 1 : 0;
            }
            for (FileModel f : files) {
                // The folder counts as one of manifests by the other files in it, never by the file itself.
                boolean othersAreManifests = holders - (f.fact(HOLDS_KUBERNETES_OBJECTS) ? 1 : 0) > 0;
                if (othersAreManifests && !otherRoles.contains(f.path()) && !ignoredByFlux(f.path())) {
                    applied.putIfAbsent(f.path(), reason);
                }
            }
        });
    }

    private static final FileFact<Boolean> HOLDS_KUBERNETES_OBJECTS = FileFact.of("holds Kubernetes objects",
            file -> file.objects().stream()
                    .anyMatch(o -> o.origin() == Origin.DOCUMENT && isKubernetesApiVersion(o.apiVersion())));

    /**
     * True for an {@code apiVersion} the Kubernetes API could serve: {@code v1}, a built-in group
     * without a dot ({@code apps/v1}, {@code batch/v1}...) or a DNS-style group. Other tools' YAML
     * that mimics the shape ({@code v1alpha1} Talos machine configs, Helm's {@code Chart.yaml} with
     * {@code apiVersion: v2}) does not make a folder one of manifests.
     */
    static boolean isKubernetesApiVersion(String apiVersion) {
        return apiVersion.equals("v1") || KUBERNETES_API_VERSION.matcher(apiVersion).matches();
    }

    private boolean hasKustomizationAtOrAbove(String dir) {
        String d = dir;
        while (true) {
            if (kustomize.kustomizationFile(d).isPresent()) {
                return true;
            }
            if (d.isEmpty()) {
                return false;
            }
            d = Paths.parent(d);
        }
    }

    private static boolean insideChart(String dir, Set<String> charts) {
        for (String chart : charts) {
            if (Paths.isUnder(dir, chart)) {
                return true;
            }
        }
        return false;
    }

    /** Flux's default exclusions and the repository's {@code .sourceignore} files (the last matching pattern wins). */
    private boolean ignoredByFlux(String path) {
        return kustomize.excludedFromArtifact(path);
    }

    /** A local path a kustomization names, resolved against its folder; null for URLs, variables and paths outside. */
    private static String pathOf(String dir, String ref) {
        if (ref.isEmpty() || ref.contains("://") || ref.contains("${")) {
            return null;
        }
        return Paths.resolve(dir, ref.strip());
    }

    /**
     * What Flux's generator decodes: files whose extension is exactly {@code .yaml} or {@code .yml}
     * (Go's {@code filepath.Ext}, case-sensitive), other than kustomization files.
     */
    private static boolean isYaml(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !Kustomize.FILE_NAMES.contains(name);
    }
}
