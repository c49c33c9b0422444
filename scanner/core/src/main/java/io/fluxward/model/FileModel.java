package io.fluxward.model;

import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YamlParse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything read from one file: its text, its YAML documents (for YAML and JSON files), the
 * Kubernetes objects in them, and its inline suppressions.
 */
public final class FileModel {

    private final SourceFile file;
    private final Optional<YamlParse> yaml;
    private final List<KubeObject> objects;
    private final List<Suppression> suppressions;
    private final boolean template;
    /**
     * Facts computed from this file (see {@link FileFact}): fact, value, fact, value... A file holds a
     * handful, so a small array replaced whole on each addition (found by identity, no hashing, a few
     * dozen bytes per file) rather than a map per file.
     */
    private volatile Object[] facts = NO_FACTS;
    private static final Object[] NO_FACTS = new Object[0];
    private static final VarHandle FACTS;

    static {
        try {
            FACTS = MethodHandles.lookup().findVarHandle(FileModel.class, "facts", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public FileModel(SourceFile file, Optional<YamlParse> yaml, List<KubeObject> objects, List<Suppression> suppressions,
                     boolean template) {
        this.file = Objects.requireNonNull(file);
        this.yaml = Objects.requireNonNull(yaml);
        this.objects = List.copyOf(objects);
        this.suppressions = List.copyOf(suppressions);
        this.template = template;
    }

    public SourceFile file() {
        return file;
    }

    public Optional<YamlParse> yaml() {
        return yaml;
    }

    public List<KubeObject> objects() {
        return objects;
    }

    public List<Suppression> suppressions() {
        return suppressions;
    }

    /** True for a Helm chart template or other Go-templated file (skipped by most rules). */
    public boolean template() {
        return template;
    }

    /** The fact about this file, computed on first use and kept with this model (it is immutable). */
    @SuppressWarnings("unchecked")
    public <T> T fact(FileFact<T> fact) {
        Object known = find(facts, fact);
        if (known != null) {
            return (T) known;
        }
        // Computed outside any lock: a fact may ask this file another fact.
        Object value = Objects.requireNonNull(fact.compute().apply(this), fact.name());
        while (true) {
            Object[] before = facts;
            Object raced = find(before, fact);
            if (raced != null) {
                return (T) raced;
            }
            Object[] after = Arrays.copyOf(before, before.length + 2);
            after[before.length] = fact;
            after[before.length + 1] = value;
            if (FACTS.compareAndSet(this, before, after)) {
                return (T) value;
            }
        }
    }

    private static Object find(Object[] facts, FileFact<?> fact) {
        for (int i = 0; i < facts.length; i += 2) {
            if (facts[i] == fact) {
                return facts[i + 1];
            }
        }
        return null;
    }

    public String path() {
        return file.path();
    }

    public List<YDocument> documents() {
        return yaml.map(YamlParse::documents).orElse(List.of());
    }

    public boolean isYaml() {
        return yaml.isPresent();
    }

    public Location location(io.fluxward.yaml.YNode node) {
        return new Location(path(), node.span());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileModel f && template == f.template && file.equals(f.file) && yaml.equals(f.yaml)
                && objects.equals(f.objects) && suppressions.equals(f.suppressions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, yaml, objects, suppressions, template);
    }

    @Override
    public String toString() {
        return "FileModel[" + file + ", " + objects.size() + " objects]";
    }
}
