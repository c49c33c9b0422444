package io.fluxward.flux;

import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.Provenance;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One Flux Kustomization or HelmRelease as it exists on a cluster: a manifest of the repository,
 * reached through the chain of Kustomizations that apply it (its {@link #parent()}), with the content
 * that chain's build emits (parents' {@code spec.patches}, {@code targetNamespace} and post-build
 * substitution applied). A manifest applied by several parents (one per cluster, say) gives several
 * instances; a manifest nothing applies is an instance of its own, without parent.
 */
public final class Applier {

    /** The two kinds of Flux object that apply other objects. */
    public enum Kind {
        KUSTOMIZATION(FluxApi.KUSTOMIZATION), HELM_RELEASE(FluxApi.HELM_RELEASE);

        private final String kindName;

        Kind(String kindName) {
            this.kindName = kindName;
        }

        /** The Kubernetes kind. */
        public String kindName() {
            return kindName;
        }
    }

    private final Kind kind;
    private final KubeObject manifest;
    private final YMap content;
    private final Provenance rendered;
    private final YNode syncNode;
    private final String namespace;
    private final String name;
    private final Applier parent;
    private final Vars vars;
    private final Cluster host;
    private final Cluster target;
    private final Optional<ObjectRef> sourceRef;
    private final Field path;
    private final Field targetNamespace;
    private final List<ObjectRef> dependsOn;
    private final Optional<KubeConfigRef> kubeConfig;
    private final Field serviceAccountName;

    private final List<Applier> children = new ArrayList<>();
    private Build build;
    private Build baseBuild;
    private String dir;
    private boolean repoSource;
    private String leftOut;
    private Vars childVars = Vars.NONE;
    private List<KubeObject> embedded = List.of();
    private Field selfTargetNamespace = Field.UNSET;

    Applier(Kind kind, KubeObject manifest, YMap content, Provenance rendered, YNode syncNode, String namespace, String name,
            Applier parent, Vars vars, Cluster host, Optional<ObjectRef> sourceRef, Field path, Field targetNamespace,
            List<ObjectRef> dependsOn, Optional<KubeConfigRef> kubeConfig, Field serviceAccountName) {
        this.kind = kind;
        this.manifest = manifest;
        this.content = content;
        this.rendered = rendered;
        this.syncNode = syncNode;
        this.namespace = namespace;
        this.name = name;
        this.parent = parent;
        this.vars = vars;
        this.host = host;
        this.target = kubeConfig.map(host::through).orElse(host);
        this.sourceRef = sourceRef;
        this.path = path;
        this.targetNamespace = targetNamespace;
        this.dependsOn = List.copyOf(dependsOn);
        this.kubeConfig = kubeConfig;
        this.serviceAccountName = serviceAccountName;
    }

    public Kind kind() {
        return kind;
    }

    /** The manifest in the repository (for locations: findings about this applier point into it). */
    public KubeObject manifest() {
        return manifest;
    }

    /**
     * The effective object, as the parent's build emits it (the manifest itself without parent); for a
     * {@link #synthetic()} one, the Kustomization the Flux Operator writes, with the instance's kustomize patches.
     */
    public YMap content() {
        return content;
    }

    /**
     * Which files the parts of {@link #content()} that a patch put there come from (the patches of the build that
     * emits it: a kustomization's {@code patches}, a parent's {@code spec.patches}); {@link Provenance#NONE} for the
     * manifest itself.
     */
    public Provenance rendered() {
        return rendered;
    }

    /** Reads a field of the effective object. */
    public YNode get(String... keys) {
        return content.at(keys);
    }

    /**
     * True for the Kustomization a FluxInstance's {@code spec.sync} (or the flux-instance chart's
     * {@code instance.sync} values) makes the Flux Operator create.
     */
    public boolean synthetic() {
        return syncNode.isPresent();
    }

    /** For a synthetic applier, the {@code sync} mapping that defines it. */
    public YNode syncNode() {
        return syncNode;
    }

    /** Effective namespace ({@code ""} when not known). */
    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code Kustomization flux-system/apps}. */
    public String display() {
        return kind.kindName() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /** {@code namespace/name}. */
    public String ref() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The Kustomization whose build applies this object, if any. */
    public Optional<Applier> parent() {
        return Optional.ofNullable(parent);
    }

    /** Ancestors, nearest first. */
    public List<Applier> ancestors() {
        List<Applier> out = new ArrayList<>();
        for (Applier a = parent; a != null; a = a.parent) {
            out.add(a);
        }
        return out;
    }

    /** The root of this applier's chain. */
    public Applier root() {
        Applier a = this;
        while (a.parent != null) {
            a = a.parent;
        }
        return a;
    }

    /** The variables the parent substitutes into this object ({@link Vars#NONE} without parent postBuild). */
    public Vars vars() {
        return vars;
    }

    /** The cluster this object itself is applied to (where Flux reconciles it and resolves its names). */
    public Cluster host() {
        return host;
    }

    /** The cluster this applier applies to: its host, or the one its kubeConfig reaches. */
    public Cluster target() {
        return target;
    }

    /** KS {@code sourceRef}; HR {@code chart.spec.sourceRef} or {@code chartRef}. */
    public Optional<ObjectRef> sourceRef() {
        return sourceRef;
    }

    /** KS {@code spec.path} (HR: unset). */
    public Field path() {
        return path;
    }

    public Field targetNamespace() {
        return targetNamespace;
    }

    /**
     * For a Kustomization whose own build holds its definition (a bootstrap that applies itself): the
     * {@code targetNamespace} of that rendering, which the cluster's object has from the first reconcile
     * on (a patch in its folder may set it); else unset.
     */
    public Field selfTargetNamespace() {
        return selfTargetNamespace;
    }

    public List<ObjectRef> dependsOn() {
        return dependsOn;
    }

    public Optional<KubeConfigRef> kubeConfig() {
        return kubeConfig;
    }

    public Field serviceAccountName() {
        return serviceAccountName;
    }

    /** KS {@code spec.patches} items of the effective object. */
    public List<YNode> patches() {
        return get("spec", "patches").items();
    }

    public YNode decryption() {
        return get("spec", "decryption");
    }

    public YNode postBuild() {
        return get("spec", "postBuild");
    }

    /** What this Kustomization's build emits (with its own targetNamespace, prefix and patches), if fluxward could build it. */
    public Optional<Build> build() {
        return Optional.ofNullable(build);
    }

    /** The same build without the Flux overrides: namespaces as the manifests and kustomizations declare them. */
    public Optional<Build> baseBuild() {
        return Optional.ofNullable(baseBuild);
    }

    /**
     * The repository folder {@code spec.path} names, when the source is the repository's own and the path is known
     * (not one the source's {@code spec.include} fills from another repository).
     */
    public Optional<String> dir() {
        return Optional.ofNullable(dir);
    }

    /** True when the source is the repository's own, so {@code spec.path} is a folder of the scanned tree. */
    public boolean usesRepoSource() {
        return repoSource;
    }

    /**
     * Why the folder {@code spec.path} names is not in the source's artifact although it is in the repository: the
     * ignore rule ({@code .sourceignore}, {@code spec.ignore}) or {@code spec.sparseCheckout} that leaves out its
     * files. Such a Kustomization fails with {@code kustomization path not found} and has no build.
     */
    public Optional<String> leftOutOfArtifact() {
        return Optional.ofNullable(leftOut);
    }

    /** The variables this Kustomization substitutes into what it applies. */
    public Vars childVars() {
        return childVars;
    }

    /** Appliers this one applies (Kustomizations and HelmReleases in its build). */
    public List<Applier> children() {
        return Collections.unmodifiableList(children);
    }

    /** HelmRelease: objects embedded in {@code spec.values} (the raw-manifests chart pattern). */
    public List<KubeObject> embedded() {
        return embedded;
    }

    /** True when every object this applier applies is visible (a repository path that builds completely). */
    public boolean fullyVisible() {
        if (kind == Kind.HELM_RELEASE) {
            return true;
        }
        return build != null && build.complete();
    }

    void addChild(Applier child) {
        children.add(child);
    }

    void setBuild(String resolvedDir, Build effective, Build base, Vars substitutions) {
        this.dir = resolvedDir;
        this.build = effective;
        this.baseBuild = base;
        this.childVars = substitutions;
    }

    void setChildVars(Vars substitutions) {
        this.childVars = substitutions;
    }

    void setSelfTargetNamespace(Field rendered) {
        this.selfTargetNamespace = rendered;
    }

    void setRepo(String resolvedDir) {
        this.repoSource = true;
        this.dir = resolvedDir;
    }

    void setLeftOut(String rule) {
        this.leftOut = rule;
    }

    void setEmbedded(List<KubeObject> objects) {
        this.embedded = List.copyOf(objects);
    }

    @Override
    public String toString() {
        return display() + " (" + manifest.path() + ")";
    }
}
