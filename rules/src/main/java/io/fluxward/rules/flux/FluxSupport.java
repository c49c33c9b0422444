package io.fluxward.rules.flux;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleContext;
import io.fluxward.flux.Applier;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.ObjectRef;
import io.fluxward.flux.Placement;
import io.fluxward.model.Location;
import io.fluxward.model.Words;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the Flux rules share: reporting at a node of an applier's effective object (or at its
 * {@code kind:} line) once per place and message, however many instances of the manifest exist.
 */
final class FluxSupport {

    private final RuleContext context;
    private final FluxModel flux;
    private final Set<String> reported = new HashSet<>();

    FluxSupport(RuleContext context, FluxModel flux) {
        this.context = context;
        this.flux = flux;
    }

    /**
     * A finding at {@code node} of {@code applier} (its {@code kind:} line when the node is missing), or
     * empty when the same place already has this message.
     */
    Optional<RuleContext.FindingBuilder> at(Applier applier, YNode node, String message) {
        Location loc = flux.locate(applier, node);
        return builder(loc, node, applier.manifest().node(), applier.manifest().path(), message);
    }

    /** A finding at {@code node} of a placed object (its {@code kind:} line when missing). */
    Optional<RuleContext.FindingBuilder> at(Placement placement, YNode node, String message) {
        Location loc = flux.locate(placement, node);
        return builder(loc, node, placement.origin().node(), placement.origin().path(), message);
    }

    /** A finding at an explicit location (a patch line found by text). */
    Optional<RuleContext.FindingBuilder> at(Location loc, String key, String message) {
        if (!reported.add(loc.path() + ":" + loc.line() + ":" + loc.column() + ":" + message)) {
            return Optional.empty();
        }
        return Optional.of(context.at(loc).key(key).message(message));
    }

    private Optional<RuleContext.FindingBuilder> builder(Location loc, YNode node, YMap object, String objectPath,
                                                         String message) {
        if (!reported.add(loc.path() + ":" + loc.line() + ":" + loc.column() + ":" + message)) {
            return Optional.empty();
        }
        boolean atNode = node.isPresent() && loc.span().equals(node.span());
        YNode where = atNode ? node : object.keyNode("kind").isPresent() ? object.keyNode("kind") : object;
        String path = atNode ? loc.path() : objectPath;
        if (!atNode && !loc.path().equals(objectPath)) {
            return Optional.of(context.at(loc).message(message));
        }
        return Optional.of(context.at(path, where).message(message));
    }

    /** {@code Kustomization flux-system/apps (clusters/prod/apps.yaml)}: a stable sort key. */
    static String describe(Applier a) {
        return a.display() + " (" + a.manifest().path() + ")";
    }

    /** As {@link #describe}, for messages: the file named from the repository's top, as locations are. */
    String shown(Applier a) {
        return a.display() + " (" + context.shown(a.manifest().path()) + ")";
    }

    /** A path of the snapshot as messages show it (see {@link RuleContext#shown}). */
    String shown(String path) {
        return context.shown(path);
    }

    /** {@code , applied by Kustomization flux-system/x} when the applier has a parent. */
    static String appliedBy(Applier a) {
        return a.parent().map(p -> ", applied by " + p.display()).orElse("");
    }

    /**
     * True when {@code ref} is listed under {@code externals.<section>} ({@code namespace/name} globs,
     * or {@code Kind/namespace/name}).
     */
    static boolean external(Config config, String section, ObjectRef ref) {
        return config.external(section, ref.kind(), ref.namespace(), ref.name());
    }

    /** The namespace/name to write in a suggested {@code dependsOn} item, seen from {@code from}. */
    static String dependsOnItem(Applier from, Applier target) {
        return target.namespace().equals(from.namespace()) || target.namespace().isEmpty()
                ? "{name: " + target.name() + "}"
                : "{name: " + target.name() + ", namespace: " + target.namespace() + "}";
    }

    /**
     * The hint for a reference that names nothing in its namespace while objects of that name live in {@code
     * namespaces}: with no {@code namespace} written, the reference looks in the referrer's own one, the usual cause.
     *
     * @param found how the message says they are there ("exists", "is defined")
     * @param field what the reference is ("dependsOn item", "sourceRef")
     * @param owner whose namespace a reference without one means ("dependent", "referrer")
     */
    static String namespaceHint(String kind, ObjectRef ref, List<String> namespaces, String found, String field,
                                String owner) {
        if (ref.namespace().isEmpty() || namespaces.isEmpty()) {
            return "";
        }
        String where = namespaces.size() == 1 ? "namespace " + namespaces.get(0) : "namespaces " + String.join(", ", namespaces);
        String fix = namespaces.size() == 1 ? "namespace: " + namespaces.get(0) : "the namespace of the one meant";
        if (ref.node().get("namespace").isPresent()) {
            return "; " + Words.a(kind) + " named " + ref.name() + " " + found + " in " + where + ": set " + fix;
        }
        // Either side may be the mistake: the reference lacks a namespace, or the referrer's own namespace lacks the
        // object (an overlay that forgot to define its own source): both fixes are named.
        return "; " + Words.a(kind) + " named " + ref.name() + " " + found + " in " + where + ", but " + Words.a(field)
                + " without namespace means the " + owner + "'s own namespace (" + ref.namespace() + "): add " + fix
                + ", or define the " + kind + " in " + ref.namespace();
    }
}
