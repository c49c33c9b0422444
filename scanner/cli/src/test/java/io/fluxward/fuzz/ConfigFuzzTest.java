package io.fluxward.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.RuleDescriptor;
import java.nio.charset.StandardCharsets;

/** Fuzzes .fluxward.yaml: a configuration either loads or is a ConfigException, and a loaded one answers every query. */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void fuzzConfig(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Config config;
        try {
            config = Config.parse(text, ".fluxward.yaml", FuzzChecks.rules().descriptors());
        } catch (ConfigException e) {
            FuzzChecks.check(e.getMessage().startsWith(".fluxward.yaml:") && e.getMessage().indexOf('\n') < 0,
                    "config error without a location, or on several lines: " + e.getMessage());
            return;
        }
        config.limits();
        config.ignore().forEach(io.fluxward.config.Glob::of);
        config.strings("externals", "kustomizations");
        config.string("flux", "version");
        for (RuleDescriptor rule : FuzzChecks.rules().descriptors().values()) {
            config.isEnabled(rule);
            config.levelOverride(rule.id());
            for (String option : rule.options()) {
                config.ruleOption(rule.id(), option);
            }
        }
    }
}
