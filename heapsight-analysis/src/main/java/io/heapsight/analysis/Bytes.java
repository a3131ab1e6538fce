package io.heapsight.analysis;

/** Human-readable byte counts (binary units, as jcmd and MAT print them). */
public final class Bytes {
    private Bytes() {}

    public static String format(long bytes) {
        double b = bytes;
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (Math.abs(b) >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format("%.1f %s", b, units[u]);
    }
}
