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
 */
public record Violation(Kind kind, List<String> path, String fieldPath, YNode node, String message) {

    public Violation {
        path = List.copyOf(path);
    }

    /** Kinds of schema violations. */
    public enum Kind {
        UNKNOWN_FIELD, TYPE, REQUIRED, ENUM, PATTERN, LENGTH, RANGE, ITEMS, PROPERTIES, FORMAT, OTHER,
        /** A CEL rule of the CRD ({@code x-kubernetes-validations}). */
        RULE
    }
}
