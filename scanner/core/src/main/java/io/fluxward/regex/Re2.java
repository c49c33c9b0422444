package io.fluxward.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A Go RE2 regular expression that comes from the repository (a {@code .sops.yaml} {@code path_regex},
 * {@code sops:} {@code encrypted_regex} and its kin, a kustomize patch target), run by RE2J, Google's
 * Java port of RE2: the syntax and matching of Go's {@code regexp} package, which sops and kustomize
 * use ({@code (?P<name>…)}, {@code [[:alpha:]]}, {@code $} at the very end of the text without the
 * {@code m} flag), in time linear in the text. {@code java.util.regex} would accept patterns Go
 * refuses (look-arounds, back-references) and backtrack without end on others ({@code (.*a){20}}
 * against a long line of {@code a}s): a hostile or careless repository could hang a scan.
 */
public final class Re2 {

    private final Pattern pattern;

    private Re2(Pattern pattern) {
        this.pattern = pattern;
    }

    /** The pattern, or empty when Go would not compile it (see {@link #error} for why). */
    public static Optional<Re2> compile(String re2) {
        try {
            return Optional.of(new Re2(Pattern.compile(re2)));
        } catch (RuntimeException e) {
            // A syntax error (RE2J's PatternSyntaxException), or a pattern beyond its limits: no pattern, as in Go.
            return Optional.empty();
        }
    }

    /**
     * Why Go refuses the pattern, in Go's words ({@code invalid or unsupported Perl syntax: `(?!`}), with
     * what RE2 lacks when that is the cause; empty when it compiles.
     */
    public static Optional<String> error(String re2) {
        try {
            Pattern.compile(re2);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            String what = e.getDescription() + ": `" + e.getPattern() + "`";
            return Optional.of(lacking(e.getPattern()).map(l -> what + " (RE2 has no " + l + ")").orElse(what));
        } catch (RuntimeException e) {
            return Optional.of("the pattern is beyond RE2's limits");
        }
    }

    /** The Perl/Java feature a refused fragment belongs to: what users of other regex engines write. */
    private static Optional<String> lacking(String fragment) {
        if (fragment.startsWith("(?=") || fragment.startsWith("(?!")) {
            return Optional.of("look-ahead");
        }
        if (fragment.startsWith("(?<")) {
            return Optional.of("look-behind");
        }
        if (fragment.startsWith("(?>")) {
            return Optional.of("atomic groups");
        }
        if (fragment.matches("\\\\[1-9]")) {
            return Optional.of("back-references");
        }
        if (fragment.matches(".*[*+?}]\\+")) {
            return Optional.of("possessive quantifiers");
        }
        return Optional.empty();
    }

    /** Whether the pattern matches somewhere in {@code text} (Go's {@code regexp.MatchString}). */
    public boolean find(String text) {
        return pattern.matcher(text).find();
    }

    /** Whether the pattern matches the whole of {@code text}. */
    public boolean matches(String text) {
        return pattern.matcher(text).matches();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
