package io.heapsight.monitor;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations: 500ms, 30s, 10m, 2h, 1d, or plain seconds. */
public final class Durations {
    private static final Pattern P = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)?$");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = P.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 10m, 2h)");
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m", "min" -> v * 60_000;
            case "h" -> v * 3_600_000;
            case "d" -> v * 86_400_000;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
