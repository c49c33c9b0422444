package io.fluxward.rules.flux;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.flux.Applier;
import io.fluxward.flux.Field;
import io.fluxward.flux.FluxModel;
import io.fluxward.flux.Placement;
import io.fluxward.flux.Vars;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.ClusterScope;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.kustomize.Resource;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.LineBreaks;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FW-F002: a Kustomization's targetNamespace moves resources that declare another namespace. */
@RuleInfo(
        id = "FW-F002",
        name = "target-namespace-override",
        level = Level.WARNING,
        summary = "A Kustomization's targetNamespace moves resources that declare another namespace.",
        description = """
                `targetNamespace` overwrites `metadata.namespace` of every namespaced resource the Kustomization \
                applies, whatever the manifest says. When it is set on purpose per Kustomization this is fine; when it \
                comes from a patch applied to every Kustomization of a cluster folder, resources that declare their \
                own namespace land in the wrong one. Error when a moved resource is a Secret or ConfigMap that \
                something on the same cluster still reads in its declared namespace (decryption or kubeConfig Secret, \
                `substituteFrom`, `valuesFrom`, a source's or SecretStore's `secretRef`): the reference breaks. A \
                reader moved into the same namespace along with it still finds it. The finding points at \
                the `targetNamespace` value, or at the patch that sets it.""",
        fix = """
                Remove `targetNamespace` (or restrict the patch's `target` to the Kustomizations that need it), or put \
                the resources that must stay in their namespace in a Kustomization of their own.""",
        bad = """
                # file: clusters/prod/secrets.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: secrets, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./secrets
                  targetNamespace: apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: secrets/registry.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: registry, namespace: tools}
                data: {host: registry.example.com}
                """,
        good = """
                # file: clusters/prod/secrets.yaml
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: secrets, namespace: flux-system}
                spec:
                  interval: 10m
                  prune: true
                  path: ./secrets
                  sourceRef: {kind: GitRepository, name: flux-system}
                # file: secrets/registry.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: registry, namespace: tools}
                data: {host: registry.example.com}
                """,
        tags = {"flux", "kustomize", "correctness"})
public final class TargetNamespaceOverride implements RepositoryRule {

    private static final int LISTED = 3;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        FluxModel flux = model.facet(FluxModel.FACET);
        FluxSupport out = new FluxSupport(context, flux);
        ConfigReferences references = null;
        for (Applier a : flux.appliers()) {
            // A Kustomization that applies its own definition ends up as its folder renders it: a patch there
            // that sets targetNamespace on every Kustomization sets it on this one too.
            Field setting = a.selfTargetNamespace().known() ? a.selfTargetNamespace() : a.targetNamespace();
            if (a.kind() != Applier.Kind.KUSTOMIZATION || !setting.known() || a.baseBuild().isEmpty()
                    || !flux.applied(a)) {
                continue;
            }
            String target = setting.value();
            List<Resource> moved = new ArrayList<>();
            for (Resource r : a.baseBuild().map(Build::resources).orElse(List.of())) {
                // Post-build substitution runs after the build, on the declared namespace too.
                String declared = a.childVars().appliedTo(r.content()).expand(r.namespace()).orElse(null);
                if (declared != null && !declared.isEmpty() && !declared.equals(target)
                        && !ClusterScope.isClusterScoped(r.group(), r.kind())) {
                    moved.add(r);
                }
            }
            if (moved.isEmpty()) {
                continue;
            }
            if (references == null) {
                references = new ConfigReferences(model, flux);
            }
            List<String> broken = new ArrayList<>();
            for (Resource r : moved) {
                if (r.group().isEmpty() && (r.kind().equals("Secret") || r.kind().equals("ConfigMap"))) {
                    // Only readers on the cluster it lands on that then look elsewhere: one moved along with it into
                    // the same namespace (by this or another Kustomization) still finds it.
                    Vars vars = a.childVars().appliedTo(r.content());
                    String declared = vars.expand(r.namespace()).orElse(r.namespace());
                    List<String> by = references.brokenReaders(a.target(), r.kind(), declared,
                            vars.expand(r.name()).orElse(r.name()), target);
                    if (!by.isEmpty()) {
                        broken.add(r.kind() + " " + r.namespace() + "/" + r.name() + " is read there by " + by.get(0));
                    }
                }
            }
            // Not written in its manifest: the rendering of its own definition has it.
            boolean fromOwnRendering = a.selfTargetNamespace().known()
                    && !a.manifest().get("spec", "targetNamespace").isPresent();
            StringBuilder message = new StringBuilder(a.display()).append(" sets targetNamespace '").append(target)
                    .append(fromOwnRendering ? "' (its folder sets it in its own definition, which it applies)" : "'")
                    .append(", which moves ").append(moved.size() == 1 ? "a resource that declares"
                            : moved.size() + " resources that declare").append(" another namespace: ");
            for (int i = 0; i < Math.min(LISTED, moved.size()); i++) {
                Resource r = moved.get(i);
                message.append(i == 0 ? "" : ", ").append(r.kind()).append(' ').append(r.namespace()).append('/')
                        .append(r.name()).append(" (").append(context.shown(r.origin().path())).append(')');
            }
            if (moved.size() > LISTED) {
                message.append(" and ").append(moved.size() - LISTED).append(" more");
            }
            if (!broken.isEmpty()) {
                // Every one: fixing the one named would only bring up the next on the following run.
                for (int i = 0; i < Math.min(LISTED, broken.size()); i++) {
                    message.append("; ").append(broken.get(i)).append(", which will not find it");
                }
                if (broken.size() > LISTED) {
                    message.append("; and ").append(broken.size() - LISTED).append(" more read there");
                }
            }
            Level level = broken.isEmpty() ? Level.WARNING : Level.ERROR;
            Optional<RuleContext.FindingBuilder> finding;
            Location where = flux.locate(a, setting.node());
            if (where.span().equals(setting.node().span())) {
                finding = out.at(a, setting.node(), message.toString());
            } else {
                Optional<Location> patch = patchedAt(flux, a, setting.node()).or(() -> patchSetting(model, a));
                finding = patch.isPresent() ? out.at(patch.get(), "targetNamespace:" + a.ref(), message.toString())
                        : out.at(a, setting.node(), message.toString());
            }
            finding.ifPresent(f -> f.level(level).report());
        }
    }

    /**
     * Where the patch that put {@code node} into this Kustomization's effective object wrote it, from the build
     * that emits that object (its parent's, or its own for a Kustomization that applies its own definition): the
     * patch applied last, so with several patches the one that set this Kustomization's value.
     */
    private static Optional<Location> patchedAt(FluxModel flux, Applier a, YNode node) {
        List<Applier> builders = new ArrayList<>();
        a.parent().ifPresent(builders::add);
        builders.add(a);
        for (Applier b : builders) {
            for (Placement p : flux.placementsBy(b)) {
                Optional<String> file = p.provenance().fileOf(node);
                if (file.isPresent()) {
                    return Optional.of(new Location(file.get(), node.span()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The line of a patch that sets {@code targetNamespace} into this Kustomization, for builds that do
     * not keep the patch's file: its parents' {@code spec.patches} and the kustomization files of the
     * manifest's folder and the folders above it, inline patch text searched for the JSON 6902
     * {@code value:} (or the strategic merge {@code targetNamespace:}) line.
     */
    private static Optional<Location> patchSetting(RepositoryModel model, Applier a) {
        List<YNode> candidates = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Applier p : a.ancestors()) {
            for (YNode patch : p.patches()) {
                candidates.add(patch.get("patch"));
                paths.add(p.manifest().path());
            }
        }
        // kustomization files that include the manifest: those of its folder and the folders above it.
        Kustomize kustomize = model.facet(Kustomize.FACET);
        for (String dir = Paths.parent(a.manifest().path()); ; dir = Paths.parent(dir)) {
            Optional<FileModel> k = kustomize.kustomizationFile(dir);
            if (k.isPresent() && !k.get().documents().isEmpty()) {
                for (YNode patch : k.get().documents().get(0).root().get("patches").items()) {
                    YNode text = patch.get("patch");
                    if (text.isPresent()) {
                        candidates.add(text);
                        paths.add(k.get().path());
                        continue;
                    }
                    String file = Paths.resolve(dir, patch.get("path").textOr(""));
                    Optional<FileModel> f = file == null ? Optional.empty() : model.file(file);
                    if (f.isPresent() && f.get().file().text().contains("targetNamespace")) {
                        Optional<Location> line = lineIn(model, f.get().file().text(), 0, f.get().path());
                        if (line.isPresent()) {
                            return line;
                        }
                    }
                }
            }
            if (dir.isEmpty()) {
                break;
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) instanceof YScalar s && s.value().contains("targetNamespace")) {
                boolean block = s.style() == YScalar.Style.LITERAL || s.style() == YScalar.Style.FOLDED;
                Optional<Location> line = lineIn(model, s.value(), s.span().line() + (block ? 1 : 0) - 1, paths.get(i));
                if (line.isPresent()) {
                    return line;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Location> lineIn(RepositoryModel model, String text, int firstLineOffset, String path) {
        String[] lines = LineBreaks.lines(text).toArray(new String[0]);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.contains("/spec/targetNamespace")) {
                for (int j = Math.max(0, i - 2); j < Math.min(lines.length, i + 3); j++) {
                    if (lines[j].strip().matches("(- )?value:.*")) {
                        return Optional.of(at(model, path, firstLineOffset + j + 1, "value:"));
                    }
                }
            }
            if (l.startsWith("targetNamespace:")) {
                return Optional.of(at(model, path, firstLineOffset + i + 1, "targetNamespace:"));
            }
        }
        return Optional.empty();
    }

    /**
     * The value after {@code token} on a line of a file, as a direct {@code targetNamespace:} is reported (the key
     * when the value is not on that line; column 1 when the line does not hold the token).
     */
    private static Location at(RepositoryModel model, String path, int line, String token) {
        String text = model.file(path).map(f -> f.file().line(line)).orElse("");
        int col = text.indexOf(token);
        if (col < 0) {
            return new Location(path, Span.of(line, 1));
        }
        int start = col + token.length();
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        int comment = text.indexOf(" #", start);
        String value = text.substring(start, comment < 0 ? text.length() : comment).stripTrailing();
        if (value.isEmpty()) {
            return new Location(path, Span.of(line, text.codePointCount(0, col) + 1));
        }
        int first = text.codePointCount(0, start) + 1;
        return new Location(path, new Span(line, first, line, first + value.codePointCount(0, value.length())));
    }
}
