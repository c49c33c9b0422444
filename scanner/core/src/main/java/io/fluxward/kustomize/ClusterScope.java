package io.fluxward.kustomize;

import java.util.Set;

/**
 * Which kinds are cluster-scoped, in two senses that differ for newer Kubernetes kinds.
 *
 * <ul>
 *   <li>{@link #isClusterScoped(String, String)}: what the API server does. Rules that ask "does this
 *       object need a namespace" use it.</li>
 *   <li>{@link #isClusterScopedForKustomize(String, String, String)}: what kustomize's built-in schema
 *       knows (Kubernetes 1.21 group/version/kinds, measured against kustomize v5.5). kustomize adds
 *       {@code metadata.namespace} to every other kind, including CRD kinds such as
 *       {@code ClusterSecretStore} and newer built-ins such as {@code ValidatingAdmissionPolicy}
 *       (domain facts §4.4). The renderer uses it so that its output matches kustomize's.</li>
 * </ul>
 */
public final class ClusterScope {

    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
            "admissionregistration.k8s.io/MutatingAdmissionPolicy",
            "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
            "storage.k8s.io/VolumeAttachment", "storage.k8s.io/VolumeAttributesClass",
            "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
            "policy/PodSecurityPolicy", "certificates.k8s.io/CertificateSigningRequest",
            "certificates.k8s.io/ClusterTrustBundle", "networking.k8s.io/IngressClass",
            "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
            "resource.k8s.io/DeviceClass", "resource.k8s.io/ResourceSlice",
            "flowcontrol.apiserver.k8s.io/FlowSchema",
            "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
            "internal.apiserver.k8s.io/StorageVersion");

    /** group/version/kind that kustomize v5's built-in schema treats as cluster-scoped (measured). */
    private static final Set<String> KUSTOMIZE_CLUSTER_SCOPED = Set.of(
            "/v1/ComponentStatus", "/v1/Namespace", "/v1/Node", "/v1/PersistentVolume",
            "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration",
            "apiextensions.k8s.io/v1/CustomResourceDefinition",
            "apiextensions.k8s.io/v1beta1/CustomResourceDefinition",
            "apiregistration.k8s.io/v1/APIService", "apiregistration.k8s.io/v1beta1/APIService",
            "certificates.k8s.io/v1/CertificateSigningRequest",
            "certificates.k8s.io/v1beta1/CertificateSigningRequest",
            "flowcontrol.apiserver.k8s.io/v1beta1/FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1beta1/PriorityLevelConfiguration",
            "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1beta1/IngressClass",
            "node.k8s.io/v1/RuntimeClass", "node.k8s.io/v1beta1/RuntimeClass",
            "policy/v1beta1/PodSecurityPolicy",
            "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
            "rbac.authorization.k8s.io/v1beta1/ClusterRole", "rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding",
            "scheduling.k8s.io/v1/PriorityClass", "scheduling.k8s.io/v1beta1/PriorityClass",
            "storage.k8s.io/v1/CSIDriver", "storage.k8s.io/v1/CSINode", "storage.k8s.io/v1/StorageClass",
            "storage.k8s.io/v1/VolumeAttachment", "storage.k8s.io/v1beta1/CSIDriver",
            "storage.k8s.io/v1beta1/CSINode", "storage.k8s.io/v1beta1/StorageClass",
            "storage.k8s.io/v1beta1/VolumeAttachment");

    private ClusterScope() {
    }

    /** True when the API server stores objects of this kind without a namespace. */
    public static boolean isClusterScoped(String group, String kind) {
        return CLUSTER_SCOPED.contains(group + "/" + kind);
    }

    /** True when kustomize leaves this kind without {@code metadata.namespace} (see the class comment). */
    public static boolean isClusterScopedForKustomize(String group, String version, String kind) {
        return KUSTOMIZE_CLUSTER_SCOPED.contains(group + "/" + version + "/" + kind);
    }
}
