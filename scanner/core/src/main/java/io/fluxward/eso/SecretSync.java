package io.fluxward.eso;

import io.fluxward.flux.Vars;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An object that moves secrets between Kubernetes and a store: ExternalSecret,
 * ClusterExternalSecret (through its {@code externalSecretSpec}), PushSecret and ClusterPushSecret
 * (through its {@code pushSecretSpec}), of any ESO API version.
 *
 * @param spec            the ExternalSecret / PushSecret spec (for the cluster kinds, the embedded one)
 * @param storeRefs       every store it names: {@code secretStoreRef}, {@code data[]/dataFrom[].sourceRef.storeRef},
 *                        PushSecret {@code secretStoreRefs[]} (entries that select stores by label are not references)
 * @param generatorRefs   every {@code sourceRef.generatorRef}
 * @param target          the Secret it writes (ExternalSecret kinds only)
 * @param refreshInterval the {@code refreshInterval} value (missing when defaulted to 1h)
 * @param refreshPolicy   {@code refreshPolicy} ({@code ""} when not written: Periodic)
 */
public record SecretSync(KubeObject object, Kind kind, YNode spec, List<StoreRef> storeRefs,
                         List<GeneratorRef> generatorRefs, Optional<SecretTarget> target, YNode refreshInterval,
                         String refreshPolicy) {

    /** The kinds that move secrets. */
    public enum Kind {
        EXTERNAL_SECRET("ExternalSecret", ""),
        CLUSTER_EXTERNAL_SECRET("ClusterExternalSecret", "externalSecretSpec"),
        PUSH_SECRET("PushSecret", ""),
        CLUSTER_PUSH_SECRET("ClusterPushSecret", "pushSecretSpec");

        private final String kind;
        private final String embeddedSpec;

        Kind(String kind, String embeddedSpec) {
            this.kind = kind;
            this.embeddedSpec = embeddedSpec;
        }

        public String kind() {
            return kind;
        }

        public boolean isClusterScoped() {
            return !embeddedSpec.isEmpty();
        }

        public boolean isPush() {
            return this == PUSH_SECRET || this == CLUSTER_PUSH_SECRET;
        }
    }

    public SecretSync {
        storeRefs = List.copyOf(storeRefs);
        generatorRefs = List.copyOf(generatorRefs);
    }

    /** The sync an object is, if it is one. */
    public static Optional<SecretSync> of(KubeObject object) {
        if (!object.group().equals(EsoModel.GROUP)) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (kind.kind.equals(object.kind())) {
                return Optional.of(parse(object, kind));
            }
        }
        return Optional.empty();
    }

    /**
     * The store references of the object as a build renders it ({@code root}: the rendered object, whose
     * patched or renamed {@code secretStoreRef}s may differ from the written ones), with the same fields.
     */
    public List<StoreRef> storeRefsIn(YNode root) {
        return storeRefsIn(root, Vars.NONE);
    }

    /**
     * The store references of the object as a build renders it and Flux then substitutes {@code vars} into it
     * (names and kinds whose values are not known stay as written).
     */
    public List<StoreRef> storeRefsIn(YNode root, Vars vars) {
        return root == object.node() && vars.equals(Vars.NONE) ? storeRefs : refs(object, kind, root, new ArrayList<>(), vars);
    }

    private static SecretSync parse(KubeObject object, Kind kind) {
        YNode spec = kind.isClusterScoped() ? object.get("spec", kind.embeddedSpec) : object.get("spec");
        List<GeneratorRef> generators = new ArrayList<>();
        List<StoreRef> stores = refs(object, kind, object.node(), generators, Vars.NONE);
        Optional<SecretTarget> target = kind.isPush() ? Optional.empty() : Optional.of(target(object, kind, spec));
        return new SecretSync(object, kind, spec, stores, generators, target, spec.get("refreshInterval"),
                spec.get("refreshPolicy").textOr(""));
    }

    /** The store references under {@code root} (the object, or a rendering of it); generator refs go to {@code generators}. */
    private static List<StoreRef> refs(KubeObject object, Kind kind, YNode root, List<GeneratorRef> generators,
                                       Vars vars) {
        YNode spec = kind.isClusterScoped() ? root.at("spec", kind.embeddedSpec) : root.at("spec");
        String prefix = kind.isClusterScoped() ? "spec." + kind.embeddedSpec : "spec";
        List<StoreRef> stores = new ArrayList<>();
        if (kind.isPush()) {
            List<YNode> refs = spec.get("secretStoreRefs").items();
            for (int i = 0; i < refs.size(); i++) {
                storeRef(object, prefix + ".secretStoreRefs[" + i + "]", refs.get(i), vars).ifPresent(stores::add);
            }
        } else {
            storeRef(object, prefix + ".secretStoreRef", spec.get("secretStoreRef"), vars).ifPresent(stores::add);
            for (String list : List.of("data", "dataFrom")) {
                List<YNode> items = spec.get(list).items();
                for (int i = 0; i < items.size(); i++) {
                    String at = prefix + "." + list + "[" + i + "].sourceRef";
                    YNode source = items.get(i).get("sourceRef");
                    storeRef(object, at + ".storeRef", source.get("storeRef"), vars).ifPresent(stores::add);
                    YNode gen = source.get("generatorRef");
                    if (gen.isMap()) {
                        generators.add(new GeneratorRef(object, at + ".generatorRef",
                                gen.get("apiVersion").textOr("generators.external-secrets.io/v1alpha1"),
                                gen.get("kind").textOr(""), gen.get("name").textOr(""), gen));
                    }
                }
            }
        }
        return stores;
    }

    private static Optional<StoreRef> storeRef(KubeObject owner, String field, YNode ref, Vars vars) {
        YNode name = ref.get("name");
        if (!name.hasText()) {
            return Optional.empty();
        }
        // Flux substitutes post-build variables before it applies: the reference ESO sees has their values.
        Vars.Substituted nameText = substitute(vars, name);
        YNode kindNode = ref.get("kind");
        Vars.Substituted kindText = substitute(vars, kindNode);
        if (nameText.value().isEmpty()) {
            return Optional.empty();
        }
        Optional<StoreKind> kind = kindNode.isPresent() ? StoreKind.of(kindText.value()) : Optional.of(StoreKind.SECRET_STORE);
        List<String> substituted = new ArrayList<>();
        if (kindText.substituted()) {
            substituted.add("kind " + kindText.shown());
        }
        if (nameText.substituted()) {
            substituted.add("name " + nameText.shown());
        }
        // An unknown kind value is a schema violation, reported by the schema rule; it names no store.
        return kind.map(k -> new StoreRef(owner, field, k, kindNode, nameText.value(), name, String.join(", ", substituted)));
    }

    private static Vars.Substituted substitute(Vars vars, YNode node) {
        return vars.substituteOrWritten(node.textOr(""));
    }

    private static SecretTarget target(KubeObject object, Kind kind, YNode spec) {
        YNode nameNode = spec.at("target", "name");
        if (!nameNode.hasText() && kind == Kind.CLUSTER_EXTERNAL_SECRET) {
            nameNode = object.get("spec", "externalSecretName");
        }
        if (!nameNode.hasText()) {
            nameNode = object.get("metadata", "name");
        }
        YNode policy = spec.at("target", "creationPolicy");
        List<String> namespaces = new ArrayList<>();
        if (kind == Kind.CLUSTER_EXTERNAL_SECRET) {
            object.get("spec", "namespaces").items().forEach(n -> n.text().filter(s -> !s.isEmpty()).ifPresent(namespaces::add));
        }
        return new SecretTarget(nameNode.textOr(""), nameNode, CreationPolicy.of(policy.textOr("")), policy, namespaces);
    }

    /** The object's name, for messages. */
    public String ref() {
        return object.ref();
    }
}
