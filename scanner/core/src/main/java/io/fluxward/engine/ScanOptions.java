package io.fluxward.engine;

import java.util.function.Predicate;

/**
 * What to scan and how.
 *
 * @param include    which snapshot paths to read (after the config's {@code ignore} globs)
 * @param ruleFilter which enabled rules to run (e.g. only secret rules for {@code fluxward-secrets})
 * @param threads    parallelism; output never depends on it
 */
public record ScanOptions(Predicate<String> include, Predicate<RuleDescriptor> ruleFilter, int threads) {

    public static ScanOptions defaults() {
        return new ScanOptions(p -> true, r -> true, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ScanOptions withInclude(Predicate<String> newInclude) {
        return new ScanOptions(newInclude, ruleFilter, threads);
    }

    public ScanOptions withRuleFilter(Predicate<RuleDescriptor> filter) {
        return new ScanOptions(include, filter, threads);
    }

    public ScanOptions withThreads(int n) {
        return new ScanOptions(include, ruleFilter, Math.max(1, n));
    }
}
