package io.fluxward.kustomize;

import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.Origin;
import io.fluxward.model.Words;
import io.fluxward.snapshot.LinkFault;
import io.fluxward.snapshot.Paths;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlParse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One build: kustomize's {@code KustTarget} walk over a kustomization and everything it includes,
 * in kustomize's order (domain facts §2.6, §4): resources, configurations, generators, components,
 * then the transformers (legacy strategic merge patches, patches, namespace, prefix, suffix, labels,
 * annotations, legacy JSON patches, replicas, images, replacements). Folders included as resources
 * are memoized by {@link Kustomize}; a builder keeps the stack of folders being built, so a
 * kustomization that includes itself is a CYCLE problem, not a stack overflow.
 */
final class Builder {

    /**
     * Every this many nested builds on the stack, the folders the next one includes are built first, deepest
     * first and without recursion (kustomize itself has no nesting limit: kubectl kustomize builds 5,000 levels).
     */
    private static final int PREBUILD_EVERY = 64;
    /**
     * Nested builds not met before that one builder follows at most (cycles through components, or many folders
     * long): a limit of fluxward, far above real repositories, that keeps the stack of -Xss4m.
     */
    private static final int MAX_DEPTH = 1000;
    private static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";
    /** The field namePrefix and nameSuffix change. */
    private static final FieldSpec NAME = new FieldSpec("", "", "", List.of("metadata", "name"), false);
    private static final Set<String> REPLICATED = Set.of("Deployment", "ReplicationController", "ReplicaSet", "StatefulSet");

    private final Kustomize kustomize;
    /** Which paths Flux's source artifact leaves out (path, is a folder): what a generated kustomization never lists. */
    private final BiPredicate<String, Boolean> leftOut;
    private final Deque<String> stack = new ArrayDeque<>();
    /** What each folder being built has read, innermost first (only when renders are kept between scans). */
    private final Deque<Scope> scopes = new ArrayDeque<>();

    /** The reads and nested folder builds of one folder's build. */
    private static final class Scope {
        final Map<ReadKey, RenderMemo.Read> reads = new LinkedHashMap<>();
        final List<RenderMemo.Nested> nested = new ArrayList<>();
    }

    /**
     * True when the build sees only what {@code leftOut} keeps, as Flux's kustomize-controller, which builds from the
     * source's artifact: a listed file left out of it is missing there. Such a build neither takes nor keeps memoized
     * folder builds (those see every file).
     */
    private final boolean artifactOnly;

    Builder(Kustomize kustomize) {
        this(kustomize, kustomize::sourceIgnored, false);
    }

    /** A builder whose generated kustomizations leave out what {@code leftOut} says (a source's {@code spec.ignore}). */
    Builder(Kustomize kustomize, BiPredicate<String, Boolean> leftOut) {
        this(kustomize, leftOut, false);
    }

    private Builder(Kustomize kustomize, BiPredicate<String, Boolean> leftOut, boolean artifactOnly) {
        this.kustomize = kustomize;
        this.leftOut = leftOut;
        this.artifactOnly = artifactOnly;
    }

    /** A builder that sees only the files of an artifact: every path {@code leftOut} names is not there. */
    static Builder ofArtifact(Kustomize kustomize, BiPredicate<String, Boolean> leftOut) {
        return new Builder(kustomize, leftOut, true);
    }

    /** A kustomization file being built, or the Flux overrides of a root (for locations). */
    private record Source(String path, Optional<FileModel> file, boolean flux, KubeObject owner) {
        Source(String path, Optional<FileModel> file) {
            this(path, file, false, null);
        }

        /**
         * The Flux Kustomizations whose fields may be meant: the one building (several in one file may hold the same
         * value), else every object of the file.
         */
        List<KubeObject> fluxObjects() {
            if (owner != null) {
                return List.of(owner);
            }
            return file.isEmpty() ? List.of() : file.get().objects();
        }

        Location at(YNode node) {
            return new Location(path, node.isPresent() ? node.span() : Span.START);
        }
    }

    /**
     * The kustomization whose build a run belongs to: its folder, and its file for messages. A Component runs in
     * the build of the kustomization that uses it, so its patches fail (or miss) that build.
     */
    private record User(String dir, String name) {
    }

    /** The mutable state of one kustomization while it runs (kustomize's accumulator). */
    private static final class State {
        final List<Res> resources;
        /** How many resources have each id key (a count: a renaming patch may leave two with one key). */
        final Map<String, Integer> ids = new HashMap<>();
        /**
         * Positions of the resources by every name and kind they had, built on first use and dropped when the list is
         * replaced: a patch for one name looks at the few resources that may match, not at all of them (a
         * kustomization with thousands of patches stays linear). May list a position more than once or one that no
         * longer matches: callers test each candidate.
         */
        private Map<String, List<Integer>> positions;
        final Set<BuildProblem> problems;
        boolean complete;
        final Set<String> inputs;
        TransformerConfig config;
        final Set<Accumulated.PatchUse> matched;
        final Set<Accumulated.Miss> missed;
        final Set<KubeObject> loaded;
        final Map<String, Vars.Var> vars;
        final User user;
        final boolean component;
        /** {@code limits.maxRenderedObjects}: beyond it (or once a base went beyond it) nothing more is added. */
        final int maxObjects;
        boolean overLimit;

        State(Accumulated start, User user, boolean component, int maxObjects) {
            this.user = user;
            this.component = component;
            this.maxObjects = maxObjects;
            overLimit = hitLimit(start);
            resources = new ArrayList<>(start.resources());
            for (Res r : resources) {
                ids.merge(key(r.id()), 1, Integer::sum);
            }
            problems = new LinkedHashSet<>(start.problems());
            complete = start.complete();
            inputs = new LinkedHashSet<>(start.inputs());
            config = start.config();
            matched = new LinkedHashSet<>(start.matchedPatches());
            missed = new LinkedHashSet<>(start.missedPatches());
            loaded = new HashSet<>(start.loaded());
            vars = new LinkedHashMap<>();
            start.vars().forEach(v -> vars.put(v.name(), v));
        }

        void problem(BuildProblem.Kind kind, Location at, String detail) {
            problems.add(new BuildProblem(kind, at, detail));
        }

        void absorb(Accumulated other) {
            overLimit |= hitLimit(other);
            problems.addAll(other.problems());
            complete &= other.complete();
            inputs.addAll(other.inputs());
            config = config.merge(other.config());
            matched.addAll(other.matchedPatches());
            missed.addAll(other.missedPatches());
            loaded.addAll(other.loaded());
            for (Vars.Var v : other.vars()) {
                declare(v);
            }
        }

        /** Adds a var to the build's set; kustomize refuses a name already declared (also from a shared base twice). */
        boolean declare(Vars.Var v) {
            if (vars.containsKey(v.name())) {
                problem(BuildProblem.Kind.INVALID, v.at(), "var '" + v.name() + "' already encountered: kustomize refuses"
                        + " a var declared twice in one build");
                complete = false;
                return false;
            }
            vars.put(v.name(), v);
            return true;
        }

        /** Appends a resource read from a manifest (remembered as read even when the build later drops it). */
        void load(Res r, Location at) {
            loaded.add(r.origin());
            append(r, at);
        }

        /** Appends a resource; kustomize refuses a second resource with the same id. */
        void append(Res r, Location at) {
            if (overLimit || resources.size() >= maxObjects) {
                // An expansion (each level including its base twice doubles it) would take minutes and the heap: the
                // build stops growing, once reported, and is incomplete. What includes it adds none of it either.
                if (!overLimit) {
                    overLimit = true;
                    problem(BuildProblem.Kind.LIMIT, at, "the build renders more than " + maxObjects + " objects"
                            + " (limits.maxRenderedObjects)");
                }
                complete = false;
                return;
            }
            if (ids.putIfAbsent(key(r.id()), 1) != null) {
                problem(BuildProblem.Kind.INVALID, at, "may not add " + r.id() + ": a resource with the same id is already"
                        + " included");
                return;
            }
            resources.add(r);
            index(r, resources.size() - 1);
        }

        private static boolean hitLimit(Accumulated build) {
            return build.problems().stream().anyMatch(p -> p.kind() == BuildProblem.Kind.LIMIT);
        }

        /** The resource already in the build with {@code id}'s identity, or null. */
        Res registered(ResId id) {
            if (!ids.containsKey(key(id))) {
                return null;
            }
            return resources.stream().filter(r -> key(r.id()).equals(key(id))).findFirst().orElse(null);
        }

        void replaceAll(List<Res> next) {
            resources.clear();
            resources.addAll(next);
            ids.clear();
            for (Res r : resources) {
                ids.merge(key(r.id()), 1, Integer::sum);
            }
            positions = null;
        }

        /** Replaces the resource at {@code index} (a patch result), keeping the indexes current. */
        void set(int index, Res next) {
            Res old = resources.set(index, next);
            String before = key(old.id());
            String after = key(next.id());
            if (!before.equals(after)) {
                ids.computeIfPresent(before, (k, n) -> n == 1 ? null : n - 1);
                ids.merge(after, 1, Integer::sum);
            }
            if (!next.id().equals(old.id()) || !next.previousIds().equals(old.previousIds())) {
                index(next, index);
            }
        }

        /** Removes the resources at {@code indexes} (ascending), as a patch that deletes them does. */
        void removeAll(List<Integer> indexes) {
            if (indexes.isEmpty()) {
                return;
            }
            List<Res> kept = new ArrayList<>(resources);
            for (int i = indexes.size() - 1; i >= 0; i--) {
                kept.remove((int) indexes.get(i));
            }
            replaceAll(kept);
        }

        /**
         * Positions, ascending, of the resources that may have had {@code name} (when not null) and kind {@code kind}
         * (when not null); every position when both are null.
         */
        List<Integer> candidates(String kind, String name) {
            if (kind == null && name == null) {
                List<Integer> all = new ArrayList<>(resources.size());
                for (int i = 0; i < resources.size(); i++) {
                    all.add(i);
                }
                return all;
            }
            if (positions == null) {
                positions = new HashMap<>();
                for (int i = 0; i < resources.size(); i++) {
                    index(resources.get(i), i);
                }
            }
            List<Integer> found = positions.getOrDefault(name != null ? "n:" + name : "k:" + kind, List.of());
            return found.stream().distinct().sorted().toList();
        }

        private void index(Res r, int at) {
            if (positions == null) {
                return;
            }
            positions.computeIfAbsent("k:" + r.id().kind(), k -> new ArrayList<>()).add(at);
            positions.computeIfAbsent("n:" + r.id().name(), k -> new ArrayList<>()).add(at);
            for (ResId p : r.previousIds()) {
                positions.computeIfAbsent("k:" + p.kind(), k -> new ArrayList<>()).add(at);
                positions.computeIfAbsent("n:" + p.name(), k -> new ArrayList<>()).add(at);
            }
        }

        /** A patch at {@code at} selected something, or nothing ({@code missing} the problem). */
        void outcome(Location at, boolean selected, BuildProblem missing) {
            if (selected) {
                matched.add(new Accumulated.PatchUse(at, user.dir()));
            } else {
                problems.add(missing);
                missed.add(new Accumulated.Miss(missing, user.dir()));
            }
        }

        Accumulated freeze() {
            return new Accumulated(resources, new ArrayList<>(problems), complete, inputs, config, matched, missed, loaded,
                    new ArrayList<>(vars.values()));
        }

        private static String key(ResId id) {
            return id.group() + "|" + id.version() + "|" + id.kind() + "|" + id.name() + "|" + id.effectiveNamespace();
        }
    }

    // ---------------------------------------------------------------- entry points

    /**
     * The accumulated build of a folder with a kustomization file, or (for a Flux root) of the
     * kustomization Flux generates. Problems that depend on who includes the folder are located at
     * {@code from} and not memoized; the folder's own build is memoized.
     */
    Accumulated folder(String dir, Location from, boolean fluxRoot) {
        if (!kustomize.keepsRenders() || artifactOnly) {
            return folderBuild(dir, from, fluxRoot).result();
        }
        Scope scope = new Scope();
        scopes.push(scope);
        FolderBuild built;
        try {
            built = folderBuild(dir, from, fluxRoot);
        } finally {
            scopes.pop();
        }
        Scope caller = scopes.peek();
        if (built.key() != null && built.computed()) {
            kustomize.keep(built.key(), new RenderMemo.Entry(built.result(), List.copyOf(scope.reads.values()),
                    scope.nested));
        }
        if (caller != null) {
            if (built.key() != null) {
                // The kept build stands for what it read; the caller depends on it being reused as is.
                caller.nested.add(new RenderMemo.Nested(built.key(), built.result()));
            } else {
                scope.reads.forEach(caller.reads::putIfAbsent);
                caller.nested.addAll(scope.nested);
            }
        }
        return built.result();
    }

    /**
     * A folder's build and its memo key: null when the result is not memoized (it depends on who includes
     * the folder, or a cycle); {@code computed} when built here rather than taken from the memo.
     */
    private record FolderBuild(Accumulated result, String key, boolean computed) {
        static FolderBuild unkept(Accumulated result) {
            return new FolderBuild(result, null, false);
        }
    }

    private FolderBuild folderBuild(String dir, Location from, boolean fluxRoot) {
        List<String> names = kustomizationNames(dir);
        if (names.size() > 1) {
            return FolderBuild.unkept(problem(BuildProblem.Kind.SEVERAL_KUSTOMIZATION_FILES, from, "folder '"
                    + display(dir) + "' has more than one kustomization file (" + String.join(", ", names) + ")"));
        }
        if (names.isEmpty() && !fluxRoot) {
            return FolderBuild.unkept(problem(BuildProblem.Kind.MISSING_RESOURCE, from, "folder '" + display(dir)
                    + "' has no kustomization.yaml, kustomization.yml or Kustomization"));
        }
        Optional<FileModel> file = names.isEmpty() ? Optional.empty()
                : file(Paths.resolve(dir, names.get(0)));
        if (!names.isEmpty() && file.isEmpty()) {
            // The kustomization file exists but was not read (ignored by configuration, too large).
            return FolderBuild.unkept(Accumulated.failed(List.of(), false));
        }
        if (!fluxRoot && file.isPresent() && Kustomize.isComponent(file.get())) {
            // As the root of a build (kustomize build, a Flux Kustomization's path) a Component builds as a
            // Kustomization does (checked with kubectl); listed under resources it fails.
            return FolderBuild.unkept(problem(BuildProblem.Kind.INVALID, from,
                    "'" + display(dir) + "' is a Component: list it under components, not resources"));
        }
        String key = RenderMemo.key(dir, file.isEmpty());
        Optional<Accumulated> memo = artifactOnly ? Optional.empty() : kustomize.memo(key);
        if (memo.isPresent()) {
            return new FolderBuild(memo.get(), key, false);
        }
        if (stack.contains(dir)) {
            return FolderBuild.unkept(cycle(from, dir));
        }
        if (stack.size() >= MAX_DEPTH) {
            // Not kustomize failing: the part below is not checked, so the build is incomplete (rules stay quiet).
            return FolderBuild.unkept(Accumulated.failed(List.of(new BuildProblem(BuildProblem.Kind.UNSUPPORTED, from,
                    "not followed: kustomizations nested more than " + MAX_DEPTH + " levels deep (a limit of fluxward,"
                            + " not of kustomize)")), false));
        }
        if (!stack.isEmpty() && stack.size() % PREBUILD_EVERY == 0 && !artifactOnly) {
            prebuild(dir);
        }
        stack.push(dir);
        Accumulated result;
        try {
            result = file.isPresent() ? run(dir, file.get(), Accumulated.EMPTY, FluxOverrides.NONE, own(dir, file.get()), false)
                    : generated(dir, FluxOverrides.NONE);
        } finally {
            stack.pop();
        }
        if (result.hasCycle() || artifactOnly) {
            return FolderBuild.unkept(result);
        }
        kustomize.remember(key, result);
        return new FolderBuild(result, key, true);
    }

    /**
     * Builds the folders {@code dir} includes as resources (transitively, those not built yet), each after the folders
     * it includes, so that the build of {@code dir} finds them memoized instead of recursing once per level. Found
     * without recursion; stops at a build with a cycle (not memoized: the recursive build reports it).
     */
    private void prebuild(String dir) {
        Set<String> seen = new HashSet<>(stack);
        seen.add(dir);
        List<String> order = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Iterator<String>> pending = new ArrayDeque<>();
        Scope discarded = new Scope();
        scopes.push(discarded);
        try {
            path.push(dir);
            pending.push(includedFolders(dir).iterator());
            while (!pending.isEmpty()) {
                Iterator<String> next = pending.peek();
                if (next.hasNext()) {
                    String child = next.next();
                    if (seen.add(child) && kustomize.memo(RenderMemo.key(child, false)).isEmpty()) {
                        path.push(child);
                        pending.push(includedFolders(child).iterator());
                    }
                } else {
                    pending.pop();
                    order.add(path.pop());
                }
            }
            order.remove(order.size() - 1); // dir itself, built by the caller
            for (String folder : order) {
                if (folder(folder, new Location(folder, Span.START), false).hasCycle()) {
                    return;
                }
            }
        } finally {
            scopes.pop();
        }
    }

    /** The folders a kustomization file lists under resources or bases (as {@link #resource} resolves them). */
    private List<String> includedFolders(String dir) {
        Optional<FileModel> k = kustomizationNames(dir).size() == 1 ? kustomizationFile(dir) : Optional.empty();
        if (k.isEmpty() || Kustomize.isComponent(k.get())) {
            return List.of();
        }
        YNode root = rootOf(k.get());
        if (!root.isMap()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YNode entry : concat(root.get("resources"), root.get("bases"))) {
            String ref = KustomizationShape.notAString(entry) ? "" : entry.textOr("");
            String path = ref.isEmpty() || ref.startsWith("/") ? null : Paths.resolve(dir, ref);
            if (path == null || file(path).isPresent()) {
                continue;
            }
            String folder = isDirectory(path) ? path : linked(path);
            if (folder != null) {
                out.add(folder);
            }
        }
        return out;
    }

    /** A root build with the fields Flux writes into the root kustomization (not memoized). */
    Accumulated root(String dir, FluxOverrides overrides) {
        List<String> names = kustomizationNames(dir);
        Optional<FileModel> file = names.size() == 1 ? file(Paths.resolve(dir, names.get(0)))
                : Optional.empty();
        if (!names.isEmpty() && file.isEmpty()) {
            // Several kustomization files or one not read: the plain build says what is wrong.
            return folder(dir, new Location(overrides.sourcePath(), Span.START), true);
        }
        stack.push(dir);
        try {
            return file.isPresent() ? run(dir, file.get(), Accumulated.EMPTY, overrides, own(dir, file.get()), false)
                    : generated(dir, overrides);
        } finally {
            stack.pop();
        }
    }

    /** A Component built on nothing: only to find its own problems and inputs. */
    Accumulated componentAlone(String dir) {
        Optional<FileModel> k = kustomizationFile(dir);
        if (k.isEmpty()) {
            return Accumulated.EMPTY;
        }
        stack.push(dir);
        try {
            return run(dir, k.get(), Accumulated.EMPTY, FluxOverrides.NONE, own(dir, k.get()), true);
        } finally {
            stack.pop();
        }
    }

    /**
     * Objects that are no file of the repository (what an operator generates from {@code owner}) as one kustomization
     * holding them runs the {@code patches} entries written in {@code owner}'s file: inline strategic merge or JSON
     * patches, selected by their target or, without one, by the patch's own id. An entry with a {@code path}, or one
     * that fails, changes nothing; what the patches select outside these objects is not judged here.
     */
    List<Resource> patchObjects(KubeObject owner, List<YMap> objects, List<YNode> entries) {
        List<Res> start = new ArrayList<>();
        for (YMap o : objects) {
            start.add(new Res(owner, o, List.of(), Provenance.NONE, false, null));
        }
        String dir = Paths.parent(owner.path());
        State st = new State(new Accumulated(start, List.of(), true, Set.of(), TransformerConfig.BUILTIN, Set.of(),
                Set.of(), Set.of(), List.of()), new User(dir, owner.path()), false, kustomize.maxRenderedObjects());
        Source source = new Source(owner.path(), file(owner.path()), true, owner);
        for (YNode entry : entries) {
            if (entry.isMap() && entry.get("patch").hasText() && !entry.get("path").isPresent()) {
                patch(st, dir, source, entry, false);
            }
        }
        List<Resource> out = new ArrayList<>();
        st.resources.forEach(r -> out.add(r.toResource()));
        return out;
    }

    private static User own(String dir, FileModel kfile) {
        return new User(dir, kfile.path());
    }

    private static YNode rootOf(FileModel file) {
        return file.documents().isEmpty() ? YMissing.INSTANCE : file.documents().get(0).root();
    }

    private static Accumulated cycle(Location at, String dir) {
        return Accumulated.failed(List.of(new BuildProblem(BuildProblem.Kind.CYCLE, at,
                "'" + display(dir) + "' includes itself (directly or through other kustomizations)")), false);
    }

    private static Accumulated problem(BuildProblem.Kind kind, Location at, String detail) {
        return Accumulated.failed(List.of(new BuildProblem(kind, at, detail)), false);
    }

    private static String display(String dir) {
        return dir.isEmpty() ? "." : dir;
    }

    // ---------------------------------------------------------------- one kustomization

    /** Runs a kustomization (or a Component, in the build of {@code user}) on what {@code start} holds. */
    private Accumulated run(String dir, FileModel kfile, Accumulated start, FluxOverrides overrides, User user,
                            boolean component) {
        State st = new State(start, user, component, kustomize.maxRenderedObjects());
        st.inputs.add(kfile.path());
        Source self = new Source(kfile.path(), Optional.of(kfile));
        YNode root = rootOf(kfile);
        if (kfile.yaml().flatMap(y -> y.fatal()).isPresent()) {
            st.problem(BuildProblem.Kind.UNREADABLE, new Location(kfile.path(), kfile.yaml().get().fatal().get().span()),
                    "the kustomization file is not valid YAML");
            st.complete = false;
            return st.freeze();
        }
        if (root.isPresent() && !root.isNull() && !root.isMap()) {
            st.problem(BuildProblem.Kind.UNREADABLE, self.at(root), "the kustomization file is not a mapping");
            st.complete = false;
            return st.freeze();
        }
        if (!validate(st, self, kfile, root, component, overrides.adds())) {
            // kustomize and Flux stop at a value they cannot decode, or an empty file: nothing of it is built, nor judged.
            return st.freeze();
        }
        repeatedKey(st, kfile, new Location(kfile.path(), Span.START), "the kustomization file");
        for (YNode entry : concat(root.get("resources"), root.get("bases"))) {
            resource(st, dir, self, entry);
        }
        for (YNode entry : root.get("configurations").items()) {
            configuration(st, dir, self, entry);
        }
        for (YNode entry : root.get("crds").items()) {
            localFile(st, dir, self, entry).ifPresent(path -> {
                st.inputs.add(path);
                crdDefinitions(st, self.at(entry), entry.textOr(""), path);
            });
        }
        localFile(st, dir, self, root.at("openapi", "path")).ifPresent(st.inputs::add);
        generate(st, dir, self, root);
        plugins(st, dir, self, root, "generators");
        unsupported(st, dir, self, root);
        components(st, dir, self, root, overrides);
        transform(st, dir, self, root, overrides);
        plugins(st, dir, self, root, "transformers");
        vars(st, self, root);
        dropLocal(st);
        return st.freeze();
    }

    /**
     * kustomize's {@code MergeVars}, after the kustomization's transformers: each var is bound to the one resource of
     * the build so far whose group, version, kind and a name it has or had are those of its {@code objref}. Its
     * value is read at the end of the top build ({@link Vars#resolve}); a var bound to nothing fails every build
     * that includes the kustomization (a resource added later is not bound).
     */
    private static void vars(State st, Source self, YNode root) {
        for (YNode entry : root.get("vars").items()) {
            Location at = self.at(entry);
            Optional<Vars.Var> parsed = Vars.parse(entry, at);
            if (parsed.isEmpty()) {
                st.problem(BuildProblem.Kind.INVALID, at, "a var needs a name and an objref with kind and name");
                st.complete = false;
                continue;
            }
            Vars.Var v = parsed.get();
            if (!st.declare(v)) {
                continue;
            }
            if (!v.namespace().isEmpty()) {
                // kustomize compares objref namespaces with rules of its own: not modelled, the build is incomplete.
                st.complete = false;
                continue;
            }
            List<Integer> matched = new ArrayList<>();
            for (int i = 0; i < st.resources.size(); i++) {
                Res r = st.resources.get(i);
                if (v.names(r.id()) || r.previousIds().stream().anyMatch(v::names)) {
                    matched.add(i);
                }
            }
            if (matched.size() > 1) {
                st.problem(BuildProblem.Kind.INVALID, at, "var " + v.describe() + " matches " + matched.size()
                        + " resources: kustomize cannot tell which one it means");
                st.complete = false;
            } else if (matched.size() == 1) {
                int i = matched.get(0);
                st.resources.set(i, st.resources.get(i).withVar(v.name()));
            } else if (st.complete) {
                // Bound to nothing now, bound to nothing ever: the top build fails when it resolves the var. Known only
                // when every object of the build so far is seen (no remote base, chart, plugin).
                st.problem(BuildProblem.Kind.INVALID, at, "var " + v.describe() + " matches no resource: kustomize cannot"
                        + " map it to a field in the set of known resources");
            }
        }
    }

    /**
     * Records what kustomize refuses in the file; false when neither kustomize nor Flux can decode it (a field
     * kustomize does not know is built without, as Flux does at the root of its path), or it is empty.
     * {@code fluxAdds}: Flux writes fields of its own into it (at the root of a Kustomization's path).
     */
    private boolean validate(State st, Source self, FileModel kfile, YNode root, boolean component, boolean fluxAdds) {
        List<KustomizationShape.Problem> problems = kfile.fact(KustomizationShape.PROBLEMS);
        for (KustomizationShape.Problem p : problems) {
            // kustomize refuses the whole file (FW-G003 reports it): what it would build is unknown.
            st.problem(BuildProblem.Kind.UNREADABLE, self.at(p.node()), p.message());
            st.complete = false;
        }
        boolean decodes = problems.stream().noneMatch(p -> p.unknownField().isEmpty());
        if (!decodes) {
            // Refused before its kind is looked at (FW-G003 says why; a Flux Kustomization in a kustomization.yaml...).
            return false;
        }
        if (problems.isEmpty() && !fluxAdds && isEmpty(root)) {
            // Refused before its kind is looked at (checked with kubectl): a placeholder fails every build including it.
            st.problem(BuildProblem.Kind.INVALID, self.at(root), "the kustomization file is empty (nothing set but"
                    + " apiVersion and kind)");
            return false;
        }
        String kind = root.get("kind").textOr("");
        if (!kind.isEmpty() && !kind.equals("Kustomization") && !kind.equals("Component")) {
            st.problem(BuildProblem.Kind.INVALID, self.at(root.get("kind")), "kind must be Kustomization or Component");
        }
        String apiVersion = root.get("apiVersion").textOr("");
        String wanted = kind.equals("Component") ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
        if (!apiVersion.isEmpty() && !apiVersion.equals(wanted)) {
            st.problem(BuildProblem.Kind.INVALID, self.at(root.get("apiVersion")), "apiVersion of "
                    + Words.a(kind.isEmpty() ? "Kustomization" : kind) + " must be " + wanted);
        }
        if (component && !kind.equals("Component")) {
            st.problem(BuildProblem.Kind.INVALID, self.at(root.get("kind")), "a component must have kind: Component");
        }
        return true;
    }

    /**
     * kustomize's {@code CheckEmpty}: true when every field but apiVersion and kind is unset once decoded (null, an
     * empty string; {@code bases} and {@code imageTags} also when an empty list, which kustomize folds into
     * {@code resources} and {@code images}). An empty list or mapping of another field is set ({@code resources: []}).
     */
    private static boolean isEmpty(YNode root) {
        if (root.isNull()) {
            return true;
        }
        if (!(root instanceof YMap map)) {
            return false;
        }
        for (YEntry e : Nodes.entries(map)) {
            String key = e.keyText().toLowerCase(java.util.Locale.ROOT);
            YNode value = e.value();
            boolean unset = value.isNull() || value instanceof YScalar s && s.value().isEmpty()
                    || (key.equals("bases") || key.equals("imagetags")) && value.isSeq() && value.items().isEmpty();
            if (!key.equals("apiversion") && !key.equals("kind") && !unset) {
                return false;
            }
        }
        return true;
    }

    private static List<YNode> concat(YNode a, YNode b) {
        List<YNode> out = new ArrayList<>(a.items());
        out.addAll(b.items());
        return out;
    }

    // ---------------------------------------------------------------- resources

    private void resource(State st, String dir, Source self, YNode entry) {
        if (KustomizationShape.notAString(entry)) {
            return; // a type error of the file (see validate), not a path
        }
        String ref = entry.textOr("");
        Location at = self.at(entry);
        if (ref.isEmpty()) {
            st.problem(BuildProblem.Kind.INVALID, at, "empty resource entry");
            return;
        }
        String path = Paths.resolve(dir, ref);
        if (path == null || ref.startsWith("/")) {
            if (Kustomize.isRemote(ref)) {
                remote(st, at, ref);
            } else {
                leaves(st, at, dir, ref);
            }
            return;
        }
        Optional<FileModel> file = file(path);
        if (file.isPresent()) {
            loadFile(st, file.get(), at, ref);
        } else if (isDirectory(path) || linked(path) != null) {
            // A symbolic link to a folder of the repository builds that folder, as kustomize follows it.
            Accumulated nested = folder(isDirectory(path) ? path : linked(path), at, false);
            st.absorb(nested);
            for (Res r : nested.resources()) {
                st.append(r, at);
            }
        } else if (brokenLink(st, at, ref, path)) {
            return;
        } else if (exists(path) || included(path)) {
            // In the repository but not read (ignored by configuration, too large, binary, another repository's).
            st.complete = false;
            st.inputs.add(path);
        } else if (Kustomize.isRemote(ref)) {
            remote(st, at, ref);
        } else {
            st.problem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + ref + "' does not exist");
            st.complete = false;
        }
    }

    private static void remote(State st, Location at, String ref) {
        st.problem(BuildProblem.Kind.REMOTE_RESOURCE, at, "remote resource '" + ref + "' is not fetched");
        st.complete = false;
    }

    /** Adds every object of a resource file (items of a List too), as kustomize reads it. */
    private void loadFile(State st, FileModel file, Location at, String ref) {
        st.inputs.add(file.path());
        if (file.template() || file.yaml().isEmpty()) {
            st.problem(BuildProblem.Kind.UNREADABLE, at, "'" + ref + "' is not a YAML file kustomize can read");
            st.complete = false;
            return;
        }
        if (file.yaml().get().fatal().isPresent()) {
            st.problem(BuildProblem.Kind.UNREADABLE, at, "'" + ref + "' is not valid YAML");
            st.complete = false;
            return;
        }
        repeatedKey(st, file, at, "'" + ref + "'");
        List<Res> found = new ArrayList<>();
        String error = objectsOf(file, found);
        if (error != null) {
            st.problem(BuildProblem.Kind.UNREADABLE, at, "'" + ref + "': " + error);
            st.complete = false;
        }
        if (file.documents().stream().allMatch(d -> d.root().isNull())) {
            // An empty resource file is a placeholder for content made elsewhere (flux bootstrap's gotk-components.yaml).
            st.complete = false;
        }
        for (Res r : found) {
            st.load(r, at);
        }
    }

    /** kustomize's YAML reader refuses a mapping that repeats a key (fluxward reports the key as FW-G002). */
    private static void repeatedKey(State st, FileModel file, Location at, String what) {
        file.yaml().flatMap(y -> y.problems().stream()
                .filter(p -> p.kind() == io.fluxward.yaml.YamlProblem.Kind.DUPLICATE_KEY).findFirst())
                .ifPresent(p -> st.problem(BuildProblem.Kind.UNREADABLE, at, what + " repeats a key on line "
                        + p.span().line() + ": kustomize refuses it"));
    }

    /** The resources of a file; returns why kustomize would refuse it (null when it would not). */
    private static String objectsOf(FileModel file, List<Res> out) {
        Map<YNode, KubeObject> byNode = new java.util.IdentityHashMap<>();
        for (KubeObject o : file.objects()) {
            if (o.origin() != Origin.HELM_VALUES) {
                byNode.put(o.node(), o);
            }
        }
        String error = null;
        for (YDocument doc : file.documents()) {
            YNode root = doc.root();
            if (root.isNull()) {
                continue;
            }
            KubeObject object = root instanceof YMap m ? byNode.get(m) : null;
            if (object == null) {
                error = error != null ? error : "document " + (doc.index() + 1) + " is not a Kubernetes object"
                        + " (apiVersion and kind)";
                continue;
            }
            if (object.kind().endsWith("List") && object.node().get("items").isSeq()) {
                for (YNode item : object.node().get("items").items()) {
                    KubeObject listed = item instanceof YMap im ? byNode.get(im) : null;
                    if (listed == null || listed.name().isEmpty()) {
                        error = error != null ? error : "an item of document " + (doc.index() + 1)
                                + " is not a named Kubernetes object";
                        continue;
                    }
                    out.add(Res.of(listed));
                }
                continue;
            }
            if (object.name().isEmpty()) {
                error = error != null ? error : "document " + (doc.index() + 1) + " has no metadata.name";
                continue;
            }
            out.add(Res.of(object));
        }
        return error;
    }

    /** Resolves a local file entry; records missing or outside-root problems. */
    private Optional<String> localFile(State st, String dir, Source self, YNode entry) {
        if (!entry.hasText()) {
            return Optional.empty();
        }
        String ref = entry.textOr("");
        String path = Paths.resolve(dir, ref);
        if (path == null) {
            leaves(st, self.at(entry), dir, ref);
            return Optional.empty();
        }
        if (!exists(path) && included(path)) {
            // Another repository's file, copied into the artifact by a GitRepository's spec.include: not seen.
            st.complete = false;
            return Optional.empty();
        }
        if (brokenLink(st, self.at(entry), ref, path)) {
            return Optional.empty();
        }
        if (!exists(path) || isDirectory(path)) {
            st.problem(BuildProblem.Kind.MISSING_RESOURCE, self.at(entry), "'" + ref + "' "
                    + (isDirectory(path) ? "is a folder, not a file" : "does not exist"));
            st.complete = false;
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /**
     * kustomize's reading of a {@code crds} file (OpenAPI definitions by type name): JSON when its first byte is
     * <code>{</code>, else YAML, each decoded into a map of definitions (mappings). One it cannot read fails the build;
     * an empty file crashes it. The definitions' schemas are not checked.
     */
    private void crdDefinitions(State st, Location at, String ref, String path) {
        byte[] bytes = readBytes(path);
        if (bytes == null) {
            st.complete = false;
            return;
        }
        String why = null;
        if (bytes.length == 0) {
            why = "the file is empty (kustomize crashes on it)";
        } else if (bytes[0] == '{') {
            try {
                com.fasterxml.jackson.databind.JsonNode tree = StrictJson.READER.readTree(bytes);
                for (var e : tree.properties()) {
                    if (!e.getValue().isObject() && !e.getValue().isNull()) {
                        why = "definition '" + e.getKey() + "' is not a JSON object";
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                why = "it starts with '{' but is not valid JSON";
            }
        } else {
            Optional<FileModel> file = file(path);
            if (file.isEmpty() || file.get().yaml().isEmpty()) {
                st.complete = false;
                return;
            }
            YNode top = file.get().yaml().get().fatal().isPresent() ? null
                    : file.get().documents().isEmpty() ? YMissing.INSTANCE : file.get().documents().get(0).root();
            if (top == null) {
                why = "it is not valid YAML";
            } else if (!top.isNull() && !top.isMap()) {
                why = "it is not a mapping of definitions";
            } else if (top instanceof YMap m) {
                for (YEntry e : Nodes.entries(m)) {
                    if (!e.value().isMap() && !e.value().isNull()) {
                        why = "'" + e.keyText() + "' is not a definition (a mapping)"
                                + (e.keyText().equals("apiVersion") ? ": crds lists OpenAPI definitions, not"
                                + " CustomResourceDefinition manifests" : "");
                        break;
                    }
                }
            }
        }
        if (why != null) {
            st.problem(BuildProblem.Kind.INVALID, at, "kustomize cannot read crds file '" + ref + "' as OpenAPI"
                    + " definitions: " + why);
            st.complete = false;
        }
    }

    /** Go's strict JSON decoding for {@link #crdDefinitions}: made on first use (an ObjectMapper is costly to make). */
    private static final class StrictJson {
        static final com.fasterxml.jackson.databind.ObjectReader READER = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();
    }

    private void configuration(State st, String dir, Source self, YNode entry) {
        Optional<String> path = localFile(st, dir, self, entry);
        if (path.isEmpty()) {
            return;
        }
        st.inputs.add(path.get());
        Optional<FileModel> file = file(path.get());
        if (file.isEmpty()) {
            st.complete = false;
            return;
        }
        String ref = entry.textOr("");
        if (file.get().yaml().isEmpty()) {
            st.complete = false;
            return;
        }
        if (file.get().yaml().get().fatal().isPresent()) {
            st.problem(BuildProblem.Kind.UNREADABLE, self.at(entry), "configurations file '" + ref + "' is not valid YAML");
            st.complete = false;
            return;
        }
        repeatedKey(st, file.get(), self.at(entry), "configurations file '" + ref + "'");
        // kustomize decodes the first document only, strictly: a wrong type or unknown field fails the build.
        List<YDocument> docs = file.get().documents();
        Optional<GoShape.Failure> failure = docs.isEmpty() ? Optional.empty()
                : GoShape.TRANSFORMER_CONFIG.check(docs.get(0).root());
        if (failure.isPresent()) {
            YNode node = failure.get().node();
            st.problem(BuildProblem.Kind.INVALID, node.isPresent() ? new Location(path.get(), node.span()) : self.at(entry),
                    "kustomize cannot read configurations file '" + ref + "': " + failure.get().reason());
            st.complete = false;
            return;
        }
        for (YDocument doc : docs.subList(0, Math.min(1, docs.size()))) {
            st.config = st.config.merge(TransformerConfig.parse(doc.root()));
        }
    }

    // ---------------------------------------------------------------- generators

    /** Entry {@code ref} of folder {@code dir} leaves the snapshot: the build is incomplete, and maybe wrong. */
    private void leaves(State st, Location at, String dir, String ref) {
        st.problems.add(BuildProblem.outside(at, position(), dir, ref));
        st.complete = false;
    }

    /** Where the scanned folder sits in its repository ({@code ""} at the top). */
    private String position() {
        return (String) ask(RenderMemo.Question.POSITION, "");
    }

    private void generate(State st, String dir, Source self, YNode root) {
        FileModel kfile = self.file().orElseThrow();
        YNode options = root.get("generatorOptions");
        for (String[] g : new String[][] {{"ConfigMap", "configMapGenerator"}, {"Secret", "secretGenerator"}}) {
            for (YNode entry : root.get(g[1]).items()) {
                Generators.Generated made = Generators.generate(g[0], entry, options, kfile, dir, position(),
                        this::readBytes, this::exists, this::isDirectory, this::brokenLink);
                st.problems.addAll(made.problems());
                st.inputs.addAll(made.inputs());
                st.complete &= made.complete() && made.problems().stream().noneMatch(BuildProblem::fatal);
                if (made.resource() != null) {
                    absorbGenerated(st, made.resource(), made.behavior(), self.at(entry));
                }
            }
        }
    }

    private static void absorbGenerated(State st, Res made, String behavior, Location at) {
        List<Integer> matches = new ArrayList<>();
        for (int i : st.candidates(null, made.id().name())) {
            if (st.resources.get(i).hadId(made.id())) {
                matches.add(i);
            }
        }
        if (matches.isEmpty()) {
            if (!behavior.equals("create")) {
                if (st.complete) {
                    // Only a build seen whole is known to lack the object (not a remote base's, not a chart's).
                    st.problem(BuildProblem.Kind.INVALID, at, "behavior '" + behavior + "' needs an existing " + made.id());
                }
                return;
            }
            st.append(made, at);
            return;
        }
        if (matches.size() > 1 || behavior.equals("create")) {
            st.problem(BuildProblem.Kind.INVALID, at, matches.size() > 1 ? made.id() + " matches more than one resource"
                    : made.id() + " already exists: use behavior merge or replace");
            return;
        }
        int index = matches.get(0);
        Res old = st.resources.get(index);
        YMap content;
        Map<String, String> secretData = null;
        if (behavior.equals("merge")) {
            content = old.content();
            for (String field : new String[] {"data", "binaryData"}) {
                YNode added = made.content().get(field);
                if (added.isMap()) {
                    Map<String, YNode> values = new LinkedHashMap<>();
                    for (YEntry e : Nodes.entries((YMap) added)) {
                        values.put(e.keyText(), e.value());
                    }
                    content = Nodes.setAll(content, List.of(field), values);
                }
            }
            if (made.secretData() != null) {
                secretData = new LinkedHashMap<>(old.secretData() != null ? old.secretData()
                        : Nodes.stringMap(old.content().get("data")));
                secretData.putAll(made.secretData());
            }
        } else {
            content = made.content();
            content = Nodes.set(content, List.of("metadata", "name"), old.content().at("metadata", "name"));
            YNode ns = old.content().at("metadata", "namespace");
            content = ns.isPresent() ? Nodes.set(content, List.of("metadata", "namespace"), ns)
                    : Nodes.put(content, "metadata", Nodes.remove((YMap) content.get("metadata"), "namespace"));
            secretData = made.secretData();
        }
        for (String meta : new String[] {"labels", "annotations"}) {
            Map<String, YNode> merged = new LinkedHashMap<>();
            old.content().at("metadata", meta).effectiveEntries().forEach(e -> merged.put(e.keyText(), e.value()));
            made.content().at("metadata", meta).effectiveEntries().forEach(e -> merged.put(e.keyText(), e.value()));
            if (!merged.isEmpty()) {
                content = Nodes.setAll(content, List.of("metadata", meta), merged);
            }
        }
        Res next = old.withContent(content).withSecretData(secretData)
                .withProvenance(old.provenance().withNodes(made.content(), at.path()).withInputsOf(made.provenance()));
        st.set(index, next);
    }

    /** Features that are not rendered: the build is incomplete, the files are still inputs. */
    private void unsupported(State st, String dir, Source self, YNode root) {
        for (String field : new String[] {"helmCharts", "helmChartInflationGenerator"}) {
            if (!root.get(field).items().isEmpty()) {
                st.problem(BuildProblem.Kind.UNSUPPORTED, self.at(root.get(field)), field
                        + ": Helm charts are not inflated (they are fetched from a chart repository)");
                st.complete = false;
            }
            for (YNode chart : root.get(field).items()) {
                List<YNode> files = new ArrayList<>(chart.get("additionalValuesFiles").items());
                files.add(chart.get("valuesFile"));
                for (YNode f : files) {
                    String path = f.hasText() ? Paths.resolve(dir, f.textOr("")) : null;
                    if (path != null && exists(path)) {
                        st.inputs.add(path);
                    }
                }
            }
        }
        for (YNode entry : root.get("validators").items()) {
            pluginFile(st, dir, self, entry);
        }
    }

    // ---------------------------------------------------------------- generators and transformers fields

    /** A plugin configuration of a {@code generators} or {@code transformers} entry, and the file it is written in. */
    private record PluginConfig(YMap node, Source source, FileModel file) {
    }

    /**
     * The {@code generators} or {@code transformers} entries of a kustomization, which kustomize runs in order after
     * the kustomization's own generators or transformers. A builtin plugin configuration ({@code apiVersion: builtin})
     * runs with the code of the kustomization field that does the same; any other plugin, and a folder of
     * configurations, is not run: the build is incomplete (and for transformers, its names and namespaces unknown).
     */
    private void plugins(State st, String dir, Source self, YNode root, String field) {
        boolean unrun = false;
        for (YNode entry : root.get(field).items()) {
            Optional<List<PluginConfig>> configs = pluginConfigs(st, dir, self, entry);
            if (configs.isEmpty()) {
                unrun = true;
                continue;
            }
            for (PluginConfig config : configs.get()) {
                unrun |= !(field.equals("generators") ? builtinGenerator(st, dir, config)
                        : builtinTransformer(st, dir, config));
            }
        }
        if (unrun) {
            st.problem(field.equals("transformers") ? BuildProblem.Kind.UNRUN_TRANSFORMERS : BuildProblem.Kind.UNSUPPORTED,
                    self.at(root.get(field)), field + ": plugin configurations are not run by fluxward");
            st.complete = false;
        }
    }

    /**
     * The configurations of one entry: YAML written inline (kustomize tries the entry as YAML first), or the objects of
     * a file. Empty when they cannot be read here (a folder, a URL, a file that is missing or not read).
     */
    private Optional<List<PluginConfig>> pluginConfigs(State st, String dir, Source self, YNode entry) {
        List<YNode> docs = new ArrayList<>();
        Source source;
        FileModel holder;
        if (entry.textOr("").contains("\n")) {
            YamlParse parse = inline(entry, self);
            if (parse.fatal().isPresent()) {
                return Optional.empty();
            }
            parse.documents().forEach(d -> docs.add(d.root()));
            source = self;
            holder = self.file().orElseThrow();
        } else {
            Optional<FileModel> f = pluginFile(st, dir, self, entry);
            if (f.isEmpty() || f.get().yaml().isEmpty() || f.get().yaml().get().fatal().isPresent()) {
                return Optional.empty();
            }
            f.get().documents().forEach(d -> docs.add(d.root()));
            source = new Source(f.get().path(), f);
            holder = f.get();
        }
        List<PluginConfig> out = new ArrayList<>();
        for (YNode doc : docs) {
            if (doc instanceof YMap m) {
                out.add(new PluginConfig(m, source, holder));
            } else if (!doc.isNull()) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /**
     * A plugin entry naming a file or folder: it is an input; a missing local one fails kustomize. The file, when it is
     * a file that was read.
     */
    private Optional<FileModel> pluginFile(State st, String dir, Source self, YNode entry) {
        String text = entry.textOr("");
        String path = text.contains("\n") ? null : Paths.resolve(dir, text);
        if (path != null && brokenLink(st, self.at(entry), text, path)) {
            return Optional.empty();
        }
        if (path != null && exists(path)) {
            st.inputs.add(path);
            if (isDirectory(path)) {
                st.inputs.addAll(filesUnder(path));
                return Optional.empty();
            }
            return file(path);
        }
        if (path != null && !text.isEmpty() && !text.startsWith("/") && !Kustomize.isRemote(text)
                && linked(path) == null && !unseen(path)) {
            // An entry that is neither inline YAML nor a URL is a local file: kustomize fails when it is missing.
            st.problem(BuildProblem.Kind.MISSING_RESOURCE, self.at(entry), "'" + text + "' does not exist");
            st.complete = false;
        }
        return Optional.empty();
    }

    private static boolean builtin(PluginConfig config, String kind) {
        return "builtin".equals(config.node().get("apiVersion").textOr("")) && kind.equals(config.node().get("kind").textOr(""));
    }

    /**
     * A builtin ConfigMapGenerator or SecretGenerator: a {@code configMapGenerator} or {@code secretGenerator} entry
     * whose name and namespace default to the configuration's metadata, without the kustomization's
     * {@code generatorOptions}; its files are read from the kustomization's folder. False when it is no such plugin.
     */
    private boolean builtinGenerator(State st, String dir, PluginConfig config) {
        String kind = builtin(config, "ConfigMapGenerator") ? "ConfigMap" : builtin(config, "SecretGenerator") ? "Secret" : null;
        if (kind == null) {
            return false;
        }
        YMap entry = config.node();
        Optional<GoShape.Failure> failure = GoShape.generatorPlugin(kind.equals("Secret")).check(entry);
        if (failure.isPresent()) {
            // kustomize fails loading the plugin ("fails configuration"): the build fails, nothing is generated.
            st.problem(BuildProblem.Kind.INVALID, config.source().at(failure.get().node()), "kustomize cannot load the"
                    + " builtin " + kind + "Generator configuration: " + failure.get().reason());
            st.complete = false;
            return true;
        }
        for (String field : new String[] {"name", "namespace"}) {
            YNode meta = entry.at("metadata", field);
            if (!entry.get(field).hasText() && meta.hasText()) {
                entry = Nodes.put(entry, field, meta);
            }
        }
        Generators.Generated made = Generators.generate(kind, entry, YMissing.INSTANCE, config.file(), dir, position(),
                this::readBytes, this::exists, this::isDirectory, this::brokenLink);
        st.problems.addAll(made.problems());
        st.inputs.addAll(made.inputs());
        st.complete &= made.complete() && made.problems().stream().noneMatch(BuildProblem::fatal);
        if (made.resource() != null) {
            absorbGenerated(st, made.resource(), made.behavior(), config.source().at(config.node()));
        }
        return true;
    }

    /**
     * A builtin transformer configuration, run with the code of the kustomization field that does the same with the
     * configuration's own field specs; false when it is no builtin fluxward runs (or uses options it does not model).
     */
    private boolean builtinTransformer(State st, String dir, PluginConfig config) {
        YMap n = config.node();
        Source source = config.source();
        if (!"builtin".equals(n.get("apiVersion").textOr(""))) {
            return false;
        }
        List<FieldSpec> specs = FieldSpec.list(n.get("fieldSpecs"));
        switch (n.get("kind").textOr("")) {
            case "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer" -> {
                if (specs.isEmpty()) {
                    return false;
                }
                String kind = n.get("kind").textOr("");
                prefixSuffix(st, kind.startsWith("Suffix") ? "" : n.get("prefix").textOr(""),
                        kind.equals("PrefixTransformer") ? "" : n.get("suffix").textOr(""), specs);
            }
            case "LabelTransformer" -> setPairs(st, pairs(n.get("labels")), specs, source, n.get("labels"));
            case "AnnotationsTransformer" -> setPairs(st, pairs(n.get("annotations")), specs, source, n.get("annotations"));
            case "NamespaceTransformer" -> {
                return builtinNamespace(st, n, specs, source);
            }
            case "ImageTagTransformer" -> applyImages(st, List.of(Images.Rule.of(n.get("imageTag"))), specs);
            case "ReplicaCountTransformer" -> {
                return builtinReplicas(st, n, specs, source);
            }
            case "PatchTransformer" -> patch(st, dir, source, n, false);
            case "PatchJson6902Transformer" -> patch(st, dir, source,
                    n.get("jsonOp").isPresent() ? Nodes.put(n, "patch", n.get("jsonOp")) : n, true);
            case "PatchStrategicMergeTransformer" -> {
                List<YNode> entries = new ArrayList<>(n.get("paths").items());
                if (n.get("patches").hasText()) {
                    entries.add(n.get("patches"));
                }
                legacyStrategicMerge(st, dir, source, Nodes.put(n, "patchesStrategicMerge", Nodes.seq(entries, n.span())));
            }
            case "ReplacementTransformer" -> replacements(st, dir, source, n);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A builtin NamespaceTransformer: the namespace is its {@code metadata.namespace}; kustomize always sets
     * {@code metadata.namespace} of namespaced objects and moves RoleBinding subjects named {@code default} (or, with
     * {@code setRoleBindingSubjects: allServiceAccounts}, every ServiceAccount subject), and follows the other field
     * specs ({@code metadata/name} of Namespace objects renames them). With {@code unsetOnly: true} it writes each of
     * those fields only where it is missing or empty.
     */
    private static boolean builtinNamespace(State st, YMap n, List<FieldSpec> specs, Source source) {
        YNode node = n.at("metadata", "namespace");
        Subjects subjects = switch (n.get("setRoleBindingSubjects").textOr("defaultOnly")) {
            case "defaultOnly" -> Subjects.DEFAULT_ONLY;
            case "allServiceAccounts" -> Subjects.ALL_SERVICE_ACCOUNTS;
            case "none" -> Subjects.NONE;
            default -> null;
        };
        if (!node.hasText() || subjects == null) {
            return false;
        }
        boolean rename = false;
        List<FieldSpec> others = new ArrayList<>();
        for (FieldSpec fs : specs) {
            if (fs.path().equals(List.of("metadata", "name"))) {
                if (!fs.kind().equals("Namespace")) {
                    return false;
                }
                rename = true;
            } else if (!fs.path().equals(List.of("metadata", "namespace"))
                    && !(fs.path().equals(List.of("subjects")) && fs.kind().endsWith("RoleBinding"))) {
                others.add(fs);
            }
        }
        namespace(st, node.textOr(""), node, source, new NamespaceSpecs(others, true, rename, subjects,
                "true".equals(n.get("unsetOnly").textOr("false"))));
        return true;
    }

    /**
     * A builtin ReplicaCountTransformer: {@code replica.count} goes to each field spec's path in the resources named
     * {@code replica.name} (now or before) of the spec's kind; kustomize fails when no spec matches a resource.
     */
    private static boolean builtinReplicas(State st, YMap n, List<FieldSpec> specs, Source source) {
        String name = n.at("replica", "name").textOr("");
        YNode count = n.at("replica", "count");
        if (specs.isEmpty() || name.isEmpty()) {
            return false;
        }
        YScalar value = Nodes.plain(count.textOr("0"), count.span());
        boolean found = false;
        List<Res> out = new ArrayList<>();
        for (Res r : st.resources) {
            boolean named = r.id().name().equals(name) || r.previousIds().stream().anyMatch(p -> p.name().equals(name));
            YMap c = r.content();
            for (FieldSpec fs : specs) {
                if (named && (fs.appliesTo(r.id()) || r.previousIds().stream().anyMatch(fs::appliesTo))) {
                    found = true;
                    c = fs.apply(c, value.span(), old -> value);
                }
            }
            out.add(c == r.content() ? r : r.withContent(c).withProvenance(r.provenance().withNodes(value, source.path())));
        }
        if (!found) {
            st.problem(BuildProblem.Kind.INVALID, source.at(n), "ReplicaCountTransformer '" + name
                    + "' matches no resource of its field specs' kinds");
        }
        st.replaceAll(out);
        return true;
    }

    // ---------------------------------------------------------------- components

    private void components(State st, String dir, Source self, YNode root, FluxOverrides overrides) {
        List<YNode> entries = new ArrayList<>(root.get("components").items());
        List<Source> sources = new ArrayList<>();
        entries.forEach(e -> sources.add(self));
        Source flux = new Source(overrides.sourcePath(), file(overrides.sourcePath()), true, overrides.owner());
        Set<YNode> optional = new HashSet<>();
        for (String c : overrides.components()) {
            YNode node = fluxListItem(flux, "components", c);
            entries.add(node.isPresent() ? node : Nodes.string(c, Span.START));
            sources.add(flux);
            if (node.isPresent() && fluxIgnoresMissingComponents(flux, node)) {
                optional.add(entries.get(entries.size() - 1));
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            YNode entry = entries.get(i);
            Location at = sources.get(i).at(entry);
            String ref = entry.textOr("");
            String path = Paths.resolve(dir, ref);
            if (path == null) {
                leaves(st, at, dir, ref);
                continue;
            }
            if (!isDirectory(path) && linked(path) != null) {
                path = linked(path);
            }
            if (!isDirectory(path)) {
                if (unseen(path)) {
                    // In a git submodule or an included repository: kustomize sees it, this scan does not.
                    st.complete = false;
                    continue;
                }
                if (optional.contains(entry)) {
                    // spec.ignoreMissingComponents: Flux drops the component.
                    continue;
                }
                if (brokenLink(st, at, ref, path)) {
                    continue;
                }
                if (Kustomize.isRemote(ref)) {
                    remote(st, at, ref);
                } else {
                    st.problem(BuildProblem.Kind.MISSING_RESOURCE, at, "component '" + ref + "' does not exist");
                    st.complete = false;
                }
                continue;
            }
            if (stack.contains(path)) {
                st.absorb(cycle(at, path));
                continue;
            }
            List<String> names = kustomizationNames(path);
            Optional<FileModel> k = kustomizationFile(path);
            if (names.isEmpty()) {
                st.problem(BuildProblem.Kind.MISSING_RESOURCE, at, "folder '" + ref + "' has no kustomization file");
                st.complete = false;
                continue;
            }
            if (k.isEmpty()) {
                st.complete = false;
                continue;
            }
            if (!"Component".equals(rootOf(k.get()).get("kind").textOr(""))) {
                st.problem(BuildProblem.Kind.INVALID, at, "'" + ref + "' is listed under components but is not"
                        + " kind: Component");
                st.complete = false;
                continue;
            }
            stack.push(path);
            Accumulated after;
            try {
                after = run(path, k.get(), st.freeze(), FluxOverrides.NONE, st.user, true);
            } finally {
                stack.pop();
            }
            State next = new State(after, st.user, st.component, st.maxObjects);
            st.replaceAll(next.resources);
            st.problems.clear();
            st.problems.addAll(next.problems);
            st.complete = next.complete;
            st.inputs.addAll(next.inputs);
            st.config = next.config;
            st.matched.addAll(next.matched);
            st.missed.addAll(next.missed);
            st.loaded.addAll(next.loaded);
            st.vars.clear();
            st.vars.putAll(next.vars);
        }
    }

    // ---------------------------------------------------------------- transformers

    private void transform(State st, String dir, Source self, YNode root, FluxOverrides overrides) {
        Source flux = new Source(overrides.sourcePath(), file(overrides.sourcePath()), true, overrides.owner());
        legacyStrategicMerge(st, dir, self, root);
        List<YNode> patchEntries = new ArrayList<>(root.get("patches").items());
        List<Source> patchSources = new ArrayList<>();
        patchEntries.forEach(e -> patchSources.add(self));
        for (YNode p : overrides.patches()) {
            patchEntries.add(p);
            patchSources.add(flux);
        }
        for (int i = 0; i < patchEntries.size(); i++) {
            patch(st, dir, patchSources.get(i), patchEntries.get(i), false);
        }
        String namespace = root.get("namespace").textOr("");
        YNode namespaceNode = root.get("namespace");
        Source namespaceSource = self;
        if (!overrides.targetNamespace().isEmpty()) {
            namespace = overrides.targetNamespace();
            namespaceNode = fluxField(flux, "targetNamespace", namespace);
            namespaceSource = flux;
        }
        if (!namespace.isEmpty()) {
            namespace(st, namespace, namespaceNode, namespaceSource, new NamespaceSpecs(st.config.namespace(), false, true,
                    Subjects.DEFAULT_ONLY, false));
        }
        String prefix = overrides.namePrefix().isEmpty() ? root.get("namePrefix").textOr("") : overrides.namePrefix();
        String suffix = overrides.nameSuffix().isEmpty() ? root.get("nameSuffix").textOr("") : overrides.nameSuffix();
        if (!prefix.isEmpty() || !suffix.isEmpty()) {
            prefixSuffix(st, prefix, suffix, List.of(NAME));
        }
        labels(st, self, root);
        annotations(st, self, root);
        for (YNode entry : root.get("patchesJson6902").items()) {
            patch(st, dir, self, entry, true);
        }
        replicas(st, self, root);
        images(st, root, overrides);
        replacements(st, dir, self, root);
    }

    /** The item of a Flux Kustomization's {@code spec.<field>} list with this text, for locations (else missing). */
    private static YNode fluxListItem(Source flux, String field, String value) {
        for (KubeObject o : flux.fluxObjects()) {
            for (YNode item : o.get("spec", field).items()) {
                if (value.equals(item.textOr(null))) {
                    return item;
                }
            }
        }
        return YMissing.INSTANCE;
    }

    private static boolean fluxIgnoresMissingComponents(Source flux, YNode item) {
        for (KubeObject o : flux.fluxObjects()) {
            if (o.get("spec", "components").items().stream().anyMatch(i -> i == item)) {
                return "true".equals(o.get("spec", "ignoreMissingComponents").textOr(""));
            }
        }
        return false;
    }

    /** The node of a Flux Kustomization field with this value, for locations (else missing). */
    private static YNode fluxField(Source flux, String field, String value) {
        for (KubeObject o : flux.fluxObjects()) {
            YNode node = o.get("spec", field);
            // The owner's own field, even when its value was substituted (postBuild of its parent).
            if (value.equals(node.textOr(null)) || flux.owner() != null && node.isPresent()) {
                return node;
            }
        }
        return YMissing.INSTANCE;
    }

    private void legacyStrategicMerge(State st, String dir, Source self, YNode root) {
        for (YNode entry : root.get("patchesStrategicMerge").items()) {
            Location at = self.at(entry);
            String text = entry.textOr("");
            String path = text.contains("\n") ? null : Paths.resolve(dir, text.strip());
            List<YNode> docs = new ArrayList<>();
            String file;
            if (path != null && file(path).isPresent()) {
                FileModel f = file(path).get();
                st.inputs.add(path);
                if (f.yaml().isEmpty() || f.yaml().get().fatal().isPresent()) {
                    st.problem(BuildProblem.Kind.UNREADABLE, at, "patch '" + text + "' is not valid YAML");
                    continue;
                }
                f.documents().forEach(d -> docs.add(d.root()));
                file = path;
            } else if (path != null && brokenLink(st, at, text, path)) {
                continue;
            } else if (path != null && (exists(path) || included(path))) {
                st.complete = false;
                st.inputs.add(path);
                continue;
            } else if (text.contains("\n") || text.contains(": ")) {
                YamlParse parse = inline(entry, self);
                if (parse.fatal().isPresent()) {
                    refused(st, at, "inline patch is not valid YAML");
                    continue;
                }
                parse.documents().forEach(d -> docs.add(d.root()));
                file = self.path();
            } else {
                st.problem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + text + "' does not exist");
                st.complete = false;
                continue;
            }
            docs.removeIf(YNode::isNull);
            for (YNode doc : docs) {
                if (!(doc instanceof YMap patch)) {
                    refused(st, at, "a strategic merge patch must be a mapping");
                    continue;
                }
                smpById(st, self, patch, file, documentAt(at, file, doc, docs.size()), false, false);
            }
        }
    }

    private YamlParse inline(YNode scalar, Source source) {
        return kustomize.inline(scalar, source.path());
    }

    /** One {@code patches} (or legacy {@code patchesJson6902}) entry. */
    private void patch(State st, String dir, Source source, YNode entry, boolean legacyJson) {
        if (entry.isPresent() && !entry.isMap() && !entry.isNull()) {
            return; // a type error of the file (see validate; a Flux patches entry: its CRD schema), not a patch
        }
        Location at = source.at(entry);
        YNode pathNode = entry.get("path");
        YNode patchNode = entry.get("patch");
        boolean hasPath = pathNode.hasText();
        boolean hasPatch = patchNode.hasText();
        if (hasPath == hasPatch) {
            if (hasPath) {
                // The file is named all the same (not an unused manifest).
                Optional.ofNullable(Paths.resolve(dir, pathNode.textOr(""))).filter(this::exists).ifPresent(st.inputs::add);
            }
            refused(st, at, hasPath ? "a patch entry may have path or patch, not both" : "a patch entry needs path or patch");
            return;
        }
        List<YNode> docs = new ArrayList<>();
        String file;
        if (hasPath) {
            Optional<String> path = localFile(st, dir, source, pathNode);
            if (path.isEmpty()) {
                return;
            }
            st.inputs.add(path.get());
            Optional<FileModel> f = file(path.get());
            if (f.isEmpty()) {
                st.complete = false;
                return;
            }
            if (f.get().yaml().isEmpty() || f.get().yaml().get().fatal().isPresent()) {
                st.problem(BuildProblem.Kind.UNREADABLE, at, "patch file '" + pathNode.textOr("") + "' is not valid YAML");
                return;
            }
            repeatedKey(st, f.get(), at, "patch file '" + pathNode.textOr("") + "'");
            f.get().documents().forEach(d -> docs.add(d.root()));
            file = path.get();
        } else {
            YamlParse parse = inline(patchNode, source);
            if (parse.fatal().isPresent()) {
                refused(st, at, "the patch is not valid YAML");
                return;
            }
            parse.documents().forEach(d -> docs.add(d.root()));
            file = source.path();
        }
        docs.removeIf(YNode::isNull);
        if (docs.isEmpty()) {
            refused(st, at, "the patch is empty");
            return;
        }
        YNode target = entry.get("target");
        boolean allowName = "true".equals(entry.at("options", "allowNameChange").textOr(""));
        boolean allowKind = "true".equals(entry.at("options", "allowKindChange").textOr(""));
        if (docs.size() == 1 && JsonPatch.isJsonPatch(docs.get(0))) {
            jsonPatch(st, docs.get(0), target, file, at, missedTargetText(source, target, dir));
            return;
        }
        if (legacyJson) {
            refused(st, at, "patchesJson6902 needs a list of JSON patch operations");
            return;
        }
        for (YNode doc : docs) {
            if (!doc.isMap()) {
                refused(st, at, "the patch is neither a strategic merge patch nor a JSON patch");
                return;
            }
        }
        if (!target.isPresent() || target.isNull()) {
            // Each document patches the resource with its own id; one that matches nothing fails the build on its own.
            for (YNode doc : docs) {
                smpById(st, source, (YMap) doc, file, documentAt(at, file, doc, docs.size()), allowName, allowKind);
            }
            return;
        }
        if (docs.size() > 1) {
            refused(st, at, "a patch entry with a target may hold only one strategic merge patch");
            return;
        }
        Optional<Selector> selector = selector(st, target, at);
        if (selector.isEmpty()) {
            return;
        }
        YMap patch = (YMap) docs.get(0);
        List<Integer> deleted = new ArrayList<>();
        boolean any = false;
        for (int i : candidates(st, selector.get())) {
            Res r = st.resources.get(i);
            if (selector.get().matches(r)) {
                any = true;
                Res patched = applySmp(st, r, patch, file, at, allowName, allowKind);
                if (patched != null) {
                    st.set(i, patched);
                } else {
                    deleted.add(i);
                }
            }
        }
        outcome(st, at, any, missedTarget(source, selector.get(), dir), false);
        st.removeAll(deleted);
    }

    /** The positions of the resources a patch target may select (by its kind or name when it names one). */
    private static List<Integer> candidates(State st, Selector selector) {
        return st.candidates(selector.literalKind(), selector.literalName());
    }

    private static String missedTarget(Source source, Selector selector, String dir) {
        return source.flux() ? "Flux patch target (" + selector + ") matches nothing rendered from ./" + dir
                + ": the patch is silently ignored"
                : "patch target (" + selector + ") matches no resource: kustomize ignores the patch silently";
    }

    private static Optional<Selector> selector(State st, YNode target, Location at) {
        try {
            return Optional.of(Selector.of(target));
        } catch (IllegalArgumentException e) {
            refused(st, at, e.getMessage());
            return Optional.empty();
        }
    }

    /** A patch entry kustomize refuses: it fails the build (FW-K002). */
    private static void refused(State st, Location at, String reason) {
        st.problem(BuildProblem.Kind.PATCH_INVALID, at, reason + ": kustomize fails the build");
    }

    private static void outcome(State st, Location at, boolean matched, String detail, boolean fatal) {
        st.outcome(at, matched, new BuildProblem(BuildProblem.Kind.PATCH_TARGET_MISSING, at, detail, fatal));
    }

    /** Where a patch document sits: the entry for a single one, else the document itself (each is judged alone). */
    private static Location documentAt(Location entry, String file, YNode doc, int documents) {
        return documents > 1 && doc.isPresent() ? new Location(file, doc.span()) : entry;
    }

    /**
     * Why a strategic merge patch without target that matches nothing fails: naming the kustomization whose build
     * fails when that is not the one the patch is written for (a Component's user, the reader of a shared file).
     */
    private static String smpMissed(State st, Source source, Location at, ResId id) {
        String what = "strategic merge patch for " + id.apiVersion() + " " + id;
        if (source.flux()) {
            return what + " matches nothing rendered from ./" + st.user.dir() + ": the build fails";
        }
        if (st.component) {
            return what + " matches no resource of " + st.user.name() + ", which uses this component: kustomize fails"
                    + " that build";
        }
        if (!Paths.isUnder(at.path(), st.user.dir())) {
            return what + " matches no resource of " + st.user.name() + ": kustomize fails that build";
        }
        return what + " matches no resource: kustomize fails the build";
    }

    /** A strategic merge patch without target: it patches the one resource with its own id. */
    private static void smpById(State st, Source source, YMap patch, String file, Location at, boolean allowName,
                                boolean allowKind) {
        ResId id = ResId.of(patch);
        List<Integer> matches = new ArrayList<>();
        for (int i : st.candidates(null, id.name())) {
            if (st.resources.get(i).hadId(id)) {
                matches.add(i);
            }
        }
        if (matches.size() > 1) {
            st.problem(BuildProblem.Kind.INVALID, at, "strategic merge patch " + id + " matches more than one resource");
            return;
        }
        outcome(st, at, !matches.isEmpty(), smpMissed(st, source, at, id), true);
        if (matches.isEmpty()) {
            return;
        }
        int index = matches.get(0);
        Res patched = applySmp(st, st.resources.get(index), patch, file, at, allowName, allowKind);
        if (patched == null) {
            st.removeAll(List.of(index));
        } else {
            st.set(index, patched);
        }
    }

    /**
     * Applies a strategic merge patch to one resource; null when the patch deletes it, the resource as it was when
     * kustomize refuses the merge (a problem at the patch node, which fails the build).
     */
    private static Res applySmp(State st, Res r, YMap patch, String file, Location at, boolean allowName,
                                boolean allowKind) {
        if (StrategicMerge.deletesObject(patch)) {
            return null;
        }
        YMap before = r.content();
        StrategicMerge.Merged result = StrategicMerge.merge(before, patch, r.id().group());
        if (result.merged() == null) {
            YNode node = result.refusal().at();
            st.problem(BuildProblem.Kind.INVALID, node.isPresent() ? new Location(file, node.span()) : at,
                    "strategic merge patch for " + r.id() + " cannot be merged: " + result.refusal().reason());
            return r;
        }
        YMap merged = result.merged();
        merged = Nodes.put(merged, "apiVersion", before.get("apiVersion"));
        if (!allowKind) {
            merged = Nodes.put(merged, "kind", before.get("kind"));
        }
        if (!allowName || !patch.at("metadata", "name").hasText()) {
            merged = Nodes.set(merged, List.of("metadata", "name"), before.at("metadata", "name"));
        }
        YNode ns = before.at("metadata", "namespace");
        if (ns.isPresent()) {
            merged = Nodes.set(merged, List.of("metadata", "namespace"), ns);
        } else if (merged.get("metadata") instanceof YMap meta) {
            merged = Nodes.put(merged, "metadata", Nodes.remove(meta, "namespace"));
        }
        return r.patched(merged, patch, file, at);
    }

    private static String missedTargetText(Source source, YNode target, String dir) {
        try {
            return missedTarget(source, Selector.of(target), dir);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void jsonPatch(State st, YNode doc, YNode target, String file, Location at, String missed) {
        List<JsonPatch.Op> ops;
        try {
            ops = JsonPatch.parse(doc);
        } catch (IllegalArgumentException e) {
            refused(st, at, e.getMessage());
            return;
        }
        if (!target.isPresent() || target.isNull()) {
            refused(st, at, "a JSON patch needs a target (which resource it changes)");
            return;
        }
        Optional<Selector> selector = selector(st, target, at);
        if (selector.isEmpty()) {
            return;
        }
        boolean any = false;
        for (int i : candidates(st, selector.get())) {
            Res r = st.resources.get(i);
            if (!selector.get().matches(r)) {
                continue;
            }
            any = true;
            try {
                YNode patched = JsonPatch.applyToResource(r.content(), ops);
                if (patched instanceof YMap m) {
                    st.set(i, r.patched(m, doc, file, at));
                } else {
                    refused(st, at, "the JSON patch turns " + r.id() + " into a non-object");
                }
            } catch (JsonPatch.Failure e) {
                // An operation that does not apply (add under a missing parent, remove or replace a missing path, a
                // failing test) fails the build, as kustomize's JSON patch library does: a patch problem (FW-K002).
                refused(st, at, "JSON patch on " + r.id() + ": " + e.getMessage());
            }
        }
        outcome(st, at, any, missed, false);
    }

    /** Which role binding subjects a namespace transformer moves ({@code setRoleBindingSubjects}). */
    private enum Subjects { NONE, DEFAULT_ONLY, ALL_SERVICE_ACCOUNTS }

    /**
     * Where a namespace transformer writes besides {@code metadata.namespace}: other fields (created when missing only
     * when {@code create}), the names of Namespace objects, the role binding subjects; with {@code unsetOnly}, only
     * into fields that are missing or empty.
     */
    private record NamespaceSpecs(List<FieldSpec> fields, boolean create, boolean renameNamespaces, Subjects subjects,
                                  boolean unsetOnly) {

        /** What the field {@code old} becomes. */
        YNode set(YNode old, YNode value) {
            return unsetOnly && !old.isNull() && !old.textOr("x").isEmpty() ? old : value;
        }
    }

    private static void namespace(State st, String namespace, YNode node, Source source, NamespaceSpecs specs) {
        YScalar value = Nodes.string(namespace, node.isPresent() ? node.span() : Span.START);
        List<Res> out = new ArrayList<>();
        for (Res r : st.resources) {
            YMap c = r.content();
            ResId id = r.id();
            if (id.namespaceable()) {
                c = setMeta(c, "namespace", value, specs);
            }
            if (specs.renameNamespaces() && id.kind().equals("Namespace")) {
                c = setMeta(c, "name", value, specs);
            }
            for (FieldSpec fs : specs.fields()) {
                if (fs.appliesTo(id)) {
                    c = fs.apply(c, value.span(), old -> old.isPresent() || specs.create() ? specs.set(old, value) : old);
                }
            }
            boolean binding = id.kind().equals("RoleBinding") || id.kind().equals("ClusterRoleBinding");
            if (specs.subjects() != Subjects.NONE && binding) {
                c = subjects(c, value, specs);
            }
            Res next = c == r.content() ? r : r.withContent(c).withProvenance(r.provenance().withNodes(value, source.path()));
            out.add(next.withStoredId());
        }
        // Objects of one kind and name from several namespaces (or several Namespaces) now share one id: refused.
        Map<String, Res> seen = new HashMap<>();
        for (Res r : out) {
            Res first = seen.putIfAbsent(State.key(r.id()), r);
            if (first != null) {
                st.problem(BuildProblem.Kind.INVALID, source.at(node), "namespace transformation produces ID conflict: "
                        + first.originalId() + " and " + r.originalId() + " both become " + r.id());
                st.complete = false;
                break;
            }
        }
        st.replaceAll(out);
    }

    private static YMap setMeta(YMap object, String field, YScalar value, NamespaceSpecs specs) {
        YNode old = object.at("metadata", field);
        YNode next = specs.set(old, value);
        return next == old ? object : Nodes.set(object, List.of("metadata", field), next);
    }

    /**
     * Subjects named {@code default} (kustomize's default subject mode), or of kind ServiceAccount
     * ({@code allServiceAccounts}), move to the namespace.
     */
    private static YMap subjects(YMap binding, YScalar namespace, NamespaceSpecs specs) {
        YNode subjects = binding.get("subjects");
        if (!subjects.isSeq()) {
            return binding;
        }
        List<YNode> items = new ArrayList<>();
        boolean changed = false;
        for (YNode s : subjects.items()) {
            boolean moved = specs.subjects() == Subjects.ALL_SERVICE_ACCOUNTS
                    ? "ServiceAccount".equals(s.get("kind").textOr("")) : "default".equals(s.get("name").textOr(""));
            if (s instanceof YMap m && moved && specs.set(m.get("namespace"), namespace) != m.get("namespace")) {
                items.add(Nodes.put(m, "namespace", namespace));
                changed = true;
            } else {
                items.add(s);
            }
        }
        return changed ? Nodes.put(binding, "subjects", Nodes.seq(items, subjects.span(), subjects.tag())) : binding;
    }

    /**
     * Prefix and suffix on the string fields of {@code specs} ({@code metadata/name} for namePrefix and nameSuffix),
     * selected by the id the resource had first; kustomize never renames CRDs, Namespaces and APIServices.
     */
    private static void prefixSuffix(State st, String prefix, String suffix, List<FieldSpec> specs) {
        List<Res> out = new ArrayList<>();
        for (Res r : st.resources) {
            ResId org = r.originalId();
            boolean skip = org.kind().equals("CustomResourceDefinition") || org.kind().equals("Namespace")
                    || org.kind().equals("APIService") && org.group().equals("apiregistration.k8s.io");
            YMap c = r.content();
            for (FieldSpec fs : skip ? List.<FieldSpec>of() : specs) {
                if (fs.appliesTo(org)) {
                    c = fs.apply(c, c.span(), old -> old instanceof YScalar s
                            ? new YScalar(prefix + s.value() + suffix, s.style(), s.tag(), s.span()) : old);
                }
            }
            out.add(c == r.content() ? r : r.withContent(c));
        }
        st.replaceAll(out);
    }

    private static void labels(State st, Source self, YNode root) {
        for (YNode entry : root.get("labels").items()) {
            Map<String, YNode> pairs = pairs(entry.get("pairs"));
            List<FieldSpec> specs = new ArrayList<>();
            if ("true".equals(entry.get("includeSelectors").textOr(""))) {
                specs.addAll(st.config.commonLabels());
            } else {
                specs.add(new FieldSpec("", "", "", List.of("metadata", "labels"), true));
                if ("true".equals(entry.get("includeTemplates").textOr(""))) {
                    specs.addAll(st.config.templateLabels());
                }
            }
            specs.addAll(FieldSpec.list(entry.get("fields")));
            // A configurations file's own 'labels' field specs apply to every entry (not to commonLabels).
            specs.addAll(st.config.labels());
            setPairs(st, pairs, specs, self, entry);
        }
        Map<String, YNode> common = pairs(root.get("commonLabels"));
        if (!common.isEmpty()) {
            setPairs(st, common, st.config.commonLabels(), self, root.get("commonLabels"));
        }
    }

    private static void annotations(State st, Source self, YNode root) {
        Map<String, YNode> common = pairs(root.get("commonAnnotations"));
        if (!common.isEmpty()) {
            setPairs(st, common, st.config.commonAnnotations(), self, root.get("commonAnnotations"));
        }
    }

    /** Label and annotation values as string scalars (kustomize writes them as strings). */
    private static Map<String, YNode> pairs(YNode map) {
        Map<String, YNode> out = new LinkedHashMap<>();
        for (YEntry e : map.entries()) {
            out.put(e.keyText(), Nodes.string(e.value().textOr(""), e.value().span()));
        }
        return out;
    }

    private static void setPairs(State st, Map<String, YNode> pairs, List<FieldSpec> specs, Source self, YNode from) {
        if (pairs.isEmpty()) {
            return;
        }
        List<Res> out = new ArrayList<>();
        for (Res r : st.resources) {
            YMap c = r.content();
            for (FieldSpec fs : specs) {
                if (!fs.appliesTo(r.id())) {
                    continue;
                }
                c = fs.apply(c, from.span(), node -> {
                    YMap target = node instanceof YMap m ? m : Nodes.emptyMap(from.span());
                    if (node.isPresent() && !node.isMap() && !node.isNull()) {
                        return node;
                    }
                    for (Map.Entry<String, YNode> p : pairs.entrySet()) {
                        target = Nodes.put(target, p.getKey(), p.getValue());
                    }
                    return target;
                });
            }
            out.add(c == r.content() ? r : r.withContent(c).withProvenance(r.provenance().withNodes(from, self.path())));
        }
        st.replaceAll(out);
    }

    private static void replicas(State st, Source self, YNode root) {
        for (YNode entry : root.get("replicas").items()) {
            String name = entry.get("name").textOr("");
            YNode count = entry.get("count");
            boolean found = false;
            List<Res> out = new ArrayList<>();
            for (Res r : st.resources) {
                boolean named = r.id().name().equals(name) || r.previousIds().stream().anyMatch(p -> p.name().equals(name));
                YScalar value = Nodes.plain(count.textOr("0"), count.span());
                if (named && REPLICATED.contains(r.id().kind())) {
                    found = true;
                    out.add(r.withContent(Nodes.set(r.content(), List.of("spec", "replicas"), value))
                            .withProvenance(r.provenance().withNodes(value, self.path())));
                    continue;
                }
                // Kinds a `configurations` file adds to the replicas field specs (a custom resource's spec/size...).
                YMap c = r.content();
                for (FieldSpec fs : st.config.replicas()) {
                    if (named && !REPLICATED.contains(fs.kind()) && fs.appliesTo(r.id())) {
                        found = true;
                        c = fs.apply(c, value.span(), old -> value);
                    }
                }
                out.add(c == r.content() ? r : r.withContent(c).withProvenance(r.provenance().withNodes(value, self.path())));
            }
            if (!found && st.complete) {
                st.problem(BuildProblem.Kind.INVALID, self.at(entry), "replicas entry '" + name
                        + "' matches no Deployment, ReplicaSet, ReplicationController or StatefulSet");
            }
            st.replaceAll(out);
        }
    }

    private static void images(State st, YNode root, FluxOverrides overrides) {
        List<Images.Rule> rules = new ArrayList<>();
        for (YNode entry : concat(root.get("images"), root.get("imageTags"))) {
            rules.add(Images.Rule.of(entry));
        }
        for (YNode entry : overrides.images()) {
            Images.Rule rule = Images.Rule.of(entry);
            rules.removeIf(r -> r.name().equals(rule.name()));
            rules.add(rule);
        }
        if (!rules.isEmpty()) {
            applyImages(st, rules, st.config.images());
        }
    }

    /** Image rules on the containers of every resource and on the fields of {@code specs}. */
    private static void applyImages(State st, List<Images.Rule> rules, List<FieldSpec> specs) {
        List<Res> out = new ArrayList<>();
        for (Res r : st.resources) {
            // A renamed image a patch wrote is still written in the patch's file (for locations).
            Provenance[] provenance = {r.provenance()};
            YMap c = Images.apply(r.content(), rules, specs, (old, next) -> provenance[0].fileOf(old)
                    .ifPresent(file -> provenance[0] = provenance[0].withNodes(next, file)));
            out.add(c == r.content() ? r : r.withContent(c).withProvenance(provenance[0]));
        }
        st.replaceAll(out);
    }

    private void replacements(State st, String dir, Source self, YNode root) {
        for (YNode entry : root.get("replacements").items()) {
            List<YNode> list = new ArrayList<>();
            if (entry.get("path").hasText()) {
                Optional<String> path = localFile(st, dir, self, entry.get("path"));
                if (path.isEmpty()) {
                    continue;
                }
                st.inputs.add(path.get());
                Optional<FileModel> f = file(path.get());
                if (f.isEmpty()) {
                    st.complete = false;
                    continue;
                }
                for (YDocument d : f.get().documents()) {
                    if (d.root().isSeq()) {
                        list.addAll(d.root().items());
                    } else if (d.root().isMap()) {
                        list.add(d.root());
                    }
                }
            } else {
                list.add(entry);
            }
            for (YNode replacement : list) {
                Replacements.Result result = Replacements.apply(st.resources, replacement);
                if (result.error() != null) {
                    if (st.complete) {
                        // Its source or target may be among what the build does not see (remote base, chart).
                        st.problem(BuildProblem.Kind.INVALID, self.at(entry), result.error());
                    }
                } else {
                    st.replaceAll(result.resources());
                }
            }
        }
    }

    private static void dropLocal(State st) {
        List<Res> kept = new ArrayList<>();
        for (Res r : st.resources) {
            if (!"true".equals(r.content().at("metadata", "annotations", LOCAL_CONFIG).textOr(""))) {
                kept.add(r);
            }
        }
        if (kept.size() != st.resources.size()) {
            st.replaceAll(kept);
        }
    }

    // ---------------------------------------------------------------- Flux's generated kustomization

    /**
     * Flux's kustomization for a folder without one: every {@code .yaml}/{@code .yml} file below it,
     * recursively, in lexical order, except in sub-folders that have their own kustomization file
     * (included as one resource, not descended), and except the files the source excludes by default.
     */
    private Accumulated generated(String dir, FluxOverrides overrides) {
        State st = new State(Accumulated.EMPTY, new User(dir, "./" + dir + " (the kustomization Flux generates)"), false,
                kustomize.maxRenderedObjects());
        walk(st, dir);
        Source none = new Source(overrides.sourcePath(), Optional.empty());
        components(st, dir, none, YMissing.INSTANCE, overrides);
        transform(st, dir, none, YMissing.INSTANCE, overrides);
        return st.freeze();
    }

    private void walk(State st, String dir) {
        for (String child : children(dir)) {
            String path = dir.isEmpty() ? child : dir + "/" + child;
            boolean isDir = isDirectory(path);
            if (sourceIgnored(path, isDir)) {
                continue;
            }
            if (isDir) {
                if (!kustomizationNames(path).isEmpty()) {
                    Optional<FileModel> component = kustomizationNames(path).size() == 1
                            ? kustomizationFile(path).filter(Kustomize::isComponent) : Optional.empty();
                    if (component.isPresent()) {
                        // Listed under resources, where kustomize refuses a Component.
                        YNode root = rootOf(component.get());
                        YNode kind = root instanceof YMap m ? m.keyNode("kind") : root;
                        st.problem(BuildProblem.Kind.INVALID, component.get().location(kind),
                                "'" + path + "' is a Component, and the kustomization Flux generates for ./"
                                        + display(st.user.dir()) + " lists it under resources, where kustomize refuses one");
                        st.complete = false;
                        continue;
                    }
                    Location at = new Location(path, Span.START);
                    Accumulated nested = folder(path, at, false);
                    st.absorb(nested);
                    for (Res r : nested.resources()) {
                        addListed(st, r);
                    }
                } else {
                    walk(st, path);
                }
                continue;
            }
            if (!child.endsWith(".yaml") && !child.endsWith(".yml")) {
                continue;
            }
            Optional<FileModel> file = file(path);
            if (file.isEmpty()) {
                st.complete = false;
                continue;
            }
            st.inputs.add(path);
            Location at = new Location(path, Span.START);
            if (file.get().template() || file.get().yaml().isEmpty() || file.get().yaml().get().fatal().isPresent()) {
                st.problem(BuildProblem.Kind.UNREADABLE, at, "Flux cannot decode '" + child + "' as Kubernetes YAML");
                st.complete = false;
                continue;
            }
            List<Res> found = new ArrayList<>();
            String error = objectsOf(file.get(), found);
            if (error != null) {
                st.problem(BuildProblem.Kind.UNREADABLE, at, "Flux cannot decode '" + child + "' as Kubernetes YAML: " + error);
                st.complete = false;
                continue;
            }
            for (Res r : found) {
                st.loaded.add(r.origin());
                addListed(st, r);
            }
        }
    }

    /**
     * Adds an object of a file (or sub-folder) the generated kustomization lists. Two files that define the same
     * object (a copied manifest whose name was not changed) make kustomize refuse the build: reported at the second
     * object, naming the file of the first.
     */
    private static void addListed(State st, Res r) {
        Res first = st.registered(r.id());
        if (first == null) {
            st.append(r, r.origin().location());
            return;
        }
        String where = first.origin().path().equals(r.origin().path()) ? "earlier in the same file"
                : "in " + first.origin().path();
        st.problem(BuildProblem.Kind.INVALID, r.origin().location(), "may not add " + r.id() + ": it is already defined "
                + where + ", and the kustomization Flux generates for ./" + display(st.user.dir()) + " includes both");
    }

    // ---------------------------------------------------------------- what a build reads

    /** Asks the repository, noting question and answer for the folder being built (see {@link RenderMemo}). */
    /** One question about one path, asked once per build however often the build asks it. */
    private record ReadKey(RenderMemo.Question question, String path) {
    }

    private Object ask(RenderMemo.Question question, String path) {
        Object answer = kustomize.answer(question, path);
        if (artifactOnly) {
            answer = inArtifact(question, path, answer);
        }
        Scope scope = scopes.peek();
        if (scope != null) {
            scope.reads.putIfAbsent(new ReadKey(question, path), new RenderMemo.Read(question, path, answer));
        }
        return answer;
    }

    /** The answer as the artifact gives it: a path it leaves out is not there (nor listed in its folder). */
    @SuppressWarnings("unchecked")
    private Object inArtifact(RenderMemo.Question question, String path, Object answer) {
        return switch (question) {
            case FILE -> leftOut.test(path, false) ? null : answer;
            case EXISTS -> (Boolean) answer && !leftOut.test(path, kustomize.model().isDirectory(path));
            case DIRECTORY -> (Boolean) answer && !leftOut.test(path, true);
            case KUSTOMIZATION_NAMES, CHILDREN -> ((List<String>) answer).stream()
                    .filter(name -> !leftOut.test(Paths.resolve(path, name), question == RenderMemo.Question.CHILDREN
                            && kustomize.model().isDirectory(Paths.resolve(path, name)))).toList();
            case BYTES -> leftOut.test(path, false) ? new RenderMemo.Bytes(null) : answer;
            case LINK_FAULT -> leftOut.test(path, false) ? null : answer;
            default -> answer;
        };
    }

    private Optional<FileModel> file(String path) {
        return Optional.ofNullable((FileModel) ask(RenderMemo.Question.FILE, path));
    }

    private boolean exists(String path) {
        return (Boolean) ask(RenderMemo.Question.EXISTS, path);
    }

    private boolean isDirectory(String path) {
        return (Boolean) ask(RenderMemo.Question.DIRECTORY, path);
    }

    /** A path in a git submodule, or one a GitRepository's {@code spec.include} fills: there, but not seen. */
    private boolean unseen(String path) {
        return (Boolean) ask(RenderMemo.Question.UNSEEN, path) || included(path);
    }

    /** A path a GitRepository's {@code spec.include} fills from another repository (see {@link Kustomize#included}). */
    private boolean included(String path) {
        return (Boolean) ask(RenderMemo.Question.INCLUDED, path);
    }

    /**
     * The folder {@code path} is through symbolic links to folders (the path itself or a folder above it), or
     * null. Asked only of a path that is neither a file nor a folder of the snapshot.
     */
    private String linked(String path) {
        String current = path;
        boolean followed = false;
        for (int hop = 0; hop < 8; hop++) {
            String next = null;
            for (String p = current; p != null && !p.isEmpty(); p = Paths.parent(p)) {
                String target = (String) ask(RenderMemo.Question.FOLDER_LINK, p);
                if (target != null) {
                    String rest = current.substring(p.length());
                    next = target.isEmpty() ? rest.replaceFirst("^/", "") : target + rest;
                    break;
                }
            }
            if (next == null) {
                return followed && isDirectory(current) ? current : null;
            }
            current = next;
            followed = true;
        }
        return null;
    }

    /**
     * The problem of an entry {@code ref} naming {@code path}, a symbolic link kustomize cannot follow ({@code evalsymlink
     * failure}: its target is missing, or the links loop; or it leads out of the repository, which Flux's artifact does
     * not hold), or null. A link out of a scanned subfolder that may stay in the repository is not judged, nor one to a
     * path a submodule or another repository ({@code spec.include}) fills.
     */
    private BuildProblem brokenLink(Location at, String ref, String path) {
        LinkFault fault = (LinkFault) ask(RenderMemo.Question.LINK_FAULT, path);
        if (fault == null) {
            return null;
        }
        String target = fault.target();
        String inside = target == null ? null : Paths.normalize(target);
        if (inside != null && (unseen(inside) || included(inside))
                || target != null && inside == null && Paths.leavesOnlyTheSubfolder(position(), "", target)) {
            return null;
        }
        return switch (fault.kind()) {
            case MISSING -> new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + ref
                    + "' is a symbolic link whose target does not exist");
            case LOOP -> new BuildProblem(BuildProblem.Kind.MISSING_RESOURCE, at, "'" + ref
                    + "' is a symbolic link that loops (kustomize: too many links)");
            case OUTSIDE -> new BuildProblem(BuildProblem.Kind.OUTSIDE_ROOT, at, "'" + ref
                    + "' is a symbolic link that leaves the repository");
        };
    }

    /** Records {@link #brokenLink} as a problem of the build; true when there was one. */
    private boolean brokenLink(State st, Location at, String ref, String path) {
        BuildProblem broken = brokenLink(at, ref, path);
        if (broken != null) {
            st.problems.add(broken);
            st.complete = false;
        }
        return broken != null;
    }

    @SuppressWarnings("unchecked")
    private List<String> kustomizationNames(String dir) {
        return (List<String>) ask(RenderMemo.Question.KUSTOMIZATION_NAMES, dir);
    }

    private Optional<FileModel> kustomizationFile(String dir) {
        return Kustomize.kustomizationFile(dir, kustomizationNames(dir), this::file);
    }

    @SuppressWarnings("unchecked")
    private List<String> children(String dir) {
        return (List<String>) ask(RenderMemo.Question.CHILDREN, dir);
    }

    @SuppressWarnings("unchecked")
    private List<String> filesUnder(String dir) {
        return (List<String>) ask(RenderMemo.Question.FILES_UNDER, dir);
    }

    private byte[] readBytes(String path) {
        return ((RenderMemo.Bytes) ask(RenderMemo.Question.BYTES, path)).value();
    }

    private boolean sourceIgnored(String path, boolean directory) {
        ask(RenderMemo.Question.SOURCE_IGNORE, "");
        return leftOut.test(path, directory);
    }
}
