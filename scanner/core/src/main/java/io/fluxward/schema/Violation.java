package io.fluxward.schema;

import io.fluxward.yaml.YNode;
import java.util.List;

/**
 * One way an object breaks its schema. The message starts with the field path and never quotes
 * the offending value (it could be a secret).
 *
 * @param kind      what is wrong
 * @param path      where in the object, as keys and list indexes
 * @param fieldPath the same, rendered: {@code spec.dependsOn[0].name} ({@code ""} for the root)
 * @param node      the most specific YAML node: the key of an unknown field, the value of a wrong
 *                  one, the key of the mapping that lacks a required field
 * @param message   the finding's text
 * @param missing   for a missing required field, its name (the field is {@code path} plus it); else {@code ""}
 */
public record Violation(Kind kind, List<String> path, String fieldPath, YNode node, String message, String missing) {

    public Violation {
        path = List.copyOf(path);
    }

    public Violation(Kind kind, List<String> path, String fieldPath, YNode node, String message) {
        this(kind, path, fieldPath, node, message, "");
    }

    /** The path of the field a violation is about: for a missing required field, the field's own. */
    public List<String> field() {
        if (missing.isEmpty()) {
            return path;
        }
        List<String> out = new java.util.ArrayList<>(path);
        out.add(missing);
        return List.copyOf(out);
    }

    /** Kinds of schema violations. */
    public enum Kind {
        UNKNOWN_FIELD, TYPE, REQUIRED, ENUM, PATTERN, LENGTH, RANGE, ITEMS, PROPERTIES, FORMAT, OTHER,
        /** A CEL rule of the CRD ({@code x-kubernetes-validations}). */
        RULE
    }
}
