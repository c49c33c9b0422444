package io.fluxward.schema;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A place in a file that names an API version of the lifecycle table: an object's own
 * {@code apiVersion}, an object reference inside another object ({@code apiVersion} + {@code kind},
 * e.g. a Receiver's {@code resources}, a Kustomization's {@code healthChecks}), or a selector
 * ({@code group} + {@code version} [+ {@code kind}], e.g. a patch {@code target}).
 *
 * @param type   which of the three
 * @param api    the table row (for a selector without kind: the first row of that group/version)
 * @param node   the scalar to change: the {@code apiVersion} value, or the selector's {@code version}
 * @param holder the mapping that holds it
 */
public record ApiReference(Type type, ApiLifecycle.Api api, YNode node, YMap holder) {

    /** Kinds of references. */
    public enum Type { OBJECT, REFERENCE, SELECTOR }

    /** What the scalar should say instead: the replacement apiVersion, or only its version for a selector. */
    public Optional<String> replacementText() {
        return api.replacementGvk().map(g -> type == Type.SELECTOR ? g.version() : g.apiVersion());
    }

    /** Every reference in a file to a row of the table for these products, in document order. */
    public static List<ApiReference> find(FileModel file, Set<ApiLifecycle.Product> products) {
        ApiLifecycle table = ApiLifecycle.get();
        Set<YNode> objects = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KubeObject o : file.objects()) {
            objects.add(o.node());
        }
        List<ApiReference> out = new ArrayList<>();
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (YDocument doc : file.documents()) {
            YWalker.walk(doc.root(), (path, node) -> {
                if (!seen.add(node)) {
                    return false; // an alias of a mapping already visited
                }
                if (node instanceof YMap map) {
                    visit(map, objects.contains(map), table, products, out);
                }
                return true;
            });
        }
        return out;
    }

    private static void visit(YMap map, boolean isObject, ApiLifecycle table, Set<ApiLifecycle.Product> products,
                              List<ApiReference> out) {
        YNode apiVersion = map.get("apiVersion");
        YNode kind = map.get("kind");
        if (apiVersion.hasText() && kind.hasText()) {
            table.api(Gvk.of(apiVersion.textOr(""), kind.textOr("")))
                    .filter(a -> products.contains(a.product()))
                    .ifPresent(a -> out.add(new ApiReference(isObject ? Type.OBJECT : Type.REFERENCE, a, apiVersion, map)));
            return;
        }
        YNode group = map.get("group");
        YNode version = map.get("version");
        if (!group.hasText() || !version.hasText() || apiVersion.isPresent()) {
            return;
        }
        List<ApiLifecycle.Api> rows = kind.hasText()
                ? table.api(new Gvk(group.textOr(""), version.textOr(""), kind.textOr(""))).stream().toList()
                : table.apis(group.textOr(""), version.textOr(""));
        rows.stream().filter(a -> products.contains(a.product())).findFirst()
                .ifPresent(a -> out.add(new ApiReference(Type.SELECTOR, a, version, map)));
    }
}
