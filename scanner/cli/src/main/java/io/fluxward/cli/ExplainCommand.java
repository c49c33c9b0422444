package io.fluxward.cli;

import io.fluxward.config.ConfigSchema;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fluxward explain FW-XXXX}: the rule's full help. */
@Command(name = "explain", description = "Explain a rule: why it matters, how to fix it, examples.")
public final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Rule ID, e.g. FW-S001 (or its name, e.g. unencrypted-secret).")
    private String id;

    @Option(names = "--markdown", description = "Print Markdown instead of plain text.")
    private boolean markdown;

    @Mixin
    private RuleLoading ruleLoading;

    @Override
    public Integer call() {
        Map<String, RuleDescriptor> rules;
        try {
            rules = ruleLoading.load().descriptors();
        } catch (RuleSet.RuleLoadException e) {
            spec.commandLine().getErr().println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String wanted = id.strip();
        RuleDescriptor rule = rules.get(wanted.toUpperCase(Locale.ROOT));
        if (rule == null) {
            rule = rules.values().stream().filter(d -> d.name().equalsIgnoreCase(wanted)).findFirst().orElse(null);
        }
        if (rule == null) {
            String hint = ConfigSchema.didYouMeanRule(wanted, rules.keySet())
                    .map(s -> " (did you mean " + s + "?)").orElse("");
            spec.commandLine().getErr().println("fluxward: unknown rule '" + id + "'" + hint + "; see 'fluxward rules'");
            return ExitCodes.USAGE;
        }
        spec.commandLine().getOut().print(markdown ? rule.helpMarkdown() : rule.helpText());
        spec.commandLine().getOut().flush();
        return ExitCodes.CLEAN;
    }
}
