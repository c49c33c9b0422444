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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Accepted findings (old debt), recorded so that a scan reports only what is new. An entry is
 * the rule, the path (relative to the git top-level) and the finding's fingerprint, and for a
 * plaintext Secret its parts (a salted digest per value): no line number (lines move), no
 * message and no value (the file is committed and must never hold a secret). The file is
 * sorted and has no timestamp, so it diffs cleanly and only shrinks when debt is paid.
 */
public record Baseline(List<Entry> entries) {

    /** Schema version of the file. */
    public static final int VERSION = 1;
    /** The default file name, at the repository root. */
    public static final String DEFAULT_FILE = ".fluxward-baseline.json";
    /** The name under which hidden findings are counted in scan results. */
    public static final String FILTER_NAME = "baseline";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One accepted finding.
     *
     * @param parts the finding's {@link Finding#parts} (the values of a plaintext Secret, as salted digests), sorted;
     *              empty for other findings. A finding is accepted when each of its parts is: a value removed from
     *              the Secret leaves it accepted, a value added or changed does not
     */
    public record Entry(String rule, String path, String fingerprint, List<String> parts) implements Comparable<Entry> {
        private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::path).thenComparing(Entry::rule)
                .thenComparing(Entry::fingerprint).thenComparing(e -> String.join(",", e.parts()));

        public Entry {
            parts = List.copyOf(new TreeSet<>(parts));
        }

        public Entry(String rule, String path, String fingerprint) {
            this(rule, path, fingerprint, List.of());
        }

        /** The finding this entry is, whatever its parts. */
        Key key() {
            return new Key(rule, path, fingerprint);
        }

        @Override
        public int compareTo(Entry o) {
            return ORDER.compare(this, o);
        }
    }

    /** Rule, path and fingerprint: which finding an entry or a finding is. */
    private record Key(String rule, String path, String fingerprint) {

        static Key of(Finding f, String prefix) {
            return new Key(f.ruleId(), prefix + f.path(), f.fingerprint());
        }
    }

    /** Sorted, with one entry per finding: entries of one finding (merged by hand) have their parts joined. */
    public Baseline {
        Map<Key, Set<String>> parts = new LinkedHashMap<>();
        for (Entry e : entries) {
            parts.computeIfAbsent(e.key(), k -> new TreeSet<>()).addAll(e.parts());
        }
        List<Entry> merged = new ArrayList<>();
        parts.forEach((k, p) -> merged.add(new Entry(k.rule(), k.path(), k.fingerprint(), List.copyOf(p))));
        entries = List.copyOf(new TreeSet<>(merged));
    }

    /** A baseline of these findings; {@code prefix} makes their paths relative to the git top-level. */
    public static Baseline of(Collection<Finding> findings, String prefix) {
        List<Entry> entries = new ArrayList<>();
        for (Finding f : findings) {
            entries.add(new Entry(f.ruleId(), prefix + f.path(), f.fingerprint(), f.parts()));
        }
        return new Baseline(entries);
    }

    /** Hides findings recorded here; {@code prefix} is the scan root's position below the git top-level. */
    public FindingFilter filter(String prefix) {
        Map<Key, Set<String>> known = new HashMap<>();
        entries.forEach(e -> known.put(e.key(), new HashSet<>(e.parts())));
        return new FindingFilter() {
            @Override
            public String name() {
                return FILTER_NAME;
            }

            @Override
            public boolean hides(Finding finding) {
                Set<String> parts = known.get(Key.of(finding, prefix));
                return parts != null && finding.coveredBy(parts);
            }
        };
    }

    /**
     * Entries that none of {@code findings} matches any more: fixed debt the file can drop. Only entries
     * {@code scanned} accepts are judged: a scan of a subfolder, or one that skipped some files or rules,
     * cannot tell whether the others are fixed.
     */
    public List<Entry> stale(Collection<Finding> findings, String prefix, Predicate<Entry> scanned) {
        Set<Key> current = new HashSet<>();
        findings.forEach(f -> current.add(Key.of(f, prefix)));
        return entries.stream().filter(scanned).filter(e -> !current.contains(e.key())).toList();
    }

    /**
     * Entries whose finding is still there but without some of their parts (values removed from a Secret: debt paid
     * in part), each with what is left of it: the parts the finding still has. Judged as {@link #stale} is.
     */
    public Map<Entry, Entry> shrunk(Collection<Finding> findings, String prefix, Predicate<Entry> scanned) {
        Map<Key, Set<String>> current = new HashMap<>();
        findings.forEach(f -> current.computeIfAbsent(Key.of(f, prefix), k -> new HashSet<>()).addAll(f.parts()));
        Map<Entry, Entry> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            Set<String> now = current.get(e.key());
            if (now != null && scanned.test(e) && !now.containsAll(e.parts())) {
                out.put(e, new Entry(e.rule(), e.path(), e.fingerprint(), e.parts().stream().filter(now::contains).toList()));
            }
        }
        return out;
    }

    /** This baseline without {@code drop}. */
    public Baseline without(Collection<Entry> drop) {
        Set<Entry> gone = new HashSet<>(drop);
        return new Baseline(entries.stream().filter(e -> !gone.contains(e)).toList());
    }

    /** This baseline with entries replaced: each key of {@code replace} by its value. */
    public Baseline replacing(Map<Entry, Entry> replace) {
        return new Baseline(entries.stream().map(e -> replace.getOrDefault(e, e)).toList());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("fluxward", "baseline");
        root.put("version", VERSION);
        ArrayNode list = root.putArray("findings");
        for (Entry e : entries) {
            ObjectNode entry = list.addObject().put("rule", e.rule()).put("path", e.path()).put("fingerprint", e.fingerprint());
            if (!e.parts().isEmpty()) {
                ArrayNode parts = entry.putArray("parts");
                e.parts().forEach(parts::add);
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The first clause of a Jackson message: without the parser's internals ("[Source: REDACTED ...") and without the
     * text it quotes from the file.
     */
    static String jsonProblem(String message) {
        String m = message == null ? "" : message;
        for (String cut : List.of("\n", " (start marker", " at [Source", " [Source", ": was expecting", "; ")) {
            int at = m.indexOf(cut);
            if (at > 0) {
                m = m.substring(0, at);
            }
        }
        m = m.replaceAll(", from `[^`]*`", "").replaceAll("'[^']*'", "").replaceAll("\\(code [^)]*\\)", "")
                .replaceAll("\\s+", " ").strip();
        return m.isEmpty() ? "cannot be read" : m;
    }

    /** Reads a baseline file; the message of the exception says what is wrong with it. */
    public static Baseline parse(String text, String name) throws BaselineException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's limits (nesting depth...) come without a location.
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : ":" + e.getLocation().getLineNr();
            throw new BaselineException(name + line + ": not valid JSON: " + jsonProblem(e.getOriginalMessage()));
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
            throw new BaselineException(name + (list.isMissingNode() ? ": has no 'findings' list"
                    : ": 'findings' must be a list"));
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
            JsonNode partsNode = n.path("parts");
            List<String> parts = new ArrayList<>();
            if (!partsNode.isMissingNode()) {
                if (!partsNode.isArray()) {
                    throw new BaselineException(name + ": entry " + i + ": 'parts' must be a list of strings");
                }
                for (JsonNode p : partsNode) {
                    if (!p.isTextual() || p.asText().isEmpty()) {
                        throw new BaselineException(name + ": entry " + i + ": 'parts' must be a list of strings");
                    }
                    parts.add(p.asText());
                }
            }
            entries.add(new Entry(rule, path, fingerprint, parts));
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
