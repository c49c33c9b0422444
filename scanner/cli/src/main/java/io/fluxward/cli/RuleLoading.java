package io.fluxward.cli;

import io.fluxward.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --rules-jar}, shared by the commands that load rules. */
public final class RuleLoading {

    @Option(names = "--rules-jar", paramLabel = "JAR",
            description = "Load extra rules from this jar (ServiceLoader, io.fluxward.engine.Rule). Repeatable.")
    private List<Path> jars = List.of();

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    /** The rules; a jar without rules is reported on stderr (it may only hold classes other jars' rules use). */
    public RuleSet load() throws RuleSet.RuleLoadException {
        RuleSet rules = RuleSet.load(jars);
        rules.warnings().forEach(w -> command.commandLine().getErr().println("fluxward: warning: " + w));
        return rules;
    }
}
