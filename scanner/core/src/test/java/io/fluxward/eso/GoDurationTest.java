package io.fluxward.eso;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "0s, 0", "1h0m0s, 3600000000000", "1h, 3600000000000", "30s, 30000000000", "500ms, 500000000",
        "1.5h, 5400000000000", "2h45m, 9900000000000", "1m30s, 90000000000", ".5s, 500000000", "1.s, 1000000000",
        "100us, 100000", "100µs, 100000", "7ns, 7", "-1m, -60000000000", "+10s, 10000000000"})
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parseNanos(text)).contains(nanos);
    }

    @ParameterizedTest
    @CsvSource({"1", "10", "1d", "h", "1h 30m", "'1 h'", "abc", "'.s'", "1.2.3s", "9999999999999999999h", "''"})
    void rejectsWhatGoRejects(String text) {
        assertThat(GoDuration.parseNanos(text)).isEmpty();
    }

    @Test
    void formatsLikeGo() {
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(60_000_000_000L)).isEqualTo("1m0s");
        assertThat(GoDuration.format(90_500_000_000L)).isEqualTo("1m30.5s");
        assertThat(GoDuration.format(500_000_000L)).isEqualTo("500ms");
        assertThat(GoDuration.format(0)).isEqualTo("0s");
    }
}
