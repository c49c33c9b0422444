package io.fluxward.engine;

/**
 * A policy check. Implement {@link FileRule} when the verdict depends on one file only (such
 * rules are cached per blob and used by the history audit), or {@link RepositoryRule} when it
 * needs the whole repository. Annotate the class with {@link RuleInfo} and list it in
 * {@code META-INF/services/io.fluxward.engine.Rule}. Rules never do I/O and never print.
 */
public interface Rule {

    /** The rule's metadata, read from its {@link RuleInfo} annotation. */
    default RuleDescriptor descriptor() {
        return RuleDescriptor.of(getClass());
    }
}
