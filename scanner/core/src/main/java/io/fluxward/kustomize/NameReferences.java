package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kustomize's last step: fields that refer to an object by name (a Deployment's ConfigMap volume, a
 * RoleBinding's {@code roleRef}, a HelmRelease's {@code valuesFrom} when a {@code configurations}
 * file says so) follow that object's renames by prefixes, suffixes and generator hashes. A reference
 * is rewritten only when exactly one renamed object of the referred kind, in the referrer's
 * namespace, used to have that name.
 */
final class NameReferences {

    private NameReferences() {
    }

    static List<Res> fix(List<Res> resources, TransformerConfig config) {
        List<Res> renamed = new ArrayList<>();
        for (Res r : resources) {
            if (!oldNames(r).isEmpty()) {
                renamed.add(r);
            }
        }
        if (renamed.isEmpty()) {
            return resources;
        }
        List<Res> out = new ArrayList<>(resources);
        for (TransformerConfig.NameReference ref : config.nameReference()) {
            List<Res> candidates = new ArrayList<>();
            for (Res r : renamed) {
                if (ref.refersTo(r.id())) {
                    candidates.add(r);
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                Res referrer = out.get(i);
                YMap content = referrer.content();
                for (FieldSpec fs : ref.fieldSpecs()) {
                    if (fs.appliesTo(referrer.id())) {
                        content = fs.apply(content, content.span(), node -> rewrite(node, candidates, referrer, ref));
                    }
                }
                if (content != referrer.content()) {
                    out.set(i, referrer.withContent(content));
                }
            }
        }
        return out;
    }

    /** Names the resource had before it was renamed (empty when it never was). */
    private static Set<String> oldNames(Res r) {
        Set<String> names = new HashSet<>();
        for (ResId p : r.previousIds()) {
            if (!p.name().equals(r.id().name())) {
                names.add(p.name());
            }
        }
        return names;
    }

    private static YNode rewrite(YNode node, List<Res> candidates, Res referrer, TransformerConfig.NameReference ref) {
        if (node instanceof YScalar s) {
            String renamed = newName(s.value(), "", candidates, referrer);
            return renamed == null ? node : new YScalar(renamed, s.style(), s.tag(), s.span());
        }
        if (node instanceof YSeq seq) {
            List<YNode> items = new ArrayList<>();
            boolean changed = false;
            for (YNode item : seq.items()) {
                YNode next = rewrite(item, candidates, referrer, ref);
                changed |= next != item;
                items.add(next);
            }
            return changed ? Nodes.seq(items, seq.span(), seq.tag()) : node;
        }
        if (node instanceof YMap map && map.get("name").isScalar()) {
            String kind = map.get("kind").textOr("");
            if (!kind.isEmpty() && !kind.equals(ref.kind())) {
                return node;
            }
            YScalar name = (YScalar) map.get("name");
            String renamed = newName(name.value(), map.get("namespace").textOr(""), candidates, referrer);
            if (renamed == null) {
                return node;
            }
            List<YEntry> entries = new ArrayList<>();
            for (YEntry e : Nodes.entries(map)) {
                entries.add(e.keyText().equals("name")
                        ? new YEntry(e.key(), new YScalar(renamed, name.style(), name.tag(), name.span())) : e);
            }
            return Nodes.map(entries, map.span(), map.tag());
        }
        return node;
    }

    private static String newName(String old, String explicitNamespace, List<Res> candidates, Res referrer) {
        Set<String> found = new HashSet<>();
        for (Res c : candidates) {
            if (!oldNames(c).contains(old)) {
                continue;
            }
            if (c.id().namespaceable()) {
                String want = !explicitNamespace.isEmpty() ? explicitNamespace
                        : referrer.id().namespaceable() ? referrer.id().effectiveNamespace() : null;
                String have = c.id().effectiveNamespace();
                if (want != null && !want.equals(have) && !(want.equals("default") && c.id().namespace().isEmpty())) {
                    continue;
                }
            }
            found.add(c.id().name());
        }
        return found.size() == 1 ? found.iterator().next() : null;
    }
}
