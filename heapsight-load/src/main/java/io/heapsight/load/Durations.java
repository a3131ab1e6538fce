package io.heapsight.load;

import java.time.Duration;
import java.util.Locale;

/** Parses "60s", "2m", "500ms", "1h" or a bare number of seconds, and prints durations briefly. */
public final class Durations {
    private Durations() {}

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 60s, 2m, 500ms, 1h)");
        }
    }

    /** "30 s", "2.5 s", "4 min 10 s". */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = Math.round(ms / 1000.0);
        if (s < 120) return s + " s";
        return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
}
