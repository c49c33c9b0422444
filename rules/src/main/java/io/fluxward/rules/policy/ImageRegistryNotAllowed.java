package io.fluxward.rules.policy;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** FW-P001: a container image from a registry outside {@code allowedRegistries}. */
@RuleInfo(
        id = "FW-P001",
        name = "image-registry-not-allowed",
        level = Level.ERROR,
        summary = "A container image comes from a registry outside the configured allowedRegistries.",
        description = """
                Platform teams pull every image through their own registry (a mirror or a curated one): \
                images there are scanned, signed and stay available when a public registry rate-limits or \
                deletes a tag. One public image that slips in bypasses all of that. Checks the `image` of \
                every container, init container and ephemeral container of Pods, PodTemplates and workload \
                templates (`spec.template`, CronJob `spec.jobTemplate`), objects in HelmRelease values \
                included, and HelmRelease values `image.repository` (with `image.registry` in front when set). \
                References are normalised as the container runtime does: `nginx` is \
                `docker.io/library/nginx`, `bitnami/redis` is `docker.io/bitnami/redis`. An image renamed by \
                a kustomize `images:` entry (kustomization.yaml or Flux Kustomization `spec.images`) with \
                `newName` is judged by that `newName`, where it is written, and by its old name where an overlay \
                deploying it does not rename it. \
                Images with `${VAR}` or `{{ }}` \
                are not checked. Opt-in: enable it and list the allowed prefixes.""",
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

    /**
     * A kustomize {@code images:} entry that renames an image, and the objects it applies to.
     *
     * @param declaredIn the kustomization file that declares it, or for a Flux Kustomization's {@code spec.images}
     *                   the folder of its {@code spec.path}
     */
    private record Rename(YNode newName, Set<KubeObject> scope, String declaredIn, boolean flux) {
    }

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        List<String> allowed = model.config().strings("allowedRegistries");
        List<Pattern> patterns = allowed.stream().map(ImageRef::normalizePrefix).map(ImageRef::prefixPattern).toList();
        Map<String, List<Rename>> renames = renames(model, context, allowed, patterns);
        TopFolders tops = new TopFolders(model);
        for (KubeObject object : model.objects()) {
            for (YNode pod : podSpecs(object)) {
                for (String list : CONTAINER_LISTS) {
                    for (YNode container : pod.get(list).items()) {
                        YNode image = container.get("image");
                        Optional<ImageRef> ref = ImageRef.parse(image.textOr(""));
                        if (ref.isPresent() && !renamed(renames, tops, image.textOr(""), object)) {
                            check(context, object.path(), image, image.textOr(""), ref.get(), allowed, patterns);
                        }
                    }
                }
            }
            if (object.kind().equals("HelmRelease") && object.group().startsWith("helm.toolkit.fluxcd.io")) {
                helmValues(context, object, allowed, patterns);
            }
        }
    }

    /** Pod specs of workloads: Pod, PodTemplate, anything with {@code spec.template} or a CronJob {@code jobTemplate}. */
    static List<YNode> podSpecs(KubeObject object) {
        List<YNode> out = new ArrayList<>();
        if (object.group().isEmpty() && object.kind().equals("Pod")) {
            out.add(object.get("spec"));
        } else if (object.group().isEmpty() && object.kind().equals("PodTemplate")) {
            out.add(object.get("template", "spec"));
        } else {
            out.add(object.get("spec", "template", "spec"));
            out.add(object.get("spec", "jobTemplate", "spec", "template", "spec"));
        }
        out.removeIf(n -> !n.isMap());
        return out;
    }

    /** HelmRelease values: every {@code image} mapping with a {@code repository} (and optional {@code registry}). */
    private static void helmValues(RuleContext context, KubeObject release, List<String> allowed, List<Pattern> patterns) {
        YNode values = release.get("spec", "values");
        YWalker.walk(values, (path, node) -> {
            if (node != values && node instanceof YMap map && ObjectExtractor.isObject(map)) {
                return false; // an embedded object: checked as an object of its own
            }
            YNode image = node.get("image");
            YNode repository = image.get("repository");
            if (image.isMap() && repository.hasText()) {
                YNode registry = image.get("registry");
                String text = registry.hasText() ? registry.textOr("") + "/" + repository.textOr("") : repository.textOr("");
                YNode at = registry.hasText() ? registry : repository;
                ImageRef.parse(text).ifPresent(ref -> check(context, release.path(), at, text, ref, allowed, patterns));
            }
            return true;
        });
    }

    private static void check(RuleContext context, String path, YNode at, String image, ImageRef ref, List<String> allowed,
                              List<Pattern> patterns) {
        if (patterns.stream().anyMatch(p -> p.matcher(ref.location()).matches())) {
            return;
        }
        String list = allowed.isEmpty() ? "allowedRegistries is empty: list the registries images may come from"
                : "allowed: " + String.join(", ", allowed);
        context.at(path, at).key(ref.location()).message("image '" + image + "' comes from " + ref.location()
                + ", which is not in allowedRegistries (" + list + ")").report();
    }

    /** Image renames of kustomization files and Flux Kustomizations; their {@code newName}s are checked here. */
    private static Map<String, List<Rename>> renames(RepositoryModel model, RuleContext context, List<String> allowed,
                                                     List<Pattern> patterns) {
        Kustomize kustomize = model.facet(Kustomize.FACET);
        Map<String, List<Rename>> out = new HashMap<>();
        for (FileModel k : kustomize.kustomizationFiles()) {
            for (YDocument doc : k.documents()) {
                addRenames(model, context, out, k.path(), doc.root().get("images"), Paths.parent(k.path()), false, allowed,
                        patterns);
            }
        }
        model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").filter(o -> o.origin() != Origin.HELM_VALUES)
                .forEach(ks -> addRenames(model, context, out, ks.path(), ks.get("spec", "images"),
                        fluxFolder(model, ks).orElse(null), true, allowed, patterns));
        return out;
    }

    private static void addRenames(RepositoryModel model, RuleContext context, Map<String, List<Rename>> out, String path,
                                   YNode images, String dir, boolean flux, List<String> allowed, List<Pattern> patterns) {
        for (YNode entry : images.items()) {
            YNode newName = entry.get("newName");
            String name = entry.get("name").textOr("");
            if (!newName.hasText() || name.isEmpty()) {
                continue;
            }
            ImageRef.parse(newName.textOr("")).ifPresent(ref -> check(context, path, newName, newName.textOr(""), ref,
                    allowed, patterns));
            Set<KubeObject> scope = new HashSet<>();
            if (dir != null) {
                for (Resource r : model.facet(Kustomize.FACET).build(dir).resources()) {
                    scope.add(r.origin());
                }
            }
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(new Rename(newName, scope, flux ? dir : path, flux));
        }
    }

    /**
     * True when a kustomize {@code images:} entry renames this image wherever the object is deployed: in every
     * top kustomization folder that includes it (an overlay that renames it and one that does not deploy both
     * names). Objects in HelmRelease values are rendered by Helm, after kustomize: never renamed.
     */
    private static boolean renamed(Map<String, List<Rename>> renames, TopFolders tops, String image, KubeObject object) {
        if (object.origin() == Origin.HELM_VALUES) {
            return false;
        }
        KubeObject document = object.origin() == Origin.LIST_ITEM ? object.container().orElse(object) : object;
        List<Rename> candidates = renames.getOrDefault(imageName(image), List.of()).stream()
                .filter(r -> r.scope().contains(document)).toList();
        if (candidates.isEmpty()) {
            return false;
        }
        for (String top : tops.including(document)) {
            Optional<String> file = tops.kustomize.kustomizationFile(top).map(FileModel::path);
            Set<String> inputs = tops.kustomize.build(top).inputs();
            boolean here = candidates.stream().anyMatch(r -> r.flux() ? r.declaredIn().equals(top)
                    : file.filter(r.declaredIn()::equals).isPresent() || inputs.contains(r.declaredIn()));
            if (!here) {
                return false;
            }
        }
        return true;
    }

    /** Folders kustomize or Flux builds: those with a kustomization file, and Flux Kustomizations' paths. */
    private static List<String> folders(RepositoryModel model) {
        Set<String> out = new java.util.TreeSet<>();
        model.facet(Kustomize.FACET).kustomizationFiles().forEach(k -> out.add(Paths.parent(k.path())));
        model.objects("kustomize.toolkit.fluxcd.io", "Kustomization").filter(o -> o.origin() != Origin.HELM_VALUES)
                .forEach(ks -> fluxFolder(model, ks).ifPresent(out::add));
        return List.copyOf(out);
    }

    /**
     * The folder a Flux Kustomization builds, when it is in this repository: {@code spec.path} joined to the
     * artifact's root as kustomize-controller does (so {@code /apps} and {@code ../apps} are {@code apps}).
     */
    private static Optional<String> fluxFolder(RepositoryModel model, KubeObject ks) {
        String dir = Paths.withinRoot(ks.get("spec", "path").textOr(""));
        return !dir.isEmpty() && model.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Folders no other folder's build includes, and the objects each deploys (computed when first asked). */
    private static final class TopFolders {
        private final RepositoryModel model;
        private final Kustomize kustomize;
        private Map<KubeObject, List<String>> byObject;

        TopFolders(RepositoryModel model) {
            this.model = model;
            this.kustomize = model.facet(Kustomize.FACET);
        }

        List<String> including(KubeObject object) {
            if (byObject == null) {
                List<String> folders = folders(model);
                Map<String, String> folderOfFile = new HashMap<>();
                for (String f : folders) {
                    kustomize.kustomizationFile(f).ifPresent(k -> folderOfFile.put(k.path(), f));
                }
                Set<String> included = new HashSet<>();
                for (String f : folders) {
                    for (String input : kustomize.build(f).inputs()) {
                        String other = folderOfFile.get(input);
                        if (other != null && !other.equals(f)) {
                            included.add(other);
                        }
                    }
                }
                byObject = new java.util.IdentityHashMap<>();
                for (String f : folders) {
                    if (!included.contains(f)) {
                        for (Resource r : kustomize.build(f).resources()) {
                            byObject.computeIfAbsent(r.origin(), k -> new ArrayList<>()).add(f);
                        }
                    }
                }
            }
            return byObject.getOrDefault(object, List.of());
        }
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
