package io.heapsight.hprof;

/**
 * How far a gzip dump may inflate before heapsight stops (a gzip bomb: 4 MB that inflate to 4 GB). {@code maxRatio}
 * applies once the output passes {@code graceBytes}, so small dumps of mostly-zero arrays still open; {@code maxBytes}
 * always. Defaults: 200 times the compressed size beyond 1 GiB, and 64 GiB; overridden by HEAPSIGHT_GZIP_MAX_RATIO and
 * HEAPSIGHT_GZIP_MAX_BYTES (or the system properties heapsight.gzip.maxRatio / heapsight.gzip.maxBytes).
 */
public record GzipLimits(double maxRatio, long maxBytes, long graceBytes) {
    public static final double DEFAULT_RATIO = 200;
    public static final long DEFAULT_MAX_BYTES = 64L << 30;
    public static final long DEFAULT_GRACE_BYTES = 1L << 30;

    /** The limits in force: system property, else environment variable, else the default; a malformed value is refused. */
    public static GzipLimits configured() throws InflateLimitException {
        double ratio = DEFAULT_RATIO;
        long max = DEFAULT_MAX_BYTES;
        String r = setting("heapsight.gzip.maxRatio", "HEAPSIGHT_GZIP_MAX_RATIO");
        String m = setting("heapsight.gzip.maxBytes", "HEAPSIGHT_GZIP_MAX_BYTES");
        try {
            if (r != null) ratio = Double.parseDouble(r.trim());
            if (m != null) max = parseSize(m);
        } catch (NumberFormatException e) {
            ratio = -1;
        }
        if (!(ratio > 0) || max <= 0) {
            throw new InflateLimitException("HEAPSIGHT_GZIP_MAX_RATIO=" + (r == null ? "" : r) + " / HEAPSIGHT_GZIP_MAX_BYTES="
                    + (m == null ? "" : m) + ": expected a positive number and a positive size such as 64g");
        }
        return new GzipLimits(ratio, max, Math.min(DEFAULT_GRACE_BYTES, max));
    }

    /** The most bytes a gzip file of this size may inflate to. */
    public long limitFor(long compressedBytes) {
        double byRatio = Math.max(graceBytes, maxRatio * compressedBytes);
        return (long) Math.min(maxBytes, byRatio);
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? null : v;
    }

    /** "1073741824", "512m", "64g" (binary units); a NumberFormatException for anything else or not positive. */
    public static long parseSize(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> { }
            }
        }
        if (shift > 0) t = t.substring(0, t.length() - 1);
        long v = Long.parseLong(t.trim());
        if (v <= 0 || v > (Long.MAX_VALUE >> shift)) throw new NumberFormatException(s);
        return v << shift;
    }
}
