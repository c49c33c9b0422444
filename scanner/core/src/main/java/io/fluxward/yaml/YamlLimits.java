package io.fluxward.yaml;

/**
 * Bounds on what one YAML file may cost. Hostile input (alias bombs, deep nesting, huge
 * documents) hits one of these and becomes a finding, never an exception or an exhausted heap.
 *
 * @param maxCodePoints    longest document parsed, in code points (snakeyaml-engine's own limit; set from
 *                         {@code limits.maxFileBytes}, which is never smaller, so it only guards direct callers)
 * @param maxDepth         deepest nesting of collections
 * @param maxAliases       alias uses per file
 * @param maxExpandedNodes nodes a whole file may hold once aliases are expanded: bounds the memory of the
 *                         tree (about 100 bytes a node) and the work of every rule that walks it
 */
public record YamlLimits(int maxCodePoints, int maxDepth, int maxAliases, long maxExpandedNodes) {

    public static final YamlLimits DEFAULT = new YamlLimits(10 * 1024 * 1024, 512, 10_000, 1_000_000L);

    // Written out: a record's generated equals goes through method handles, and this one is compared for every
    // file of every scan (the key of a file kept by the resident server).
    @Override
    public boolean equals(Object o) {
        return o instanceof YamlLimits l && maxCodePoints == l.maxCodePoints && maxDepth == l.maxDepth
                && maxAliases == l.maxAliases && maxExpandedNodes == l.maxExpandedNodes;
    }

    @Override
    public int hashCode() {
        return ((maxCodePoints * 31 + maxDepth) * 31 + maxAliases) * 31 + Long.hashCode(maxExpandedNodes);
    }
}
