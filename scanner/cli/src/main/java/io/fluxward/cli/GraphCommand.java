package io.fluxward.cli;

import io.fluxward.baseline.Baseline;
import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.flux.FluxModel;
import io.fluxward.graph.DotRenderer;
import io.fluxward.graph.FluxGraph;
import io.fluxward.graph.JsonGraphRenderer;
import io.fluxward.graph.MermaidRenderer;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.report.TextReporter;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fluxward graph [PATH]}: the Flux reconciliation graph, with the appliers that have errors marked. */
@Command(name = "graph", sortOptions = false,
        description = "Print the Flux graph: appliers per cluster, their sources and dependsOn edges, errors marked.",
        exitCodeListHeading = "%nExit codes (over all the scan's findings, drawn or not):%n",
        exitCodeList = {"0:no finding at or above --fail-on (--no-findings: no finding is looked for)",
            "1:findings at or above --fail-on", "2:usage or configuration error, or a file that could not be processed"})
public final class GraphCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { dot, mermaid, json }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..1", description = "The repository folder (default: current folder).")
    private Path path = Path.of(".");

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "mermaid",
            description = "dot, mermaid or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the graph to FILE instead of stdout.")
    private Path output;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: .fluxward.yaml at the scan root).")
    private Path config;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit 1 when a finding is at or above LEVEL: error, warning, note, never (default: ${DEFAULT-VALUE}).")
    private ScanCommand.FailOn failOn;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Findings recorded in FILE (see 'fluxward baseline create') mark no applier and do not count for"
                    + " the exit code, as with 'scan --baseline'.")
    private Path baseline;

    @Option(names = "--no-findings", description = "Do not run the rules: draw the graph only (never exit 1).")
    private boolean noFindings;

    @Mixin
    private RuleLoading ruleLoading;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path root = path.toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                err.println("fluxward: " + path + ": not a folder");
                return ExitCodes.USAGE;
            }
            ScanTarget target = ScanTarget.of(List.of(root), System.getenv()).get(0);
            ScanOptions options = ScanOptions.defaults();
            if (baseline != null && !noFindings) {
                options = options.withFilter(BaselineCommand.read(baseline).filter(target.pathPrefix()));
            }
            RuleSet rules = ruleLoading.load();
            // Read as scan reads it (the root's .fluxward.yaml, else the git top's): both judge the same configuration.
            Config cfg = ConfigFiles.load(config, target, rules.descriptors());
            Scanner scanner = new Scanner(rules);
            List<Note> notes = Collections.synchronizedList(new ArrayList<>());
            // The files scan reads (git-ignored ones left out), placed in the repository as scan places them: the same
            // findings and fingerprints, so a baseline made by 'baseline create' matches here too.
            List<String> warnings = new ArrayList<>();
            Snapshot snapshot = ScanCommand.workTreeNow(target, System.getenv(), warnings).at(target.pathPrefix());
            warnings.forEach(w -> err.println("fluxward: warning: " + TextReporter.printable(w)));
            cfg.checkSchemaFolders(snapshot);
            RepositoryModel model = scanner.model(snapshot, cfg, ScanOptions.defaults(), notes);
            FluxModel flux = model.facet(FluxModel.FACET);
            ScanResult result = noFindings ? null : scanner.check(model, options, notes);
            FluxGraph graph = FluxGraph.of(flux, cfg, result == null ? List.of() : result.findings());
            String text = switch (format) {
                case dot -> DotRenderer.render(graph);
                case mermaid -> MermaidRenderer.render(graph);
                case json -> JsonGraphRenderer.render(graph);
            };
            if (output == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            }
            boolean unprocessed = false;
            for (Note n : result == null ? notes : result.notes()) {
                if (n.kind() == Note.Kind.ERROR) {
                    err.println("fluxward: error: " + TextReporter.printable(n.render()));
                    unprocessed = true;
                }
            }
            if (unprocessed) {
                return ExitCodes.USAGE;
            }
            // As scan: every finding counts, also those on no drawn node (a stray key file, an unapplied folder).
            boolean failed = result != null && failOn.blocking(result).isPresent();
            return failed ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
        } catch (ConfigException | IOException | Baseline.BaselineException e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
