package io.heapsight.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts for people and back. One style everywhere: binary units labelled as the JVM's own tools and MAT label
 * them (1 KB = 1024 B), one decimal above a kilobyte, {@link Locale#ROOT} so a report reads the same on every machine:
 * "512 B", "1.5 KB", "29.8 MB", "1.2 GB".
 */
public final class ByteSize {
    private ByteSize() {}

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    // a number, optional unit letter, optional "b"/"ib": 512, 512k, 64MB, 1.5g, 4 KiB
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");

    /** "512 B", "1.5 KB", "29.8 MB", "-2.0 MB". */
    public static String format(long bytes) {
        if (bytes > -1024 && bytes < 1024) return bytes + " B";
        return format((double) bytes);
    }

    /** As {@link #format(long)} for fractional amounts such as rates; "?" for NaN or infinity. */
    public static String format(double bytes) {
        if (Double.isNaN(bytes) || Double.isInfinite(bytes)) return "?";
        String sign = bytes < 0 ? "-" : "";
        double v = Math.abs(bytes);
        if (v < 1023.5) return sign + Math.round(v) + " B";
        v /= 1024;
        int u = 1;
        // 1023.96 KB would print as "1024.0 KB": move on to the next unit once one decimal rounds up to 1024
        while (v >= 1023.95 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return sign + String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** As {@link #format(long)}, but "?" for a negative value, which by convention means unknown. */
    public static String formatOrUnknown(long bytes) {
        return bytes < 0 ? "?" : format(bytes);
    }

    /** As {@link #format(double)}, but "?" for a negative value, which by convention means unknown. */
    public static String formatOrUnknown(double bytes) {
        return bytes < 0 ? "?" : format(bytes);
    }

    /** A change: "+20.8 MB", "-1.0 MB", "0 B" (no sign on no change). */
    public static String signed(long bytes) {
        return (bytes > 0 ? "+" : "") + format(bytes);
    }

    /**
     * Parses a size as people and JVM flags write it: "1048576", "512k", "64MB", "1.5g", "4 KiB", "100m". Binary units
     * (k = 1024), case and a space before the unit ignored, fractions rounded to the nearest byte.
     *
     * @throws IllegalArgumentException for anything else (negative, empty, too large, a fraction of a byte)
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            boolean iWithoutUnit = shift == 0 && m.group(3) != null && m.group(3).startsWith("i");
            BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
            boolean fractionOfAByte = shift == 0 && value.stripTrailingZeros().scale() > 0;
            if (!iWithoutUnit && !fractionOfAByte) {
                BigDecimal rounded = value.setScale(0, RoundingMode.HALF_UP);
                if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) return rounded.longValueExact();
            }
        }
        throw new IllegalArgumentException("not a byte size: '" + text + "' (examples: 512k, 64MB, 1.5g)");
    }
}
