package io.fluxward.rules.general;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** FW-G004: a document that Flux or kustomize applies but that is not a complete Kubernetes object. */
@RuleInfo(
        id = "FW-G004",
        name = "not-a-manifest",
        level = Level.WARNING,
        summary = "A YAML document in a manifest folder lacks apiVersion or kind, or has an empty metadata.name.",
        description = """
                Flux and kustomize decode every document they apply as a Kubernetes object. A document without \
                `apiVersion` or `kind` makes Flux fail with `failed to decode Kubernetes YAML` and kustomize stop, \
                so nothing of that Kustomization is applied; an object without `metadata.name` cannot be applied \
                either (`generateName` does not work with server-side apply). Manifest files are the ones a \
                kustomization lists under `resources`, every `.yaml` file in the `spec.path` of a Flux \
                Kustomization that has no kustomization.yaml (minus Flux's default exclusions and \
                `.sourceignore`), and, as a likely case, the files of a folder of manifests that no kustomization \
                file governs. Files used as patches, generator inputs or Helm values, `.sops.yaml`, CI workflows, \
                Helm charts and folders under a kustomization.yaml that does not list them are not manifests.""",
        fix = """
                Add the missing `apiVersion`, `kind` or `metadata.name`. If the file is not meant to be applied \
                (a values file, a patch, a config file), move it out of the folder, list the folder's real \
                manifests in a `kustomization.yaml`, or exclude the file in `.sourceignore`.""",
        bad = """
                # file: apps/podinfo/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yaml
                # file: apps/podinfo/deployment.yaml
                kind: Deployment
                metadata:
                  name: podinfo
                spec:
                  replicas: 2
                """,
        good = """
                # file: apps/podinfo/kustomization.yaml
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yaml
                # file: apps/podinfo/deployment.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: podinfo
                spec:
                  replicas: 2
                """,
        tags = {"correctness", "kustomize", "flux"})
public final class NotAManifest implements RepositoryRule {

    private static final java.util.Set<String> COMPONENT_CONFIG_GROUPS =
            java.util.Set.of("apiserver.k8s.io", "audit.k8s.io", "kubeadm.k8s.io");

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        for (Map.Entry<String, AppliedFiles.Reason> e : AppliedFiles.of(model).entrySet()) {
            model.file(e.getKey()).ifPresent(file -> {
                AppliedFiles.Reason reason = e.getValue();
                for (Problem p : file.fact(PROBLEMS)) {
                    if (reason.certain() || p.alsoWhenLikely()) {
                        report(context, file, p.at(), p.what() + ", but " + reason.text(), reason);
                    }
                }
            });
        }
    }

    /**
     * What would be wrong with a document if its file is applied, {@code alsoWhenLikely} when it counts
     * in a folder that is only likely applied too. A function of the file alone: found once per file.
     */
    private record Problem(YNode at, String what, boolean alsoWhenLikely) {
    }

    private static final FileFact<List<Problem>> PROBLEMS = FileFact.of("not-a-manifest problems", NotAManifest::problems);

    private static List<Problem> problems(FileModel file) {
        if (file.template() || file.yaml().isEmpty() || file.yaml().get().fatal().isPresent()) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        for (YDocument doc : file.documents()) {
            YNode root = doc.root();
            if (root.isNull()) {
                continue;
            }
            if (!(root instanceof YMap map)) {
                out.add(new Problem(root, "this document is a " + (root.isSeq() ? "list" : "plain value")
                        + ", not a Kubernetes object", false));
                continue;
            }
            problem(map).ifPresent(out::add);
            if (map.get("kind").textOr("").endsWith("List") && map.get("items").isSeq()) {
                // kustomize reads each item as an object of its own ("missing kind in object").
                List<YNode> items = map.get("items").items();
                for (int i = 0; i < items.size(); i++) {
                    String which = "item " + (i + 1) + " of this " + map.get("kind").textOr("");
                    if (items.get(i) instanceof YMap item) {
                        problem(item).ifPresent(p -> out.add(new Problem(p.at(), p.what().startsWith("this document")
                                ? p.what().replace("this document", which) : which + ": " + p.what(), p.alsoWhenLikely())));
                    } else {
                        out.add(new Problem(items.get(i), which + " is not a Kubernetes object", false));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Problem> problem(YMap map) {
        boolean hasApiVersion = map.get("apiVersion").hasText();
        boolean hasKind = map.get("kind").hasText();
        // Only in a folder that is likely applied: a document that does not even try to be an object
        // (values, settings) or belongs to another tool (Talos, Helm's Chart.yaml) is probably not meant for it.
        boolean alsoWhenLikely = !((!map.hasOwn("apiVersion") && !map.hasOwn("kind") && !map.hasOwn("metadata"))
                || (hasApiVersion && !AppliedFiles.isKubernetesApiVersion(map.get("apiVersion").textOr(""))));
        if (!hasApiVersion || !hasKind) {
            String missing = !hasApiVersion && !hasKind ? "no apiVersion and no kind"
                    : !hasApiVersion ? "no apiVersion" : "no kind";
            YNode at = hasKind ? map.keyNode("kind") : hasApiVersion ? map.keyNode("apiVersion") : firstKey(map);
            return Optional.of(new Problem(at, "this document has " + missing, alsoWhenLikely));
        }
        String apiVersion = map.get("apiVersion").textOr("");
        String kind = map.get("kind").textOr("");
        if (apiVersion.equals("v1") && kind.equals("Config")) {
            // A client's kubeconfig (never has metadata): no object to complete, and only wrong where it is applied.
            return Optional.of(new Problem(map.keyNode("kind"), "this document is a kubeconfig (kind: Config), which"
                    + " no cluster serves", false));
        }
        boolean nameless = (kind.endsWith("List") && map.get("items").isSeq()) || isComponentConfig(apiVersion);
        if (nameless || map.at("metadata", "name").hasText()) {
            return Optional.empty();
        }
        YNode at = map.keyNode("kind");
        if (map.get("metadata") instanceof YMap metadata) {
            at = metadata.keyNode("name").isPresent() ? metadata.keyNode("name") : map.keyNode("metadata");
        }
        String generate = map.at("metadata", "generateName").hasText()
                ? " (generateName does not work with kustomize or Flux's server-side apply)" : "";
        return Optional.of(new Problem(at, kind + " has an empty metadata.name" + generate, alsoWhenLikely));
    }

    private static YNode firstKey(YMap map) {
        return map.entries().isEmpty() ? map : map.entries().get(0).key();
    }

    private static void report(RuleContext context, FileModel file, YNode at, String message, AppliedFiles.Reason reason) {
        String advice = reason.certain() ? ": the build fails, and nothing that it belongs to is applied until this is fixed"
                : ": complete it, or move the file out of the folder if it is not a manifest";
        RuleContext.FindingBuilder finding = context.at(file.path(), at).message(message + advice);
        reason.where().ifPresent(where -> finding.related(where, "why this file is applied"));
        finding.report();
    }

    /**
     * Component configuration files (kustomize's own, kube-apiserver's AuthenticationConfiguration
     * and EncryptionConfiguration, kubelet, kube-proxy, kube-scheduler, kubeadm, audit policies)
     * are read from disk by their program, not applied: they have no {@code metadata} by design.
     */
    private static boolean isComponentConfig(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return group.endsWith("config.k8s.io") || COMPONENT_CONFIG_GROUPS.contains(group);
    }
}
