package io.fluxward.cli;

import io.fluxward.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fluxward} command. */
@Command(name = "fluxward", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Policy scanner for Kubernetes and Flux GitOps repositories.",
        subcommands = {ScanCommand.class, GraphCommand.class, RulesCommand.class, ExplainCommand.class,
            MigrateCommand.class, VersionCommand.class, BaselineCommand.class, HookCommand.class, AuditCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
            "2:usage or configuration error, or a file that could not be processed"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        addHelpOption(cli);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("fluxward: " + ex.getMessage());
            err.println("Try 'fluxward " + ex.getCommandLine().getCommandName().replace("fluxward", "").strip()
                    + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parse) -> {
            err.println("fluxward: internal error (" + ex.getClass().getSimpleName() + "); please report it");
            if (System.getenv("FLUXWARD_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCodes.USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Every command and subcommand answers {@code -h}/{@code --help} (picocli adds it only where asked). */
    private static void addHelpOption(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        boolean hasHelp = spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp);
        boolean shortTaken = spec.findOption("-h") != null;
        if (!hasHelp) {
            String[] names = shortTaken ? new String[] {"--help"} : new String[] {"-h", "--help"};
            spec.addOption(CommandLine.Model.OptionSpec.builder(names).usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(Main::addHelpOption);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the version from the build. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fluxward " + Version.get()};
        }
    }
}
