package io.heapsight.monitor;

/**
 * "Dump when X reaches P% of its limit, then not again until it falls below R%": X is the heap occupancy right
 * after the last GC (base HEAP, limit = max heap) or the process RSS (base CONTAINER, limit = the cgroup memory limit).
 * Measuring after GC keeps garbage from firing it.
 */
public record DumpThreshold(double percent, Base base, double rearmPercent) {
    public enum Base { HEAP, CONTAINER }

    public DumpThreshold {
        if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("dump threshold must be in (0, 100]%: " + percent);
        if (!(rearmPercent >= 0 && rearmPercent < percent)) {
            throw new IllegalArgumentException("re-arm level must be below the threshold: " + rearmPercent + "% >= " + percent + "%");
        }
    }

    /** Parses "75%", "75", "75%heap", "90%container"; re-arms below 60% or 15 points under the threshold, whichever is lower. */
    public static DumpThreshold parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        Base base = Base.HEAP;
        if (t.endsWith("container") || t.endsWith("limit")) {
            base = Base.CONTAINER;
            t = t.substring(0, t.length() - (t.endsWith("container") ? 9 : 5));
        } else if (t.endsWith("heap")) {
            t = t.substring(0, t.length() - 4);
        }
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1);
        double p;
        try {
            p = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a percentage: '" + text + "' (e.g. 75% or 90%container)");
        }
        return new DumpThreshold(p, base, Math.min(60, Math.max(0, p - 15)));
    }
}
