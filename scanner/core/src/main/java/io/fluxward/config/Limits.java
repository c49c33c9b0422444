package io.fluxward.config;

import io.fluxward.yaml.YamlLimits;

/**
 * Resource bounds of a scan, all configurable under {@code limits:} in {@code .fluxward.yaml}.
 *
 * @param maxFileBytes files larger than this are not read (a note says so)
 * @param yaml         bounds on parsing one YAML file
 */
public record Limits(long maxFileBytes, YamlLimits yaml) {

    public static final Limits DEFAULT = new Limits(10L * 1024 * 1024, YamlLimits.DEFAULT);
}
