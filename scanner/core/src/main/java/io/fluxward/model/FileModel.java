package io.fluxward.model;

import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YamlParse;
import java.util.List;
import java.util.Optional;

/**
 * Everything read from one file: its text, its YAML documents (for YAML and JSON files), the
 * Kubernetes objects in them, and its inline suppressions.
 *
 * @param template true for a Helm chart template or other Go-templated file (skipped by most rules)
 */
public record FileModel(SourceFile file, Optional<YamlParse> yaml, List<KubeObject> objects,
                        List<Suppression> suppressions, boolean template) {

    public FileModel {
        objects = List.copyOf(objects);
        suppressions = List.copyOf(suppressions);
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
}
