package io.fluxward.engine;

import java.util.ArrayList;
import io.fluxward.model.ParsedFiles;
import io.fluxward.model.RepositoryModel;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What to scan and how.
 *
 * @param include      which snapshot paths to read (after the config's {@code ignore} globs)
 * @param ruleFilter   which enabled rules to run (e.g. only secret rules for {@code fluxward-secrets})
 * @param threads      parallelism; output never depends on it
 * @param identityPath the path a file's findings are fingerprinted under: itself, except when the
 *                     scan is the "before" side of a comparison and the file was renamed since
 * @param filters      known findings to hide (baseline, findings that existed before a change)
 * @param fileRuleScope the files {@link FileRule}s run on (all by default); a change scan narrows it to
 *                     the changed files, since the other files' file-rule findings cannot be new
 * @param observer     given the model and the result of the scan (reports that show more than findings,
 *                     such as the Flux graph of the job summary); not given the "before" side of a comparison
 * @param cache        where rule outcomes are kept between runs ({@link ResultCache#NONE} by default)
 * @param snapshotKey  a digest of the whole scanned snapshot's content (paths and blobs), when the model
 *                     covers all of it: the key of the repository rules' outcome in the cache; empty
 *                     means the repository rules' outcome is not cached
 * @param parsedFiles  files loaded by earlier scans of this process ({@link ParsedFiles#NONE} by default)
 */
public record ScanOptions(Predicate<String> include, Predicate<RuleDescriptor> ruleFilter, int threads,
                          UnaryOperator<String> identityPath, List<FindingFilter> filters,
                          Predicate<String> fileRuleScope, BiConsumer<RepositoryModel, ScanResult> observer,
                          ResultCache cache, Optional<String> snapshotKey, ParsedFiles parsedFiles) {

    public ScanOptions {
        filters = List.copyOf(filters);
    }

    /** The observer that does nothing (then a scan may skip building a model nobody looks at). */
    public static final BiConsumer<RepositoryModel, ScanResult> NO_OBSERVER = (m, r) -> { };

    public ScanOptions(Predicate<String> include, Predicate<RuleDescriptor> ruleFilter, int threads) {
        this(include, ruleFilter, threads, UnaryOperator.identity(), List.of(), p -> true, NO_OBSERVER,
                ResultCache.NONE, Optional.empty(), ParsedFiles.NONE);
    }

    public static ScanOptions defaults() {
        return new ScanOptions(p -> true, r -> true, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ScanOptions withInclude(Predicate<String> newInclude) {
        return new ScanOptions(newInclude, ruleFilter, threads, identityPath, filters, fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    public ScanOptions withRuleFilter(Predicate<RuleDescriptor> filter) {
        return new ScanOptions(include, filter, threads, identityPath, filters, fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    public ScanOptions withThreads(int n) {
        return new ScanOptions(include, ruleFilter, Math.max(1, n), identityPath, filters, fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    public ScanOptions withIdentityPath(UnaryOperator<String> mapping) {
        return new ScanOptions(include, ruleFilter, threads, mapping, filters, fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    /** These options plus one more filter, applied after the ones already there. */
    public ScanOptions withFilter(FindingFilter filter) {
        List<FindingFilter> more = new ArrayList<>(filters);
        more.add(filter);
        return new ScanOptions(include, ruleFilter, threads, identityPath, more, fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    public ScanOptions withoutFilters() {
        return new ScanOptions(include, ruleFilter, threads, identityPath, List.of(), fileRuleScope, observer,
                cache, snapshotKey, parsedFiles);
    }

    /** True when an observer wants the whole model of the scan. */
    public boolean hasObserver() {
        return observer != NO_OBSERVER;
    }

    public ScanOptions withObserver(BiConsumer<RepositoryModel, ScanResult> newObserver) {
        return new ScanOptions(include, ruleFilter, threads, identityPath, filters, fileRuleScope, newObserver,
                cache, snapshotKey, parsedFiles);
    }

    public ScanOptions withCache(ResultCache newCache) {
        return new ScanOptions(include, ruleFilter, threads, identityPath, filters, fileRuleScope, observer, newCache,
                snapshotKey, parsedFiles);
    }

    /** The snapshot digest under which the repository rules' outcome is cached (empty: not cached). */
    public ScanOptions withSnapshotKey(Optional<String> key) {
        return new ScanOptions(include, ruleFilter, threads, identityPath, filters, fileRuleScope, observer,
                cache, key, parsedFiles);
    }

    public ScanOptions withParsedFiles(ParsedFiles kept) {
        return new ScanOptions(include, ruleFilter, threads, identityPath, filters, fileRuleScope, observer, cache,
                snapshotKey, kept);
    }

    public ScanOptions withFileRuleScope(Predicate<String> scope) {
        return new ScanOptions(include, ruleFilter, threads, identityPath, filters, scope, observer, cache,
                snapshotKey, parsedFiles);
    }
}
