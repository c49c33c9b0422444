package io.fluxward.model;

import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YamlParse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Facts computed from this file (see {@link FileFact}), made on first use. */
    private final Map<FileFact<?>, Object> facts = new ConcurrentHashMap<>(4);

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
        Object known = facts.get(fact);
        if (known == null) {
            // Not computeIfAbsent: a fact may ask this file another fact (a recursive update of the map).
            known = Objects.requireNonNull(fact.compute().apply(this), fact.name());
            Object raced = facts.putIfAbsent(fact, known);
            known = raced != null ? raced : known;
        }
        return (T) known;
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
