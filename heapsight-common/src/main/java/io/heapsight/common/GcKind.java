package io.heapsight.common;

import java.util.Locale;

/** What one garbage collector (one GarbageCollectorMXBean) does, as far as reading its after-GC memory goes. */
public enum GcKind {
    /** Collects the young generation only: old-generation garbage is still counted after it. */
    YOUNG,
    /** Collects the old generation or the whole heap (full, major, mixed, a whole concurrent cycle). */
    OLD,
    /** The pauses of a concurrent old-generation cycle (G1 remark and cleanup): nothing is compacted in them. */
    CONCURRENT,
    /** Pauses inside concurrent cycles (ZGC, Shenandoah): durations only, the pools' usage is no collection result. */
    PAUSE;

    static GcKind guess(String collectorName) {
        String c = collectorName.toLowerCase(Locale.ROOT);
        if (c.contains("pause")) return PAUSE;
        if (c.contains("young") || c.contains("minor") || c.contains("scavenge") || c.contains("copy") || c.contains("parnew")) {
            return YOUNG;
        }
        if (c.contains("concurrent gc")) return CONCURRENT;
        return OLD;
    }
}
