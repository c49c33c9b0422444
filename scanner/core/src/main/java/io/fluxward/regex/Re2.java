package io.fluxward.regex;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go RE2 regular expressions (as sops and kustomize use them) run on {@code java.util.regex}, in
 * bounded time: they come from the repository (a {@code .sops.yaml}, {@code sops:} metadata, a
 * kustomize patch target), so compiling one that is not valid is an answer (empty), and a search that
 * would backtrack without end is abandoned (Go's RE2 is linear; java.util.regex is not). The
 * two dialects agree on everything these files use except a few spellings, which are rewritten:
 * {@code (?P<name>…)} named groups, POSIX classes {@code [[:alpha:]]}, and {@code \z}-less
 * {@code $} (in RE2 without the {@code m} flag, {@code $} matches only at the very end). Matching is
 * unanchored ({@code find}), as Go's {@code regexp.Match}.
 */
public final class Re2 {

    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private Re2() {
    }

    /** The pattern, or empty when it is not valid (sops then treats it as matching nothing). */
    public static Optional<Pattern> compile(String re2) {
        try {
            return Optional.of(Pattern.compile(translate(re2)));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Character reads one search may make: RE2 is linear, java.util.regex backtracks exponentially. */
    static final long MATCH_BUDGET = 5_000_000L;

    /**
     * {@code pattern.matcher(text).find()}, in bounded time. The patterns come from the repository
     * ({@code .sops.yaml}, {@code sops:} metadata) and run in Go's linear-time RE2 for sops; here a
     * pattern such as {@code ^(a+)+$} against {@code aaaa...!} would backtrack for hours. A search that
     * exceeds {@link #MATCH_BUDGET} character reads counts as no match.
     */
    public static boolean find(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Budgeted(text, MATCH_BUDGET)).find();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    /**
     * {@code pattern.matcher(text).matches()}, in bounded time as {@link #find}: a match that exceeds
     * {@link #MATCH_BUDGET} character reads counts as no match.
     */
    public static boolean matches(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Budgeted(text, MATCH_BUDGET)).matches();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    /** A string whose characters may be read a bounded number of times in all. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long[] left;

        Budgeted(String text, long budget) {
            this(text, new long[] {budget});
        }

        private Budgeted(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown from inside the regex engine to abandon a runaway search. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression search abandoned", null, false, false);
        }
    }

    /** Rewrites the RE2-only spellings into Java's. */
    static String translate(String re2) {
        StringBuilder out = new StringBuilder(re2.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < re2.length(); i++) {
            char c = re2.charAt(i);
            if (c == '\\' && i + 1 < re2.length()) {
                out.append(c).append(re2.charAt(++i));
                continue;
            }
            if (inClass) {
                if (c == '[' && re2.startsWith("[:", i)) {
                    int end = re2.indexOf(":]", i + 2);
                    if (end > 0) {
                        String name = re2.substring(i + 2, end);
                        boolean negated = name.startsWith("^");
                        String cls = POSIX.get(negated ? name.substring(1) : name);
                        if (cls != null) {
                            out.append(negated ? negate(cls) : cls);
                            i = end + 1;
                            continue;
                        }
                    }
                }
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < re2.length() && re2.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < re2.length() && re2.charAt(i + 1) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && re2.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 3;
                continue;
            }
            if (c == '$') {
                // Without the m flag RE2's $ is \z; Java's would also match before a final line break.
                out.append(multiline(re2) ? "$" : "\\z");
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean multiline(String re2) {
        return re2.matches("(?s).*\\(\\?[a-zA-Z]*m[a-zA-Z]*[):].*");
    }

    private static String negate(String cls) {
        if (cls.startsWith("\\p")) {
            return "\\P" + cls.substring(2);
        }
        return cls.equals("\\s") ? "\\S" : "\\W";
    }
}
