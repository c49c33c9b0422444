package io.fluxward.flux;

import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;
import java.util.Set;

/** The Flux API groups and kinds fluxward models (domain facts §1). Any served or deprecated version counts. */
public final class FluxApi {

    /** A source object's URL: {@code spec.url}, a Bucket's {@code spec.endpoint}, else {@code fallback}. */
    public static String sourceUrl(YNode object, String fallback) {
        return object.at("spec", "url").textOr(object.at("spec", "endpoint").textOr(fallback));
    }

    public static final String KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
    public static final String HELM_GROUP = "helm.toolkit.fluxcd.io";
    public static final String SOURCE_GROUP = "source.toolkit.fluxcd.io";
    public static final String SOURCE_EXTENSIONS_GROUP = "source.extensions.fluxcd.io";
    public static final String OPERATOR_GROUP = "fluxcd.controlplane.io";

    public static final String KUSTOMIZATION = "Kustomization";
    public static final String HELM_RELEASE = "HelmRelease";
    public static final String GIT_REPOSITORY = "GitRepository";
    public static final String OCI_REPOSITORY = "OCIRepository";
    public static final String HELM_REPOSITORY = "HelmRepository";
    public static final String BUCKET = "Bucket";
    public static final String HELM_CHART = "HelmChart";
    public static final String EXTERNAL_ARTIFACT = "ExternalArtifact";

    /** Source kinds of {@code source.toolkit.fluxcd.io}. */
    public static final Set<String> SOURCE_KINDS = Set.of(GIT_REPOSITORY, OCI_REPOSITORY, HELM_REPOSITORY, BUCKET,
            HELM_CHART, EXTERNAL_ARTIFACT);

    /** Sources whose artifact is a tree of files a Kustomization can build (the repository's own source is one). */
    public static final Set<String> TREE_SOURCE_KINDS = Set.of(GIT_REPOSITORY, OCI_REPOSITORY, BUCKET);

    private FluxApi() {
    }

    public static boolean isKustomization(KubeObject o) {
        return o.is(KUSTOMIZE_GROUP, KUSTOMIZATION);
    }

    public static boolean isHelmRelease(KubeObject o) {
        return o.is(HELM_GROUP, HELM_RELEASE);
    }

    public static boolean isApplier(KubeObject o) {
        return isKustomization(o) || isHelmRelease(o);
    }

    public static boolean isSource(KubeObject o) {
        return SOURCE_GROUP.equals(o.group()) && SOURCE_KINDS.contains(o.kind());
    }

    /** A Flux Operator {@code FluxInstance}, whose {@code spec.sync} makes a source and a Kustomization. */
    public static boolean isFluxInstance(KubeObject o) {
        return o.is(OPERATOR_GROUP, "FluxInstance");
    }

    /** An {@code ArtifactGenerator}, whose {@code spec.artifacts} become ExternalArtifacts. */
    public static boolean isArtifactGenerator(KubeObject o) {
        return o.is(SOURCE_EXTENSIONS_GROUP, "ArtifactGenerator");
    }

    /** A Flux Operator {@code ResourceSet}: it templates arbitrary objects fluxward cannot expand. */
    public static boolean isResourceSet(KubeObject o) {
        return o.is(OPERATOR_GROUP, "ResourceSet");
    }
}
