package io.fluxward.schema;

import io.fluxward.config.Config;
import io.fluxward.engine.Level;
import java.util.Optional;

/**
 * How serious using a deprecated API version is for the cluster a repository targets.
 * Without a target ({@code flux.version} / {@code eso.version} unset), every listed version is a
 * warning. With one, a version removed at or before the target is an error (the API server
 * rejects it), a version deprecated at or before it is a warning, and a version that the target
 * still serves without deprecation is not reported at all.
 *
 * @param level  error or warning
 * @param status e.g. {@code is deprecated since Flux 2.3 and removed in Flux 2.8}
 */
public record ApiVerdict(Level level, String status) {

    /** The version the configuration says the cluster runs, for the product of a row. */
    public static Optional<ReleaseVersion> target(Config config, ApiLifecycle.Product product) {
        if (product.configKey().isEmpty()) {
            return Optional.empty();
        }
        return config.string(product.configKey(), "version").flatMap(ReleaseVersion::parse);
    }

    /** The verdict for a row; empty when the target still serves it undeprecated. */
    public static Optional<ApiVerdict> of(ApiLifecycle.Api api, Config config) {
        return of(api, target(config, api.product()));
    }

    /** The verdict for a row and an explicit target. */
    public static Optional<ApiVerdict> of(ApiLifecycle.Api api, Optional<ReleaseVersion> target) {
        String product = api.product() == ApiLifecycle.Product.ESO ? "ESO" : api.product().title();
        String removed = "removed in " + product + " " + api.removed();
        String deprecated = api.deprecated().isPresent()
                ? "deprecated since " + product + " " + api.deprecatedText() : "";
        if (target.isEmpty()) {
            return Optional.of(new ApiVerdict(Level.WARNING, deprecated.isEmpty() ? "was " + removed
                    : "is " + deprecated + " and " + removed));
        }
        ReleaseVersion t = target.get();
        String configured = api.product().configKey() + ".version is " + t;
        if (t.atLeast(api.removed())) {
            return Optional.of(new ApiVerdict(Level.ERROR, "was " + removed + " (" + configured
                    + "): the API server rejects it"));
        }
        if (t.atLeast(api.warnFrom())) {
            return Optional.of(new ApiVerdict(Level.WARNING, "is " + deprecated + " (" + configured + ") and "
                    + removed));
        }
        return Optional.empty();
    }
}
