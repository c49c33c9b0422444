package io.fluxward.cli;

import io.fluxward.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fluxward version}. */
@Command(name = "version", description = "Print fluxward's version.")
public final class VersionCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("fluxward " + Version.get());
        return ExitCodes.CLEAN;
    }
}
