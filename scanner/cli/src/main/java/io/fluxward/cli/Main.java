package io.fluxward.cli;

import io.fluxward.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fluxward} command. */
@Command(name = "fluxward", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Policy scanner for Kubernetes and Flux GitOps repositories.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
            "2:usage or configuration error, or a file that could not be processed"})
public final class Main implements Runnable {

    /**
     * The subcommands by name, in help order. A run builds only the one it calls: picocli reads every
     * option of a command by reflection, and doing so for all of them was a sixth of a pre-commit run.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Invocation invocation;

    private Main(Invocation invocation) {
        this.invocation = invocation;
    }

    /** The folder, environment and terminal of this run (subcommands reach it as their parent command). */
    Invocation invocation() {
        return invocation;
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("scan", ScanCommand::new);
        all.put("graph", GraphCommand::new);
        all.put("rules", RulesCommand::new);
        all.put("explain", ExplainCommand::new);
        all.put("migrate", MigrateCommand::new);
        all.put("version", VersionCommand::new);
        all.put("baseline", BaselineCommand::new);
        all.put("hook", HookCommand::new);
        all.put("audit", AuditCommand::new);
        return java.util.Collections.unmodifiableMap(all);
    }

    /** The whole command tree (help of the top command, unknown commands, tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0], Invocation.ofProcess());
    }

    /** The command tree a run of {@code args} needs: only the subcommand it names, or all when it names none. */
    static CommandLine commandLine(String[] args, Invocation invocation) {
        CommandLine cli = new CommandLine(new Main(invocation));
        Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        // Typed paths are relative to the invocation's folder (the client's, in the resident server).
        cli.registerConverter(Path.class, invocation::path);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process (tests use this); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Invocation.ofProcess());
    }

    /** Runs the CLI for an invocation that may not be this process's own (the resident server). */
    static int run(String[] args, PrintWriter out, PrintWriter err, Invocation invocation) {
        CommandLine cli = commandLine(args, invocation);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        addHelpOption(cli);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("fluxward: " + ex.getMessage());
            String command = ex.getCommandLine().getCommandName().replace("fluxward", "").strip();
            err.println("Try 'fluxward " + (command.isEmpty() ? "" : command + " ") + "--help' for usage.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parse) -> {
            err.println("fluxward: internal error (" + ex.getClass().getSimpleName() + "); please report it");
            if (invocation.getenv("FLUXWARD_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCodes.USAGE;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only exceptions to the handler above: an Error would end the JVM with a stack trace.
            err.println("fluxward: error: out of memory (Java heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB): give the JVM more with -Xmx (FLUXWARD_JAVA_OPTS), or scan a subfolder");
            code = ExitCodes.USAGE;
        } catch (StackOverflowError e) {
            err.println("fluxward: internal error (StackOverflowError); please report it");
            if (invocation.getenv("FLUXWARD_DEBUG") != null) {
                e.printStackTrace(err);
            }
            code = ExitCodes.USAGE;
        }
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
