package io.fluxward.model;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inline suppression comment: {@code # fluxward:ignore FW-S001 reason} (this line or the next)
 * or {@code # fluxward:ignore-file FW-K004 reason} (the whole file). Without rule IDs it covers
 * every rule. A suppression without a reason still applies, and is reported as FW-G005. An ID that names
 * no rule suppresses nothing (the scan warns about it).
 */
public record Suppression(Span span, Set<String> ruleIds, String reason, boolean wholeFile) {

    /**
     * The IDs are kept sorted: messages and fingerprints are built from their order, and a hash set's order
     * changes from one JVM to the next (a baselined FW-G005 came back in one run out of two).
     */
    public Suppression {
        ruleIds = Collections.unmodifiableSortedSet(new TreeSet<>(ruleIds));
    }

    private static final Pattern COMMENT = Pattern.compile(
            "(?:^|\\s)(?:#|//)\\s*fluxward:ignore(-file)?\\b([^\\n]*)");
    // Any FW- word is a rule ID, known or not: a mistyped ID ("FW-E04") read as the start of the reason would
    // turn a suppression of one rule into one of every rule. The scan warns about IDs that name no rule.
    private static final Pattern RULE_ID = Pattern.compile("(?i)FW-[A-Z0-9]+(?![\\w-])");

    /** True when this suppression hides a finding of {@code ruleId} at {@code line}. */
    public boolean covers(String ruleId, int line) {
        boolean rule = ruleIds.isEmpty() || ruleIds.contains(ruleId);
        return rule && (wholeFile || line == span.line() || line == span.line() + 1);
    }

    public boolean hasReason() {
        return !reason.isBlank();
    }

    /** Finds every suppression comment in a text file that is not parsed as YAML. */
    public static List<Suppression> parse(String text) {
        return parse(text, (line, column) -> false);
    }

    /**
     * Finds every suppression comment in a parsed YAML (or JSON) file: only real comments, never text
     * inside a string (a script in a block scalar may hold such a line, meant for another tool or file).
     */
    public static List<Suppression> parse(String text, YamlParse yaml) {
        if (!text.contains(YamlParse.SUPPRESSION_MARKER)) {
            return List.of();
        }
        // A kustomize or Flux inline patch ({@code patch: |}) is YAML of its own: its comments are comments.
        List<Span> patches = new ArrayList<>();
        for (YDocument doc : yaml.documents()) {
            YWalker.walk(doc.root(), (path, node) -> {
                for (YEntry e : node.entries()) {
                    if (e.keyText().equals("patch") && e.value() instanceof YScalar) {
                        patches.add(e.value().span());
                    }
                }
                return true;
            });
        }
        return parse(text, (line, column) -> yaml.notComment(line, column)
                && patches.stream().noneMatch(span -> line > span.line() && line <= span.endLine()));
    }

    /** Where the text is not a comment, by 1-based line and column in code points. */
    private interface NotComment {
        boolean at(int line, int column);
    }

    private static List<Suppression> parse(String text, NotComment notComment) {
        List<Suppression> out = new ArrayList<>();
        if (!text.contains(YamlParse.SUPPRESSION_MARKER)) {
            return out;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            if (!find(m, lines[i], i + 1, notComment)) {
                continue;
            }
            String rest = m.group(2).strip();
            Set<String> ids = new TreeSet<>();
            Matcher id = RULE_ID.matcher(rest);
            int end = 0;
            while (id.find() && rest.substring(end, id.start()).replaceAll("[\\s,]", "").isEmpty()) {
                ids.add(id.group().toUpperCase(Locale.ROOT));
                end = id.end();
            }
            String reason = rest.substring(end).replaceFirst("^[\\s,:\\-]+", "").strip();
            int column = lines[i].indexOf('#', Math.max(0, m.start()));
            if (column < 0) {
                column = m.start();
            }
            out.add(new Suppression(new Span(i + 1, column + 1, i + 1, lines[i].stripTrailing().length() + 1),
                    ids, reason, m.group(1) != null));
        }
        return out;
    }

    /** Finds the first match on the line that starts where a comment can. */
    private static boolean find(Matcher m, String line, int lineNumber, NotComment notComment) {
        int from = 0;
        while (m.find(from)) {
            int start = Character.isWhitespace(line.charAt(m.start())) ? m.start() + 1 : m.start();
            if (!notComment.at(lineNumber, line.codePointCount(0, start) + 1)) {
                return true;
            }
            from = start + 1;
        }
        return false;
    }
}
