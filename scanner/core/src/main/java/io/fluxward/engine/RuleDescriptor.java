package io.fluxward.engine;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A rule's metadata as a value, read from {@link RuleInfo}. */
public record RuleDescriptor(String id, String name, Level level, String summary, String description,
                             String fix, String bad, String good, List<String> tags, String securitySeverity,
                             boolean optIn, Set<String> options, String precision) {

    /** Rule IDs: {@code FW-} (or a third party's prefix), a family letter, three digits. */
    public static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]{1,9}-[A-Z]\\d{3}");

    /** The values {@link RuleInfo#precision()} accepts (SARIF/GitHub {@code properties.precision}). */
    public static final Set<String> PRECISIONS = Set.of("very-high", "high", "medium", "low");

    public RuleDescriptor {
        tags = List.copyOf(tags);
        options = Set.copyOf(options);
    }

    /** A descriptor with the default precision ({@code high}). */
    public RuleDescriptor(String id, String name, Level level, String summary, String description, String fix, String bad,
                          String good, List<String> tags, String securitySeverity, boolean optIn, Set<String> options) {
        this(id, name, level, summary, description, fix, bad, good, tags, securitySeverity, optIn, options, "high");
    }

    /** Descriptors are read once per rule class: {@link Rule#descriptor()} is called for every finding. */
    private static final ClassValue<RuleDescriptor> CACHE = new ClassValue<>() {
        @Override
        protected RuleDescriptor computeValue(Class<?> type) {
            return read(type);
        }
    };

    public static RuleDescriptor of(Class<?> type) {
        return CACHE.get(type);
    }

    private static RuleDescriptor read(Class<?> type) {
        RuleInfo info = type.getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalStateException("rule " + type.getName() + " has no @RuleInfo");
        }
        return new RuleDescriptor(info.id(), info.name(), info.level(), info.summary().strip(),
                info.description().strip(), info.fix().strip(), info.bad(), info.good(), List.of(info.tags()),
                info.securitySeverity(), info.optIn(), Set.of(info.options()), info.precision());
    }

    public boolean isSecurity() {
        return !securitySeverity.isEmpty();
    }

    /** The rule's help as Markdown: description, fix, and the bad and good examples. */
    public String helpMarkdown() {
        return "## " + id + " " + name + "\n\n" + summary + "\n\n" + description + "\n\n### How to fix\n\n" + fix
                + "\n\n### Example that fires\n\n```yaml\n" + bad.strip() + "\n```\n\n### Fixed\n\n```yaml\n"
                + good.strip() + "\n```\n";
    }

    /** The rule's help as plain text (for SARIF {@code help.text} and the console). */
    public String helpText() {
        return id + " " + name + " (" + level.id() + (optIn ? ", opt-in" : "") + ")\n\n" + summary + "\n\n"
                + description + "\n\nHow to fix:\n" + fix + "\n\nExample that fires:\n" + indent(bad)
                + "\nFixed:\n" + indent(good);
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }
}
