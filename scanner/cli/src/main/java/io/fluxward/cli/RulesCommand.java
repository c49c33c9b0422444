package io.fluxward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.RuleSet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fluxward rules}: the rule list, from the rules' own metadata. */
@Command(name = "rules", description = "List every rule: ID, name, default level, summary.")
public final class RulesCommand implements Callable<Integer> {

    /** Output formats of the rule list. */
    enum Format { text, json, markdown }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--format"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or markdown (the README table) (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Mixin
    private RuleLoading ruleLoading;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RuleSet rules;
        try {
            rules = ruleLoading.load();
        } catch (RuleSet.RuleLoadException e) {
            spec.commandLine().getErr().println("fluxward: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<RuleDescriptor> all = new ArrayList<>(rules.descriptors().values());
        switch (format) {
            case json -> out.println(json(all));
            case markdown -> out.print(markdownTable(all));
            default -> all.forEach(d -> out.printf("%-9s %-42s %-8s %s%n", d.id(), d.name(),
                    d.level().id() + (d.optIn() ? "*" : ""), d.summary()));
        }
        if (format == Format.text) {
            out.println();
            out.println("* opt-in: enable in .fluxward.yaml (rules: {ID: {enabled: true}}) or with --enable ID");
        }
        out.flush();
        return ExitCodes.CLEAN;
    }

    /** The README's rule table. */
    public static String markdownTable(List<RuleDescriptor> rules) {
        StringBuilder md = new StringBuilder("| ID | name | level | what it catches |\n|---|---|---|---|\n");
        for (RuleDescriptor d : rules) {
            md.append("| ").append(d.id()).append(" | ").append(d.name()).append(" | ").append(d.level().id())
                    .append(d.optIn() ? " (opt-in)" : "").append(" | ").append(d.summary().replace("|", "\\|"))
                    .append(" |\n");
        }
        return md.toString();
    }

    static String json(List<RuleDescriptor> rules) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RuleDescriptor d : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("name", d.name());
            m.put("level", d.level().id());
            m.put("optIn", d.optIn());
            m.put("summary", d.summary());
            m.put("tags", d.tags());
            m.put("precision", d.precision());
            if (d.isSecurity()) {
                m.put("securitySeverity", d.securitySeverity());
            }
            list.add(m);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
    }
}
