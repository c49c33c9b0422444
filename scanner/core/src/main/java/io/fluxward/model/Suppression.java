package io.fluxward.model;

import io.fluxward.yaml.LineBreaks;
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
 * no rule suppresses nothing (the scan warns about it). A {@code fluxward:} comment that cannot be read as
 * one of the two directives ({@code problem} says why) suppresses nothing either, and the scan warns.
 *
 * @param problem why the comment is no suppression, or empty
 */
public record Suppression(Span span, Set<String> ruleIds, String reason, boolean wholeFile, String problem) {

    /**
     * The IDs are kept sorted: messages and fingerprints are built from their order, and a hash set's order
     * changes from one JVM to the next (a baselined FW-G005 came back in one run out of two).
     */
    public Suppression {
        ruleIds = Collections.unmodifiableSortedSet(new TreeSet<>(ruleIds));
    }

    public Suppression(Span span, Set<String> ruleIds, String reason, boolean wholeFile) {
        this(span, ruleIds, reason, wholeFile, "");
    }

    /** The end of every warning about a comment that suppresses nothing ({@link Note#aboutSuppression()}). */
    public static final String SUPPRESSES_NOTHING = "it suppresses nothing";

    /**
     * A comment that starts with a directive: {@code fluxward:} and a letter. Matched in any letter case, so that
     * {@code Fluxward:Ignore} is warned about: directives are lower case, and one in other case suppresses nothing.
     */
    private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)(?:#|//)\\s*((?i)fluxward:)(?=[A-Za-z])([^\\n]*)");
    /** The directive word, and what follows it. */
    private static final Pattern DIRECTIVE = Pattern.compile("([A-Za-z][\\w-]*)(.?)");
    // Any FW- word is a rule ID, known or not: a mistyped ID ("FW-E04") read as the start of the reason would
    // turn a suppression of one rule into one of every rule. The scan warns about IDs that name no rule.
    private static final Pattern RULE_ID = Pattern.compile("(?i)FW-[A-Z0-9]+(?![\\w-])");

    /** True when this comment is a suppression: one fluxward could not read is none (the scan warns). */
    public boolean valid() {
        return problem.isEmpty();
    }

    /** True when this suppression hides a finding of {@code ruleId} at {@code line}. */
    public boolean covers(String ruleId, int line) {
        boolean rule = ruleIds.isEmpty() || ruleIds.contains(ruleId);
        return valid() && rule && (wholeFile || line == span.line() || line == span.line() + 1);
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
        if (!YamlParse.holdsMarker(text)) {
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
        if (!YamlParse.holdsMarker(text)) {
            return out;
        }
        String[] lines = LineBreaks.lines(text).toArray(new String[0]);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            if (!find(m, lines[i], i + 1, notComment)) {
                continue;
            }
            Matcher directive = DIRECTIVE.matcher(m.group(2));
            directive.lookingAt();
            String word = directive.group(1);
            boolean wholeFile = word.equals("ignore-file");
            String form = m.group(1) + word;
            String rest = m.group(2).substring(directive.end(1));
            Set<String> ids = new TreeSet<>();
            String reason = "";
            String problem = "";
            if (!form.equals(form.toLowerCase(Locale.ROOT)) && (word.equalsIgnoreCase("ignore")
                    || word.equalsIgnoreCase("ignore-file"))) {
                problem = form + " is not written in lower case (" + form.toLowerCase(Locale.ROOT)
                        + "): " + SUPPRESSES_NOTHING;
                wholeFile = false;
            } else if (!word.equals("ignore") && !wholeFile) {
                // A typo (ignore-line, ignore-next-line) must not become "every rule" under a known directive.
                problem = form + " is no directive (fluxward:ignore or fluxward:ignore-file): " + SUPPRESSES_NOTHING;
            } else if (!directive.group(2).isEmpty() && !Character.isWhitespace(directive.group(2).charAt(0))) {
                String after = directive.group(2).matches("\\p{Punct}") ? "'" + directive.group(2) + "'" : "a sign";
                problem = form + " is followed by " + after + " instead of a space before its rule IDs: "
                        + SUPPRESSES_NOTHING;
            } else {
                rest = rest.strip();
                Matcher id = RULE_ID.matcher(rest);
                int end = 0;
                while (id.find() && rest.substring(end, id.start()).replaceAll("[\\s,]", "").isEmpty()) {
                    ids.add(id.group().toUpperCase(Locale.ROOT));
                    end = id.end();
                }
                reason = rest.substring(end).replaceFirst("^[\\s,:\\-]+", "").strip();
                // An ID behind other text ("[FW-S007]", "rule FW-S007", "FW-S001;FW-S008") is no ID, and read as
                // part of the reason it would leave the comment covering every rule, or fewer rules than written.
                Matcher late = RULE_ID.matcher(rest.substring(end));
                boolean stray = late.find() && (ids.isEmpty()
                        || rest.substring(end, end + late.start()).codePoints().noneMatch(Character::isLetterOrDigit));
                if (stray) {
                    problem = form + " has " + late.group().toUpperCase(Locale.ROOT) + " after other text: list the rule"
                            + " IDs first, separated by spaces or commas; " + SUPPRESSES_NOTHING;
                    ids.clear();
                }
            }
            int column = lines[i].indexOf('#', Math.max(0, m.start()));
            if (column < 0) {
                column = m.start();
            }
            out.add(new Suppression(new Span(i + 1, column + 1, i + 1, lines[i].stripTrailing().length() + 1),
                    ids, reason, wholeFile, problem));
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
