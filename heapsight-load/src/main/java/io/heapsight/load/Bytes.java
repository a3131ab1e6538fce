package io.heapsight.load;

import java.util.Locale;

/** Byte counts for people (binary units, as the JVM's own tools print them) and back. */
public final class Bytes {
    private Bytes() {}

    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;

    public static String human(long bytes) {
        if (bytes < 0) return "unknown";
        if (bytes >= GB) return String.format(Locale.ROOT, "%.2f GB", bytes / (double) GB);
        if (bytes >= 100 * MB) return String.format(Locale.ROOT, "%.0f MB", bytes / (double) MB);
        if (bytes >= MB) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
        if (bytes >= KB) return String.format(Locale.ROOT, "%.1f KB", bytes / (double) KB);
        return bytes + " B";
    }

    /** Signed: "+20.8 MB", "-1.0 MB". */
    public static String signed(long bytes) {
        return (bytes < 0 ? "-" : "+") + human(Math.abs(bytes));
    }

    /** Parses "4MB", "512k", "1g", "1048576" (binary units). */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("k")) unit = KB;
        else if (t.endsWith("m")) unit = MB;
        else if (t.endsWith("g")) unit = GB;
        if (unit != 1) t = t.substring(0, t.length() - 1);
        try {
            long value = Math.multiplyExact(Long.parseLong(t), unit);
            if (value < 0) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a byte size: '" + text + "' (examples: 4MB, 512k, 1g)");
        }
    }
}
