package io.fluxward.rules.flux;

import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KubeConfigRef;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Secrets and ConfigMaps that something reads by name in a given namespace: Flux decryption and
 * kubeConfig Secrets, post-build {@code substituteFrom}, HelmRelease {@code valuesFrom}, and every
 * {@code *SecretRef}/{@code secretRef} of sources and External Secrets stores.
 */
final class ConfigReferences {

    private final Map<String, List<String>> byObject = new LinkedHashMap<>();

    ConfigReferences(RepositoryModel model, FluxModel flux) {
        for (Applier a : flux.appliers()) {
            String ns = a.namespace();
            a.decryption().get("secretRef").get("name").text()
                    .ifPresent(n -> add("Secret", ns, n, a.display() + " (decryption)"));
            a.kubeConfig().ifPresent(k -> add(k.type() == KubeConfigRef.Type.SECRET ? "Secret" : "ConfigMap", ns, k.name(),
                    a.display() + " (kubeConfig)"));
            for (YNode from : a.postBuild().get("substituteFrom").items()) {
                from.get("name").text().ifPresent(n -> add(from.get("kind").textOr(""), ns, n,
                        a.display() + " (postBuild.substituteFrom)"));
            }
            for (YNode from : a.get("spec", "valuesFrom").items()) {
                from.get("name").text().ifPresent(n -> add(from.get("kind").textOr(""), ns, n,
                        a.display() + " (valuesFrom)"));
            }
        }
        for (KubeObject o : model.objects()) {
            boolean source = o.group().equals("source.toolkit.fluxcd.io");
            boolean store = o.group().equals("external-secrets.io") && o.kind().endsWith("SecretStore");
            if (!source && !store) {
                continue;
            }
            YWalker.walk(o.get("spec"), (path, node) -> {
                for (YEntry e : node.entries()) {
                    String key = e.keyText().toLowerCase(Locale.ROOT);
                    if (key.endsWith("secretref") && e.value().get("name").hasText()) {
                        String ns = e.value().get("namespace").textOr(o.namespace());
                        add("Secret", ns, e.value().get("name").textOr(""), o.kind() + " " + o.ref().substring(
                                o.kind().length() + 1) + " (" + e.keyText() + ")");
                    }
                }
                return true;
            });
        }
    }

    private void add(String kind, String namespace, String name, String by) {
        byObject.computeIfAbsent(kind + "/" + namespace + "/" + name, k -> new ArrayList<>()).add(by);
    }

    /** What reads {@code kind namespace/name}, empty when nothing does. */
    List<String> referrers(String kind, String namespace, String name) {
        return byObject.getOrDefault(kind + "/" + namespace + "/" + name, List.of());
    }
}
