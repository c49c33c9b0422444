package io.fluxward.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Go RE2 patterns from the repository: Go's syntax and answers, and never a search without end. */
class Re2Test {

    private static Re2 re2(String pattern) {
        return Re2.compile(pattern).orElseThrow();
    }

    @Test
    void goSyntaxAndMatching() {
        assertThat(re2("(?P<env>prod|dev)/.*").find("clusters/prod/x")).isTrue();
        assertThat(re2("^[[:alpha:]]+$").find("data")).isTrue();
        assertThat(re2("^[[:alpha:]]+$").find("data1")).isFalse();
        // RE2's $ is end of text only: "data\n" does not match ^data$ in Go.
        assertThat(re2("^data$").find("data\n")).isFalse();
        assertThat(re2("(?m)^data$").find("data\nmore")).isTrue();
        assertThat(re2("((?i)(pass|secret($|[^N])|key|token))").find("adminPASSWORD")).isTrue();
        assertThat(re2("a+").find("xaaa")).isTrue();
        assertThat(re2("a+").matches("xaaa")).isFalse();
        assertThat(re2("a+").matches("aaa")).isTrue();
        // What Go refuses is no pattern: unbalanced, look-arounds, back-references, possessive quantifiers.
        for (String refused : new String[] {"([unclosed", "a(?=b)", "(a)\\1", "a++", "x{1001}"}) {
            assertThat(Re2.compile(refused)).as(refused).isEmpty();
        }
        // A lone brace is a literal in Go.
        assertThat(re2("{").find("a{b")).isTrue();
    }

    @Test
    void goRefusalsAreExplainedInGosWordsWithWhatRe2Lacks() {
        assertThat(Re2.error("^(?!archive/).*\\.yaml$")).contains(
                "invalid or unsupported Perl syntax: `(?!` (RE2 has no look-ahead)");
        assertThat(Re2.error("(?<=x)y")).hasValueSatisfying(e -> assertThat(e).endsWith("(RE2 has no look-behind)"));
        assertThat(Re2.error("(a)\\1")).contains("invalid escape sequence: `\\1` (RE2 has no back-references)");
        assertThat(Re2.error("(?>ab)")).hasValueSatisfying(e -> assertThat(e).endsWith("(RE2 has no atomic groups)"));
        assertThat(Re2.error("a++b")).contains("invalid nested repetition operator: `++` (RE2 has no possessive quantifiers)");
        assertThat(Re2.error("([unclosed")).hasValueSatisfying(e -> assertThat(e).doesNotContain("RE2 has no"));
        assertThat(Re2.error("(?P<env>prod|dev)/.*")).isEmpty();
    }

    @Test
    void aPatternThatBacktracksWithoutEndInJavaIsLinearHere() {
        // java.util.regex tries every way to split the a's among twenty ".*a" (hours for 40 a's and a "!").
        Re2 pattern = re2("^(.*a){20}$");
        String text = "a".repeat(40) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(pattern.find(text)).isFalse();
            assertThat(pattern.matches(text)).isFalse();
        });
        assertThat(pattern.find("a".repeat(20))).isTrue();
        assertThat(pattern.matches("a".repeat(25))).isTrue();
    }
}
