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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

        /**
         * The same object in the cluster: copies of one kind, namespace and name (two builds applying one
         * ExternalSecret, alternative overlays) are one writer there; who applies it twice is FW-F014's question.
         */
        boolean sameIdentity(Writer o) {
            return object.kind().equals(o.object.kind()) && namespace.equals(o.namespace) && name.equals(o.name);
        }
    }

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        EsoModel eso = model.facet(EsoModel.FACET);
        Placement placement = eso.placement();
        Map<String, List<Writer>> bySecret = new LinkedHashMap<>();
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
        Map<Writer, Set<Writer>> rivals = new LinkedHashMap<>();
        Map<Writer, Set<String>> contested = new LinkedHashMap<>();
        for (Map.Entry<String, List<Writer>> e : bySecret.entrySet()) {
            List<Writer> all = e.getValue();
            List<Writer> distinctOwners = new ArrayList<>();
            all.stream().filter(w -> !w.manifest() && distinctOwners.stream().noneMatch(w::sameIdentity))
                    .forEach(distinctOwners::add);
            long owners = distinctOwners.size();
            long manifests = all.stream().filter(Writer::manifest).count();
            if (owners == 0 || owners + Math.min(manifests, 1) < 2) {
                continue;
            }
            String[] key = e.getKey().split("\u0000", -1);
            for (Writer w : all) {
                // One finding per writer and rendered name: the same rendering on several clusters is reported once.
                Writer first = rivals.keySet().stream().filter(w::same).findFirst().orElse(w);
                contested.computeIfAbsent(first, k -> new TreeSet<>()).add((key[1].isEmpty() ? "" : key[1] + "/") + key[2]);
                Set<Writer> others = rivals.computeIfAbsent(first, k -> new LinkedHashSet<>());
                // Never the reported writer itself, nor its copies (the same object in the cluster).
                all.stream().filter(o -> !o.sameIdentity(w) && others.stream().noneMatch(o::same)).forEach(others::add);
            }
        }
        for (Map.Entry<Writer, Set<Writer>> e : rivals.entrySet()) {
            report(context, e.getKey(), e.getValue(), contested.get(e.getKey()));
        }
    }

    private static void writer(SecretSync written, Placement.Applied applied, SecretTarget target, Vars vars,
                               Map<String, List<Writer>> bySecret) {
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

    private static void add(Map<String, List<Writer>> bySecret, String cluster, String namespace, String name, Writer w) {
        if (namespace.isEmpty()) {
            // Unknown: Flux refuses namespaced objects without one, kubectl uses its context's. Not compared.
            return;
        }
        List<Writer> list = bySecret.computeIfAbsent(cluster + "\u0000" + namespace + "\u0000" + name, k -> new ArrayList<>());
        if (list.stream().noneMatch(w::same)) {
            list.add(w);
        }
    }

    private static void report(RuleContext context, Writer writer, Set<Writer> others, Set<String> secrets) {
        List<Writer> named = new ArrayList<>();
        for (Writer o : others) {
            if (!(writer.manifest() && o.manifest())) {
                named.add(o); // two manifests of one Secret are a Flux ownership question (FW-F014), not this rule's
            }
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
        String secret = "Secret " + String.join(", ", secrets);
        String source = writer.label().contains("secretGenerator") ? "secretGenerator entry" : "manifest";
        String message = writer.manifest()
                ? writer.ref() + " is also written by " + String.join(", ", names)
                        + " (creationPolicy Owner): Flux re-applies the " + source + " and ESO overwrites it on every sync; "
                        + "remove the " + source + ", or let the ExternalSecret add its keys with creationPolicy: Merge"
                : writer.describe() + " owns " + secret + " (creationPolicy Owner"
                        + (writer.substituted().isEmpty() ? "" : "; " + writer.substituted()) + "), and so "
                        + (names.size() == 1 ? "does " : "do ") + String.join(", ", names)
                        + ": the writers overwrite each other; keep one writer per Secret (one ExternalSecret with "
                        + "several data entries, or distinct target names)";
        finding.message(message).report();
    }
}
