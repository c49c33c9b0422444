package io.fluxward.eso;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration}, which ESO (and Flux) use for intervals: a sign, then one or
 * more decimal numbers with a unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}), e.g. {@code 1h0m0s}, {@code 1.5h}, {@code 500ms}; {@code 0} alone needs
 * no unit. Anything else is not a duration.
 */
public final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The duration in nanoseconds, or empty when the text is not a Go duration (or overflows, as Go refuses it). */
    public static Optional<Long> parseNanos(String text) {
        String s = text.strip();
        if (s.equals("0") || s.equals("+0") || s.equals("-0")) {
            return Optional.of(0L);
        }
        if (!WHOLE.matcher(s).matches()) {
            return Optional.empty();
        }
        boolean negative = s.startsWith("-");
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            total = total.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
        }
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(MAX) > 0) {
            return Optional.empty();
        }
        return Optional.of(negative ? -nanos.longValueExact() : nanos.longValueExact());
    }

    /** Renders nanoseconds the way Go's {@code Duration.String} does ({@code 1h0m0s}, {@code 30s}, {@code 500ms}). */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + decimal(n, 1_000L) + "µs";
            }
            return sign + decimal(n, 1_000_000L) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n % 3_600_000_000_000L / 60_000_000_000L;
        String seconds = decimal(n % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String decimal(long value, long unit) {
        BigDecimal d = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
