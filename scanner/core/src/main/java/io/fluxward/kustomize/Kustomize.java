package io.fluxward.kustomize;

import io.fluxward.config.Glob;
import io.fluxward.model.Facet;
import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryChanges;
import io.fluxward.model.RepositoryModel;
import io.fluxward.model.ScanMemo;
import io.fluxward.model.SourceFile;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YamlParse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-process kustomize: builds folders of the repository the way {@code kustomize build} (and Flux's
 * kustomize-controller) would, without running kustomize and without fetching anything. Remote
 * resources and Helm charts are recorded as problems and make a build incomplete. Builds are
 * memoized per folder; a folder included by many kustomizations is built once. Thread-safe.
 */
public final class Kustomize {

    /** The repository's kustomize view, computed on first use. */
    public static final Facet<Kustomize> FACET = Facet.of("kustomize", Kustomize::new);

    /** File names kustomize recognises, in its order of preference. */
    public static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** The path a build problem quotes first ({@code 'secret.yaml' does not exist}). */
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    /** What a generated Secret holds instead of its values. */
    public static final String MASK = "<masked>";

    /**
     * One value of an env file and where it starts (1-based line and column, in code points); {@code repeated} when
     * a later line sets the key again, which kustomize refuses ("illegally repeats the key").
     */
    public record EnvValue(String value, int line, int column, boolean repeated) {
    }

    private static final Pattern REMOTE = Pattern.compile(
            "^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|git@|git::|github\\.com/|gitlab\\.com/|bitbucket\\.org/|"
                    + "[a-z0-9.-]+\\.[a-z]{2,}(?::\\d+)?/[^/]+/[^/]+\\.git)");
    /*
     * Flux's default exclusions for artifacts (domain facts 2.3), in gitignore terms: the names
     * and the extensions match a file or a folder of that name at any depth, the three folder
     * patterns ({@code .git/}) a folder only; matching is case-sensitive, as in Flux.
     */
    private static final Set<String> IGNORED_NAMES = Set.of(".gitignore", ".gitmodules", ".gitattributes",
            ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml", "cloudbuild.yaml", "codeship-services.yml",
            "codeship-steps.yml", ".goreleaser.yml", ".sops.yaml", ".flux.yaml");
    private static final Set<String> IGNORED_DIRS = Set.of(".git", ".github", ".circleci");
    /** The git metadata files Flux leaves out even when {@code spec.ignore} replaces the other default exclusions. */
    private static final Set<String> VCS_NAMES = Set.of(".gitignore", ".gitmodules", ".gitattributes");
    private static final List<String> IGNORED_EXTENSIONS = List.of(".jpg", ".jpeg", ".gif", ".png", ".wmv", ".flv",
            ".tar.gz", ".zip");

    private final RepositoryModel model;
    private final Map<String, Accumulated> accumulated = new ConcurrentHashMap<>();
    private final Map<String, Build> builds = new ConcurrentHashMap<>();
    private final Map<FluxOverrides, Build> fluxBuilds = new ConcurrentHashMap<>();
    private final Map<InlineKey, YamlParse> inlines = new ConcurrentHashMap<>();
    private volatile Index index;
    private volatile List<FileModel> kustomizationFiles;
    private volatile Summary summary;
    private volatile Judged judged;
    private volatile Set<String> declaredVars;
    private volatile List<String> includeTargets;
    /** Folder builds of the previous scan of this process, to reuse; and this scan's, for the next (or null). */
    private final RenderMemo previous;
    private final RenderMemo current;
    /** What changed since the scan that kept {@code previous}, found on the first reuse. */
    private volatile RepositoryChanges changes;
    private final Object changesLock = new Object();

    private record InlineKey(String path, YNode node) {
    }

    /** The repository's folders and files (every snapshot file, scanned or not). */
    private record Index(Map<String, List<String>> children, Set<String> files,
                         List<SourceIgnoreRule> sourceIgnore, List<String> sourceIgnoreLines,
                         Map<String, List<String>> kustomizationNames) {
    }

    /**
     * A {@code .sourceignore} (or {@code spec.ignore}) line: a gitignore pattern relative to the file's folder.
     *
     * @param described where it is written, for messages ({@code '.sourceignore' line 2 ('archive/')})
     */
    private record SourceIgnoreRule(String dir, Glob glob, boolean negated, String described) {

        static SourceIgnoreRule of(String dir, String line, String described) {
            boolean negated = line.startsWith("!");
            return new SourceIgnoreRule(dir, Glob.of(negated ? line.substring(1) : line), negated, described);
        }

        boolean matches(String path) {
            if (!Paths.isUnder(path, dir) || path.equals(dir)) {
                return false;
            }
            return glob.matches(dir.isEmpty() ? path : path.substring(dir.length() + 1));
        }
    }

    /** Problems and inputs over every kustomization of the repository. */
    /**
     * The plain folders' builds: their problems (a patch missing its target included even when a Flux root
     * matches it: that is judged with the roots), the locations of patches that matched, and their inputs; the
     * kustomize refusals ({@link BuildProblem.Kind#INVALID}) of each folder's own build, and the folders another
     * kustomization includes (built plainly as part of it).
     */
    private record Summary(List<BuildProblem> problems, Set<Accumulated.PatchUse> matched, Set<Accumulated.Miss> missed,
                           Set<String> inputs, Map<String, Set<BuildProblem>> invalid, Set<String> included) {
    }

    /** The problems judged with one list of Flux roots (rules ask with the same list). */
    private record Judged(List<FluxRoot> roots, List<BuildProblem> problems) {
    }

    private Kustomize(RepositoryModel model) {
        this.model = model;
        // Builds depend on the configuration (limits, flux.source) and on where the scanned folder sits.
        Optional<String> key = model.config().cacheKey()
                .map(k -> "kustomize-renders\u0000" + k + "\u0000" + model.snapshot().positionInRepository());
        if (key.isPresent() && model.kept().keeps()) {
            previous = model.kept().derived(key.get(), RenderMemo.class).orElse(null);
            current = new RenderMemo(RepositoryChanges.Basis.of(model));
            model.kept().keepDerived(key.get(), current);
        } else {
            previous = null;
            current = null;
        }
    }

    // ------------------------------------------------------------------ public API

    /** The kustomization file of a folder, if it has one (and it was read). */
    public Optional<FileModel> kustomizationFile(String dir) {
        return kustomizationFile(dir, kustomizationNames(dir), model::file);
    }

    /** The first of a folder's kustomization file {@code names} that was read. */
    static Optional<FileModel> kustomizationFile(String dir, List<String> names,
                                                 java.util.function.Function<String, Optional<FileModel>> file) {
        for (String name : names) {
            Optional<FileModel> f = file.apply(dir.isEmpty() ? name : dir + "/" + name);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /**
     * The folders among {@code folders} whose kustomization another of them includes (the bases of overlays):
     * such a folder is applied as the including build renders it, not on its own.
     */
    public Set<String> includedFolders(java.util.Collection<String> folders) {
        Map<String, String> folderOfFile = new HashMap<>();
        for (String f : folders) {
            kustomizationFile(f).ifPresent(k -> folderOfFile.put(k.path(), f));
        }
        Set<String> included = new HashSet<>();
        for (String f : folders) {
            for (String input : build(f).inputs()) {
                String other = folderOfFile.get(input);
                if (other != null && !other.equals(f)) {
                    included.add(other);
                }
            }
        }
        return included;
    }

    /** Every kustomization file in the repository (Components included), in path order. */
    public List<FileModel> kustomizationFiles() {
        List<FileModel> found = kustomizationFiles;
        if (found == null) {
            // Asked by several rules; listed once.
            List<FileModel> out = new ArrayList<>();
            for (FileModel f : model.files()) {
                if (FILE_NAMES.contains(f.file().name())) {
                    out.add(f);
                }
            }
            found = List.copyOf(out);
            kustomizationFiles = found;
        }
        return found;
    }

    /**
     * True when kustomize can read the folder's kustomization: it has a single kustomization file, read, that is
     * valid YAML and a mapping (or empty) whose fields have the types kustomize decodes. Otherwise what it would
     * include is unknown.
     */
    public boolean readableKustomization(String dir) {
        List<String> names = kustomizationNames(dir);
        Optional<FileModel> file = names.size() == 1 ? kustomizationFile(dir) : Optional.empty();
        if (file.isEmpty() || file.get().yaml().isEmpty() || file.get().yaml().get().fatal().isPresent()) {
            return false;
        }
        YNode root = file.get().documents().isEmpty() ? null : file.get().documents().get(0).root();
        return root == null || root.isNull() || (root.isMap() && KustomizationShape.decodes(file.get()));
    }

    /** True for a {@code Kind: Component} kustomization file. */
    public static boolean isComponent(FileModel kustomizationFile) {
        return kustomizationFile.fact(COMPONENT);
    }

    private static final FileFact<Boolean> COMPONENT = FileFact.of("kustomize component", k -> !k.documents().isEmpty()
            && "Component".equals(k.documents().get(0).root().get("kind").textOr("")));

    /**
     * Builds a folder as {@code kustomize build} would, or, for a folder without a kustomization file,
     * as Flux does with the kustomization it generates (domain facts §2.3).
     */
    public Build build(String dir) {
        String normalized = Paths.normalize(dir);
        if (normalized == null) {
            return outside(dir);
        }
        Build cached = builds.get(normalized);
        if (cached != null) {
            return cached;
        }
        Accumulated acc = current == null ? null : keptFolderBuild(normalized);
        // A kept build of a folder of an unchanged layout is of a folder that exists (asked for every folder).
        if ((acc == null || !layoutUnchanged()) && !normalized.isEmpty() && !model.isDirectory(normalized)) {
            return model.unseen(normalized) || included(normalized) ? unseen(normalized)
                    : missing(normalized, new Location(normalized, Span.START));
        }
        if (acc == null) {
            acc = new Builder(this).folder(normalized, rootLocation(normalized), true);
        }
        Accumulated made = acc;
        Build built = current == null ? finish(normalized, made) : current.finished(normalized, made,
                () -> finish(normalized, made));
        builds.putIfAbsent(normalized, built);
        return built;
    }

    /**
     * Builds a Flux Kustomization's {@code spec.path} with the fields Flux writes into its root
     * kustomization ({@code targetNamespace}, prefix, suffix, patches, components, images): they act
     * inside the root's own transformer order, so patch targets match pre-namespace values.
     */
    public Build build(String dir, FluxOverrides overrides) {
        if (overrides.targetNamespace().isEmpty() && overrides.namePrefix().isEmpty() && overrides.nameSuffix().isEmpty()
                && overrides.patches().isEmpty() && overrides.components().isEmpty() && overrides.images().isEmpty()) {
            return build(dir);
        }
        String normalized = Paths.normalize(dir);
        if (normalized == null) {
            return outside(dir);
        }
        Build cached = fluxBuilds.get(overrides);
        if (cached != null && cached.dir().equals(normalized)) {
            return cached;
        }
        if (!normalized.isEmpty() && !model.isDirectory(normalized)) {
            return model.unseen(normalized) || included(normalized) ? unseen(normalized)
                    : missing(normalized, new Location(overrides.sourcePath(), Span.START));
        }
        Build built = finish(normalized, new Builder(this).root(normalized, overrides));
        fluxBuilds.put(overrides, built);
        return built;
    }

    /**
     * Runs kustomize {@code patches} entries written in {@code owner}'s file (a FluxInstance's
     * {@code spec.kustomize.patches}) on objects that are no file of the repository (what the Flux Operator generates
     * from it), as the one kustomization holding them would: inline strategic merge or JSON 6902 patches, selected by
     * {@code target} (kind, name, namespace, group, version, label and annotation selectors) or by the patch's own id.
     * The objects in order, as patched ({@link Resource#origin()} is {@code owner}; nodes a patch added keep their
     * spans in the owner's file); one a {@code $patch: delete} removes is left out, and a patch that fails or selects
     * none of them changes nothing.
     */
    public List<Resource> patch(KubeObject owner, List<YMap> objects, List<YNode> patches) {
        return new Builder(this).patchObjects(owner, objects, patches);
    }

    /**
     * Every build problem of the repository's kustomizations, each once, in location order. A patch
     * with a target (of a Component, say) counts as missing its target only when it selects nothing in
     * every kustomization that uses it; a strategic merge patch without target, in each build it fails.
     * {@code fluxRoots}: the Flux Kustomizations whose render comes from this repository (the Flux model
     * knows which sources are the repository's): they add components and patches
     * to their root kustomization, so a patch that matches only there still matches, and their own patches
     * are judged there. A Kustomization of another repository's source is built from that artifact, not
     * from a folder of the same name here.
     */
    public synchronized List<BuildProblem> problems(List<FluxRoot> fluxRoots) {
        Judged j = judged;
        if (j != null && j.roots().equals(fluxRoots)) {
            return j.problems();
        }
        Summary s = summary();
        Set<BuildProblem> problems = new LinkedHashSet<>(s.problems());
        Set<Accumulated.PatchUse> matched = new HashSet<>(s.matched());
        Set<Accumulated.Miss> missed = new HashSet<>(s.missed());
        // Folders built as written (by a Flux Kustomization without overrides, or inside another kustomization), and
        // the refusals of the Flux builds that add components, patches or a target namespace.
        Set<String> plain = new HashSet<>(s.included());
        Set<String> fluxBuilt = new HashSet<>();
        Set<List<Object>> fluxRefused = new HashSet<>();
        for (FluxRoot root : fluxRoots) {
            FluxOverrides overrides = FluxOverrides.of(root.kustomization());
            if (overrides.patches().isEmpty() && overrides.components().isEmpty() && overrides.targetNamespace().isEmpty()) {
                plain.add(root.dir());
                continue; // built as it is written: its folder's own build said everything
            }
            Accumulated acc = new Builder(this).root(root.dir(), overrides);
            fluxBuilt.add(root.dir());
            acc.problems().stream().filter(p -> p.kind() == BuildProblem.Kind.INVALID)
                    .forEach(p -> fluxRefused.add(List.of(p.kind(), p.at())));
            matched.addAll(acc.matchedPatches());
            missed.addAll(acc.missedPatches());
            // Its own patches, and those of the components it adds (a Component used only there is judged only here).
            Set<BuildProblem> own = new LinkedHashSet<>();
            addJudged(acc, own, p -> ownedBy(root, overrides, p));
            for (BuildProblem p : own) {
                problems.add(named(root, p, problems));
            }
        }
        // A folder only Flux builds, with what its Kustomizations add, is judged in those builds: a refusal of its
        // plain build that none of them (nor any build that really runs) has is no failure (a replicas entry for a
        // Deployment that a Flux component adds).
        fluxBuilt.removeAll(plain);
        if (!fluxBuilt.isEmpty()) {
            Set<BuildProblem> real = new HashSet<>();
            s.invalid().forEach((dir, refused) -> {
                if (!fluxBuilt.contains(dir)) {
                    real.addAll(refused);
                }
            });
            for (String dir : fluxBuilt) {
                for (BuildProblem p : s.invalid().getOrDefault(dir, Set.of())) {
                    if (!real.contains(p) && !fluxRefused.contains(List.of(p.kind(), p.at()))) {
                        problems.remove(p);
                    }
                }
            }
        }
        // What Flux's generated kustomization of a folder without one refuses: judged with the artifact's files.
        for (FluxRoot root : fluxRoots) {
            // A refusal its build above already named (a Kustomization under spec.components) is that one.
            String build = buildName(root);
            generatedRefusals(root).stream().filter(p -> !problems.contains(p.in(build))).forEach(problems::add);
        }
        // What Flux's build of a root with a kustomization file misses in the artifact: a listed file it leaves out.
        for (FluxRoot root : fluxRoots) {
            artifactMisses(root).stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        }
        Set<Location> matchedSomewhere = new HashSet<>();
        matched.forEach(use -> matchedSomewhere.add(use.at()));
        Set<BuildProblem> failing = new HashSet<>();
        for (Accumulated.Miss m : missed) {
            if (!matched.contains(new Accumulated.PatchUse(m.problem().at(), m.user()))) {
                failing.add(m.problem());
            }
        }
        List<BuildProblem> out = new ArrayList<>();
        for (BuildProblem p : problems) {
            // A patch with a target that matches nothing is ignored: reported when it selects nothing anywhere (a
            // Component's patch may be meant for some of its users). One without target fails the build it misses
            // in, unless Flux's build of that same folder (with the components Flux adds) finds its object.
            boolean judged = p.kind() != BuildProblem.Kind.PATCH_TARGET_MISSING
                    || (p.fatal() ? failing.contains(p) : !matchedSomewhere.contains(p.at()));
            if (judged) {
                out.add(p);
            }
        }
        out.sort(PROBLEM_ORDER);
        List<BuildProblem> result = List.copyOf(out);
        judged = new Judged(List.copyOf(fluxRoots), result);
        return result;
    }

    /**
     * True when {@code p} is located in what Flux Kustomization {@code root} ({@code overrides}: what it declares) adds:
     * its own file, or its components.
     */
    private static boolean ownedBy(FluxRoot root, FluxOverrides overrides, BuildProblem p) {
        if (p.at().path().equals(root.kustomization().path())) {
            return true;
        }
        for (String c : overrides.components()) {
            String resolved = Paths.resolve(root.dir(), c);
            if (resolved != null && !resolved.isEmpty() && Paths.isUnder(p.at().path(), resolved)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code p}, one of {@code root}'s own problems, as reported: a refusal that only its build has is named by the
     * Kustomization (several may fail alike, in one file or with a shared Component: each its own build).
     */
    private static BuildProblem named(FluxRoot root, BuildProblem p, Set<BuildProblem> found) {
        return p.kind() == BuildProblem.Kind.INVALID && !found.contains(p) ? p.in(buildName(root)) : p;
    }

    /** How a problem names the build of {@code root} it fails ({@link BuildProblem#build()}). */
    private static String buildName(FluxRoot root) {
        return "Flux Kustomization " + root.display();
    }

    /**
     * What kustomize refuses in the kustomization Flux generates for a root folder without one (two listed files
     * defining the same object, a Component sub-folder listed as a resource): no kustomization file's build sees
     * it. Judged with the files the root's source puts in its artifact; with several definitions of that source,
     * only what every one of them refuses. Nothing when the folder has a kustomization file, or when the source's
     * {@code spec.ignore} is not known.
     */
    private List<BuildProblem> generatedRefusals(FluxRoot root) {
        if (!kustomizationNames(root.dir()).isEmpty() || root.artifactIgnores().isEmpty()) {
            return List.of();
        }
        FluxOverrides overrides = FluxOverrides.of(root.kustomization());
        // The model's build of the folder (kept, and reused by the resident server) reads every file, the artifact's
        // only some: a generated kustomization lists resources alone, so what the artifact's build refuses (a
        // repeated id, a Component sub-folder) the whole folder's build refuses too. Most folders stop here.
        if (build(root.dir(), overrides).problems().stream().noneMatch(p -> p.kind() == BuildProblem.Kind.INVALID)) {
            return List.of();
        }
        Set<BuildProblem> common = null;
        for (String ignore : new LinkedHashSet<>(root.artifactIgnores())) {
            Set<BuildProblem> refused = new LinkedHashSet<>();
            for (BuildProblem p : new Builder(this, artifactExclusion(ignore)).root(root.dir(), overrides).problems()) {
                if (p.kind() == BuildProblem.Kind.INVALID) {
                    refused.add(p);
                }
            }
            if (common == null) {
                common = refused;
            } else {
                common.retainAll(refused);
            }
        }
        return common == null ? List.of() : List.copyOf(common);
    }

    /**
     * The entries of a Flux root's kustomization files that name a file or folder the artifact of its source leaves
     * out ({@code .sourceignore}, {@code spec.ignore}, Flux's default exclusions): kustomize-controller builds from the
     * artifact, where they do not exist, while {@code kustomize build} of the folder finds them. Judged with every
     * definition of the source (only what each leaves out); nothing when the source's {@code spec.ignore} is not
     * known, or for a folder without kustomization file (its generated kustomization lists only what is there).
     */
    private List<BuildProblem> artifactMisses(FluxRoot root) {
        if (kustomizationNames(root.dir()).isEmpty() || root.artifactIgnores().isEmpty()) {
            return List.of();
        }
        FluxOverrides overrides = FluxOverrides.of(root.kustomization());
        Build whole = build(root.dir(), overrides);
        Set<BuildProblem> common = null;
        for (String ignore : new LinkedHashSet<>(root.artifactIgnores())) {
            ArtifactRules rules = artifactRules(ignore, "spec.ignore");
            // Most roots stop here: the artifact keeps every file their build reads.
            if (whole.inputs().stream().noneMatch(input -> rules.leftOut(input, false))) {
                return List.of();
            }
            Set<BuildProblem> missing = new LinkedHashSet<>();
            for (BuildProblem p : Builder.ofArtifact(this, rules::leftOut).root(root.dir(), overrides).problems()) {
                if (p.kind() == BuildProblem.Kind.MISSING_RESOURCE && !whole.problems().contains(p)) {
                    missing.add(new BuildProblem(p.kind(), p.at(), inArtifact(p, rules), p.fatal(), buildName(root)));
                }
            }
            if (common == null) {
                common = missing;
            } else {
                common.retainAll(missing);
            }
        }
        return common == null ? List.of() : List.copyOf(common);
    }

    /** A missing entry's message in the artifact's build: what leaves the path out, for the one it quotes. */
    private String inArtifact(BuildProblem p, ArtifactRules rules) {
        Matcher quoted = QUOTED.matcher(p.detail());
        String dir = Paths.parent(p.at().path());
        String path = quoted.find() ? Paths.resolve(dir, quoted.group(1)) : null;
        SourceIgnoreRule rule = path == null ? null : artifactRule(path, model.isDirectory(path), rules.rules(),
                rules.defaults());
        String why = rule == null ? "" : " (" + rule.described() + ")";
        return p.detail().replace(" does not exist", " is left out of the source's artifact" + why
                + ", which Flux builds from");
    }

    /** What a GitRepository's artifact leaves out: the {@code .sourceignore} files, its {@code spec.ignore}, defaults. */
    private record ArtifactRules(List<SourceIgnoreRule> rules, boolean defaults) {

        boolean leftOut(String path, boolean folder) {
            return artifactRule(path, folder, rules, defaults) != null;
        }
    }

    /**
     * The exclusions of a GitRepository with {@code spec.ignore} {@code specIgnore} ({@code ""} for none), its patterns
     * named in messages as {@code owner}'s ({@code GitRepository flux-system/apps spec.ignore}).
     */
    private ArtifactRules artifactRules(String specIgnore, String owner) {
        List<SourceIgnoreRule> rules = new ArrayList<>(index().sourceIgnore());
        boolean defaults = true;
        for (String line : specIgnore.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                rules.add(SourceIgnoreRule.of("", t, owner + " pattern '" + t + "'"));
                defaults = false;
            }
        }
        return new ArtifactRules(List.copyOf(rules), defaults);
    }

    /**
     * Which paths a GitRepository with {@code spec.ignore} {@code specIgnore} ({@code ""} for none) leaves out of
     * its artifact (path, is a folder), as {@link #folderLeftOut} judges them.
     */
    private java.util.function.BiPredicate<String, Boolean> artifactExclusion(String specIgnore) {
        return artifactRules(specIgnore, "spec.ignore")::leftOut;
    }

    /** Every file some kustomization of the repository reads (resources, patches, generator sources...). */
    public Set<String> inputs() {
        return summary().inputs();
    }

    /** A builtin plugin configuration ({@code apiVersion: builtin}) and the file it is written in. */
    public record PluginConfig(FileModel file, YMap node) {
    }

    /**
     * The builtin plugin configurations of {@code kind} ({@code SecretGenerator}...) that the {@code field} entries
     * ({@code generators}, {@code transformers}) of a kustomization file name: written inline in the entry, or in a
     * file (a folder of configurations is not read). Their file paths are relative to the kustomization's folder.
     */
    public List<PluginConfig> builtinConfigs(FileModel kustomizationFile, String field, String kind) {
        if (kustomizationFile.documents().isEmpty()) {
            return List.of();
        }
        List<PluginConfig> out = new ArrayList<>();
        for (YNode entry : kustomizationFile.documents().get(0).root().get(field).items()) {
            String text = entry.textOr("");
            List<YNode> docs = new ArrayList<>();
            FileModel holder = kustomizationFile;
            if (text.contains("\n")) {
                inline(entry, kustomizationFile.path()).documents().forEach(d -> docs.add(d.root()));
            } else {
                String path = Paths.resolve(kustomizationFile.file().directory(), text);
                Optional<FileModel> f = path == null ? Optional.empty() : model.file(path);
                if (f.isEmpty()) {
                    continue;
                }
                holder = f.get();
                f.get().documents().forEach(d -> docs.add(d.root()));
            }
            for (YNode doc : docs) {
                if (doc instanceof YMap m && "builtin".equals(m.get("apiVersion").textOr(""))
                        && kind.equals(m.get("kind").textOr(""))) {
                    out.add(new PluginConfig(holder, m));
                }
            }
        }
        return out;
    }

    /**
     * The names of the {@code vars} the repository's kustomization files declare. A build substitutes its vars'
     * {@code $(NAME)} references; one that fails to resolve them (kustomize refuses the build) leaves them as
     * written, and what is written there is no value to judge ({@link #holdsVarReference}).
     */
    public Set<String> declaredVars() {
        Set<String> names = declaredVars;
        if (names == null) {
            Set<String> out = new HashSet<>();
            for (FileModel k : kustomizationFiles()) {
                out.addAll(k.fact(VAR_NAMES));
            }
            names = Set.copyOf(out);
            declaredVars = names;
        }
        return names;
    }

    private static final FileFact<List<String>> VAR_NAMES = FileFact.of("kustomize var names", k -> {
        if (k.documents().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        k.documents().get(0).root().get("vars").items().forEach(v -> v.get("name").text().ifPresent(out::add));
        return List.copyOf(out);
    });

    /**
     * True when the text holds a {@code $(NAME)} reference to a var some kustomization of the repository declares:
     * written in a manifest, it is a placeholder kustomize fills in, not the value applied.
     */
    public boolean holdsVarReference(String text) {
        return holdsVarReference(text, declaredVars());
    }

    /** True when the text holds a {@code $(NAME)} reference to one of the var {@code names} (not escaped as $$). */
    public static boolean holdsVarReference(String text, Set<String> names) {
        return Vars.refersTo(text, names);
    }

    /** The {@code KEY=value} entries of an env file ({@code envs} of a generator), read as kustomize reads them. */
    public static Map<String, EnvValue> envValues(byte[] bytes) {
        return Generators.envValues(bytes);
    }

    /** True for a resource entry kustomize would fetch over the network (URL, git repository). */
    public static boolean isRemote(String ref) {
        return REMOTE.matcher(ref).find();
    }

    // ------------------------------------------------------------------ for the builder

    RepositoryModel model() {
        return model;
    }

    /** A folder's build made earlier in this scan, or kept from the previous one and still valid. */
    Optional<Accumulated> memo(String key) {
        Accumulated made = accumulated.get(key);
        return Optional.ofNullable(made != null ? made : reuse(key));
    }

    void remember(String key, Accumulated result) {
        accumulated.putIfAbsent(key, result);
    }

    /**
     * The folder's build made earlier in this scan or kept from the previous one, without starting a
     * builder: a kept build exists only for a folder with one kustomization file that is not a Component,
     * or for one without any (Flux's generated kustomization), and its reads include the folder's
     * kustomization file names and file, so it is valid exactly when the builder would take it.
     */
    private Accumulated keptFolderBuild(String dir) {
        for (boolean generated : new boolean[] {false, true}) {
            Optional<Accumulated> acc = memo(RenderMemo.key(dir, generated));
            if (acc.isPresent()) {
                return acc.get();
            }
        }
        return null;
    }

    /** How many objects one build may emit ({@code limits.maxRenderedObjects}). */
    int maxRenderedObjects() {
        return model.config().limits().maxRenderedObjects();
    }

    /** True when builds are kept for the next scan: the builder then notes what each folder's build reads. */
    boolean keepsRenders() {
        return current != null;
    }

    /** Keeps a folder's build, with what it read, for the next scan. */
    void keep(String key, RenderMemo.Entry entry) {
        current.put(key, entry);
    }

    /**
     * The previous scan's build of {@code key} when every read it made gives the same answer now and
     * every nested build it used is reused as well; it is then this scan's build too. Null otherwise.
     */
    private Accumulated reuse(String key) {
        RenderMemo.Entry e = previous == null ? null : previous.get(key);
        if (e == null) {
            return null;
        }
        RepositoryChanges changed = changes();
        for (RenderMemo.Read read : e.reads) {
            if (!read.unchangedBy(changed) && !read.sameAs(answer(read.question(), read.path()))) {
                return null;
            }
        }
        for (RenderMemo.Nested nested : e.nested) {
            if (memo(nested.key()).orElse(null) != nested.result()) {
                return null;
            }
        }
        current.put(key, e);
        Accumulated raced = accumulated.putIfAbsent(key, e.result);
        return raced != null ? raced : e.result;
    }

    /** True when the scan that kept {@code previous} saw the very same paths (no file or folder added or removed). */
    private boolean layoutUnchanged() {
        return previous != null && changes().sameLayout();
    }

    private RepositoryChanges changes() {
        RepositoryChanges c = changes;
        if (c == null) {
            // Not the builder's lock (summary() holds that while other rules build folders).
            synchronized (changesLock) {
                c = changes;
                if (c == null) {
                    c = RepositoryChanges.between(previous.basis(), current.basis());
                    changes = c;
                }
            }
        }
        return c;
    }

    /** This repository's answer to a question a build asks (see {@link RenderMemo}). */
    Object answer(RenderMemo.Question question, String path) {
        return switch (question) {
            case FILE -> model.file(path).orElse(null);
            case EXISTS -> model.exists(path);
            case DIRECTORY -> model.isDirectory(path);
            case UNSEEN -> model.unseen(path);
            case INCLUDED -> included(path);
            case FOLDER_LINK -> model.folderLink(path).orElse(null);
            case LINK_FAULT -> model.linkFault(path).orElse(null);
            case KUSTOMIZATION_NAMES -> kustomizationNames(path);
            case CHILDREN -> children(path);
            case FILES_UNDER -> filesUnder(path);
            case BYTES -> new RenderMemo.Bytes(readBytes(path));
            case SOURCE_IGNORE -> index().sourceIgnoreLines();
            case POSITION -> model.snapshot().positionInRepository();
        };
    }

    /**
     * True when a GitRepository written in the repository copies another repository's content to {@code path}, a
     * folder above it or one below it ({@code spec.include[].toPath}, default the included GitRepository's name):
     * source-controller puts that content in the artifact, this scan does not see it. Every GitRepository counts,
     * as which one syncs this repository is known only to the Flux model built on these builds.
     */
    boolean included(String path) {
        List<String> targets = includeTargets;
        if (targets == null) {
            Set<String> found = new LinkedHashSet<>();
            model.objects("source.toolkit.fluxcd.io", "GitRepository").forEach(o -> {
                for (YNode include : o.get("spec", "include").items()) {
                    YNode toPath = include.get("toPath");
                    String to = toPath.hasText() ? toPath.textOr("") : include.at("repository", "name").textOr("");
                    if (!to.isEmpty() && !to.contains("${")) {
                        found.add(Paths.withinRoot(to));
                    }
                }
            });
            targets = List.copyOf(found);
            includeTargets = targets;
        }
        for (String to : targets) {
            if (Paths.isUnder(path, to) || !path.isEmpty() && Paths.isUnder(to, path)) {
                return true;
            }
        }
        return false;
    }

    /** The kustomization file names present in a folder (more than one is an error). */
    List<String> kustomizationNames(String dir) {
        return index().kustomizationNames().getOrDefault(dir, List.of());
    }

    /** Names of the files and folders directly in a folder, in lexical order. */
    List<String> children(String dir) {
        return index().children().getOrDefault(dir, List.of());
    }

    /**
     * Every file below a folder, in path order. Walks the folder's part of the tree: asked for each Flux
     * Kustomization's folder, a pass over every file of the repository cost a large share of a scan.
     */
    List<String> filesUnder(String dir) {
        Index idx = index();
        if (idx.files().contains(dir)) {
            return List.of(dir);
        }
        List<String> out = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>();
        folders.push(dir);
        while (!folders.isEmpty()) {
            String folder = folders.pop();
            for (String name : idx.children().getOrDefault(folder, List.of())) {
                String path = folder.isEmpty() ? name : folder + "/" + name;
                if (idx.files().contains(path)) {
                    out.add(path);
                }
                if (idx.children().containsKey(path)) {
                    folders.push(path);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The bytes of a repository file (generator sources), or null when it cannot be read. */
    byte[] readBytes(String path) {
        try {
            if (model.snapshot().size(path) > model.config().limits().maxFileBytes()) {
                return null;
            }
            return model.snapshot().read(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Structural equality of two YAML values, as kustomize compares them (scalars by text, null equal to null). */
    public static boolean sameValue(YNode a, YNode b) {
        return JsonPatch.same(a, b);
    }

    /** YAML written inside a string of {@code path} (an inline patch), parsed once. */
    YamlParse inline(YNode scalar, String path) {
        return inlines.computeIfAbsent(new InlineKey(path, scalar), key -> {
            SourceFile file = model.file(path).map(FileModel::file)
                    .orElse(new SourceFile(path, FileType.YAML, "", 0, Optional.empty()));
            return InlineYaml.parse(scalar, file, model.config().limits().yaml());
        });
    }

    /**
     * True when Flux's source artifact leaves the path out (default exclusions, {@code .sourceignore}),
     * for a walk that has already left out the folders above it.
     */
    boolean sourceIgnored(String path, boolean directory) {
        return defaultExclusion(path.substring(path.lastIndexOf('/') + 1), directory) || sourceIgnoreExcludes(path);
    }

    /**
     * True when Flux's source artifact leaves out the file at {@code path}: a default exclusion of
     * the file or of a folder above it ({@code a/.github/x.yaml}), or a {@code .sourceignore} rule.
     */
    public boolean excludedFromArtifact(String path) {
        int from = 0;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', from)) {
            if (defaultExclusion(path.substring(from, slash), true)) {
                return true;
            }
            from = slash + 1;
        }
        return sourceIgnored(path, false);
    }

    private static boolean defaultExclusion(String name, boolean directory) {
        if (IGNORED_NAMES.contains(name) || directory && IGNORED_DIRS.contains(name)) {
            return true;
        }
        for (String extension : IGNORED_EXTENSIONS) {
            if (name.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    /** True when the repository's {@code .sourceignore} files leave the path out (the last matching pattern wins). */
    public boolean sourceIgnoreExcludes(String path) {
        boolean ignored = false;
        for (SourceIgnoreRule rule : index().sourceIgnore()) {
            if (rule.matches(path)) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    /**
     * Why a folder is not in the artifact a GitRepository makes of this repository: the artifact holds files
     * only, and every file below the folder is left out. Flux's exclusions, lowest priority first: {@code .git/}
     * and the git metadata files, the default exclusions unless the source sets {@code spec.ignore} (which
     * replaces them), the {@code .sourceignore} files, then {@code spec.ignore}; the last matching pattern wins
     * (domain facts §2.3).
     *
     * @param specIgnore      the source's {@code spec.ignore} text, or null when it has none
     * @param specIgnoreOwner how to name that field in messages ({@code GitRepository flux-system/apps spec.ignore})
     * @return the rule that leaves out the folder's first file, for messages; empty when some file is kept
     */
    public Optional<String> folderLeftOut(String dir, String specIgnore, String specIgnoreOwner) {
        return folderLeftOut(dir, specIgnore, specIgnoreOwner, null, "");
    }

    /**
     * As {@link #folderLeftOut(String, String, String)}, for a source that also checks out only some folders
     * ({@code spec.sparseCheckout}): a file outside them is not in the artifact either.
     *
     * @param sparseCheckout the source's {@code spec.sparseCheckout} entries, or null when it has none
     * @param sparseOwner    how to name that field in messages ({@code GitRepository flux-system/apps spec.sparseCheckout})
     */
    public Optional<String> folderLeftOut(String dir, String specIgnore, String specIgnoreOwner, List<String> sparseCheckout,
                                          String sparseOwner) {
        ArtifactRules artifact = artifactRules(specIgnore == null ? "" : specIgnore, specIgnoreOwner);
        List<SourceIgnoreRule> rules = artifact.rules();
        boolean defaults = artifact.defaults();
        // Named in messages: the rule that leaves out the folder itself, else the first file's written rule (a
        // default exclusion only when no written rule acts).
        List<String> files = filesUnder(dir);
        if (sparseCheckout != null) {
            files = files.stream().filter(f -> checkedOut(f, sparseCheckout)).toList();
            if (files.isEmpty()) {
                return Optional.of(sparseOwner + " (it checks out only " + sparseCheckout.stream()
                        .map(d -> "'" + d + "'").collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
        String written = null;
        String byDefault = null;
        for (String file : files) {
            SourceIgnoreRule rule = artifactRule(file, false, rules, defaults);
            if (rule == null) {
                return Optional.empty();
            }
            if (rule.dir() == null) {
                byDefault = byDefault == null ? rule.described() : byDefault;
            } else {
                written = written == null ? rule.described() : written;
            }
        }
        SourceIgnoreRule folder = artifactRule(dir, true, rules, defaults);
        if (folder != null && (folder.dir() != null || written == null)) {
            return Optional.of(folder.described());
        }
        return Optional.ofNullable(written != null ? written : byDefault);
    }

    /**
     * True when a sparse checkout of {@code dirs} writes the file: source-controller trims a leading {@code ./} from
     * each entry and go-git keeps the index entries whose path starts with one of them (a plain prefix, so the
     * files at the root are left out), the rest are not checked out and never reach the artifact.
     */
    static boolean checkedOut(String file, List<String> dirs) {
        for (String d : dirs) {
            if (file.startsWith(d.startsWith("./") ? d.substring(2) : d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exclusion that leaves a file (or a whole {@code folder}) out of a GitRepository's artifact (see
     * {@link #folderLeftOut}), or null; a default exclusion is a rule without folder.
     */
    private static SourceIgnoreRule artifactRule(String path, boolean folder, List<SourceIgnoreRule> rules,
                                                 boolean defaults) {
        SourceIgnoreRule excluded = null;
        String[] names = path.split("/");
        for (int i = 0; i < names.length && excluded == null; i++) {
            boolean directory = folder || i < names.length - 1;
            boolean vcs = directory ? names[i].equals(".git") : VCS_NAMES.contains(names[i]);
            if (vcs || defaults && defaultExclusion(names[i], directory)) {
                excluded = new SourceIgnoreRule(null, null, false, "Flux's default exclusion of '" + names[i]
                        + (directory ? "/'" : "'"));
            }
        }
        for (SourceIgnoreRule rule : rules) {
            if (rule.matches(path)) {
                excluded = rule.negated() ? null : rule;
            }
        }
        return excluded;
    }

    // ------------------------------------------------------------------ internals

    private Location rootLocation(String dir) {
        List<String> names = kustomizationNames(dir);
        String file = names.isEmpty() ? dir : Paths.resolve(dir, names.get(0));
        return new Location(file, Span.START);
    }

    private static Build missing(String dir, Location at) {
        return new Build(dir, List.of(), List.of(new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at,
                "folder './" + dir + "' does not exist")), false);
    }

    /** A folder in a git submodule: it may exist, but its content is not seen, so the build is incomplete. */
    private static Build unseen(String dir) {
        return new Build(dir, List.of(), List.of(), false);
    }

    private static Build outside(String dir) {
        return new Build(dir, List.of(), List.of(new BuildProblem(BuildProblem.Kind.OUTSIDE_ROOT,
                new Location(dir, Span.START), "'" + dir + "' is outside the repository")), false);
    }

    /** kustomize's last steps, done once at the top: name hashes, then references to renamed objects. */
    private static Build finish(String dir, Accumulated acc) {
        List<Res> resources = new ArrayList<>();
        for (Res r : acc.resources()) {
            if (r.needsHash()) {
                String hash = NameHash.of(r.content(), r.secretData());
                YNode name = r.content().at("metadata", "name");
                YNode hashed = Nodes.string(name.textOr("") + "-" + hash, name.span());
                r = r.withContent(Nodes.set(r.content(), List.of("metadata", "name"), hashed));
            }
            resources.add(r);
        }
        resources = NameReferences.fix(resources, acc.config());
        List<BuildProblem> problems = new ArrayList<>(acc.problems());
        boolean complete = acc.complete();
        // With the names final, vars take their values: a var kustomize cannot resolve fails its build.
        Vars.Resolved vars = Vars.resolve(resources, acc.vars(), acc.config());
        if (vars.failed() != null) {
            // kustomize refuses a var bound to nothing, known only when the whole build is seen (the builder said so
            // where it was declared); the others are vars fluxward does not substitute, a build it does not know.
            Location at = vars.failed().at();
            boolean said = problems.stream().anyMatch(p -> p.kind() == BuildProblem.Kind.INVALID && p.at().equals(at));
            if (!said) {
                problems.add(vars.refused() && complete ? new BuildProblem(BuildProblem.Kind.INVALID, at, vars.reason())
                        : new BuildProblem(BuildProblem.Kind.UNSUPPORTED, at, vars.reason()));
            }
            complete = false;
        }
        resources = vars.resources();
        List<Resource> out = new ArrayList<>(resources.size());
        for (Res r : resources) {
            out.add(r.toResource());
        }
        problems.sort(PROBLEM_ORDER);
        return new Build(dir, out, problems, complete, acc.inputs(), acc.loaded());
    }

    private static final Comparator<BuildProblem> PROBLEM_ORDER = Comparator.comparing(BuildProblem::at)
            .thenComparing(p -> p.kind().name()).thenComparing(BuildProblem::detail);

    /** Computed once; synchronized so that rules running in parallel do not build the whole repository twice. */
    private synchronized Summary summary() {
        Summary s = summary;
        if (s != null) {
            return s;
        }
        Set<BuildProblem> problems = new LinkedHashSet<>();
        Set<String> inputs = new HashSet<>();
        Set<Accumulated.PatchUse> matched = new HashSet<>();
        Set<Accumulated.Miss> missed = new HashSet<>();
        Map<String, Set<BuildProblem>> invalid = new HashMap<>();
        Set<String> included = new HashSet<>();
        for (FileModel k : kustomizationFiles()) {
            String dir = k.file().directory();
            Accumulated acc;
            if (isComponent(k)) {
                acc = new Builder(this).componentAlone(dir);
                // Built on nothing, a Component's patches, replicas, merging generators, vars... find nothing: only
                // the builds of its users (which run it) judge those. Its own missing files fail every user.
                acc.problems().stream().filter(p -> p.kind() != BuildProblem.Kind.PATCH_TARGET_MISSING
                        && p.kind() != BuildProblem.Kind.INVALID).forEach(problems::add);
            } else {
                acc = new Builder(this).folder(dir, rootLocation(dir), true);
                addJudged(acc, problems, p -> true);
                matched.addAll(acc.matchedPatches());
                missed.addAll(acc.missedPatches());
                Set<BuildProblem> refused = new HashSet<>();
                acc.problems().stream().filter(p -> p.kind() == BuildProblem.Kind.INVALID).forEach(refused::add);
                invalid.put(dir, Set.copyOf(refused));
            }
            inputs.addAll(acc.inputs());
            for (String input : acc.inputs()) {
                String inputDir = Paths.parent(input);
                if (FILE_NAMES.contains(input.substring(input.lastIndexOf('/') + 1)) && !dir.equals(inputDir)) {
                    included.add(inputDir);
                }
            }
        }
        // Asked whether it holds each file of the repository: the hash set it was gathered in, not copied.
        s = new Summary(List.copyOf(problems), Collections.unmodifiableSet(matched), Collections.unmodifiableSet(missed),
                Collections.unmodifiableSet(inputs), Map.copyOf(invalid), Set.copyOf(included));
        summary = s;
        return s;
    }

    /** Adds a build's problems; a patch missing its target counts only in a build that saw everything. */
    private static void addJudged(Accumulated acc, Set<BuildProblem> problems,
                                  java.util.function.Predicate<BuildProblem> keep) {
        for (BuildProblem p : acc.problems()) {
            if (keep.test(p) && (acc.complete() || p.kind() != BuildProblem.Kind.PATCH_TARGET_MISSING)) {
                problems.add(p);
            }
        }
    }

    private Index index() {
        Index idx = index;
        if (idx != null) {
            return idx;
        }
        List<String> files;
        try {
            files = model.snapshot().files();
        } catch (IOException e) {
            files = model.files().stream().map(FileModel::path).toList();
        }
        List<FileModel> ignoreFiles = new ArrayList<>();
        for (String f : files) {
            if (f.equals(".sourceignore") || f.endsWith("/.sourceignore")) {
                model.file(f).ifPresent(ignoreFiles::add);
            }
        }
        // The resident server lists the same files again after a change of content: the index is kept.
        String key = "kustomize-index\u0000" + model.snapshot().positionInRepository();
        List<String> listed = files;
        idx = model.kept().derive(key, KeptIndex.class,
                k -> k.files().equals(listed) && ScanMemo.sameObjects(k.ignoreFiles(), ignoreFiles),
                () -> new KeptIndex(List.copyOf(listed), List.copyOf(ignoreFiles), index(listed, ignoreFiles))).index();
        index = idx;
        return idx;
    }

    /** An index kept between scans, with the file list and the {@code .sourceignore} models it was made from. */
    private record KeptIndex(List<String> files, List<FileModel> ignoreFiles, Index index) {
    }

    private static Index index(List<String> files, List<FileModel> ignoreFiles) {
        // Hashed, then each folder's names sorted once: tree maps compared long shared path prefixes at every step.
        Map<String, Set<String>> children = new HashMap<>();
        for (String f : files) {
            String path = f;
            while (true) {
                String parent = Paths.parent(path);
                String name = path.substring(parent.isEmpty() ? 0 : parent.length() + 1);
                if (!children.computeIfAbsent(parent, k -> new HashSet<>()).add(name) || parent.isEmpty()) {
                    break;
                }
                path = parent;
            }
        }
        Map<String, List<String>> frozen = new HashMap<>(children.size() * 4 / 3 + 1);
        children.forEach((k, v) -> {
            String[] sorted = v.toArray(new String[0]);
            Arrays.sort(sorted);
            frozen.put(k, List.of(sorted));
        });
        List<SourceIgnoreRule> rules = new ArrayList<>();
        List<String> ruleLines = new ArrayList<>();
        for (FileModel fm : ignoreFiles) {
            String[] lines = fm.file().text().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String t = lines[i].strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                ruleLines.add(fm.file().directory() + "\u0000" + t);
                rules.add(SourceIgnoreRule.of(fm.file().directory(), t, "'" + fm.path() + "' line " + (i + 1) + " ('" + t
                        + "')"));
            }
        }
        // Asked for every folder a build visits, several times: listed once, in FILE_NAMES order.
        Map<String, List<String>> names = new HashMap<>();
        for (String f : files) {
            String parent = Paths.parent(f);
            String name = f.substring(parent.isEmpty() ? 0 : parent.length() + 1);
            if (FILE_NAMES.contains(name)) {
                names.computeIfAbsent(parent, k -> new ArrayList<>(1)).add(name);
            }
        }
        names.replaceAll((k, v) -> v.stream().sorted(Comparator.comparingInt(FILE_NAMES::indexOf)).toList());
        return new Index(frozen, new HashSet<>(files), List.copyOf(rules), List.copyOf(ruleLines), Map.copyOf(names));
    }
}
