package io.fluxward.kustomize;

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
            Res target = referral(s.value(), namespaces(referrer), candidates);
            return target == null ? node : new YScalar(target.id().name(), s.style(), s.tag(), s.span());
        }
        if (node instanceof YSeq seq) {
            return Nodes.mapItems(seq, item -> rewrite(item, candidates, referrer, ref));
        }
        if (node instanceof YMap map && map.get("name") instanceof YScalar name) {
            String kind = map.get("kind").textOr("");
            if (!kind.isEmpty() && !kind.equals(ref.kind())) {
                return node;
            }
            YNode explicit = map.get("namespace");
            Set<String> wanted = explicit.hasText() ? Set.of(explicit.textOr("")) : namespaces(referrer);
            Res target = referral(name.value(), wanted, candidates);
            if (target == null) {
                return node;
            }
            YMap out = Nodes.put(map, "name", new YScalar(target.id().name(), name.style(), name.tag(), name.span()));
            if (explicit.isPresent() && target.id().namespaceable()) {
                // A subject or webhook service follows the object to its new namespace too.
                out = Nodes.put(out, "namespace", Nodes.string(target.id().effectiveNamespace(), explicit.span()));
            }
            return out;
        }
        return node;
    }

    /** Effective namespaces a resource has had (any of them may be the one a reference was written for). */
    private static Set<String> namespaces(Res r) {
        Set<String> out = new HashSet<>();
        if (!r.id().namespaceable()) {
            return out;
        }
        out.add(r.id().effectiveNamespace());
        for (ResId p : r.previousIds()) {
            out.add(p.effectiveNamespace());
        }
        return out;
    }

    /** The one renamed object that used to be called {@code old} in one of the wanted namespaces, or null. */
    private static Res referral(String old, Set<String> wanted, List<Res> candidates) {
        Res found = null;
        for (Res c : candidates) {
            if (!oldNames(c).contains(old)) {
                continue;
            }
            boolean sameNamespace = !c.id().namespaceable() || wanted.isEmpty();
            List<ResId> ids = new ArrayList<>(c.previousIds());
            ids.add(c.id());
            for (ResId id : ids) {
                sameNamespace |= wanted.contains(id.effectiveNamespace());
            }
            if (!sameNamespace) {
                continue;
            }
            if (found != null && !found.id().name().equals(c.id().name())) {
                return null;
            }
            found = c;
        }
        return found;
    }
}
