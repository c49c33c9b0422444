package io.fluxward.flux;

import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two objects the Flux Operator makes from a FluxInstance's {@code spec.sync} (or a flux-instance chart's
 * {@code instance.sync} values): the source (GitRepository, OCIRepository or Bucket) and the Kustomization, as its
 * sync template writes them, with the instance's {@code kustomize.patches} applied. The operator builds them in one
 * kustomization with the controllers, so those patches reach them as they reach the Deployments (a JSON patch that
 * adds {@code spec.decryption} to {@code kind: Kustomization}, say). Values taken from the sync keep their nodes, the
 * rest carries the span of the {@code sync} mapping and what a patch adds the span of the patch: findings about them
 * point into the instance's file.
 *
 * @param source        the source, {@link YMissing} when a patch deletes it
 * @param kustomization the Kustomization; the unpatched one when a patch deletes it (it is still the entry point)
 */
record SyncObjects(YNode source, YMap kustomization) {

    private static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
    private static final String KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";

    /** The objects of {@code owner}'s sync in {@code namespace} (the instance's, or the chart release's). */
    static SyncObjects of(KubeObject owner, FluxModelBuilder.Sync sync, String namespace, Kustomize kustomize) {
        YNode node = sync.node();
        Span at = node.span();
        String kind = sync.kind();
        YScalar name = string(sync.name(namespace), node.get("name"), at);
        YScalar ns = string(namespace, YMissing.INSTANCE, at);
        List<YEntry> spec = new ArrayList<>();
        put(spec, "interval", node.get("interval").isPresent() ? node.get("interval") : string("1m", YMissing.INSTANCE, at), at);
        YNode ref = node.get("ref");
        if (kind.equals(FluxApi.GIT_REPOSITORY)) {
            put(spec, "ref", map(at, entry("name", ref, at)), at);
        } else if (kind.equals(FluxApi.OCI_REPOSITORY)) {
            put(spec, "ref", map(at, entry("tag", ref, at)), at);
        } else {
            put(spec, "bucketName", ref, at);
        }
        if (node.get("pullSecret").hasText()) {
            put(spec, "secretRef", map(at, entry("name", node.get("pullSecret"), at)), at);
        }
        if (node.get("provider").hasText()) {
            put(spec, "provider", node.get("provider"), at);
        }
        put(spec, kind.equals(FluxApi.BUCKET) ? "endpoint" : "url", node.get("url"), at);
        YMap source = object(SOURCE_API, kind, name, ns, spec, at);
        List<YEntry> ks = new ArrayList<>();
        put(ks, "interval", string("10m0s", YMissing.INSTANCE, at), at);
        put(ks, "path", node.get("path"), at);
        put(ks, "prune", new YScalar("true", YScalar.Style.PLAIN, Optional.empty(), at), at);
        put(ks, "sourceRef", map(at, entry("kind", string(kind, node.get("kind"), at), at), entry("name", name, at)), at);
        YMap kustomization = object(KUSTOMIZE_API, FluxApi.KUSTOMIZATION, name, ns, ks, at);
        List<YNode> patches = patches(owner);
        if (patches.isEmpty()) {
            return new SyncObjects(source, kustomization);
        }
        YNode patchedSource = YMissing.INSTANCE;
        YMap patchedKustomization = kustomization;
        for (Resource r : kustomize.patch(owner, List.of(source, kustomization), patches)) {
            if (r.kind().equals(FluxApi.KUSTOMIZATION)) {
                patchedKustomization = r.content();
            } else {
                patchedSource = r.content();
            }
        }
        return new SyncObjects(patchedSource, patchedKustomization);
    }

    /** {@code spec.kustomize.patches} of a FluxInstance, {@code values.instance.kustomize.patches} of a chart release. */
    private static List<YNode> patches(KubeObject owner) {
        YNode instance = FluxApi.isFluxInstance(owner) ? owner.get("spec") : owner.get("spec", "values", "instance");
        return instance.at("kustomize", "patches").items();
    }

    private static YMap object(String apiVersion, String kind, YScalar name, YScalar namespace, List<YEntry> spec,
                               Span at) {
        return map(at, entry("apiVersion", string(apiVersion, YMissing.INSTANCE, at), at),
                entry("kind", string(kind, YMissing.INSTANCE, at), at),
                entry("metadata", map(at, entry("name", name, at), entry("namespace", namespace, at)), at),
                entry("spec", YMap.of(spec, Optional.empty(), at), at));
    }

    /** A string with the span of {@code from} (the sync field it comes from) when there is one. */
    private static YScalar string(String value, YNode from, Span at) {
        return new YScalar(value, YScalar.Style.DOUBLE_QUOTED, Optional.empty(), from.isPresent() ? from.span() : at);
    }

    private static void put(List<YEntry> entries, String key, YNode value, Span at) {
        if (value.isPresent()) {
            entries.add(entry(key, value, at));
        }
    }

    private static YEntry entry(String key, YNode value, Span at) {
        return new YEntry(new YScalar(key, YScalar.Style.PLAIN, Optional.empty(), at), value);
    }

    private static YMap map(Span at, YEntry... entries) {
        List<YEntry> list = new ArrayList<>();
        for (YEntry e : entries) {
            if (e.value().isPresent()) {
                list.add(e);
            }
        }
        return YMap.of(list, Optional.empty(), at);
    }
}
