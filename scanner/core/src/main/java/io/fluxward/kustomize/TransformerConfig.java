package io.fluxward.kustomize;

import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which fields kustomize's transformers touch: where labels, annotations and namespaces go, and
 * which fields refer to other objects by name (kustomize's {@code nameReference}, used to follow
 * renames by prefixes, suffixes and generator hashes). The built-in set mirrors kustomize's defaults;
 * a kustomization's {@code configurations} files add to it, and the additions travel up to the
 * kustomizations that include it, as in kustomize's accumulator. Of the label field specs,
 * {@code commonLabels} serve {@code commonLabels} and {@code labels} entries with {@code includeSelectors},
 * {@code templateLabels} the other entries with {@code includeTemplates}, and {@code labels} (none built in)
 * every {@code labels} entry.
 */
record TransformerConfig(List<FieldSpec> commonLabels, List<FieldSpec> templateLabels, List<FieldSpec> labels,
                         List<FieldSpec> commonAnnotations, List<FieldSpec> namespace, List<FieldSpec> images,
                         List<FieldSpec> namePrefix, List<NameReference> nameReference, List<FieldSpec> varReference,
                         List<FieldSpec> replicas) {

    /** Fields that refer to an object of kind {@code kind} (group/version optional) by name. */
    record NameReference(String group, String version, String kind, List<FieldSpec> fieldSpecs) {
        boolean refersTo(ResId id) {
            return kind.equals(id.kind()) && (group.isEmpty() || group.equals(id.group()))
                    && (version.isEmpty() || version.equals(id.version()));
        }
    }

    static final TransformerConfig EMPTY = new TransformerConfig(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of());

    TransformerConfig {
        commonLabels = List.copyOf(commonLabels);
        templateLabels = List.copyOf(templateLabels);
        labels = List.copyOf(labels);
        commonAnnotations = List.copyOf(commonAnnotations);
        namespace = List.copyOf(namespace);
        images = List.copyOf(images);
        namePrefix = List.copyOf(namePrefix);
        nameReference = List.copyOf(nameReference);
        varReference = List.copyOf(varReference);
        replicas = List.copyOf(replicas);
    }

    /** Reads a {@code configurations} file. */
    static TransformerConfig parse(YNode root) {
        List<NameReference> refs = new ArrayList<>();
        for (YNode item : root.get("nameReference").items()) {
            refs.add(new NameReference(item.get("group").textOr(""), item.get("version").textOr(""),
                    item.get("kind").textOr(""), FieldSpec.list(item.get("fieldSpecs"))));
        }
        return new TransformerConfig(FieldSpec.list(root.get("commonLabels")), FieldSpec.list(root.get("templateLabels")),
                FieldSpec.list(root.get("labels")),
                FieldSpec.list(root.get("commonAnnotations")), FieldSpec.list(root.get("namespace")),
                FieldSpec.list(root.get("images")), FieldSpec.list(root.get("namePrefix")), refs,
                FieldSpec.list(root.get("varReference")), FieldSpec.list(root.get("replicas")));
    }

    /** The union of two configurations (duplicates dropped). */
    TransformerConfig merge(TransformerConfig other) {
        if (other == EMPTY || other.equals(this)) {
            return this;
        }
        return new TransformerConfig(union(commonLabels, other.commonLabels), union(templateLabels, other.templateLabels),
                union(labels, other.labels),
                union(commonAnnotations, other.commonAnnotations), union(namespace, other.namespace),
                union(images, other.images), union(namePrefix, other.namePrefix), union(nameReference, other.nameReference),
                union(varReference, other.varReference), union(replicas, other.replicas));
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return new ArrayList<>(out);
    }

    private static FieldSpec fs(String group, String version, String kind, String path, boolean create) {
        return new FieldSpec(group, version, kind, FieldSpec.split(path), create);
    }

    /** Where each workload kind keeps its pod spec. */
    private static final String[][] POD_SPECS = {
        {"", "v1", "Pod", "spec"},
        {"", "", "PodTemplate", "template/spec"},
        {"", "", "Deployment", "spec/template/spec"},
        {"", "", "ReplicaSet", "spec/template/spec"},
        {"", "", "DaemonSet", "spec/template/spec"},
        {"", "", "StatefulSet", "spec/template/spec"},
        {"", "", "Job", "spec/template/spec"},
        {"", "", "CronJob", "spec/jobTemplate/spec/template/spec"},
        {"", "", "ReplicationController", "spec/template/spec"},
    };

    /** Workload kinds with a pod template, and where its metadata is. */
    private static final String[][] TEMPLATES = {
        {"", "v1", "ReplicationController", "spec/template/metadata"},
        {"", "", "Deployment", "spec/template/metadata"},
        {"", "", "ReplicaSet", "spec/template/metadata"},
        {"", "", "DaemonSet", "spec/template/metadata"},
        {"apps", "", "StatefulSet", "spec/template/metadata"},
        {"batch", "", "Job", "spec/template/metadata"},
        {"batch", "", "CronJob", "spec/jobTemplate/metadata"},
        {"batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata"},
    };

    private static List<FieldSpec> inPodSpecs(String[] relative, Set<String> kinds) {
        List<FieldSpec> out = new ArrayList<>();
        for (String[] pod : POD_SPECS) {
            if (kinds != null && !kinds.contains(pod[2])) {
                continue;
            }
            for (String rel : relative) {
                out.add(fs(pod[0], pod[1], pod[2], pod[3] + "/" + rel, false));
            }
        }
        return out;
    }

    private static TransformerConfig builtin() {
        List<FieldSpec> templateLabels = new ArrayList<>();
        List<FieldSpec> templateAnnotations = new ArrayList<>();
        for (String[] t : TEMPLATES) {
            templateLabels.add(fs(t[0], t[1], t[2], t[3] + "/labels", true));
            templateAnnotations.add(fs(t[0], t[1], t[2], t[3] + "/annotations", true));
        }
        templateLabels.add(fs("apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true));

        List<FieldSpec> commonLabels = new ArrayList<>();
        commonLabels.add(fs("", "", "", "metadata/labels", true));
        commonLabels.addAll(templateLabels);
        commonLabels.add(fs("", "v1", "Service", "spec/selector", true));
        commonLabels.add(fs("", "v1", "ReplicationController", "spec/selector", true));
        for (String kind : new String[] {"Deployment", "ReplicaSet", "DaemonSet"}) {
            commonLabels.add(fs("", "", kind, "spec/selector/matchLabels", true));
        }
        commonLabels.add(fs("apps", "", "StatefulSet", "spec/selector/matchLabels", true));
        String[] affinities = {"podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
            "podAffinity/requiredDuringSchedulingIgnoredDuringExecution",
            "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
            "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution"};
        for (String kind : new String[] {"Deployment", "StatefulSet"}) {
            for (String affinity : affinities) {
                commonLabels.add(fs("apps", "", kind, "spec/template/spec/affinity/" + affinity
                        + "/labelSelector/matchLabels", false));
            }
            commonLabels.add(fs("apps", "", kind, "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
                    false));
        }
        commonLabels.add(fs("batch", "", "Job", "spec/selector/matchLabels", false));
        commonLabels.add(fs("batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false));
        commonLabels.add(fs("policy", "", "PodDisruptionBudget", "spec/selector/matchLabels", false));
        commonLabels.add(fs("networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels", false));
        commonLabels.add(fs("networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false));
        commonLabels.add(fs("networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false));

        List<FieldSpec> annotations = new ArrayList<>();
        annotations.add(fs("", "", "", "metadata/annotations", true));
        annotations.addAll(templateAnnotations);

        List<FieldSpec> namespace = List.of(
                fs("apiregistration.k8s.io", "", "APIService", "spec/service/namespace", false),
                fs("apiextensions.k8s.io", "", "CustomResourceDefinition",
                        "spec/conversion/webhook/clientConfig/service/namespace", false));

        List<NameReference> refs = new ArrayList<>();
        for (String workload : new String[] {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"}) {
            refs.add(new NameReference("", "", workload,
                    List.of(fs("", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", false))));
        }
        String[] configMapRefs = {"volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
            "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
            "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name"};
        List<FieldSpec> configMap = new ArrayList<>(inPodSpecs(configMapRefs, null));
        configMap.add(fs("", "", "Node", "spec/configSource/configMap", false));
        configMap.add(fs("", "", "Role", "rules/resourceNames", false));
        configMap.add(fs("", "", "ClusterRole", "rules/resourceNames", false));
        configMap.add(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
                false));
        refs.add(new NameReference("", "v1", "ConfigMap", configMap));

        String[] secretRefs = {"volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
            "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
            "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name"};
        List<FieldSpec> secret = new ArrayList<>(inPodSpecs(secretRefs, null));
        secret.add(fs("", "", "Ingress", "spec/tls/secretName", false));
        secret.add(fs("", "", "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret", false));
        secret.add(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", false));
        secret.add(fs("", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", false));
        secret.add(fs("", "", "ServiceAccount", "imagePullSecrets/name", false));
        for (String param : new String[] {"secretName", "adminSecretName", "userSecretName", "secretRef"}) {
            secret.add(fs("", "", "StorageClass", "parameters/" + param, false));
        }
        secret.add(fs("", "", "Role", "rules/resourceNames", false));
        secret.add(fs("", "", "ClusterRole", "rules/resourceNames", false));
        secret.add(fs("serving.knative.dev", "v1", "Service", "spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
                false));
        secret.add(fs("", "", "PersistentVolume", "spec/azureFile/secretName", false));
        refs.add(new NameReference("", "v1", "Secret", secret));

        refs.add(new NameReference("", "v1", "Service", List.of(
                fs("apps", "", "StatefulSet", "spec/serviceName", false),
                fs("", "", "Ingress", "spec/rules/http/paths/backend/serviceName", false),
                fs("", "", "Ingress", "spec/backend/serviceName", false),
                fs("", "", "Ingress", "spec/rules/http/paths/backend/service/name", false),
                fs("", "", "Ingress", "spec/defaultBackend/service/name", false),
                fs("apiregistration.k8s.io", "", "APIService", "spec/service/name", false),
                fs("admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration", "webhooks/clientConfig/service",
                        false),
                fs("admissionregistration.k8s.io", "", "MutatingWebhookConfiguration", "webhooks/clientConfig/service",
                        false),
                fs("", "", "HTTPRoute", "spec/rules/backendRefs/name", false))));
        refs.add(new NameReference("rbac.authorization.k8s.io", "", "Role",
                List.of(fs("rbac.authorization.k8s.io", "", "RoleBinding", "roleRef/name", false))));
        refs.add(new NameReference("rbac.authorization.k8s.io", "", "ClusterRole", List.of(
                fs("rbac.authorization.k8s.io", "", "RoleBinding", "roleRef/name", false),
                fs("rbac.authorization.k8s.io", "", "ClusterRoleBinding", "roleRef/name", false))));
        List<FieldSpec> serviceAccount = new ArrayList<>(List.of(
                fs("rbac.authorization.k8s.io", "", "RoleBinding", "subjects", false),
                fs("rbac.authorization.k8s.io", "", "ClusterRoleBinding", "subjects", false)));
        serviceAccount.addAll(inPodSpecs(new String[] {"serviceAccountName"}, Set.of("Pod", "StatefulSet", "Deployment",
                "ReplicationController", "CronJob", "Job", "DaemonSet")));
        refs.add(new NameReference("", "v1", "ServiceAccount", serviceAccount));
        refs.add(new NameReference("", "v1", "PersistentVolumeClaim", inPodSpecs(
                new String[] {"volumes/persistentVolumeClaim/claimName"}, Set.of("Pod", "StatefulSet", "Deployment",
                        "ReplicationController", "CronJob", "Job", "DaemonSet"))));
        refs.add(new NameReference("", "v1", "PersistentVolume", List.of(
                fs("", "", "PersistentVolumeClaim", "spec/volumeName", false),
                fs("", "", "ClusterRole", "rules/resourceNames", false))));
        refs.add(new NameReference("storage.k8s.io", "v1", "StorageClass", List.of(
                fs("", "", "PersistentVolume", "spec/storageClassName", false),
                fs("", "", "PersistentVolumeClaim", "spec/storageClassName", false),
                fs("", "", "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName", false))));
        refs.add(new NameReference("scheduling.k8s.io", "v1", "PriorityClass", inPodSpecs(
                new String[] {"priorityClassName"}, Set.of("Pod", "StatefulSet", "Deployment", "ReplicationController",
                        "CronJob", "Job", "DaemonSet"))));
        refs.add(new NameReference("networking.k8s.io", "v1", "IngressClass",
                List.of(fs("", "", "Ingress", "spec/ingressClassName", false))));

        // Where a replicas entry sets its count (kustomize's builtin replicas field specs).
        List<FieldSpec> replicas = new ArrayList<>();
        for (String kind : new String[] {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"}) {
            replicas.add(fs("", "", kind, "spec/replicas", true));
        }
        return new TransformerConfig(commonLabels, templateLabels, List.of(), annotations, namespace, List.of(), List.of(), refs,
                builtinVarReference(), replicas);
    }

    /** Where kustomize substitutes {@code $(VAR)}: its built-in {@code varReference} list (kustomize v5). */
    private static List<FieldSpec> builtinVarReference() {
        List<FieldSpec> out = new ArrayList<>();
        String[] inContainers = {"containers/args", "containers/command", "containers/env/value",
            "containers/volumeMounts/mountPath", "initContainers/args", "initContainers/command", "initContainers/env/value",
            "initContainers/volumeMounts/mountPath", "volumes/nfs/server"};
        String[][] pods = {{"CronJob", "spec/jobTemplate/spec/template/spec"}, {"DaemonSet", "spec/template/spec"},
            {"Deployment", "spec/template/spec"}, {"Job", "spec/template/spec"}, {"Pod", "spec"},
            {"ReplicaSet", "spec/template/spec"}, {"StatefulSet", "spec/template/spec"}};
        for (String[] pod : pods) {
            for (String rel : inContainers) {
                out.add(fs("", "", pod[0], pod[1] + "/" + rel, false));
            }
        }
        out.add(fs("", "", "Ingress", "spec/rules/host", false));
        out.add(fs("", "", "Ingress", "spec/tls/hosts", false));
        out.add(fs("", "", "Ingress", "spec/tls/secretName", false));
        out.add(fs("", "", "Service", "spec/ports/port", false));
        out.add(fs("", "", "Service", "spec/ports/targetPort", false));
        out.add(fs("", "", "StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server", false));
        out.add(fs("", "", "PersistentVolume", "spec/nfs/server", false));
        out.add(fs("", "", "", "metadata/labels", false));
        out.add(fs("", "", "", "metadata/annotations", false));
        return out;
    }

    /** kustomize's built-in configuration (declared last: it reads the tables above). */
    static final TransformerConfig BUILTIN = builtin();
}
