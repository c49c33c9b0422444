package io.fluxward.rules.eso;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.CreationPolicy;
import io.fluxward.eso.EsoModel;
import io.fluxward.eso.Placement;
import io.fluxward.eso.SecretManifest;
import io.fluxward.eso.SecretSync;
import io.fluxward.eso.SecretTarget;
import io.fluxward.flux.Vars;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** FW-E005: two owners for one Secret: ExternalSecrets with creationPolicy Owner, or one and a Secret manifest. */
@RuleInfo(
        id = "FW-E005",
        name = "external-secret-target-conflict",
        level = Level.ERROR,
        summary = "Two ExternalSecrets own the same target Secret, or an ExternalSecret owns a Secret that is also "
                + "a manifest in the repository.",
        description = """
                With `creationPolicy: Owner` (the default) an ExternalSecret creates its target Secret \
                (`target.name`, default: the ExternalSecret's name) and takes ownership of it. Two such \
                ExternalSecrets for one Secret fight: one of them fails, or each sync overwrites the other's \
                keys, and deleting either one garbage-collects the Secret under the other. A `v1/Secret` \
                manifest of the same name is worse: Flux re-applies the manifest on every reconciliation \
                and ESO rewrites it, so the workload sees the value flip. Writers conflict when they land on \
                the same cluster and namespace (the Flux Kustomizations that apply them, their \
                `targetNamespace` and kustomize `namespace`; folders no Kustomization renders, such as an \
                `archive/`, apply nothing); writers whose namespace cannot be known are not compared. Every \
                writer of the contested Secret is reported. `creationPolicy: Merge`, `Orphan`, `None` and \
                `CreateOrMerge` are shared writes and never conflict. A `${VAR}` target or policy is \
                read as substituted when its value is known.""",
        fix = """
                Keep one writer per Secret: merge the ExternalSecrets into one with several `data` / \
                `dataFrom` entries, or give them distinct `target.name`s. Delete the Secret manifest when an \
                ExternalSecret now provides it, or, when the manifest (or a chart) must create the Secret, \
                let the ExternalSecret add its keys with `creationPolicy: Merge`. (Since ESO 0.11 a Merge \
                into a Secret that another ExternalSecret owns is refused too.)""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db-password
                  namespace: apps
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target:
                    name: db
                  data:
                    - secretKey: password
                      remoteRef: {key: apps/db, property: password}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db-user
                  namespace: apps
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target:
                    name: db
                  data:
                    - secretKey: username
                      remoteRef: {key: apps/db, property: username}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db-password
                  namespace: apps
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target:
                    name: db
                  data:
                    - secretKey: password
                      remoteRef: {key: apps/db, property: password}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db-user
                  namespace: apps
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  target:
                    name: db-user
                  data:
                    - secretKey: username
                      remoteRef: {key: apps/db, property: username}
                """,
        tags = {"external-secrets", "correctness", "ownership"})
public final class ExternalSecretTargetConflict implements RepositoryRule {

    /**
     * One writer of a Secret: an owning ExternalSecret or a Secret manifest (or generated Secret), as one
     * rendering names and places it (two overlays renaming one ExternalSecret make two writers); {@code file} is
     * where {@code at} is written: a patch's file when the build's patch set the target name, else its own.
     */
    private record Writer(KubeObject object, String file, YNode at, boolean manifest, String namespace, String name,
                          String label, String substituted) {
        Location location() {
            return at.isPresent() ? new Location(file, at.span()) : object.location();
        }

        String ref() {
            return object.kind() + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }

        String describe() {
            return label + ref();
        }

        boolean same(Writer o) {
            return object == o.object && namespace.equals(o.namespace) && name.equals(o.name);
        }

        /** What {@link #same} compares, as a hash key (the object by identity). */
        Same sameKey() {
            return new Same(System.identityHashCode(object), object, namespace, name);
        }

        /** What {@link #sameIdentity} compares, as a hash key. */
        String identity() {
            return object.kind() + "\u0000" + namespace + "\u0000" + name;
        }

        /**
         * The same object in the cluster: copies of one kind, namespace and name (two builds applying one
         * ExternalSecret, alternative overlays) are one writer there; who applies it twice is FW-F014's question.
         */
        boolean sameIdentity(Writer o) {
            return object.kind().equals(o.object.kind()) && namespace.equals(o.namespace) && name.equals(o.name);
        }
    }

    /** {@link Writer#same}'s key: equal when the object is the same instance and the rendered name too. */
    private record Same(int hash, KubeObject object, String namespace, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same s && object == s.object && namespace.equals(s.namespace) && name.equals(s.name);
        }

        @Override
        public int hashCode() {
            return (hash * 31 + namespace.hashCode()) * 31 + name.hashCode();
        }
    }

    /** The distinct writers of one Secret, with what telling each writer's rivals needs without comparing pairs. */
    private static final class Group {
        final String secret;
        final Map<Same, Writer> writers = new LinkedHashMap<>();
        final List<Writer> owners = new ArrayList<>();
        final Map<String, Integer> byIdentity = new HashMap<>();
        final Map<String, Integer> ownersByIdentity = new HashMap<>();

        Group(String secret) {
            this.secret = secret;
        }

        void add(Writer w) {
            if (writers.putIfAbsent(w.sameKey(), w) == null) {
                byIdentity.merge(w.identity(), 1, Integer::sum);
                if (!w.manifest()) {
                    owners.add(w);
                    ownersByIdentity.merge(w.identity(), 1, Integer::sum);
                }
            }
        }

        /** The writers {@code w}'s finding names: not its own copies, and for a manifest only the owners. */
        Iterable<Writer> rivalsOf(Writer w) {
            return w.manifest() ? owners : writers.values();
        }

        int rivalCount(Writer w) {
            return w.manifest() ? owners.size() - ownersByIdentity.getOrDefault(w.identity(), 0)
                    : writers.size() - byIdentity.getOrDefault(w.identity(), 0);
        }
    }

    /** Writers named in a message; the others are counted ("and 247 more"). */
    private static final int LISTED = 3;
    /** Writers linked from one finding at most. */
    private static final int LINKED = 10;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        Placement placement = eso.placement();
        Map<String, Group> bySecret = new LinkedHashMap<>();
        for (SecretSync written : eso.syncs()) {
            // Judged as each build applies it: a patch may set target.name or creationPolicy.
            for (Placement.Applied applied : placement.applied(written.object())) {
                Optional<SecretSync> sync = SecretSync.of(applied.object());
                if (sync.isEmpty() || sync.get().target().isEmpty()) {
                    continue;
                }
                // Flux substitutes post-build variables before it applies: the target and policy ESO sees (values of
                // one Kustomization instance together; a value not known stays as written and is not judged).
                for (Vars vars : applied.variants()) {
                    writer(written, applied, sync.get().target().get(), vars, bySecret);
                }
            }
        }
        List<KubeObject> secrets = new ArrayList<>(model.objects());
        secrets.addAll(placement.generated());
        for (KubeObject secret : secrets) {
            if (SecretManifest.isSecret(secret) && !secret.name().isEmpty()) {
                String label = placement.generated().contains(secret) ? "the secretGenerator " : "the manifest ";
                for (Placement.Rendering r : placement.renderings(secret)) {
                    Writer writer = new Writer(secret, secret.path(), secret.get("metadata", "name"), true, r.namespace(),
                            r.name(), label, "");
                    add(bySecret, r.cluster(), r.namespace(), r.name(), writer);
                }
            }
        }
        // Each writer's Secrets; a writer is reported once per rendered name, however many clusters render it.
        Map<Same, Writer> reported = new LinkedHashMap<>();
        Map<Same, List<Group>> groups = new HashMap<>();
        for (Group g : bySecret.values()) {
            long owners = g.ownersByIdentity.size();
            boolean manifests = g.owners.size() < g.writers.size();
            if (owners == 0 || owners + (manifests ? 1 : 0) < 2) {
                continue;
            }
            for (Writer w : g.writers.values()) {
                Same key = w.sameKey();
                reported.putIfAbsent(key, w);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
            }
        }
        for (Map.Entry<Same, Writer> e : reported.entrySet()) {
            report(context, e.getValue(), groups.get(e.getKey()));
        }
    }

    private static void writer(SecretSync written, Placement.Applied applied, SecretTarget target, Vars vars,
                               Map<String, Group> bySecret) {
        Vars.Substituted policy = vars.substituteOrWritten(target.policyNode().textOr(""));
        if (CreationPolicy.of(policy.value()) != CreationPolicy.OWNER) {
            return;
        }
        // kustomize renames the ExternalSecret but not target.name: a defaulted target follows the rendered name.
        boolean defaulted = target.nameNode() == applied.object().get("metadata", "name");
        Placement.Rendering r = applied.copy().rendering();
        Vars.Substituted name = vars.substituteOrWritten(defaulted ? r.name() : target.name());
        if (name.value().isEmpty() || name.value().contains("${") || name.value().contains("{{")) {
            return;
        }
        List<String> substituted = new ArrayList<>();
        if (policy.substituted()) {
            substituted.add("creationPolicy " + policy.shown());
        }
        if (name.substituted()) {
            substituted.add((defaulted ? "metadata.name " : "target.name ") + name.shown());
        }
        // A defaulted target is the ExternalSecret's name: pointed at as written (namePrefix writes no node).
        YNode at = defaulted ? written.object().get("metadata", "name") : target.nameNode();
        Writer writer = new Writer(written.object(), defaulted ? written.object().path() : applied.fileOf(at), at,
                false, written.kind().isClusterScoped() ? "" : r.namespace(), defaulted ? name.value() : r.name(), "",
                String.join(", ", substituted));
        if (written.kind().isClusterScoped()) {
            // A ClusterExternalSecret writes into the namespaces it lists; selectors are not resolvable here.
            target.namespaces().forEach(ns -> add(bySecret, r.cluster(), ns, name.value(), writer));
        } else {
            add(bySecret, r.cluster(), r.namespace(), name.value(), writer);
        }
    }

    private static void add(Map<String, Group> bySecret, String cluster, String namespace, String name, Writer w) {
        if (namespace.isEmpty()) {
            // Unknown: Flux refuses namespaced objects without one, kubectl uses its context's. Not compared.
            return;
        }
        bySecret.computeIfAbsent(cluster + "\u0000" + namespace + "\u0000" + name, k -> new Group(namespace + "/" + name))
                .add(w);
    }

    private static void report(RuleContext context, Writer writer, List<Group> contested) {
        // The first writers to name, and how many there are: counted from the group when the writer contests one
        // Secret (N writers of one Secret made N findings of N names: N^2 output), gathered across several otherwise.
        List<Writer> named = new ArrayList<>();
        Set<Same> seen = new HashSet<>();
        Set<String> secrets = new TreeSet<>();
        int count = 0;
        for (Group g : contested) {
            secrets.add(g.secret);
            for (Writer o : g.rivalsOf(writer)) {
                if (!o.sameIdentity(writer) && seen.add(o.sameKey())) {
                    count++;
                    if (named.size() < LINKED) {
                        named.add(o);
                    } else if (contested.size() == 1) {
                        break;
                    }
                }
            }
        }
        if (contested.size() == 1) {
            count = contested.get(0).rivalCount(writer);
        }
        List<String> names = new ArrayList<>();
        RuleContext.FindingBuilder finding = context.at(writer.file(), writer.at());
        for (Writer o : named) {
            // Copies of one object in different files are told apart by their file.
            boolean twin = named.stream().anyMatch(x -> x != o && x.describe().equals(o.describe()));
            String name = o.describe() + (twin ? " (" + context.shown(o.object().path()) + ")" : "");
            names.add(name);
            finding.related(o.location(), "also writes this Secret: " + name);
        }
        String list = count <= LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, LISTED)) + " and " + (count - LISTED) + " more";
        String secret = "Secret " + String.join(", ", secrets);
        String source = writer.label().contains("secretGenerator") ? "secretGenerator entry" : "manifest";
        String message = writer.manifest()
                ? writer.ref() + " is also written by " + list
                        + " (creationPolicy Owner): Flux re-applies the " + source + " and ESO overwrites it on every sync; "
                        + "remove the " + source + ", or let the ExternalSecret add its keys with creationPolicy: Merge"
                : writer.describe() + " owns " + secret + " (creationPolicy Owner"
                        + (writer.substituted().isEmpty() ? "" : "; " + writer.substituted()) + "), and so "
                        + (count == 1 ? "does " : "do ") + list
                        + ": the writers overwrite each other; keep one writer per Secret (one ExternalSecret with "
                        + "several data entries, or distinct target names)";
        finding.message(message).report();
    }
}
