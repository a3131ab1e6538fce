package io.heapsight.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in one grammar for every option: a number and a unit, {@code 250ms}, {@code 90s}, {@code 10m},
 * {@code 1.5m}, {@code 1h}, {@code 2d} ("min" is taken for "m"); a bare number is seconds. {@link #format} writes the
 * same grammar back; {@link #human} writes a duration for a sentence ("4 min 10 s").
 */
public final class Durations {
    private Durations() {}

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)?");

    /**
     * Parses "250ms", "90s", "10m", "1.5m", "1h", "2d" or a bare number of seconds; fractions of a millisecond are
     * rounded to the nearest millisecond.
     *
     * @throws IllegalArgumentException for anything else (negative, empty, an unknown unit, too long)
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long millisPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m", "min" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000; // "d"
            };
            BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(millisPerUnit))
                    .setScale(0, RoundingMode.HALF_UP);
            if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) return Duration.ofMillis(millis.longValueExact());
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 90s, 10m, 1.5m, 1h, 250ms)");
    }

    /** The duration in the grammar {@link #parse} reads, in the largest unit that keeps it whole: "250ms", "90s", "10m", "1h". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }

    /**
     * For a sentence: "4.2 s" under ten seconds, "30 s" under two minutes, "4 min 10 s" (seconds dropped from ten
     * minutes on), "2.5 h" under two days, then "3.1 days".
     */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) return "-";
        if (ms < 9_950) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = Math.round(ms / 1000.0);
        if (s < 120) return s + " s";
        if (s < 600) return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        if (s < 7_200) return Math.round(s / 60.0) + " min";
        if (s < 2 * 86_400) return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
        return String.format(Locale.ROOT, "%.1f days", s / 86_400.0);
    }

    /** {@link #human} of a number of seconds; "-" when negative or NaN (unknown, as in an ETA that does not apply). */
    public static String humanSeconds(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) return "-";
        if (seconds > Long.MAX_VALUE / 1000.0) return human(Duration.ofMillis(Long.MAX_VALUE));
        return human(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
