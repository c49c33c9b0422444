package io.fluxward.cli;

import io.fluxward.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --rules-jar}, shared by the commands that load rules. */
public final class RuleLoading {

    @Option(names = "--rules-jar", paramLabel = "JAR",
            description = "Load extra rules from this jar (ServiceLoader, io.fluxward.engine.Rule). Repeatable.")
    private List<Path> jars = List.of();

    public RuleSet load() throws RuleSet.RuleLoadException {
        return RuleSet.load(jars);
    }
}
