package io.fluxward.model;

import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Kubernetes objects of a file, as the rule catalog defines them: every document with
 * {@code apiVersion} and {@code kind}, every item of a {@code List}, and every mapping with
 * {@code apiVersion} and {@code kind} inside a HelmRelease's {@code spec.values}.
 */
public final class ObjectExtractor {

    private ObjectExtractor() {
    }

    public static List<KubeObject> extract(String path, List<YDocument> documents) {
        List<KubeObject> out = new ArrayList<>();
        for (YDocument doc : documents) {
            if (!(doc.root() instanceof YMap map) || !isObject(map)) {
                continue;
            }
            KubeObject object = new KubeObject(path, doc.index(), map, Origin.DOCUMENT, Optional.empty());
            out.add(object);
            if (object.kind().endsWith("List") && map.get("items").isSeq()) {
                for (YNode item : map.get("items").items()) {
                    if (item instanceof YMap itemMap && isObject(itemMap)) {
                        KubeObject listed = new KubeObject(path, doc.index(), itemMap, Origin.LIST_ITEM, Optional.of(object));
                        out.add(listed);
                        addEmbedded(listed, out);
                    }
                }
            }
            addEmbedded(object, out);
        }
        return out;
    }

    /** True for a mapping with string {@code apiVersion} and {@code kind}. */
    public static boolean isObject(YMap map) {
        return map.get("apiVersion").hasText() && map.get("kind").hasText();
    }

    private static void addEmbedded(KubeObject holder, List<KubeObject> out) {
        if (!holder.kind().equals("HelmRelease") || !holder.group().startsWith("helm.toolkit.fluxcd.io")) {
            return;
        }
        YNode values = holder.get("spec", "values");
        if (!values.isPresent()) {
            return;
        }
        YWalker.walk(values, (p, node) -> {
            if (node != values && node instanceof YMap map && isObject(map)) {
                out.add(new KubeObject(holder.path(), holder.document(), map, Origin.HELM_VALUES, Optional.of(holder)));
                return false;
            }
            return true;
        });
    }
}
