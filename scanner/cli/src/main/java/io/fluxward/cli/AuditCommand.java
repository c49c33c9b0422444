package io.fluxward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.config.Config;
import io.fluxward.config.ConfigException;
import io.fluxward.engine.FileRule;
import io.fluxward.engine.Finding;
import io.fluxward.engine.Rule;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.git.GitRepository;
import io.fluxward.git.HistoryAudit;
import io.fluxward.model.Note;
import io.fluxward.report.TextReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fluxward audit --history}: secrets anywhere in git history. */
@Command(name = "audit", description = "Search the whole git history for secrets (each file version scanned once).")
public final class AuditCommand implements Callable<Integer> {

    /** The scan's fix in a secret rule's message, from where it starts: what to do with a file HEAD still has. */
    private static final Pattern FILE_FIX = Pattern.compile(": (encrypt it with `|move (it|them) to )");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--history", description = "Walk every commit reachable from any branch or tag.")
    boolean history;

    @Option(names = "--since", paramLabel = "DATE|REF",
            description = "Only commits after DATE (2024-01-31 or an ISO instant), or not reachable from REF.")
    String since;

    @Option(names = "--max-commits", paramLabel = "N", description = "Audit at most the N newest commits (default: all).")
    Integer maxCommits;

    @Option(names = "--rules", paramLabel = "ID", split = ",",
            description = "File rules to run (default: FW-S001, FW-S002, FW-S004, FW-S005, FW-S008, those this build has).")
    Set<String> ruleIds = new LinkedHashSet<>();

    @Option(names = "--max-blob-bytes", paramLabel = "N",
            description = "Skip blobs larger than N bytes (default: ${DEFAULT-VALUE}).")
    long maxBlobBytes = 2L * 1024 * 1024;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Option(names = "--repo", paramLabel = "DIR", description = "A folder inside the repository (default: current folder).")
    Path repoDir = Path.of(".");

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration (default: .fluxward.yaml of the work tree).")
    Path config;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of CPUs).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-v", "--verbose"}, description = "Also print how long the audit took (on standard error: the "
            + "report is the same in every run).")
    boolean verbose;

    @Mixin
    private RuleLoading ruleLoading;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!history) {
            err.println("fluxward: audit needs --history (the only audit there is so far)");
            return ExitCodes.USAGE;
        }
        Optional<String> badThreads = ScanCommand.threadsProblem(threads);
        if (badThreads.isPresent()) {
            err.println("fluxward: " + badThreads.get());
            return ExitCodes.USAGE;
        }
        if (!format.equals("text") && !format.equals("json")) {
            err.println("fluxward: unknown audit format '" + format + "' (known: text, json)");
            return ExitCodes.USAGE;
        }
        if (maxCommits != null && maxCommits < 1) {
            err.println("fluxward: --max-commits must be at least 1 (leave it out to audit every commit)");
            return ExitCodes.USAGE;
        }
        try {
            RuleSet rules = ruleLoading.load();
            List<String> selected = select(rules, err);
            if (selected.isEmpty()) {
                return ExitCodes.USAGE;
            }
            // The audit reads only history: a bare repository (a mirror on a server) is fine.
            try (GitRepository repo = GitRepository.openHistory(repoDir)) {
                Config found = repo.bare() ? ConfigFiles.loadAtHead(config, repo, rules.descriptors())
                        : ConfigFiles.load(config, ScanTarget.of(List.of(repo.workTree())).get(0), rules.descriptors());
                Config cfg = found.withCommandLine(Set.copyOf(selected), Set.of());
                Optional<Instant> sinceTime = Optional.empty();
                Optional<String> sinceRef = Optional.empty();
                if (since != null) {
                    sinceTime = parseTime(since);
                    if (sinceTime.isEmpty()) {
                        sinceRef = Optional.of(since);
                    }
                }
                ScanOptions options = ScanOptions.defaults().withRuleFilter(d -> selected.contains(d.id()));
                HistoryAudit.Report report = new HistoryAudit(repo, new Scanner(rules), cfg, options,
                        new HistoryAudit.Options(sinceTime, sinceRef, maxCommits == null ? 0 : maxCommits, maxBlobBytes,
                                threads)).run();
                if (format.equals("json")) {
                    out.print(json(report, rules.descriptors(), selected));
                } else {
                    text(report, rules.descriptors(), selected, out);
                }
                if (verbose) {
                    err.println("fluxward: info: audited in " + String.format(Locale.ROOT, "%.1f s (%.0f blobs/s)",
                            report.elapsed().toNanos() / 1e9, report.blobsPerSecond()));
                }
                report.notes().forEach(n -> err.println("fluxward: " + n.kind().name().toLowerCase(Locale.ROOT) + ": "
                        + TextReporter.printable(n.render())));
                out.flush();
                return report.leaks().isEmpty() ? ExitCodes.CLEAN : ExitCodes.FINDINGS;
            }
        } catch (IOException | ConfigException e) {
            err.println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    /** The rules to run: --rules, else the default secret rules this build has. Only file rules qualify. */
    private List<String> select(RuleSet rules, PrintWriter err) {
        List<String> wanted = ruleIds.isEmpty() ? HistoryAudit.DEFAULT_RULES : new ArrayList<>(ruleIds);
        List<String> selected = new ArrayList<>();
        for (String given : wanted) {
            String id = RuleIds.canonical(given, rules.descriptors().keySet()).orElse(given);
            Optional<Rule> rule = rules.get(id);
            if (rule.isEmpty()) {
                if (!ruleIds.isEmpty()) {
                    err.println("fluxward: " + RuleIds.unknown(given, rules.descriptors().keySet()));
                    return List.of();
                }
                continue;
            }
            if (!(rule.get() instanceof FileRule)) {
                err.println("fluxward: " + id + " looks across files; the history audit runs rules that look at one file");
                return List.of();
            }
            if (!selected.contains(id)) {
                selected.add(id);
            }
        }
        if (selected.isEmpty()) {
            err.println("fluxward: none of the secret rules " + String.join(", ", HistoryAudit.DEFAULT_RULES)
                    + " is in this build; choose file rules with --rules");
        }
        return selected;
    }

    static Optional<Instant> parseTime(String text) {
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /**
     * The finding's message, but for a secret HEAD no longer holds: the scan's fix there (encrypt the file with sops,
     * move the value to another file) names a file that is gone, and would not help anyway, as the history keeps the
     * value in clear. Rotating it is the fix.
     */
    public static String message(HistoryAudit.Leak leak) {
        String message = leak.finding().message();
        Matcher fix = FILE_FIX.matcher(message);
        if (leak.presentAtHead() || !fix.find()) {
            return message;
        }
        return message.substring(0, fix.start()) + ": rotate it (HEAD no longer holds it, but the history keeps it in clear)";
    }

    private static void text(HistoryAudit.Report report, Map<String, RuleDescriptor> rules, List<String> selected,
                             PrintWriter out) {
        long present = report.leaks().stream().filter(HistoryAudit.Leak::presentAtHead).count();
        for (HistoryAudit.Leak leak : report.leaks()) {
            Finding f = leak.finding();
            RuleDescriptor rule = rules.get(f.ruleId());
            // Paths, messages and author names come from the history: control characters shown as \xNN.
            out.println(TextReporter.printable(f.path() + ":" + f.line() + ":" + f.location().column() + ": "
                    + f.level().id() + " " + f.ruleId() + (rule == null ? "" : " " + rule.name()) + ": " + message(leak)));
            out.println(TextReporter.printable("    introduced in commit " + leak.commit() + " (" + leak.authorDate() + ", "
                    + leak.author() + "); " + (leak.presentAtHead() ? "still present at HEAD" : "not present at HEAD")
                    + (leak.movedTo().isEmpty() ? "" : ", moved to " + String.join(", ", leak.movedTo()))));
        }
        if (!report.leaks().isEmpty()) {
            out.println();
            out.println("A secret that reached git history stays in every clone: rotate it, even when HEAD no longer has it.");
        }
        out.println(report.leaks().size() + " finding" + (report.leaks().size() == 1 ? "" : "s") + " in history (" + present
                + " still present at HEAD); " + report.blobs() + " distinct file versions in " + report.commits()
                + " commits scanned with " + String.join(", ", selected));
    }

    private static String json(HistoryAudit.Report report, Map<String, RuleDescriptor> descriptors, List<String> selected)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("commits", report.commits());
        root.put("blobs", report.blobs());
        root.put("skippedLargeBlobs", report.skippedLarge());
        ArrayNode rulesNode = root.putArray("rules");
        selected.forEach(rulesNode::add);
        ArrayNode list = root.putArray("findings");
        for (HistoryAudit.Leak leak : report.leaks()) {
            Finding f = leak.finding();
            ObjectNode n = list.addObject();
            // The keys of `scan --format json` for the same facts, so one script reads both.
            n.put("ruleId", f.ruleId());
            RuleDescriptor rule = descriptors.get(f.ruleId());
            n.put("name", rule == null ? "" : rule.name());
            n.put("level", f.level().id());
            n.put("path", f.path());
            n.put("line", f.line());
            n.put("column", f.location().column());
            n.put("message", message(leak));
            n.put("fingerprint", f.fingerprint());
            n.put("commit", leak.commit());
            n.put("authorDate", leak.authorDate().toString());
            n.put("author", leak.author());
            n.put("presentAtHead", leak.presentAtHead());
            if (!leak.movedTo().isEmpty()) {
                leak.movedTo().forEach(n.putArray("movedTo")::add);
            }
        }
        ArrayNode notes = root.putArray("notes");
        for (Note note : report.notes()) {
            notes.add(note.render());
        }
        return mapper.writeValueAsString(root) + "\n";
    }
}
