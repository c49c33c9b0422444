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
 * file says so) follow that object's renames by prefixes, suffixes and generator hashes. A plain name
 * is rewritten only when exactly one renamed object of the referred kind, in the referrer's
 * namespace, used to have that name; a mapping with a name and a namespace (RoleBinding subjects,
 * webhook services) also follows the object to its namespace.
 */
final class NameReferences {

    private NameReferences() {
    }

    static List<Res> fix(List<Res> resources, TransformerConfig config) {
        List<Res> renamed = new ArrayList<>();
        List<Res> stored = new ArrayList<>();
        for (Res r : resources) {
            if (!oldNames(r).isEmpty()) {
                renamed.add(r);
            }
            if (!r.previousIds().isEmpty()) {
                stored.add(r);
            }
        }
        if (stored.isEmpty()) {
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
            if (stored.stream().noneMatch(r -> ref.refersTo(r.id()))) {
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                Res referrer = out.get(i);
                YMap content = referrer.content();
                Referrals referrals = new Referrals(candidates, ref, out, referrer);
                for (FieldSpec fs : ref.fieldSpecs()) {
                    if (fs.appliesTo(referrer.id())) {
                        content = fs.apply(content, content.span(), node -> rewrite(node, referrals));
                    }
                }
                if (content != referrer.content()) {
                    out.set(i, referrer.withContent(content));
                }
            }
        }
        return out;
    }

    /**
     * What one referrer's fields may refer to: renamed objects of the referred kind (for a plain name), and all objects
     * (for a mapping with a name and a namespace, among those of the referred kind a transformer went through).
     */
    private record Referrals(List<Res> renamed, TransformerConfig.NameReference ref, List<Res> all, Res referrer) {
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

    private static YNode rewrite(YNode node, Referrals referrals) {
        if (node instanceof YScalar s) {
            Res target = referral(s.value(), namespaces(referrals.referrer()), referrals.renamed());
            return target == null ? node : new YScalar(target.id().name(), s.style(), s.tag(), s.span());
        }
        if (node instanceof YSeq seq) {
            return Nodes.mapItems(seq, item -> rewrite(item, referrals));
        }
        if (node instanceof YMap map && map.get("name") instanceof YScalar name) {
            Res target = mapReferral(map, name.value(), referrals);
            if (target == null) {
                return node;
            }
            String namespace = target.id().namespace();
            YMap out = map;
            if (!target.id().name().equals(name.value())) {
                out = Nodes.put(out, "name", new YScalar(target.id().name(), name.style(), name.tag(), name.span()));
            }
            YNode explicit = map.get("namespace");
            if (!namespace.isEmpty() && !namespace.equals(explicit.textOr(null))) {
                // A subject or webhook service follows the object to its namespace, written even where it had none.
                out = Nodes.put(out, "namespace", Nodes.string(namespace, explicit.isPresent() ? explicit.span()
                        : name.span()));
            }
            return out;
        }
        return node;
    }

    /**
     * The object a mapping with a name (and maybe a namespace) refers to, chosen as kustomize's name reference filter
     * does: among the objects the referrer could refer to, those originally in the mapping's namespace (else those now
     * in it; any when it has none), that went through a name or namespace transformer under that name; the mapping's
     * {@code kind} is not read. Null when none, or several that differ.
     */
    private static Res mapReferral(YMap map, String old, Referrals referrals) {
        Res referrer = referrals.referrer();
        List<Res> reachable = new ArrayList<>();
        for (Res r : referrals.all()) {
            if (reachable(referrer, r)) {
                reachable.add(r);
            }
        }
        YNode explicit = map.get("namespace");
        if (explicit.isPresent()) {
            String namespace = explicit.textOr("");
            List<Res> inNamespace = new ArrayList<>();
            for (Res r : reachable) {
                if (r.originalId().effectiveNamespace().equals(namespace)) {
                    inNamespace.add(r);
                }
            }
            if (inNamespace.isEmpty()) {
                for (Res r : reachable) {
                    if (r.id().effectiveNamespace().equals(namespace)) {
                        inNamespace.add(r);
                    }
                }
            }
            reachable = inNamespace;
        }
        List<Res> found = new ArrayList<>();
        for (Res r : reachable) {
            if (referrals.ref().refersTo(r.id()) && r.previousIds().stream().anyMatch(p -> p.name().equals(old))
                    && (!referrer.id().namespaceable() || !r.id().namespaceable() || r.id().kind().equals("ServiceAccount")
                    || r.id().effectiveNamespace().equals(referrer.id().effectiveNamespace()))) {
                found.add(r);
            }
        }
        for (Res r : found) {
            if (!r.id().name().equals(found.get(0).id().name())
                    || !r.id().namespace().equals(found.get(0).id().namespace())) {
                return null;
            }
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * True when {@code referrer} may refer to {@code target}: a cluster-scoped one refers to anything, anything to a
     * cluster-scoped one, objects to their namespace, and a RoleBinding to the namespaces of its ServiceAccount subjects.
     */
    private static boolean reachable(Res referrer, Res target) {
        if (!referrer.id().namespaceable() || !target.id().namespaceable()
                || target.id().effectiveNamespace().equals(referrer.id().effectiveNamespace())) {
            return true;
        }
        if (!referrer.id().kind().equals("RoleBinding")) {
            return false;
        }
        for (YNode subject : referrer.content().get("subjects").items()) {
            if (subject.get("kind").textOr("").equals("ServiceAccount") && subject.get("namespace").isPresent()
                    && subject.get("namespace").textOr("").equals(target.id().namespace())) {
                return true;
            }
        }
        return false;
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
