package io.fluxward.schema;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.sops.SopsMetadata;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans {@code fluxward migrate --apis}: which deprecated Flux and External Secrets API versions
 * can be upgraded by changing only the version, and which need more.
 *
 * <p>An object is upgraded in place when its fields are unchanged in the new version: it sets no
 * field the lifecycle table lists as removed, and it validates against the new version's schema
 * (patch files and objects a patch may change need no required fields). Object references
 * ({@code apiVersion} + {@code kind} inside another object) are upgraded with them; selectors
 * change only together with every object they select ({@link PatchCoupling}), so patches keep
 * selecting the same objects. Everything else is
 * listed with what remains to do. Only versions FW-F010 reports under the same configuration are
 * touched, so the result scans clean of FW-F010 except for the objects listed.
 */
public final class ApiMigration {

    /**
     * One change of one scalar.
     *
     * @param location where the scalar is (single line)
     * @param from     the text to replace (the old apiVersion or version)
     * @param to       the replacement
     * @param what     for the summary, e.g. {@code HelmRelease/apps/podinfo}
     */
    public record Edit(Location location, String from, String to, String what) {
    }

    /**
     * An object that needs a manual change before (or besides) the version upgrade.
     *
     * @param reasons what remains, one line each (field paths, never values)
     */
    public record Manual(Location location, String what, String from, String to, List<String> reasons) {

        public Manual {
            reasons = List.copyOf(reasons);
        }
    }

    /** The plan: edits sorted by path and position, and the objects left to the user. */
    public record Plan(List<Edit> edits, List<Manual> manual) {

        public Plan {
            edits = List.copyOf(edits);
            manual = List.copyOf(manual);
        }
    }

    private ApiMigration() {
    }

    /**
     * One version scalar the plan may change, before patches are considered.
     *
     * @param object  the object it belongs to (its own apiVersion, or the one holding the reference), if any
     * @param reasons why it cannot change (empty: it can, unless a patch ties it to one that cannot)
     */
    record Candidate(ApiReference ref, KubeObject object, Location at, String from, String to, String what,
                     List<String> reasons) {

        /** The version it is written in after the plan, if it changes. */
        String newVersion() {
            return ref.api().replacementGvk().orElseThrow().version();
        }
    }

    /** Plans the migration of a repository under its configuration ({@code flux.version}, {@code eso.version}). */
    public static Plan plan(RepositoryModel model) {
        SchemaRegistry registry = model.facet(SchemaRegistry.FACET);
        Set<String> patchFiles = model.facet(PatchFiles.FACET);
        PatchTargets patched = model.facet(PatchTargets.FACET);
        Set<ApiLifecycle.Product> products = Set.of(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO);
        List<Candidate> candidates = new ArrayList<>();
        for (FileModel file : model.files()) {
            if (file.template()) {
                continue;
            }
            Map<YNode, KubeObject> objects = new IdentityHashMap<>();
            file.objects().forEach(o -> objects.put(o.node(), o));
            Set<YNode> done = Collections.newSetFromMap(new IdentityHashMap<>());
            boolean sops = file.documents().stream().anyMatch(d -> SopsMetadata.isMetadata(d.root().get("sops")));
            for (ApiReference ref : ApiReference.find(file, products)) {
                Optional<String> to = ref.replacementText();
                if (to.isEmpty() || ApiVerdict.of(ref.api(), model.config()).isEmpty() || !done.add(ref.node())) {
                    continue;
                }
                Location at = file.location(ref.node());
                String from = ref.node().textOr("");
                KubeObject object = objects.get(ref.holder());
                String what = object != null ? object.ref() : describe(ref);
                List<String> reasons = new ArrayList<>();
                if (sops) {
                    // Its MAC covers every value, apiVersion included: sops refuses a file edited in place.
                    reasons.add("the file is SOPS-encrypted: change it with sops (decrypt, edit, encrypt again); an edit "
                            + "in place breaks its MAC");
                } else if (ref.type() == ApiReference.Type.OBJECT && object != null) {
                    boolean partial = (patchFiles.contains(object.path()) && object.origin() == Origin.DOCUMENT)
                            || patched.mayPatch(object);
                    reasons.addAll(blockers(object, ref.api(), registry, partial));
                }
                if (!sops && (!(ref.node() instanceof YScalar s) || s.span().line() != s.span().endLine()
                        || s.style() == YScalar.Style.LITERAL || s.style() == YScalar.Style.FOLDED)) {
                    reasons.add("the version is not written on one line; change it by hand");
                }
                candidates.add(new Candidate(ref, object, at, from, to.get(), what, reasons));
            }
        }
        PatchCoupling.apply(model, candidates);
        List<Edit> edits = new ArrayList<>();
        List<Manual> manual = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.reasons().isEmpty()) {
                edits.add(new Edit(c.at(), c.from(), c.to(), c.what()));
            } else {
                manual.add(new Manual(c.at(), c.what(), c.from(), c.to(), c.reasons()));
            }
        }
        Comparator<Location> order = Comparator.naturalOrder();
        edits.sort(Comparator.comparing(Edit::location, order));
        manual.sort(Comparator.comparing(Manual::location, order));
        return new Plan(edits, manual);
    }

    private static String describe(ApiReference ref) {
        return ref.type() == ApiReference.Type.SELECTOR ? "selector for " + ref.api().gvk().group() + " "
                + ref.api().gvk().version() : "reference to " + ref.api().gvk().kind();
    }

    /** Why an object cannot simply change its apiVersion: removed fields, or the new schema rejects it. */
    private static List<String> blockers(KubeObject object, ApiLifecycle.Api api, SchemaRegistry registry,
                                         boolean partial) {
        List<String> out = new ArrayList<>();
        Gvk target = api.replacementGvk().orElseThrow();
        for (ApiLifecycle.RemovedField f : ApiLifecycle.get().removedFields(target.group(), target.kind())) {
            if (f.absentIn().equals(target.version()) && present(object.node(), f.path(), 0)) {
                out.add(f.pathText() + " does not exist in " + target.apiVersion() + ": " + f.advice());
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        SchemaRegistry.Resolution resolution = registry.resolve(target);
        if (!resolution.hasSchema()) {
            out.add("no schema for " + target + " to check the fields against; review them by hand");
            return out;
        }
        JsonTree tree = JsonTree.of(object.node());
        if (tree.json() instanceof org.json.JSONObject json) {
            json.put("apiVersion", target.apiVersion());
        }
        List<Violation> best = null;
        for (KubeSchema schema : resolution.schemas()) {
            List<Violation> v = schema.validate(tree, partial);
            if (v.isEmpty()) {
                return out;
            }
            if (best == null) {
                best = v;
            }
        }
        for (Violation v : best) {
            out.add(v.message().replaceFirst("; the API server prunes unknown fields of .*", "") + " in "
                    + target.apiVersion());
        }
        return out;
    }

    private static boolean present(YNode node, List<String> path, int i) {
        if (i == path.size()) {
            return true;
        }
        String part = path.get(i);
        if (part.equals("*")) {
            return node.items().stream().anyMatch(item -> present(item, path, i + 1));
        }
        return node instanceof YMap && node.get(part).isPresent() && present(node.get(part), path, i + 1);
    }
}
