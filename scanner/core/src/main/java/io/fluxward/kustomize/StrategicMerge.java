package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patches as kustomize applies them: mappings merge key by key, a null value
 * deletes a key, {@code $patch: delete|replace} directives are honoured; kustomize knows no other
 * directive ({@code $retainKeys}, {@code $setElementOrder/}, {@code $deleteFromPrimitiveList/} stay
 * as plain keys, as kubectl kustomize v5.5 prints them). Lists merge by their key
 * ({@code containers} by {@code name}, {@code ports} by {@code containerPort}...) only for built-in
 * Kubernetes kinds, whose schema kustomize knows; for custom resources (Flux, External Secrets...)
 * a list in the patch replaces the whole list, as kustomize does without a schema.
 */
final class StrategicMerge {

    private static final String PATCH = "$patch";

    /** API groups of built-in kinds (kustomize has their schema). */
    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "node.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "apiregistration.k8s.io", "certificates.k8s.io", "events.k8s.io",
            "flowcontrol.apiserver.k8s.io");

    /** Merge keys of list fields in built-in kinds, by field name (as their Go types declare them). */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"), Map.entry("resourceClaims", "name"));

    /** Primitive lists that merge as sets in built-in kinds. */
    private static final Set<String> SET_LISTS = Set.of("finalizers");

    /** The values kustomize accepts for {@code $patch} where it merges into an existing node. */
    private static final Set<String> STRATEGIES = Set.of("replace", "merge", "delete");

    private StrategicMerge() {
    }

    /**
     * A patch kustomize cannot merge into the object: it fails the whole build.
     *
     * @param at     the patch node at fault
     * @param reason why, without the node's value (a patch may carry secret values)
     */
    record Refusal(YNode at, String reason) {
    }

    /** Thrown inside the merge to stop it at the first refusal, as kustomize stops. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        Refused(YNode at, String reason) {
            super(reason, null, false, false);
            this.refusal = new Refusal(at, reason);
        }
    }

    /** The patched object, or (merged null) why kustomize refuses to merge the patch into it. */
    record Merged(YMap merged, Refusal refusal) {
    }

    /** {@link #apply}, with kustomize's refusal instead of a result where it fails. */
    static Merged merge(YMap target, YMap patch, String group) {
        try {
            return new Merged(apply(target, patch, group), null);
        } catch (Refused e) {
            return new Merged(null, e.refusal);
        }
    }

    /** True when the patch deletes the whole object ({@code $patch: delete} at its top). */
    static boolean deletesObject(YMap patch) {
        return "delete".equals(patch.get(PATCH).textOr(""));
    }

    /**
     * The target with the patch merged in. {@code group} picks built-in list semantics. Throws {@link Refused} where
     * kustomize fails (see {@link #merge}).
     */
    private static YMap apply(YMap target, YMap patch, String group) {
        return mergeMaps(target, patch, BUILTIN_GROUPS.contains(group), "");
    }

    /** kustomize refuses a {@code $patch} directive it does not know in a node it merges into an existing one. */
    private static void checkDirective(YMap patch) {
        YNode directive = patch.get(PATCH);
        if (directive.isPresent() && !STRATEGIES.contains(directive.textOr(""))) {
            throw new Refused(directive, "unknown patch strategy in '$patch' (kustomize knows replace, merge and"
                    + " delete)");
        }
    }

    /**
     * The mappings under {@code map}'s fields, which kustomize walks as merged into themselves when {@code map} is added
     * or replaces a node: their directives are checked as in a merge (the added mapping's own one is not).
     */
    private static void checkNested(YMap map) {
        for (YEntry e : Nodes.entries(map)) {
            if (e.value() instanceof YMap inner && !e.keyText().startsWith("$")) {
                checkDirective(inner);
                checkNested(inner);
            }
        }
    }

    private static YMap mergeMaps(YMap target, YMap patch, boolean builtin, String field) {
        checkDirective(patch);
        String directive = patch.get(PATCH).textOr("");
        if (directive.equals("replace")) {
            checkNested(patch);
            return strip(patch);
        }
        Map<String, YEntry> out = new LinkedHashMap<>();
        for (YEntry e : Nodes.entries(target)) {
            out.put(e.keyText(), e);
        }
        List<YEntry> patchEntries = Nodes.entries(patch);
        for (YEntry e : patchEntries) {
            String key = e.keyText();
            if (key.equals(PATCH)) {
                // kustomize (kyaml) knows no other directive: $retainKeys, $setElementOrder/... and
                // $deleteFromPrimitiveList/... are merged as plain keys and stay in the output.
                continue;
            }
            YNode value = e.value();
            YEntry existing = out.get(key);
            if (existing != null && !value.isNull() && !existing.value().isNull()
                    && !value.shape().equals(existing.value().shape())) {
                // kustomize merges node by node and stops at two kinds ("wrong node kind"), a directive included.
                throw new Refused(value, "'" + key + "' is " + existing.value().shape() + " in the resource but "
                        + value.shape() + " in the patch (kustomize: wrong node kind)");
            }
            if (value.isNull()) {
                out.remove(key);
            } else if (existing == null) {
                if (value instanceof YMap added && !"delete".equals(added.get(PATCH).textOr(""))) {
                    checkNested(added);
                }
                YNode cleaned = value instanceof YMap m ? strip(m) : value;
                if (!(cleaned instanceof YMap m && "delete".equals(m.get(PATCH).textOr("")))) {
                    out.put(key, new YEntry(e.key(), cleaned));
                }
            } else if (value instanceof YMap pm && existing.value() instanceof YMap tm) {
                if ("delete".equals(pm.get(PATCH).textOr(""))) {
                    out.remove(key);
                } else {
                    out.put(key, new YEntry(existing.key(), mergeMaps(tm, pm, builtin, key)));
                }
            } else if (value instanceof YSeq ps && existing.value() instanceof YSeq ts) {
                out.put(key, new YEntry(existing.key(), mergeLists(ts, ps, builtin, key)));
            } else {
                if (value instanceof YMap added && !"delete".equals(added.get(PATCH).textOr(""))) {
                    checkNested(added); // over a null: added
                }
                out.put(key, new YEntry(existing.key(), value instanceof YMap m ? strip(m) : value));
            }
        }
        return Nodes.map(new ArrayList<>(out.values()), target.span(), target.tag());
    }

    private static YNode mergeLists(YSeq target, YSeq patch, boolean builtin, String field) {
        for (YNode item : patch.items()) {
            if (item instanceof YMap m && "replace".equals(m.get(PATCH).textOr(""))) {
                List<YNode> rest = new ArrayList<>();
                for (YNode other : patch.items()) {
                    if (other != item) {
                        rest.add(other instanceof YMap om ? strip(om) : other);
                    }
                }
                return Nodes.seq(rest, patch.span(), patch.tag());
            }
        }
        String mergeKey = builtin ? MERGE_KEYS.get(field) : null;
        if (builtin && field.equals("ports")) {
            mergeKey = target.items().stream().anyMatch(i -> i.get("containerPort").isPresent()) ? "containerPort" : "port";
        }
        if (mergeKey != null && allMaps(target) && allMaps(patch)) {
            for (YNode item : patch.items()) {
                // A directive element (no merge key) applies to the whole list; one with the key merges (checked there).
                if (!item.get(mergeKey).isPresent()) {
                    checkDirective((YMap) item);
                }
            }
            return mergeByKey(target, patch, mergeKey, builtin);
        }
        if (builtin && SET_LISTS.contains(field)) {
            List<YNode> out = new ArrayList<>(target.items());
            Set<String> present = new java.util.HashSet<>(Nodes.strings(target));
            for (YNode item : patch.items()) {
                if (present.add(item.textOr(""))) {
                    out.add(item);
                }
            }
            return Nodes.seq(out, target.span(), target.tag());
        }
        List<YNode> replaced = new ArrayList<>();
        for (YNode item : patch.items()) {
            replaced.add(item instanceof YMap m ? strip(m) : item);
        }
        return Nodes.seq(replaced, patch.span(), patch.tag());
    }

    private static YNode mergeByKey(YSeq target, YSeq patch, String mergeKey, boolean builtin) {
        List<YNode> original = new ArrayList<>(target.items());
        List<YNode> patchedFirst = new ArrayList<>();
        for (YNode item : patch.items()) {
            YMap pm = (YMap) item;
            String key = pm.get(mergeKey).textOr(null);
            int index = -1;
            for (int i = 0; key != null && i < original.size(); i++) {
                if (key.equals(original.get(i).get(mergeKey).textOr(null))) {
                    index = i;
                    break;
                }
            }
            boolean delete = "delete".equals(pm.get(PATCH).textOr(""));
            if (index >= 0) {
                YMap existing = (YMap) original.remove(index);
                if (!delete) {
                    patchedFirst.add(mergeMaps(existing, pm, builtin, ""));
                }
            } else if (!delete) {
                patchedFirst.add(strip(pm));
            }
        }
        // kustomize lists the patch's elements first, then the untouched ones.
        patchedFirst.addAll(original);
        return Nodes.seq(patchedFirst, target.span(), target.tag());
    }

    private static boolean allMaps(YSeq seq) {
        return seq.items().stream().allMatch(YNode::isMap);
    }

    /** The patch value without directive keys (what ends up in the object). */
    private static YMap strip(YMap map) {
        boolean has = false;
        for (YEntry e : map.entries()) {
            String k = e.keyText();
            if (k.startsWith("$") || e.value().isNull() || e.value().isMap() || e.value().isSeq()) {
                has = true;
                break;
            }
        }
        if (!has) {
            return map;
        }
        List<YEntry> out = new ArrayList<>();
        for (YEntry e : Nodes.entries(map)) {
            String k = e.keyText();
            if (k.equals(PATCH)) {
                continue;
            }
            YNode v = e.value();
            if (v.isNull()) {
                continue;
            }
            if (v instanceof YMap m) {
                v = strip(m);
            } else if (v instanceof YSeq s) {
                List<YNode> items = new ArrayList<>();
                boolean changed = false;
                for (YNode item : s.items()) {
                    YNode stripped = item instanceof YMap im ? strip(im) : item;
                    changed |= stripped != item;
                    items.add(stripped);
                }
                v = changed ? Nodes.seq(items, s.span(), s.tag()) : s;
            }
            out.add(new YEntry(e.key(), v));
        }
        return Nodes.map(out, map.span(), map.tag());
    }
}
