package io.fluxward.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Go RE2 patterns from the repository, on java.util.regex: RE2's spellings, and never a search without end. */
class Re2Test {

    @Test
    void re2SpellingsAreTranslated() {
        assertThat(Re2.compile("(?P<env>prod|dev)/.*").get().matcher("clusters/prod/x").find()).isTrue();
        assertThat(Re2.compile("^[[:alpha:]]+$").get().matcher("data").find()).isTrue();
        assertThat(Re2.compile("^[[:alpha:]]+$").get().matcher("data1").find()).isFalse();
        // RE2's $ is end of text only: "data\n" does not match ^data$ in Go.
        assertThat(Re2.compile("^data$").get().matcher("data\n").find()).isFalse();
        assertThat(Re2.compile("((?i)(pass|secret($|[^N])|key|token))").get().matcher("adminPASSWORD").find()).isTrue();
        assertThat(Re2.compile("([unclosed")).isEmpty();
        assertThat(Re2.compile("{")).isEmpty();
    }

    @Test
    void aSearchThatWouldBacktrackWithoutEndCountsAsNoMatch() {
        // Twenty greedy ".*a" over 40 a's and a mismatch: java.util.regex tries every way to split them (its
        // memo of loop positions does not cover counted repetition); RE2 is linear.
        Pattern runaway = Re2.compile("^(.*a){20}$").orElseThrow();
        String text = "a".repeat(40) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(Re2.find(runaway, text)).isFalse();
            assertThat(Re2.matches(runaway, text)).isFalse();
        });
        // Searches within the budget answer as usual.
        assertThat(Re2.find(runaway, "a".repeat(20))).isTrue();
        assertThat(Re2.matches(runaway, "a".repeat(25))).isTrue();
        assertThat(Re2.matches(Re2.compile("a+").orElseThrow(), "xaaa")).isFalse();
        assertThat(Re2.find(Re2.compile("a+").orElseThrow(), "xaaa")).isTrue();
    }
}
