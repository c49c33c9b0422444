package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage and exit status 0. */
class HelpTest {

    private static void collect(CommandLine command, String prefix, List<String> out) {
        for (var e : command.getSubcommands().entrySet()) {
            String path = (prefix + " " + e.getKey()).strip();
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<String> commands = new ArrayList<>();
        collect(Main.commandLine(), "", commands);
        assertThat(commands).contains("scan", "graph", "rules", "explain", "baseline create", "hook install", "audit");
        for (String command : commands) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as("%s --help: %s", command, run).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: fluxward " + command);
        }
    }
}
