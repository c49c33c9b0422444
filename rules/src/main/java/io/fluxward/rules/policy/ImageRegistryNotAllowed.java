package io.fluxward.rules.policy;

import io.fluxward.engine.Fingerprints;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Vars;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.FluxRoot;
import io.fluxward.kustomize.FluxOverrides;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.ObjectExtractor;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** FW-P001: a container image from a registry outside {@code allowedRegistries}. */
@RuleInfo(
        id = "FW-P001",
        name = "image-registry-not-allowed",
        level = Level.ERROR,
        summary = "A container image comes from a registry outside the configured allowedRegistries.",
        description = """
                Platform teams pull every image through their own mirror or curated registry. Checks the `image` of \
                every container, init and ephemeral container of Pods, PodTemplates and workload \
                templates (`spec.template`, CronJob `spec.jobTemplate`), objects in HelmRelease values \
                included, and HelmRelease values `image.repository` or `image.image` (after `image.registry`). \
                References are normalised as the runtime does (`nginx` is `docker.io/library/nginx`). A \
                manifest is judged as the builds deploying it render it (Flux Kustomizations with their `spec.patches` and \
                `spec.images`, top kustomization folders): an image a patch sets at the patch, an `images:` \
                `newName` where written, the manifest's value where a build keeps it; included by no build, \
                as written; removed by every build reading it (`$patch: delete`), not at all. \
                A `${VAR}` is judged as the Kustomization's postBuild substitutes it when the value is \
                known (`substitute`, repository ConfigMaps, defaults); unknown ones and `{{ }}` are not checked. \
                Opt-in.""",
        fix = """
                Pull the image through an allowed registry (mirror it first, e.g. `crane copy \
                docker.io/library/nginx:1.27 ghcr.io/acme-corp/mirror/nginx:1.27`), or rename it for the \
                whole kustomization with `images: [{name: nginx, newName: ghcr.io/acme-corp/mirror/nginx}]`. \
                Allowed prefixes are whole path segments; `*` matches within one segment:

                ```yaml
                rules:
                  FW-P001: { enabled: true }
                allowedRegistries: ["ghcr.io/acme-corp", "registry.k8s.io", "*.dkr.ecr.*.amazonaws.com"]
                ```""",
        bad = """
                # file: .fluxward.yaml
                rules:
                  FW-P001: { enabled: true }
                allowedRegistries: ["ghcr.io/acme-corp"]
                # file: apps/web.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: apps
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: nginx:1.27
                """,
        good = """
                # file: .fluxward.yaml
                rules:
                  FW-P001: { enabled: true }
                allowedRegistries: ["ghcr.io/acme-corp"]
                # file: apps/web.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: apps
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme-corp/mirror/nginx:1.27
                """,
        tags = {"policy", "supply-chain", "security"},
        securitySeverity = "6.1",
        optIn = true)
public final class ImageRegistryNotAllowed implements RepositoryRule {

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        Judge judge = new Judge(context, model, model.config().strings("allowedRegistries"));
        Map<KubeObject, Set<String>> newNames = renames(model, judge);
        Deployed deployed = new Deployed(model);
        for (KubeObject object : model.objects()) {
            // Objects in HelmRelease values are rendered by Helm, after kustomize: judged as written.
            List<Render> renders = object.origin() == Origin.HELM_VALUES ? List.of() : deployed.renders(object);
            boolean helmRelease = object.kind().equals("HelmRelease") && object.group().startsWith("helm.toolkit.fluxcd.io");
            if (renders.isEmpty()) {
                if (object.origin() != Origin.HELM_VALUES && deployed.removed(object)) {
                    continue; // read by builds that all remove it: nothing deploys it
                }
                images(object.group(), object.kind(), object.node()).forEach(image -> judge.image(object.path(), image));
                if (helmRelease) {
                    helmValues(judge, object.node(), node -> object.path(), List.of());
                }
                continue;
            }
            Set<YNode> written = Collections.newSetFromMap(new IdentityHashMap<>());
            written.addAll(images(object.group(), object.kind(), object.node()));
            Set<String> renamedTo = newNames.getOrDefault(object, Set.of());
            for (Render render : renders) {
                Resource r = render.resource();
                for (YNode image : images(r.group(), r.kind(), r.content())) {
                    // What a kustomize images: entry renamed to is judged at its newName; a patch's value at the patch.
                    if (written.contains(image) || !renamedTo.contains(imageName(image.textOr("")))) {
                        judge.check(r.locationOf(image).path(), image, image.textOr(""), render.vars());
                    }
                }
                if (helmRelease) {
                    helmValues(judge, r.content(), node -> r.locationOf(node).path(), render.vars());
                }
            }
        }
    }

    /** The {@code image} nodes of every container of an object's pod specs. */
    private static List<YNode> images(String group, String kind, YNode object) {
        List<YNode> out = new ArrayList<>();
        for (YNode pod : podSpecs(group, kind, object)) {
            for (String list : CONTAINER_LISTS) {
                for (YNode container : pod.get(list).items()) {
                    out.add(container.get("image"));
                }
            }
        }
        return out;
    }

    /** Pod specs of workloads: Pod, PodTemplate, anything with {@code spec.template} or a CronJob {@code jobTemplate}. */
    private static List<YNode> podSpecs(String group, String kind, YNode object) {
        List<YNode> out = new ArrayList<>();
        if (group.isEmpty() && kind.equals("Pod")) {
            out.add(object.get("spec"));
        } else if (group.isEmpty() && kind.equals("PodTemplate")) {
            out.add(object.at("template", "spec"));
        } else {
            out.add(object.at("spec", "template", "spec"));
            out.add(object.at("spec", "jobTemplate", "spec", "template", "spec"));
        }
        out.removeIf(n -> !n.isMap());
        return out;
    }

    /**
     * HelmRelease values: every {@code image} mapping with a {@code repository} (and optional {@code registry}), or
     * with a {@code registry} and an {@code image} or {@code name};
     * {@code fileOf} names the file a node is written in (a patch's, for values a patch set); {@code vars} are the
     * post-build variables of the Kustomizations that apply the release.
     */
    private static void helmValues(Judge judge, YNode release, Function<YNode, String> fileOf, List<Vars> vars) {
        YNode values = release.at("spec", "values");
        YWalker.walk(values, (path, node) -> {
            if (node != values && node instanceof YMap map && ObjectExtractor.isObject(map)) {
                return false; // an embedded object: checked as an object of its own
            }
            YNode image = node.get("image");
            YNode registry = image.get("registry");
            // The repository, or (ingress-nginx and other charts) `image` / `name` under a registry.
            YNode repository = image.get("repository").hasText() || !registry.hasText() ? image.get("repository")
                    : image.get("image").hasText() ? image.get("image") : image.get("name");
            if (image.isMap() && repository.hasText()) {
                String text = registry.hasText() ? registry.textOr("") + "/" + repository.textOr("") : repository.textOr("");
                YNode at = registry.hasText() ? registry : repository;
                judge.check(fileOf.apply(at), at, text, vars);
            }
            return true;
        });
    }

    /**
     * Judges image references against {@code allowedRegistries}, each place once: one base value several builds
     * render, or one patch several builds apply, is one finding.
     */
    private static final class Judge {
        private final RuleContext context;
        private final RepositoryModel model;
        private final List<String> allowed;
        private final List<Pattern> patterns;
        private final Set<String> seen = new HashSet<>();

        Judge(RuleContext context, RepositoryModel model, List<String> allowed) {
            this.context = context;
            this.model = model;
            this.allowed = allowed;
            this.patterns = allowed.stream().map(ImageRef::normalizePrefix).map(ImageRef::prefixPattern).toList();
        }

        void image(String path, YNode image) {
            check(path, image, image.textOr(""), List.of());
        }

        /**
         * Judges a reference with post-build variables as each applier of {@code vars} substitutes it, when it knows
         * every value (a {@code ${VAR}} it cannot resolve is not judged).
         */
        void check(String path, YNode at, String written, List<Vars> vars) {
            if (!written.contains("${")) {
                judge(path, at, written, written);
                return;
            }
            vars.stream().map(v -> v.expand(written)).flatMap(Optional::stream).distinct().forEach(image ->
                    judge(path, at, image, "'" + written + "' (after postBuild substitution: '" + image + "')"));
        }

        /** @param shown the reference for the message */
        private void judge(String path, YNode at, String image, String shown) {
            Optional<ImageRef> parsed = ImageRef.parse(image);
            if (parsed.isEmpty() || !seen.add(path + "\u0000" + at.span() + "\u0000" + image)) {
                return;
            }
            ImageRef ref = parsed.get();
            if (patterns.stream().anyMatch(p -> p.matcher(ref.location()).matches())) {
                return;
            }
            String list = allowed.isEmpty() ? "allowedRegistries is empty: list the registries images may come from"
                    : "allowed: " + String.join(", ", allowed);
            RuleContext.FindingBuilder finding = context.at(path, at);
            if (!written(path, at)) {
                // A value a build made (an images: rename) has no place in a file: it is known by its reference.
                finding.key(ref.location() + "=" + image);
            }
            finding.message("image " + (shown.equals(image) ? "'" + image + "'" : shown) + " comes from " + ref.location()
                    + ", which is not in allowedRegistries (" + list + ")").report();
        }

        /**
         * Whether the node is written in the file, so the finding is known by its place there (the container's
         * name, {@code containers[name=web].image}), as other findings are: two images of one repository in a file
         * are two findings whatever their order, and a new tag of an image keeps its finding.
         */
        private boolean written(String path, YNode at) {
            return model.file(path).map(f -> Fingerprints.written(f, at) || Fingerprints.locate(f, at).equals("text"))
                    .orElse(false);
        }
    }

    /**
     * Checks the {@code newName}s of the image renames of kustomization files and Flux Kustomizations where they are
     * written; returns, for each object of a renaming folder's build, the names it may be renamed to.
     */
    private static Map<KubeObject, Set<String>> renames(RepositoryModel model, Judge judge) {
        Kustomize kustomize = model.facet(Kustomize.FACET);
        Map<KubeObject, Set<String>> out = new IdentityHashMap<>();
        for (FileModel k : kustomize.kustomizationFiles()) {
            for (YDocument doc : k.documents()) {
                addRenames(kustomize, judge, out, k.path(), doc.root().get("images"), Paths.parent(k.path()));
            }
        }
        Map<KubeObject, String> folders = new IdentityHashMap<>();
        fluxFolders(model).forEach(root -> folders.put(root.kustomization(), root.dir()));
        model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").filter(o -> o.origin() != Origin.HELM_VALUES)
                .forEach(ks -> addRenames(kustomize, judge, out, ks.path(), ks.get("spec", "images"), folders.get(ks)));
        return out;
    }

    private static void addRenames(Kustomize kustomize, Judge judge, Map<KubeObject, Set<String>> out, String path,
                                   YNode images, String dir) {
        for (YNode entry : images.items()) {
            YNode newName = entry.get("newName");
            if (!newName.hasText() || !entry.get("name").hasText()) {
                continue;
            }
            judge.image(path, newName);
            if (dir != null) {
                for (Resource r : kustomize.build(dir).resources()) {
                    out.computeIfAbsent(r.origin(), o -> new HashSet<>()).add(newName.textOr(""));
                }
            }
        }
    }

    /**
     * The folder each Flux Kustomization of this repository's own source builds (the Flux model's inference: the
     * bootstrap source, {@code flux.source}, the same URL, a self-referencing source of no other repository's URL).
     * A Kustomization of another repository's source applies its patches and image renames to that repository, not
     * to a local folder that happens to have the same path.
     */
    private static List<FluxRoot> fluxFolders(RepositoryModel model) {
        return model.facet(FluxModel.FACET).repoRoots().stream()
                .filter(root -> root.kustomization().origin() != Origin.HELM_VALUES).toList();
    }

    /**
     * What the builds that deploy an object render of it (computed when first asked). Deployed builds: each Flux
     * Kustomization's build of its {@code spec.path} (with its patches and images), and the build of every other
     * kustomization folder no other folder's build includes. An overlay that patches or renames an image and one
     * that does not deploy both values.
     */
    private static final class Deployed {
        private final RepositoryModel model;
        private Map<KubeObject, List<Render>> byObject;
        private Set<KubeObject> removed;

        Deployed(RepositoryModel model) {
            this.model = model;
        }

        List<Render> renders(KubeObject object) {
            if (byObject == null) {
                byObject = index();
            }
            return byObject.getOrDefault(object, List.of());
        }

        /** True when the deploying builds read the object as a resource and all remove it ($patch: delete...). */
        boolean removed(KubeObject object) {
            if (byObject == null) {
                byObject = index();
            }
            return removed.contains(object);
        }

        private Map<KubeObject, List<Render>> index() {
            Kustomize kustomize = model.facet(Kustomize.FACET);
            FluxModel flux = model.facet(FluxModel.FACET);
            Map<String, List<KubeObject>> fluxByFolder = new TreeMap<>();
            fluxFolders(model).forEach(root -> fluxByFolder.computeIfAbsent(root.dir(), k -> new ArrayList<>())
                    .add(root.kustomization()));
            Set<String> folders = new TreeSet<>(fluxByFolder.keySet());
            kustomize.kustomizationFiles().forEach(k -> folders.add(Paths.parent(k.path())));
            Set<String> included = kustomize.includedFolders(folders);
            List<Build> builds = new ArrayList<>();
            List<List<Vars>> varsOfBuilds = new ArrayList<>();
            for (String f : folders) {
                if (fluxByFolder.containsKey(f)) {
                    for (KubeObject ks : fluxByFolder.get(f)) {
                        builds.add(kustomize.build(f, FluxOverrides.of(ks)));
                        // Each instance of the Kustomization (one per chain that applies it) substitutes its own values.
                        varsOfBuilds.add(flux.instances(ks).stream().map(Applier::childVars).toList());
                    }
                } else if (!included.contains(f)) {
                    builds.add(kustomize.build(f));
                    varsOfBuilds.add(List.of());
                }
            }
            removed = Build.removedBy(builds);
            Map<KubeObject, List<Render>> out = new IdentityHashMap<>();
            for (int i = 0; i < builds.size(); i++) {
                for (Resource r : builds.get(i).resources()) {
                    List<Vars> vars = varsOfBuilds.get(i).stream().map(v -> v.appliedTo(r.content())).toList();
                    out.computeIfAbsent(r.origin(), k -> new ArrayList<>()).add(new Render(r, vars));
                }
            }
            return out;
        }
    }

    /** What one deploying build renders of an object, with the post-build variables Flux substitutes into it. */
    private record Render(Resource resource, List<Vars> vars) {
    }

    /** The image name kustomize matches {@code images[].name} against: the reference without tag and digest. */
    static String imageName(String image) {
        String s = image.strip();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }
}
