package io.fluxward.eso;

import io.fluxward.flux.Vars;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.Facet;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.UnparseableFiles;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The External Secrets Operator objects of the repository (every API version; objects embedded
 * in HelmRelease values included): stores, the objects that use them, and how their references
 * resolve. Store references follow ESO's defaults: {@code kind} SecretStore, and a SecretStore
 * serves only its own namespace.
 */
public final class EsoModel {

    /** The ESO API group (stores, ExternalSecrets, PushSecrets). */
    public static final String GROUP = "external-secrets.io";

    /** Either kind may be the one a file that does not parse defines: only a store of neither kind is dangling. */
    private static final List<String> STORE_KIND_NAMES = java.util.Arrays.stream(StoreKind.values()).map(StoreKind::kind)
            .toList();

    /** The repository's ESO view, computed on first use. */
    public static final Facet<EsoModel> FACET = Facet.of("external-secrets", EsoModel::new);

    /** An {@code externals.secretStores} entry: {@code Kind/name}, {@code Kind/namespace/name} or {@code name}. */
    private record ExternalStore(Optional<StoreKind> kind, String namespace, String name, String entry) {
    }

    private final RepositoryModel model;
    private final List<Store> stores = new ArrayList<>();
    private final List<SecretSync> syncs = new ArrayList<>();
    /** A store under one name its builds give it, with the namespaces it has under that name (empty: unknown). */
    private record Named(Store store, Set<String> namespaces) {
    }

    private final Map<String, List<Named>> storesByName = new LinkedHashMap<>();
    private final Map<String, List<KubeObject>> secretsByName = new LinkedHashMap<>();
    private final List<ExternalStore> externals = new ArrayList<>();

    private EsoModel(RepositoryModel model) {
        this.model = model;
        for (KubeObject o : model.objects()) {
            Store.of(o).ifPresent(stores::add);
            SecretSync.of(o).ifPresent(syncs::add);
            if (SecretManifest.isSecret(o) && !o.name().isEmpty()) {
                secretsByName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o);
            }
        }
        // Stores are found by the names their builds give them (namePrefix / nameSuffix), each name with the
        // namespaces of the renderings that give it (an overlay's prefixed copy is not in another overlay's namespace).
        for (Store s : stores) {
            Map<String, Set<String>> namespaces = new LinkedHashMap<>();
            for (Placement.Copy c : placement().copies(s.object())) {
                for (String name : names(c, s.object())) {
                    Set<String> in = namespaces.computeIfAbsent(name, n -> new TreeSet<>());
                    if (!c.rendering().namespace().isEmpty()) {
                        in.add(c.rendering().namespace());
                    }
                }
            }
            namespaces.forEach((name, in) -> storesByName.computeIfAbsent(name, n -> new ArrayList<>()).add(new Named(s, in)));
        }
        for (String entry : model.config().strings("externals", "secretStores")) {
            String[] parts = entry.strip().split("/");
            switch (parts.length) {
                case 1 -> externals.add(new ExternalStore(Optional.empty(), "", parts[0], entry));
                case 2 -> StoreKind.of(parts[0]).ifPresent(k -> externals.add(new ExternalStore(Optional.of(k), "",
                        parts[1], entry)));
                case 3 -> StoreKind.of(parts[0]).ifPresent(k -> externals.add(new ExternalStore(Optional.of(k),
                        k == StoreKind.SECRET_STORE ? parts[1] : "", parts[2], entry)));
                default -> {
                    // Not a store reference; the README documents the two accepted forms.
                }
            }
        }
    }

    /**
     * The names a copy of a store is applied under: Flux substitutes the post-build variables of the Kustomization
     * that builds it, where their values are known (references are substituted alike, {@link #storeUses}).
     */
    private Set<String> names(Placement.Copy copy, KubeObject store) {
        String name = copy.rendering().name();
        Set<String> out = new LinkedHashSet<>();
        if (!name.contains("$") || copy.by() == null) {
            out.add(name);
            return out;
        }
        Placement.substitutions(placement().vars(copy, copy.content(store)), name).forEach(s -> out.add(s.value()));
        return out;
    }

    /** Where objects land; computed on first use, so repositories without ESO objects never render for it. */
    public Placement placement() {
        return model.facet(Placement.FACET);
    }

    /** Every SecretStore and ClusterSecretStore, in path order. */
    public List<Store> stores() {
        return Collections.unmodifiableList(stores);
    }

    /** Every ExternalSecret, ClusterExternalSecret, PushSecret and ClusterPushSecret, in path order. */
    public List<SecretSync> syncs() {
        return Collections.unmodifiableList(syncs);
    }

    /** Every store reference of every sync, in path order. */
    public List<StoreRef> storeRefs() {
        List<StoreRef> out = new ArrayList<>();
        syncs.forEach(s -> out.addAll(s.storeRefs()));
        return out;
    }

    /**
     * Every store reference as the renderings of its referrer make it (one use per distinct rendered reference
     * and namespace), in path order: what ESO resolves in the cluster.
     */
    public List<StoreUse> storeUses() {
        List<StoreUse> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (SecretSync sync : syncs) {
            for (Placement.Copy copy : placement().copies(sync.object())) {
                Set<String> namespaces = sync.kind().isClusterScoped() ? namespacesOf(sync)
                        : copy.rendering().namespace().isEmpty() ? Set.of() : Set.of(copy.rendering().namespace());
                YNode content = copy.content(sync.object());
                List<Vars> vars = placement().vars(copy, content);
                List<StoreRef> refs = new ArrayList<>();
                for (Vars v : vars.isEmpty() ? List.of(Vars.NONE) : vars) {
                    refs.addAll(sync.storeRefsIn(content, v));
                }
                for (StoreRef ref : refs) {
                    Optional<StoreRef> written = sync.storeRefs().stream().filter(w -> w.field().equals(ref.field())).findFirst();
                    StoreUse use = new StoreUse(ref, written, copy, namespaces);
                    YNode at = use.nameNode();
                    if (seen.add(List.of(sync.object().path(), at.span(), ref.field(), ref.name(), ref.kind(), namespaces,
                            describe(use)))) {
                        out.add(use);
                    }
                }
            }
        }
        return out;
    }

    /** {@code Kind/namespace/name} of a use's referrer in its rendering, for messages. */
    public String describe(StoreUse use) {
        KubeObject owner = use.ref().owner();
        boolean clusterScoped = SecretSync.of(owner).map(s -> s.kind().isClusterScoped()).orElse(false);
        return clusterScoped || use.copy().resource() == null ? describe(owner) : describe(owner, use.copy().rendering());
    }

    /** Every {@code v1/Secret} manifest with that name. */
    public List<KubeObject> secretsNamed(String name) {
        return secretsByName.getOrDefault(name, List.of());
    }

    /**
     * The namespaces a sync's ExternalSecrets land in (empty when unknown): its own for the
     * namespaced kinds, the explicitly listed ones for a ClusterExternalSecret.
     */
    public Set<String> namespacesOf(SecretSync sync) {
        if (sync.kind().isClusterScoped()) {
            List<String> listed = sync.target().map(SecretTarget::namespaces).orElse(List.of());
            boolean selectors = sync.object().get("spec", "namespaceSelectors").isPresent()
                    || sync.object().get("spec", "namespaceSelector").isPresent();
            return selectors ? Set.of() : Set.copyOf(listed);
        }
        return placement().namespaces(sync.object());
    }

    /** The namespaces the ExternalSecrets / PushSecrets behind a reference land in (empty when unknown). */
    public Set<String> namespacesOf(StoreRef ref) {
        return SecretSync.of(ref.owner()).map(this::namespacesOf).orElse(Set.of());
    }

    /** How a store reference resolves, for the referrer in every namespace it lands in. */
    public Resolution resolve(StoreRef ref) {
        return resolve(ref, null);
    }

    /** How a store reference resolves in one rendering of its referrer: its name and namespace there. */
    public Resolution resolve(StoreUse use) {
        return resolve(use.ref(), use.namespaces());
    }

    private Resolution resolve(StoreRef ref, Set<String> referrerNamespaces) {
        // A kustomize var reference left as written: the build that should fill it in fails (or is not modelled).
        if (ref.isTemplated() || model.facet(Kustomize.FACET).holdsVarReference(ref.name())) {
            return new Resolution(Resolution.Outcome.TEMPLATED, List.of(), List.of());
        }
        // Only SecretStores are namespaced: the referrer's namespaces are worked out when one may match.
        Set<String> namespaces = referrerNamespaces;
        List<Named> named = storesByName.getOrDefault(ref.name(), List.of());
        List<Store> sameKind = new ArrayList<>();
        List<Store> otherNamespace = new ArrayList<>();
        List<Store> otherKind = new ArrayList<>();
        for (Named n : named) {
            Store s = n.store();
            if (s.kind() != ref.kind()) {
                addOnce(otherKind, s);
                continue;
            }
            if (!s.isClusterScoped() && namespaces == null) {
                namespaces = namespacesOf(ref);
            }
            if (s.isClusterScoped() || overlaps(namespaces, n.namespaces())) {
                addOnce(sameKind, s);
            } else {
                addOnce(otherNamespace, s);
            }
        }
        otherNamespace.removeAll(sameKind);
        if (!sameKind.isEmpty()) {
            return new Resolution(Resolution.Outcome.RESOLVED, sameKind, List.of());
        }
        List<String> externalSame = new ArrayList<>();
        List<String> externalOtherKind = new ArrayList<>();
        List<String> externalOtherNamespace = new ArrayList<>();
        for (ExternalStore e : externals) {
            if (!e.name().equals(ref.name())) {
                continue;
            }
            if (!e.namespace().isEmpty() && namespaces == null) {
                namespaces = namespacesOf(ref);
            }
            if (e.kind().isPresent() && e.kind().get() != ref.kind()) {
                externalOtherKind.add(e.entry());
            } else if (e.namespace().isEmpty() || overlaps(namespaces, Set.of(e.namespace()))) {
                externalSame.add(e.entry());
            } else {
                externalOtherNamespace.add(e.entry());
            }
        }
        if (!externalSame.isEmpty()) {
            return new Resolution(Resolution.Outcome.EXTERNAL, List.of(), externalSame);
        }
        if (!otherKind.isEmpty() || !externalOtherKind.isEmpty()) {
            return new Resolution(Resolution.Outcome.WRONG_KIND, otherKind, externalOtherKind);
        }
        // The store written under that name renders into the referrer's namespace renamed (namePrefix): the rename
        // broke the reference there, whatever copies of it other builds put in other namespaces.
        if ((!otherNamespace.isEmpty() || !externalOtherNamespace.isEmpty()) && !renamedInto(ref, namespaces)) {
            return new Resolution(Resolution.Outcome.WRONG_NAMESPACE, otherNamespace, externalOtherNamespace);
        }
        if (model.facet(UnparseableFiles.FACET).mayHold(STORE_KIND_NAMES, ref.name()).isPresent()) {
            return new Resolution(Resolution.Outcome.UNREADABLE, List.of(), List.of());
        }
        return new Resolution(Resolution.Outcome.DANGLING, List.of(), List.of());
    }

    private boolean renamedInto(StoreRef ref, Set<String> namespaces) {
        for (Store s : stores) {
            if (s.kind() == ref.kind() && s.name().equals(ref.name())) {
                for (Placement.Copy c : placement().copies(s.object())) {
                    Placement.Rendering r = c.rendering();
                    if (!r.name().equals(ref.name()) && namespaces != null && namespaces.contains(r.namespace())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * {@code Kind/namespace/name} for messages, with the namespace the object lands in and the name it has
     * there when that is known and unique (from its HelmRelease, a kustomization's {@code namespace:}, which
     * also moves objects that write one, and {@code namePrefix} / {@code nameSuffix}), else as written.
     */
    public String describe(KubeObject object) {
        boolean clusterScoped = StoreKind.of(object.kind()).filter(k -> k == StoreKind.CLUSTER_SECRET_STORE).isPresent()
                || SecretSync.of(object).map(s -> s.kind().isClusterScoped()).orElse(false);
        Set<String> names = placement().names(object);
        String name = names.size() == 1 ? names.iterator().next() : object.name();
        if (!clusterScoped) {
            Set<String> namespaces = placement().namespaces(object);
            if (namespaces.size() == 1) {
                return object.kind() + "/" + namespaces.iterator().next() + "/" + name;
            }
            return object.kind() + "/" + (object.namespace().isEmpty() ? "" : object.namespace() + "/") + name;
        }
        return object.kind() + "/" + name;
    }

    /** {@code Kind/namespace/name} of one rendering of the object, for messages. */
    public static String describe(KubeObject object, Placement.Rendering rendering) {
        return object.kind() + "/" + (rendering.namespace().isEmpty() ? "" : rendering.namespace() + "/") + rendering.name();
    }

    /**
     * The names builds give stores written as {@code name} where a referrer landing in {@code namespaces} can use
     * them: any rendering of a ClusterSecretStore, a SecretStore's renderings into one of those namespaces (all
     * when the namespaces are unknown).
     */
    public Set<String> renamedStoresUsableFrom(String name, Set<String> namespaces) {
        Set<String> out = new TreeSet<>();
        for (Store s : stores) {
            if (!s.name().equals(name)) {
                continue;
            }
            for (Placement.Rendering r : placement().renderings(s.object())) {
                boolean usable = s.kind() == StoreKind.CLUSTER_SECRET_STORE || namespaces.isEmpty()
                        || namespaces.contains(r.namespace());
                if (usable && !r.name().equals(name)) {
                    out.add(r.name());
                }
            }
        }
        return out;
    }

    /** The stores written with this name in the repository's manifests, however builds render them. */
    public List<Store> storesWritten(String name) {
        return stores.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static void addOnce(List<Store> list, Store s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }

    /** Every store name (as rendered) in the repository and the externals, for "did you mean". */
    public Set<String> storeNames() {
        Set<String> out = new TreeSet<>(storesByName.keySet());
        externals.forEach(e -> out.add(e.name()));
        return out;
    }

    /** Two namespace sets may meet: equal somewhere, or one of them unknown (empty). */
    public static boolean overlaps(Set<String> a, Set<String> b) {
        return a.isEmpty() || b.isEmpty() || !Collections.disjoint(a, b);
    }
}
