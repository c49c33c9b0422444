package io.fluxward.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.engine.Finding;
import io.fluxward.engine.FindingFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Accepted findings (old debt), recorded so that a scan reports only what is new. An entry is
 * the rule, the path (relative to the git top-level) and the finding's fingerprint: no line
 * number (lines move), no message and no value (the file is committed and must never hold a
 * secret). The file is sorted and has no timestamp, so it diffs cleanly and only shrinks when
 * debt is paid.
 */
public record Baseline(List<Entry> entries) {

    /** Schema version of the file. */
    public static final int VERSION = 1;
    /** The default file name, at the repository root. */
    public static final String DEFAULT_FILE = ".fluxward-baseline.json";
    /** The name under which hidden findings are counted in scan results. */
    public static final String FILTER_NAME = "baseline";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One accepted finding. */
    public record Entry(String rule, String path, String fingerprint) implements Comparable<Entry> {
        private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::path).thenComparing(Entry::rule)
                .thenComparing(Entry::fingerprint);

        @Override
        public int compareTo(Entry o) {
            return ORDER.compare(this, o);
        }
    }

    public Baseline {
        entries = List.copyOf(new TreeSet<>(entries));
    }

    /** A baseline of these findings; {@code prefix} makes their paths relative to the git top-level. */
    public static Baseline of(Collection<Finding> findings, String prefix) {
        List<Entry> entries = new ArrayList<>();
        for (Finding f : findings) {
            entries.add(new Entry(f.ruleId(), prefix + f.path(), f.fingerprint()));
        }
        return new Baseline(entries);
    }

    /** Hides findings recorded here; {@code prefix} is the scan root's position below the git top-level. */
    public FindingFilter filter(String prefix) {
        Set<Entry> known = new HashSet<>(entries);
        return new FindingFilter() {
            @Override
            public String name() {
                return FILTER_NAME;
            }

            @Override
            public boolean hides(Finding finding) {
                return known.contains(new Entry(finding.ruleId(), prefix + finding.path(), finding.fingerprint()));
            }
        };
    }

    /**
     * Entries that none of {@code findings} matches any more: fixed debt the file can drop. Only entries
     * {@code scanned} accepts are judged: a scan of a subfolder, or one that skipped some files or rules,
     * cannot tell whether the others are fixed.
     */
    public List<Entry> stale(Collection<Finding> findings, String prefix, Predicate<Entry> scanned) {
        Set<Entry> current = new HashSet<>(of(findings, prefix).entries());
        return entries.stream().filter(scanned).filter(e -> !current.contains(e)).toList();
    }

    /** This baseline without {@code drop}. */
    public Baseline without(Collection<Entry> drop) {
        Set<Entry> gone = new HashSet<>(drop);
        return new Baseline(entries.stream().filter(e -> !gone.contains(e)).toList());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("fluxward", "baseline");
        root.put("version", VERSION);
        ArrayNode list = root.putArray("findings");
        for (Entry e : entries) {
            list.addObject().put("rule", e.rule()).put("path", e.path()).put("fingerprint", e.fingerprint());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads a baseline file; the message of the exception says what is wrong with it. */
    public static Baseline parse(String text, String name) throws BaselineException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BaselineException(name + ":" + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !"baseline".equals(root.path("fluxward").asText())) {
            throw new BaselineException(name + ": not a fluxward baseline (create one with 'fluxward baseline create')");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new BaselineException(name + ": baseline version " + version + " is not supported (expected " + VERSION
                    + "); recreate it with 'fluxward baseline create'");
        }
        JsonNode list = root.path("findings");
        if (!list.isArray()) {
            throw new BaselineException(name + ": 'findings' must be a list");
        }
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String rule = n.path("rule").asText("");
            String path = n.path("path").asText("");
            String fingerprint = n.path("fingerprint").asText("");
            if (rule.isEmpty() || path.isEmpty() || fingerprint.isEmpty()) {
                throw new BaselineException(name + ": entry " + i + " needs rule, path and fingerprint");
            }
            entries.add(new Entry(rule, path, fingerprint));
            i++;
        }
        return new Baseline(entries);
    }

    /** A baseline file that cannot be used. */
    public static final class BaselineException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaselineException(String message) {
            super(message);
        }
    }
}
