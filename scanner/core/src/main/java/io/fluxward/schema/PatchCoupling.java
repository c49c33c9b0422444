package io.fluxward.schema;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ties {@link ApiMigration}'s version changes to the selectors that pick objects by version: a patch
 * {@code target} (or another {@code group}/{@code version} selector), and a strategic merge patch
 * without target, which selects by its own {@code apiVersion}. kustomize compares them with the
 * version the object is written in, so a selector and every object it selects before or after the
 * run change together, or none of them does: otherwise a patch stops applying (FW-K002) or starts
 * applying to objects it did not change before. Selectors the run cannot change (in a patch's text,
 * or on a version that is not deprecated) keep the objects they tie to unchanged.
 *
 * <p>Selectors are matched against every object of the repository, not only those of their build:
 * this may keep more objects for manual work than needed, never fewer.
 */
final class PatchCoupling {

    private static final int MAX_REASONS = 3;

    /** A selector, as written ({@code before}) and after the run ({@code after}); {@code item} -1: it stays. */
    private record Sel(PatchTargets.Selector before, PatchTargets.Selector after, int item, String label) {
    }

    /** An object a selector may pick, its version before and after the run; {@code item} -1: it stays. */
    private record Target(KubeObject object, String before, String after, int item) {

        String describe() {
            Location at = object.locationOf(object.node().get("apiVersion"));
            return object.ref() + " (" + at.path() + ":" + at.line() + ")";
        }
    }

    /** A selector and a target it may pick, whichever of the two changes. */
    private record Link(Sel sel, Target target) {

        /** Whether the selector picks the target, each as written or as changed. */
        boolean picks(boolean selChanged, boolean targetChanged) {
            return (selChanged ? sel.after() : sel.before()).matches(target.object(),
                    targetChanged ? target.after() : target.before());
        }
    }

    private PatchCoupling() {
    }

    /**
     * Adds a reason to every candidate that a selector ties to one that stays: candidates that would
     * make a selector pick other objects than today stop, until none does (stopping only grows).
     */
    static void apply(RepositoryModel model, List<ApiMigration.Candidate> candidates) {
        Map<YNode, Integer> objectItems = new IdentityHashMap<>();
        Map<YNode, Integer> selectorItems = new IdentityHashMap<>();
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            ApiMigration.Candidate c = candidates.get(i);
            if (c.ref().type() == ApiReference.Type.OBJECT && c.object() != null) {
                objectItems.put(c.object().node(), i);
                groups.add(c.ref().api().gvk().group());
            } else if (c.ref().type() == ApiReference.Type.SELECTOR) {
                selectorItems.put(c.ref().holder(), i);
                groups.add(c.ref().api().gvk().group());
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        Map<String, List<Target>> targets = targets(model, candidates, objectItems, groups);
        List<Link> links = new ArrayList<>();
        for (Sel s : selectors(model, candidates, objectItems, selectorItems)) {
            List<Target> pool = s.before().group().isEmpty() ? targets.values().stream().flatMap(List::stream).toList()
                    : targets.getOrDefault(s.before().group(), List.of());
            for (Target t : pool) {
                Link l = new Link(s, t);
                if ((s.item() >= 0 || t.item() >= 0) && (l.picks(false, false) || l.picks(true, true)
                        || l.picks(false, true) || l.picks(true, false))) {
                    links.add(l);
                }
            }
        }
        boolean[] changes = new boolean[candidates.size()];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = candidates.get(i).reasons().isEmpty();
        }
        Map<Integer, Set<String>> why = new HashMap<>();
        boolean stopped = true;
        while (stopped) {
            stopped = false;
            // States are read as they were at the start of the pass, so a candidate gets every reason of it.
            boolean[] was = changes.clone();
            for (Link l : links) {
                int s = l.sel().item();
                int t = l.target().item();
                boolean sc = s >= 0 && was[s];
                boolean tc = t >= 0 && was[t];
                boolean today = l.picks(false, false);
                if ((!sc && !tc) || today == l.picks(sc, tc)) {
                    continue;
                }
                // The selector stops first when both would change: a selector alone can no longer follow.
                int stop = sc ? s : t;
                why.computeIfAbsent(stop, k -> new LinkedHashSet<>()).add(reason(l, stop == s, tc && stop == s, today));
                stopped |= changes[stop];
                changes[stop] = false;
            }
        }
        why.forEach((i, lines) -> {
            List<String> reasons = candidates.get(i).reasons();
            lines.stream().limit(MAX_REASONS).forEach(reasons::add);
            if (lines.size() > MAX_REASONS) {
                reasons.add("... and " + (lines.size() - MAX_REASONS) + " more");
            }
        });
    }

    /** Why a selector ({@code ofSelector}) or an object cannot change; {@code today}: the selector picks it now. */
    private static String reason(Link l, boolean ofSelector, boolean targetChanges, boolean today) {
        Target t = l.target();
        Sel s = l.sel();
        if (ofSelector && targetChanges) {
            return today ? "it selects " + t.describe() + ", whose new version (" + t.after() + ") differs from the "
                    + "selector's (" + s.after().version() + "); split the patch by kind and change it by hand"
                    : "changed, it would also select " + t.describe() + ", which is changed to " + t.after()
                    + " too but which the patch does not change today";
        }
        if (ofSelector) {
            return today ? "it selects " + t.describe() + ", which stays on " + t.object().apiVersion()
                    + ": changed alone, it would no longer select it and the patch would stop applying"
                    : "changed, it would also select " + t.describe() + ", on " + t.object().apiVersion()
                    + ", which the patch does not change today";
        }
        return today ? s.label() + " selects it and keeps version " + s.before().version()
                + ": migrated alone, this object would no longer be patched"
                : s.label() + " (version " + s.before().version() + ") would select it once migrated and change it too";
    }

    /** The objects selectors pick (patch documents are patches, not objects of a build), by group. */
    private static Map<String, List<Target>> targets(RepositoryModel model, List<ApiMigration.Candidate> candidates,
                                                     Map<YNode, Integer> objectItems, Set<String> groups) {
        Set<String> patchFiles = model.facet(PatchFiles.FACET);
        Map<String, List<Target>> out = new HashMap<>();
        for (FileModel file : model.files()) {
            if (file.template()) {
                continue;
            }
            for (KubeObject o : file.objects()) {
                if (!groups.contains(o.group()) || (patchFiles.contains(o.path()) && o.origin() == Origin.DOCUMENT)) {
                    continue;
                }
                int item = objectItems.getOrDefault(o.node(), -1);
                String after = item < 0 ? o.version() : candidates.get(item).newVersion();
                out.computeIfAbsent(o.group(), k -> new ArrayList<>()).add(new Target(o, o.version(), after, item));
            }
        }
        return out;
    }

    /** Every selector with a version: the candidates', then the patches' (targets, and documents without one). */
    private static List<Sel> selectors(RepositoryModel model, List<ApiMigration.Candidate> candidates,
                                       Map<YNode, Integer> objectItems, Map<YNode, Integer> selectorItems) {
        List<RepoPatches.Patch> patches = RepoPatches.find(model);
        Set<YNode> patchTargets = Collections.newSetFromMap(new IdentityHashMap<>());
        patches.forEach(p -> patchTargets.add(p.target()));
        List<Sel> out = new ArrayList<>();
        selectorItems.forEach((holder, i) -> {
            ApiMigration.Candidate c = candidates.get(i);
            String label = (patchTargets.contains(holder) ? "the patch target at " : "the selector at ")
                    + c.at().path() + ":" + c.at().line();
            out.add(new Sel(PatchTargets.Selector.target(holder, c.from()), PatchTargets.Selector.target(holder, c.newVersion()),
                    i, label));
        });
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RepoPatches.Patch p : patches) {
            String at = p.where().path() + ":" + p.where().line();
            if (p.target().isMap()) {
                String version = p.target().get("version").textOr("");
                if (!version.isEmpty() && !selectorItems.containsKey(p.target()) && seen.add(p.target())) {
                    PatchTargets.Selector s = PatchTargets.Selector.target(p.target(), version);
                    out.add(new Sel(s, s, -1, "the patch target in the patch at " + at));
                }
                continue;
            }
            for (YDocument doc : p.content()) {
                if (!(doc.root() instanceof YMap m) || !m.get("kind").hasText() || !m.get("apiVersion").hasText()
                        || !seen.add(m)) {
                    continue;
                }
                Gvk gvk = Gvk.of(m.get("apiVersion").textOr(""), m.get("kind").textOr(""));
                int item = objectItems.getOrDefault(m, -1);
                String after = item < 0 ? gvk.version() : candidates.get(item).newVersion();
                out.add(new Sel(PatchTargets.Selector.document(gvk, gvk.version(), m),
                        PatchTargets.Selector.document(gvk, after, m), item, "the strategic merge patch at " + at));
            }
        }
        return out;
    }
}
