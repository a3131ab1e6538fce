package io.heapsight.monitor;

/** Human-readable sizes and rates (binary units, one decimal). */
public final class Bytes {
    private Bytes() {}

    public static String format(double bytes) {
        if (Double.isNaN(bytes) || bytes < 0 && bytes == -1) return "?";
        double abs = Math.abs(bytes);
        String sign = bytes < 0 ? "-" : "";
        if (abs < 1024) return sign + Math.round(abs) + " B";
        if (abs < 1024 * 1024) return String.format("%s%.1f KB", sign, abs / 1024);
        if (abs < 1024L * 1024 * 1024) return String.format("%s%.1f MB", sign, abs / (1024 * 1024));
        return String.format("%s%.2f GB", sign, abs / (1024.0 * 1024 * 1024));
    }

    public static String seconds(double s) {
        if (s < 0 || Double.isNaN(s)) return "-";
        if (s < 120) return Math.round(s) + " s";
        if (s < 7200) return Math.round(s / 60) + " min";
        if (s < 2 * 86400) return String.format("%.1f h", s / 3600);
        return String.format("%.1f days", s / 86400);
    }
}
