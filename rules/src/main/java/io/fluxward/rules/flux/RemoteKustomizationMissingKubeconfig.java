package io.fluxward.rules.flux;

import io.fluxward.config.Glob;
import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.KubeConfigRef;
import io.fluxward.flux.Placement;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** FW-F001: an applier for a remote cluster without {@code spec.kubeConfig}. */
@RuleInfo(
        id = "FW-F001",
        name = "remote-kustomization-missing-kubeconfig",
        level = Level.ERROR,
        summary = "A Kustomization or HelmRelease that must apply to a remote cluster has no kubeConfig.",
        description = """
                Without `spec.kubeConfig`, Flux applies to the cluster it runs on: manifests meant for a worker \
                cluster (Secrets included) land on the management cluster instead. fluxward knows an applier is \
                remote from `remoteClusters` in `.fluxward.yaml` (globs on file paths or names), or infers it: every \
                other applier of its kind in the same folder (at least two, in two files) or file (at least two) uses \
                one kubeConfig; its `spec.path` lies \
                under a folder other Kustomizations apply with a kubeConfig; or all its `dependsOn` neighbours use \
                the same kubeConfig. The message names the evidence. It also fires when `kubeConfig.secretRef` \
                names a Secret of the repository that has neither a `value` nor a `value.yaml` key and `key` is \
                not set. Quiet for an applier that patches a kubeConfig into its children.""",
        fix = """
                Add the same `kubeConfig` as its neighbours, e.g. `spec.kubeConfig: {secretRef: {name: kubeconfig}}` \
                (the Secret lives in the Kustomization's namespace, kubeconfig under `value` or `value.yaml`), or set \
                `kubeConfig.secretRef.key` to the Secret's key.""",
        bad = """
                # file: clusters/mgmt/workers/worker01/namespaces.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: worker01-namespaces, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./workers/worker01/namespaces
                  sourceRef: {kind: GitRepository, name: flux-system}
                  kubeConfig: {secretRef: {name: worker01-kubeconfig}}
                # file: clusters/mgmt/workers/worker01/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: worker01-apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./workers/worker01/apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: worker01-namespaces}]
                """,
        good = """
                # file: clusters/mgmt/workers/worker01/namespaces.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: worker01-namespaces, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./workers/worker01/namespaces
                  sourceRef: {kind: GitRepository, name: flux-system}
                  kubeConfig: {secretRef: {name: worker01-kubeconfig}}
                # file: clusters/mgmt/workers/worker01/apps.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: worker01-apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./workers/worker01/apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: worker01-namespaces}]
                  kubeConfig: {secretRef: {name: worker01-kubeconfig}}
                """,
        tags = {"flux", "multi-cluster", "security"},
        securitySeverity = "7.5")
public final class RemoteKustomizationMissingKubeconfig implements RepositoryRule {

    private static final Set<String> KUBECONFIG_KEYS = Set.of("value", "value.yaml");
    /**
     * Siblings (in at least as many files, for a folder; objects, for a file) needed before their common
     * kubeConfig counts as evidence: a local and a remote applier side by side is an ordinary layout (infra.yaml
     * and worker01.yaml of a management cluster; a Cluster API workload cluster's local "mapi" part and remote
     * part, named alike, in one file), so one remote neighbour says nothing, whatever its name.
     */
    private static final int MIN_SIBLINGS = 2;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        List<Glob> remote = context.config().strings("remoteClusters").stream().map(Glob::of).toList();
        Map<String, List<Applier>> byGroup = new HashMap<>();
        // Appliers without kubeConfig per folder group and per file of a group, and per object: sibling evidence
        // needs all others to have one, so these counts rule it out without walking the group for every applier.
        Map<String, Integer> withoutKubeConfig = new HashMap<>();
        Map<YMap, Integer> withoutKubeConfigByObject = new java.util.IdentityHashMap<>();
        for (Applier a : flux.appliers()) {
            for (String key : List.of(folderKey(a), fileKey(a))) {
                byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
                if (a.kubeConfig().isEmpty()) {
                    withoutKubeConfig.merge(key, 1, Integer::sum);
                }
            }
            if (a.kubeConfig().isEmpty()) {
                withoutKubeConfigByObject.merge(a.manifest().node(), 1, Integer::sum);
            }
        }
        Siblings siblings = new Siblings(byGroup, withoutKubeConfig, withoutKubeConfigByObject);
        for (Applier a : flux.appliers()) {
            if (a.kubeConfig().isPresent()) {
                checkSecretKey(model, flux, a, out);
                continue;
            }
            if (a.host().isRemote() || a.synthetic() || delegatesKubeConfig(a) || !flux.applied(a)) {
                continue;
            }
            evidence(flux, a, remote, siblings, out).ifPresent(why -> out.at(a, YMissing.INSTANCE,
                    a.display() + " has no spec.kubeConfig, but " + why
                            + ": it applies to the cluster Flux runs on instead").ifPresent(RuleContext.FindingBuilder::report));
        }
    }

    /**
     * The appliers of each group ({@link #folderKey} and {@link #fileKey}), and how many of them (of each group, of
     * each object) have no kubeConfig.
     */
    private record Siblings(Map<String, List<Applier>> byGroup, Map<String, Integer> withoutKubeConfig,
                            Map<YMap, Integer> withoutKubeConfigByObject) {

        /** True when an applier of group {@code key} defined by another object than {@code a}'s has no kubeConfig. */
        boolean otherWithout(String key, Applier a) {
            return withoutKubeConfig.getOrDefault(key, 0) > withoutKubeConfigByObject.getOrDefault(a.manifest().node(), 0);
        }
    }

    /** Appliers of one kind on one host whose manifests share a folder. */
    private static String folderKey(Applier a) {
        return a.host().id() + "|" + a.kind() + "|" + Paths.parent(a.manifest().path());
    }

    /** Appliers of one kind on one host whose manifests share a file. */
    private static String fileKey(Applier a) {
        return folderKey(a) + "|" + a.manifest().path();
    }

    /**
     * An applier that sends what it applies to a remote cluster on purpose, and so must itself run where Flux runs:
     * it patches a kubeConfig into them, or every Flux applier it applies (HelmReleases, Kustomizations) carries a
     * kubeConfig of its own (a hub whose spokes have no Flux controllers).
     */
    private static boolean delegatesKubeConfig(Applier a) {
        for (YNode patch : a.patches()) {
            if (patch.get("patch").textOr("").contains("kubeConfig")) {
                return true;
            }
        }
        List<Applier> children = a.children();
        return !children.isEmpty() && children.stream().allMatch(c -> c.kubeConfig().isPresent());
    }

    private static Optional<String> evidence(FluxModel flux, Applier a, List<Glob> remote, Siblings groups,
                                             FluxSupport out) {
        for (Glob g : remote) {
            if (g.matches(a.manifest().path()) || g.matches(a.name()) || g.matches(a.ref())
                    || a.dir().filter(g::matches).isPresent()) {
                return Optional.of("it matches remoteClusters pattern '" + g + "'");
            }
        }
        String folder = Paths.parent(out.shown(a.manifest().path()));
        if (!groups.otherWithout(folderKey(a), a)) {
            List<Applier> siblings = others(a, groups.byGroup().getOrDefault(folderKey(a), List.of()));
            long files = siblings.stream().map(s -> s.manifest().path()).distinct().count();
            Optional<String> common = files >= MIN_SIBLINGS ? commonKubeConfig(siblings, 1) : Optional.empty();
            if (common.isPresent()) {
                return Optional.of("the " + count(siblings.size(), "other " + a.kind().kindName()) + " in "
                        + (folder.isEmpty() ? "the top folder" : folder + "/") + apply(siblings.size()) + common.get());
            }
        }
        if (!groups.otherWithout(fileKey(a), a)) {
            List<Applier> sameFile = others(a, groups.byGroup().getOrDefault(fileKey(a), List.of()));
            long objects = sameFile.stream().map(s -> s.manifest().node()).distinct().count();
            Optional<String> common = objects >= MIN_SIBLINGS ? commonKubeConfig(sameFile, 1) : Optional.empty();
            if (common.isPresent()) {
                return Optional.of("the " + count(sameFile.size(), "other " + a.kind().kindName()) + " in "
                        + out.shown(a.manifest().path()) + apply(sameFile.size()) + common.get());
            }
        }
        if (a.dir().isPresent()) {
            String dir = a.dir().get();
            for (Applier b : flux.appliers()) {
                if (b != a && b.kubeConfig().isPresent() && b.host().equals(a.host()) && b.dir().isPresent()
                        && !b.dir().get().isEmpty() && !dir.equals(b.dir().get()) && Paths.isUnder(dir, b.dir().get())) {
                    return Optional.of("its path ./" + dir + " lies under ./" + b.dir().get() + ", which " + b.display()
                            + " applies with kubeConfig " + b.kubeConfig().get().id());
                }
            }
        }
        List<Applier> deps = others(a, flux.dependencies(a));
        List<Applier> dependents = others(a, flux.dependents(a));
        Set<Applier> neighbours = new LinkedHashSet<>(deps);
        neighbours.addAll(dependents);
        Optional<String> common = commonKubeConfig(new ArrayList<>(neighbours), 1);
        if (common.isPresent()) {
            String kinds = a.kind().kindName() + "s";
            String with = "kubeConfig " + common.get();
            return Optional.of(dependents.isEmpty() ? "it depends only on " + kinds + " that apply with " + with
                    : deps.isEmpty() ? "only " + kinds + " that apply with " + with + " depend on it"
                    : "all " + kinds + " it depends on or that depend on it apply with " + with);
        }
        return Optional.empty();
    }

    /** The appliers of {@code group} defined by another object than {@code a}'s. */
    private static List<Applier> others(Applier a, List<Applier> group) {
        // The same YAML mapping is the same object; record equality would also compare paths, for every pair.
        YMap own = a.manifest().node();
        return group.stream().filter(s -> s.manifest().node() != own).toList();
    }

    private static String apply(int n) {
        return n == 1 ? " applies with kubeConfig " : " apply with kubeConfig ";
    }

    private static String count(int n, String what) {
        return n == 1 ? what : n + " " + what + "s";
    }

    /** The kubeConfig all of {@code appliers} share (at least {@code min} appliers, none without). */
    private static Optional<String> commonKubeConfig(List<Applier> appliers, int min) {
        if (appliers.size() < min) {
            return Optional.empty();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Applier s : appliers) {
            if (s.kubeConfig().isEmpty()) {
                return Optional.empty();
            }
            ids.add(s.kubeConfig().get().id());
        }
        return ids.size() == 1 ? Optional.of(ids.iterator().next()) : Optional.empty();
    }

    private static void checkSecretKey(RepositoryModel model, FluxModel flux, Applier a, FluxSupport out) {
        KubeConfigRef kc = a.kubeConfig().get();
        if (kc.type() != KubeConfigRef.Type.SECRET || !kc.key().isEmpty() || kc.name().isEmpty()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Placement p : flux.placementsOn(a.host())) {
            if (p.is("", "Secret") && p.name().equals(kc.name()) && p.namespace().equals(a.namespace())) {
                keys.addAll(keysOf(p.content()));
            }
        }
        if (keys.isEmpty()) {
            model.objects("", "Secret").filter(o -> o.name().equals(kc.name()))
                    .filter(o -> o.namespace().equals(a.namespace()))
                    .map(KubeObject::node).forEach(n -> keys.addAll(keysOf(n)));
        }
        if (keys.isEmpty() || keys.stream().anyMatch(KUBECONFIG_KEYS::contains)) {
            return;
        }
        out.at(a, kc.node(), "kubeConfig.secretRef names Secret " + a.namespace() + "/" + kc.name()
                + ", which has no 'value' or 'value.yaml' key (it has " + String.join(", ", keys)
                + ") and kubeConfig.secretRef.key is not set: Flux cannot read the kubeconfig")
                .ifPresent(RuleContext.FindingBuilder::report);
    }

    private static Set<String> keysOf(YMap secret) {
        Set<String> keys = new LinkedHashSet<>();
        for (String section : List.of("data", "stringData")) {
            for (YEntry e : secret.get(section).effectiveEntries()) {
                keys.add(e.keyText());
            }
        }
        return keys;
    }
}
