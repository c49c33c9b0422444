package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.model.RepositoryModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FW-F004: dependsOn edges that form a cycle. */
@RuleInfo(
        id = "FW-F004",
        name = "depends-on-cycle",
        level = Level.ERROR,
        summary = "dependsOn edges form a cycle.",
        description = """
                Flux does not detect `dependsOn` cycles: every member waits for the next to become ready, so none \
                of them ever reconciles and nothing reports why. fluxward resolves the edges per cluster, as Flux \
                does, and reports the `dependsOn` item of every member of the cycle; the message prints the cycle.""",
        fix = "Remove the edge that closes the cycle, usually by splitting one Kustomization in two.",
        bad = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./infra
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: apps}]
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: infra}]
                """,
        good = """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./infra
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                  dependsOn: [{name: infra}]
                """,
        tags = {"flux", "dependencies", "correctness"})
public final class DependsOnCycle implements RepositoryRule {

    /** A cycle of at most this many members is printed whole in every member's message. */
    private static final int WHOLE = 10;
    /** Members a longer cycle names in the message of each member but the first. */
    private static final int SHOWN = 5;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        for (List<Applier> component : stronglyConnected(flux)) {
            boolean selfLoop = component.size() == 1 && flux.dependencies(component.get(0)).contains(component.get(0));
            if (component.size() < 2 && !selfLoop) {
                continue;
            }
            component.sort(Comparator.comparing((Applier a) -> a.manifest().path())
                    .thenComparing(a -> a.manifest().location().line()));
            List<Applier> cycle = cycleThrough(flux, component);
            String kinds = cycle.get(0).kind().kindName() + "s";
            String whole = path(cycle, 0, cycle.size());
            for (int i = 0; i < cycle.size(); i++) {
                Applier a = cycle.get(i);
                Applier next = cycle.get((i + 1) % cycle.size());
                // A long cycle is printed whole once, on its member first in path order: the others name a few
                // members from themselves on, so that the report grows with the cycle, not with its square.
                String message = i == 0 || cycle.size() <= WHOLE ? "dependsOn cycle " + whole + " (" + kinds + ")"
                        : "dependsOn cycle of " + cycle.size() + " " + kinds + " " + path(cycle, i, SHOWN) + " ("
                        + (cycle.size() - SHOWN) + " more; the whole cycle is printed with " + cycle.get(0).ref() + ")";
                for (ObjectRef ref : a.dependsOn()) {
                    if (ref.concrete() && ref.matches(next.namespace(), next.name())) {
                        out.at(a, ref.node(), message + ": none of them will ever become ready")
                                .ifPresent(RuleContext.FindingBuilder::report);
                        break;
                    }
                }
            }
        }
    }

    /** {@code count} members of the cycle from {@code from} on, back to the first when all are shown. */
    private static String path(List<Applier> cycle, int from, int count) {
        StringBuilder path = new StringBuilder();
        for (int k = 0; k < count; k++) {
            path.append(cycle.get((from + k) % cycle.size()).ref()).append(" -> ");
        }
        path.append(count == cycle.size() ? cycle.get(from).ref() : "...");
        return path.toString();
    }

    /** A simple cycle through the first member, following dependsOn edges inside the component. */
    private static List<Applier> cycleThrough(FluxModel flux, List<Applier> component) {
        Applier start = component.get(0);
        Set<Applier> members = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(component);
        Map<Applier, Applier> previous = new IdentityHashMap<>();
        Deque<Applier> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            Applier a = todo.poll();
            for (Applier d : flux.dependencies(a)) {
                if (d == start) {
                    List<Applier> cycle = new ArrayList<>();
                    for (Applier x = a; x != null; x = previous.get(x)) {
                        cycle.add(x);
                    }
                    java.util.Collections.reverse(cycle);
                    return cycle;
                }
                if (members.contains(d) && !previous.containsKey(d)) {
                    previous.put(d, a);
                    todo.add(d);
                }
            }
        }
        return List.of(start);
    }

    /** Tarjan's algorithm, iterative (dependency chains can be long). */
    private static List<List<Applier>> stronglyConnected(FluxModel flux) {
        Map<Applier, Integer> index = new IdentityHashMap<>();
        Map<Applier, Integer> low = new IdentityHashMap<>();
        Set<Applier> onStack = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Applier> stack = new ArrayDeque<>();
        List<List<Applier>> out = new ArrayList<>();
        int counter = 0;
        for (Applier root : flux.appliers()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, 0});
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                Applier v = (Applier) frame[0];
                List<Applier> deps = flux.dependencies(v);
                int i = (Integer) frame[1];
                if (i < deps.size()) {
                    frame[1] = i + 1;
                    Applier w = deps.get(i);
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    Applier parent = (Applier) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<Applier> component = new ArrayList<>();
                    Applier w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (w != v);
                    out.add(component);
                }
            }
        }
        return out;
    }
}
