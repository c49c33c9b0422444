package io.fluxward.kustomize;

import java.util.Set;

/**
 * The kinds kustomize's built-in schema knows as cluster-scoped. Unknown kinds (CRDs such as
 * ClusterSecretStore) are treated as namespaced, exactly as kustomize does (domain facts §4.4).
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
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
            "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
            "policy/PodSecurityPolicy", "certificates.k8s.io/CertificateSigningRequest",
            "networking.k8s.io/IngressClass", "flowcontrol.apiserver.k8s.io/FlowSchema",
            "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

    private ClusterScope() {
    }

    public static boolean isClusterScoped(String group, String kind) {
        return CLUSTER_SCOPED.contains(group + "/" + kind);
    }
}
