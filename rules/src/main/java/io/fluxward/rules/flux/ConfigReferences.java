package io.fluxward.rules.flux;

import io.fluxward.flux.Applier;
import io.fluxward.flux.Cluster;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KubeConfigRef;
import io.fluxward.flux.Placement;
import io.fluxward.flux.Vars;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Secrets and ConfigMaps that something reads by name in a given namespace of a given cluster: Flux
 * decryption and kubeConfig Secrets, post-build {@code substituteFrom}, HelmRelease {@code valuesFrom}, and
 * every {@code *SecretRef}/{@code secretRef} of sources and External Secrets stores. Each reference is kept
 * as the cluster sees it: in the reader's effective namespace (after the {@code targetNamespace} that moves
 * the reader, so a reader moved together with its Secret still finds it there), on the cluster where the
 * reader runs (a Flux object's host, a placed source's or store's target).
 */
final class ConfigReferences {

    /** Cluster id of readers whose cluster is not known (objects no applier places): they match every cluster. */
    private static final String ANY = "";

    /** A reference: where its reader looks for the object (after every move), and who reads it. */
    private record Reader(String looksIn, String by) {
    }

    /** References by the object they meant as written: cluster, kind, the namespace before any move, name. */
    private final Map<String, List<Reader>> byObject = new LinkedHashMap<>();

    ConfigReferences(RepositoryModel model, FluxModel flux) {
        for (Applier a : flux.appliers()) {
            String ns = a.namespace();
            String meant = declared(a.manifest(), ns);
            String on = a.host().id();
            a.decryption().get("secretRef").get("name").text()
                    .ifPresent(n -> add(on, "Secret", meant, ns, n, a.display() + " (decryption)"));
            a.kubeConfig().ifPresent(k -> add(on, k.type() == KubeConfigRef.Type.SECRET ? "Secret" : "ConfigMap", meant,
                    ns, k.name(), a.display() + " (kubeConfig)"));
            for (YNode from : a.postBuild().get("substituteFrom").items()) {
                from.get("name").text().ifPresent(n -> add(on, from.get("kind").textOr(""), meant, ns, n,
                        a.display() + " (postBuild.substituteFrom)"));
            }
            for (YNode from : a.get("spec", "valuesFrom").items()) {
                from.get("name").text().ifPresent(n -> add(on, from.get("kind").textOr(""), meant, ns, n,
                        a.display() + " (valuesFrom)"));
            }
        }
        Set<KubeObject> placed = new HashSet<>();
        for (List<Placement> onCluster : flux.placementsByCluster().values()) {
            for (Placement p : onCluster) {
                placed.add(p.origin());
                if (reader(p.group(), p.kind())) {
                    String written = p.origin().namespace();
                    secretRefs(p.content().get("spec"), p.by().target().id(),
                            written.isEmpty() ? p.namespace() : p.vars().expand(written).orElse(written), p.namespace(),
                            p.display(), p.vars());
                }
            }
        }
        for (KubeObject o : model.objects()) {
            if (!placed.contains(o) && reader(o.group(), o.kind())) {
                secretRefs(o.get("spec"), ANY, o.namespace(), o.namespace(),
                        o.kind() + " " + o.ref().substring(o.kind().length() + 1), Vars.NONE);
            }
        }
    }

    /** The namespace a reader is written in (where it looked before any move), else the one it ends up in. */
    private static String declared(KubeObject written, String effective) {
        return written.namespace().isEmpty() ? effective : written.namespace();
    }

    private static boolean reader(String group, String kind) {
        return group.equals("source.toolkit.fluxcd.io") || group.equals("external-secrets.io") && kind.endsWith("SecretStore");
    }

    /** @param vars the post-build variables substituted into the reader (names and namespaces as Flux applies them) */
    private void secretRefs(YNode spec, String cluster, String meant, String looksIn, String display, Vars vars) {
        YWalker.walk(spec, (path, node) -> {
            for (YEntry e : node.effectiveEntries()) {
                String key = e.keyText().toLowerCase(Locale.ROOT);
                if (key.endsWith("secretref") && e.value().get("name").hasText()) {
                    // An explicit namespace is where it looks, whatever moves the reader.
                    String explicit = e.value().get("namespace").text().map(t -> vars.expand(t).orElse(t)).orElse(null);
                    String name = e.value().get("name").textOr("");
                    add(cluster, "Secret", explicit != null ? explicit : meant, explicit != null ? explicit : looksIn,
                            vars.expand(name).orElse(name), display + " (" + e.keyText() + ")");
                }
            }
            return true;
        });
    }

    private void add(String cluster, String kind, String meant, String looksIn, String name, String by) {
        byObject.computeIfAbsent(key(cluster, kind, meant, name), k -> new ArrayList<>()).add(new Reader(looksIn, by));
    }

    private static String key(String cluster, String kind, String namespace, String name) {
        return cluster + "\n" + kind + "/" + namespace + "/" + name;
    }

    /**
     * What reads {@code kind namespace/name} as written (in its declared namespace) on {@code cluster} and, once every
     * move is done, looks for it elsewhere than {@code movedTo}: readers it breaks. A reader moved into the same
     * namespace along with it still finds it; one moved anywhere else, or left behind, does not.
     */
    List<String> brokenReaders(Cluster cluster, String kind, String namespace, String name, String movedTo) {
        List<Reader> all = new ArrayList<>(byObject.getOrDefault(key(cluster.id(), kind, namespace, name), List.of()));
        all.addAll(byObject.getOrDefault(key(ANY, kind, namespace, name), List.of()));
        return all.stream().filter(r -> !r.looksIn().equals(movedTo)).map(Reader::by).toList();
    }
}
