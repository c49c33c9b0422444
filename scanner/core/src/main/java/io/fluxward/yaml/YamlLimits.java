package io.fluxward.yaml;

/**
 * Bounds on what one YAML file may cost. Hostile input (alias bombs, deep nesting, huge
 * documents) hits one of these and becomes a finding, never an exception or an exhausted heap.
 *
 * @param maxCodePoints  longest text parsed, in code points
 * @param maxDepth       deepest nesting of collections
 * @param maxAliases     alias uses per file
 * @param maxExpandedNodes nodes a document may hold once aliases are expanded
 */
public record YamlLimits(int maxCodePoints, int maxDepth, int maxAliases, long maxExpandedNodes) {

    public static final YamlLimits DEFAULT = new YamlLimits(16 * 1024 * 1024, 512, 10_000, 2_000_000L);
}
