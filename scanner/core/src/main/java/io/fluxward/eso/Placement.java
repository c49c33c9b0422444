package io.fluxward.eso;

import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Vars;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.FluxOverrides;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.Facet;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.ScanMemo;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where objects land when the repository is applied: pairs of (cluster, namespace).
 *
 * <p>When Flux Kustomizations in the repository render its folders ("Flux-managed" repository),
 * an object lands where the Kustomizations that render it apply it: their {@code targetNamespace}
 * or the kustomize {@code namespace}, on the cluster of the root Kustomization that (transitively)
 * applies them, or a remote cluster behind a {@code kubeConfig}. Objects that no Kustomization
 * renders (retired {@code archive/} folders, hand-applied {@code setup/} files) land nowhere. In a
 * repository without Flux rendering, every object lands on one unnamed cluster, in the namespace
 * kustomize gives it or its own {@code metadata.namespace}.
 *
 * <p>Objects embedded in a HelmRelease's {@code spec.values} land where the HelmRelease applies:
 * its {@code targetNamespace} (or own namespace) unless they name a namespace, and its
 * {@code kubeConfig} cluster.
 *
 * <p>Root Kustomizations of separate folders count as separate clusters (the usual
 * {@code clusters/<name>} layout), so objects under them never meet; roots of one folder share one.
 * A namespace of {@code ""} means unknown. Objects keep the names their builds give them
 * ({@link #renderings}): two renderings of one manifest are two objects.
 *
 * <p>A manifest that the builds reading it all remove (a strategic merge {@code $patch: delete}, the
 * {@code config.kubernetes.io/local-config} annotation) is applied nowhere ({@link #removed}): it has no
 * renderings and no copies, and is not judged from its file as if something applied it as written.
 */
public final class Placement {

    /** The placement of the repository, computed on first use. */
    public static final Facet<Placement> FACET = Facet.of("placement", Placement::new);

    static final String FLUX_KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
    static final String HELM_GROUP = "helm.toolkit.fluxcd.io";

    /** One place an object is applied to; {@code namespace} is {@code ""} when unknown or cluster-scoped. */
    public record Landing(String cluster, String namespace) {
    }

    /** One place an object is applied to, with the name kustomize gives it there (namePrefix / nameSuffix). */
    public record Rendering(String cluster, String namespace, String name) {
        public Landing landing() {
            return new Landing(cluster, namespace);
        }

        // Written out (not through the record's method handles): renderings of every object are compared on every
        // scan of the resident server, to reuse the last scan's.
        @Override
        public boolean equals(Object o) {
            return o instanceof Rendering r && java.util.Objects.equals(name, r.name)
                    && java.util.Objects.equals(namespace, r.namespace) && java.util.Objects.equals(cluster, r.cluster);
        }

        @Override
        public int hashCode() {
            return (java.util.Objects.hashCode(cluster) * 31 + java.util.Objects.hashCode(namespace)) * 31
                    + java.util.Objects.hashCode(name);
        }
    }

    /**
     * What one build makes of an object: where it lands and under which name, and the rendered object (after
     * patches, replacements, nameReference); {@code resource} is null for objects no build renders (List items,
     * HelmRelease values, files outside any build), and {@code complete} false when the build could not see
     * all of its input or left transformers unrun: then the written object stands in for the rendered one;
     * {@code by} is the Flux Kustomization whose build it is (null for a kustomize build or no build), whose
     * post-build variables Flux substitutes into it.
     */
    public record Copy(Rendering rendering, Resource resource, boolean complete, KubeObject by) {
        /** The object as this build renders it when that is known in full, else as written. */
        public YNode content(KubeObject object) {
            return resource != null && complete ? resource.content() : object.node();
        }
    }

    /**
     * What builds render: for every object, its renderings and copies; the objects generators make (generated
     * ConfigMaps and Secrets, whose origin is the generator entry), in build order; the manifests the builds read
     * as resources but all remove ({@link Build#removedBy}).
     */
    private record Rendered(Map<KubeObject, Set<Rendering>> renderings, Map<KubeObject, List<Copy>> copies,
                            Set<KubeObject> generated, Set<KubeObject> removed) {
        static Rendered of(Map<KubeObject, List<Copy>> copies, Set<KubeObject> generated, Set<KubeObject> removed) {
            Map<KubeObject, Set<Rendering>> renderings = new HashMap<>();
            copies.forEach((o, list) -> {
                Set<Rendering> r = new LinkedHashSet<>();
                list.forEach(c -> r.add(c.rendering()));
                renderings.put(o, Collections.unmodifiableSet(r));
            });
            copies.replaceAll((o, list) -> List.copyOf(list));
            return new Rendered(Collections.unmodifiableMap(renderings), Collections.unmodifiableMap(copies),
                    Collections.unmodifiableSet(generated), removed);
        }
    }

    /** For every object a kustomization builds, what those builds make of it (only needed without Flux). */
    private static final Facet<Rendered> KUSTOMIZE_RENDERINGS = Facet.of("kustomize-renderings",
            Placement::kustomizeRenderings);

    private final RepositoryModel model;
    private final Rendered fluxRendered;
    private final boolean fluxManaged;

    private Placement(RepositoryModel model) {
        this.model = model;
        Kustomize kustomize = model.facet(Kustomize.FACET);
        String source = model.config().fluxSource();
        Map<KubeObject, Build> rendered = new LinkedHashMap<>();
        model.objects(FLUX_KUSTOMIZE_GROUP, "Kustomization").forEach(ks -> {
            String dir = renderedDir(model, ks, source);
            rendered.put(ks, dir == null ? null : kustomize.build(dir, FluxOverrides.of(ks)));
        });
        Map<KubeObject, List<KubeObject>> parents = new HashMap<>();
        rendered.forEach((ks, build) -> {
            for (Resource r : build == null ? List.<Resource>of() : build.resources()) {
                if (r.origin() != ks && rendered.containsKey(r.origin())) {
                    parents.computeIfAbsent(r.origin(), k -> new ArrayList<>()).add(ks);
                }
            }
        });
        Map<KubeObject, Set<String>> homes = new HashMap<>();
        Map<KubeObject, List<Copy>> copies = new HashMap<>();
        Set<KubeObject> generated = new LinkedHashSet<>();
        boolean any = false;
        List<Build> builds = new ArrayList<>();
        for (Map.Entry<KubeObject, Build> e : rendered.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            builds.add(e.getValue());
            Set<String> targets = targetClusters(e.getKey(), parents, homes);
            for (Resource r : e.getValue().resources()) {
                any = true;
                for (String cluster : targets) {
                    add(copies, generated, e.getValue(), r, cluster, e.getKey());
                }
            }
        }
        this.fluxRendered = Rendered.of(copies, generated, Build.removedBy(builds));
        this.fluxManaged = any;
    }

    private static void add(Map<KubeObject, List<Copy>> copies, Set<KubeObject> generated, Build build, Resource r,
                            String cluster, KubeObject by) {
        copies.computeIfAbsent(r.origin(), k -> new ArrayList<>()).add(new Copy(new Rendering(cluster, r.namespace(),
                r.name()), r, build.complete() && !build.transformedUnseen(), by));
        if (r.generator().isPresent()) {
            generated.add(r.origin());
        }
    }

    /** The renderings of a scan, kept with the builds they come from (by the resident server, for the next scan). */
    private record KeptRenderings(List<Build> builds, Rendered rendered) {
    }

    private static Rendered kustomizeRenderings(RepositoryModel model) {
        Kustomize kustomize = model.facet(Kustomize.FACET);
        List<String> folders = new ArrayList<>();
        for (FileModel k : kustomize.kustomizationFiles()) {
            folders.add(Paths.parent(k.path()));
        }
        // A base that an overlay includes is applied as the overlay renders it, not on its own as well (it would
        // be a second writer of the same Secret under the base's names).
        Set<String> included = kustomize.includedFolders(folders);
        List<Build> builds = folders.stream().distinct().filter(f -> !included.contains(f)).map(kustomize::build).toList();
        // A function of the builds alone: when the server reused every one of them, so is this.
        String key = "kustomize-renderings\u0000" + model.snapshot().positionInRepository();
        return model.kept().derive(key, KeptRenderings.class, k -> ScanMemo.sameObjects(k.builds(), builds),
                () -> new KeptRenderings(List.copyOf(builds), renderings(builds))).rendered();
    }

    private static Rendered renderings(List<Build> builds) {
        Map<KubeObject, List<Copy>> out = new HashMap<>();
        Set<KubeObject> generated = new LinkedHashSet<>();
        for (Build build : builds) {
            for (Resource r : build.resources()) {
                add(out, generated, build, r, "", null);
            }
        }
        return Rendered.of(out, generated, Build.removedBy(builds));
    }

    /** True when Flux Kustomizations of the repository render some of its folders. */
    public boolean isFluxManaged() {
        return fluxManaged;
    }

    /**
     * True when the object is read as a resource by builds that all remove it ({@code $patch: delete},
     * {@code config.kubernetes.io/local-config}): nothing applies it, so rules that judge applied objects leave it
     * alone (rules about the file's text, such as a plaintext Secret, do not). In a Flux-managed repository, the
     * builds of its Flux Kustomizations decide when they read the object; kustomize's own builds otherwise.
     */
    public boolean removed(KubeObject object) {
        if (object.origin() == Origin.HELM_VALUES) {
            return false;
        }
        if (fluxManaged && fluxRendered.copies().containsKey(object)) {
            return false;
        }
        return fluxRemoved(object) || model.facet(KUSTOMIZE_RENDERINGS).removed().contains(object);
    }

    /** True when Flux Kustomizations' builds read the object as a resource and all remove it. */
    private boolean fluxRemoved(KubeObject object) {
        return fluxManaged && fluxRendered.removed().contains(object);
    }

    /**
     * Where the object is applied. Empty in a Flux-managed repository when no Kustomization of
     * the repository renders it.
     */
    public Set<Landing> landings(KubeObject object) {
        Set<Landing> out = new LinkedHashSet<>();
        renderings(object, fluxManaged).forEach(r -> out.add(r.landing()));
        return out;
    }

    /**
     * Where the object is applied and under which name (after namePrefix / nameSuffix). Empty in a
     * Flux-managed repository when no Kustomization of the repository renders it, as {@link #landings}.
     */
    public Set<Rendering> renderings(KubeObject object) {
        return renderings(object, fluxManaged);
    }

    /** Renderings, with objects Flux does not render falling back to their kustomize ones (as {@link #namespaces}). */
    private Set<Rendering> known(KubeObject object) {
        Set<Rendering> found = renderings(object, fluxManaged);
        return found.isEmpty() && fluxManaged && !fluxRemoved(object) ? renderings(object, false) : found;
    }

    /**
     * What the builds make of the object, one copy per rendering (as {@link #renderings}, with objects Flux does
     * not render falling back to their kustomize copies); an object no build renders is one copy as written.
     */
    public List<Copy> copies(KubeObject object) {
        if (object.origin() == Origin.DOCUMENT || object.container().isEmpty()) {
            List<Copy> found = fluxManaged ? fluxRendered.copies().getOrDefault(object, List.of()) : List.of();
            if (found.isEmpty() && fluxRemoved(object)) {
                return List.of();
            }
            if (found.isEmpty()) {
                found = model.facet(KUSTOMIZE_RENDERINGS).copies().getOrDefault(object, List.of());
            }
            if (found.isEmpty()) {
                return removed(object) ? List.of()
                        : List.of(new Copy(new Rendering("", object.namespace(), object.name()), null, false, null));
            }
            return found;
        }
        if (removed(object)) {
            return List.of();
        }
        List<Copy> out = new ArrayList<>();
        known(object).forEach(r -> out.add(new Copy(r, null, false, null)));
        return out;
    }

    /**
     * One object as one build applies it, for rules that judge its content: {@code object} is the rendered object
     * (after patches, replacements, nameReference), the written one where no build renders it in full.
     *
     * @param object  the object as applied, with the written object's file and document
     * @param written the manifest as written
     * @param copy    the build's copy it comes from
     * @param vars    the post-build variables Flux substitutes into it, one set per instance of the Flux Kustomization
     *                that applies it (none for an object no Flux Kustomization builds)
     */
    public record Applied(KubeObject object, KubeObject written, Copy copy, List<Vars> vars) {

        public Applied {
            vars = List.copyOf(vars);
        }

        /**
         * The text of a scalar of {@link #object} as Flux applies it, once per distinct result: substituted where every
         * value it uses is known, else as written (a {@code ${VAR}} left in, which rules do not take for a value).
         */
        public List<Vars.Substituted> values(YNode node) {
            return substitutions(vars, node.textOr(""));
        }

        /**
         * The variable sets to read several fields of {@link #object} with, one at a time, so that values of one
         * instance go together ({@link Vars#NONE} when nothing is substituted).
         */
        public List<Vars> variants() {
            return vars.isEmpty() ? List.of(Vars.NONE) : vars;
        }

        /** The file a node of {@link #object} is written in: a patch's (or replacement source's), else the manifest's. */
        public String fileOf(YNode node) {
            return copy.resource() == null ? written.path() : copy.resource().provenance().fileOf(node).orElse(written.path());
        }

        /** Where a node of {@link #object} is written; the manifest's {@code kind:} line for a missing node. */
        public Location locationOf(YNode node) {
            return node.isPresent() ? new Location(fileOf(node), node.span()) : written.location();
        }
    }

    /**
     * The object as each build that applies it renders it (the copies of {@link #copies}, so builds that all
     * remove it give none), as written where no build renders it (applied by hand or from outside the
     * repository). Builds that apply it alike give equal findings at one place: rules report those once.
     */
    public List<Applied> applied(KubeObject object) {
        List<Applied> out = new ArrayList<>();
        for (Copy c : copies(object)) {
            YNode content = c.content(object);
            KubeObject as = content == object.node() || !(content instanceof YMap map) ? object
                    : new KubeObject(object.path(), object.document(), map, object.origin(), object.container());
            out.add(new Applied(as, object, c, vars(c, content)));
        }
        return out;
    }

    /**
     * The post-build variable sets Flux substitutes into what a copy renders ({@code content}): those of every instance
     * of the Flux Kustomization whose build it is, none when it opts out or no Flux Kustomization builds it.
     */
    public List<Vars> vars(Copy copy, YNode content) {
        if (copy.by() == null) {
            return List.of();
        }
        // Asked for by rules only (the Flux model itself reads this placement while it is built).
        List<Vars> out = new ArrayList<>();
        for (Applier a : model.facet(FluxModel.FACET).instances(copy.by())) {
            Vars v = a.childVars().appliedTo(content);
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** A text as each variable set substitutes it (as written where a value is unknown), once per distinct result. */
    public static List<Vars.Substituted> substitutions(List<Vars> vars, String text) {
        if (vars.isEmpty() || !text.contains("$")) {
            return List.of(Vars.Substituted.asWritten(text));
        }
        List<Vars.Substituted> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Vars v : vars) {
            Vars.Substituted s = v.substituteOrWritten(text);
            if (seen.add(s.value())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Every object of the repository that {@code which} selects as each build applies it ({@link #applied}), in the
     * repository's order. The builds are asked for only when an object is selected: a repository without such
     * objects needs no rendering for the rule that asks.
     */
    public static List<Applied> appliedWhere(RepositoryModel model, java.util.function.Predicate<KubeObject> which) {
        List<Applied> out = new ArrayList<>();
        Placement placement = null;
        for (KubeObject object : model.objects()) {
            if (which.test(object)) {
                placement = placement != null ? placement : model.facet(FACET);
                out.addAll(placement.applied(object));
            }
        }
        return out;
    }

    /** The names the object may be applied under (its own when no build renames it). */
    public Set<String> names(KubeObject object) {
        Set<String> out = new TreeSet<>();
        known(object).forEach(r -> out.add(r.name()));
        return out.isEmpty() ? Set.of(object.name()) : out;
    }

    /**
     * The objects kustomize generators make ({@code secretGenerator}, {@code configMapGenerator}):
     * those Flux renders in a Flux-managed repository, else those of every kustomization; each located
     * at its generator entry. {@link #renderings} tells where they land and their names (hash included).
     */
    public Set<KubeObject> generated() {
        return fluxManaged ? fluxRendered.generated() : model.facet(KUSTOMIZE_RENDERINGS).generated();
    }

    /**
     * The namespaces the object may land in (never {@code ""}); empty when unknown. Objects that
     * Flux does not render fall back to their kustomize namespace or {@code metadata.namespace}.
     */
    public Set<String> namespaces(KubeObject object) {
        Set<String> out = new TreeSet<>();
        for (Rendering l : known(object)) {
            if (!l.namespace().isEmpty()) {
                out.add(l.namespace());
            }
        }
        return out;
    }

    private Set<Rendering> renderings(KubeObject object, boolean flux) {
        if (object.origin() == Origin.DOCUMENT || object.container().isEmpty()) {
            if (flux) {
                return fluxRendered.renderings().getOrDefault(object, Set.of());
            }
            Set<Rendering> built = model.facet(KUSTOMIZE_RENDERINGS).renderings().getOrDefault(object, Set.of());
            if (built.isEmpty()) {
                return removed(object) ? Set.of() : Set.of(new Rendering("", object.namespace(), object.name()));
            }
            return built;
        }
        if (removed(object)) {
            return Set.of();
        }
        KubeObject holder = object.container().get();
        Set<Rendering> out = new LinkedHashSet<>();
        for (Rendering l : renderings(holder, flux)) {
            if (object.origin() == Origin.HELM_VALUES) {
                String ns = !object.namespace().isEmpty() ? object.namespace()
                        : holder.get("spec", "targetNamespace").textOr(l.namespace());
                out.add(new Rendering(remote(l.cluster(), holder), ns, object.name()));
            } else {
                // A List item: kustomize's namespace (when it set one) wins over the item's own.
                boolean transformed = !l.namespace().isEmpty() && !l.namespace().equals(holder.namespace());
                out.add(new Rendering(l.cluster(), transformed || object.namespace().isEmpty() ? l.namespace()
                        : object.namespace(), object.name()));
            }
        }
        return out;
    }

    /** The folder a Flux Kustomization renders from this repository, or null when it renders something else. */
    private static String renderedDir(RepositoryModel model, KubeObject ks, String repoSource) {
        String path = ks.get("spec", "path").textOr("");
        if (path.contains("${")) {
            return null;
        }
        String dir = Paths.normalize(path.startsWith("/") ? path.substring(1) : path);
        if (dir == null) {
            return null;
        }
        if (dir.isEmpty()) {
            // The whole tree: only for the repository's own source, as other sources' roots are not this tree.
            String ns = ks.get("spec", "sourceRef", "namespace").textOr(ks.namespace());
            String name = ks.get("spec", "sourceRef", "name").textOr("");
            return repoSource.equals(ns + "/" + name) ? dir : null;
        }
        return model.isDirectory(dir) ? dir : null;
    }

    /** The clusters a Kustomization applies to: where it lives, or the remote cluster of its kubeConfig. */
    private static Set<String> targetClusters(KubeObject ks, Map<KubeObject, List<KubeObject>> parents,
                                              Map<KubeObject, Set<String>> memo) {
        Set<String> home = homeClusters(ks, parents, memo, new HashSet<>());
        Set<String> out = new TreeSet<>();
        home.forEach(c -> out.add(remote(c, ks)));
        return out;
    }

    private static Set<String> homeClusters(KubeObject ks, Map<KubeObject, List<KubeObject>> parents,
                                            Map<KubeObject, Set<String>> memo, Set<KubeObject> visiting) {
        Set<String> known = memo.get(ks);
        if (known != null) {
            return known;
        }
        Set<String> out = new TreeSet<>();
        if (visiting.add(ks)) {
            for (KubeObject parent : parents.getOrDefault(ks, List.of())) {
                for (String c : homeClusters(parent, parents, memo, visiting)) {
                    out.add(remote(c, parent));
                }
            }
            visiting.remove(ks);
        }
        if (out.isEmpty()) {
            // A root (or a cycle of Kustomizations that nothing else applies): roots of one folder share a
            // cluster (the bootstrap's, or the one they are applied to by hand), as in the Flux model.
            out.add("folder " + Paths.parent(ks.path()));
        }
        memo.put(ks, out);
        return out;
    }

    /** The cluster an applier's objects go to: its kubeConfig's, when it has one. */
    private static String remote(String cluster, KubeObject applier) {
        String kubeConfig = applier.get("spec", "kubeConfig", "secretRef", "name")
                .textOr(applier.get("spec", "kubeConfig", "configMapRef", "name").textOr(""));
        return kubeConfig.isEmpty() ? cluster : cluster + " > kubeConfig " + applier.namespace() + "/" + kubeConfig;
    }
}
