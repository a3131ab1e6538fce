package io.heapsight.common;

import java.util.Locale;
import java.util.Map;

/**
 * A garbage collector as its MXBean names it, with what it collects and the action its GC notifications carry.
 * Known HotSpot names are data (checked against JDK 17 and 25 notifications); any other name is classified by the
 * words in it, the way the names are built ("Young", "Minor", "Scavenge", "Pauses").
 *
 * @param action the notification's GC action ("end of minor GC", ...), also for collectors polled through their
 *               last-GC info, which has none
 * @param young  true when it collects the young generation only (for a pause bean: pauses of a young cycle)
 */
public record Collector(String name, GcKind kind, boolean young, String action) {

    private static final String MINOR = "end of minor GC";
    private static final String MAJOR = "end of major GC";
    private static final String CYCLE = "end of GC cycle";
    private static final String PAUSE = "end of GC pause";

    private static final Map<String, Collector> KNOWN = Map.ofEntries(
            known("Copy", GcKind.YOUNG, MINOR),                      // Serial
            known("MarkSweepCompact", GcKind.OLD, MAJOR),
            known("PS Scavenge", GcKind.YOUNG, MINOR),               // Parallel
            known("PS MarkSweep", GcKind.OLD, MAJOR),
            known("ParNew", GcKind.YOUNG, MINOR),                    // CMS (JDK 5-13)
            known("ConcurrentMarkSweep", GcKind.OLD, MAJOR),
            known("G1 Young Generation", GcKind.YOUNG, MINOR),
            known("G1 Old Generation", GcKind.OLD, MAJOR),
            known("G1 Concurrent GC", GcKind.CONCURRENT, "end of concurrent GC pause"), // JDK 20+
            known("ZGC", GcKind.OLD, MAJOR),                         // JDK 11-16
            known("ZGC Cycles", GcKind.OLD, CYCLE),                  // non-generational ZGC, JDK 17-22
            known("ZGC Pauses", GcKind.PAUSE, PAUSE),
            known("ZGC Minor Cycles", GcKind.YOUNG, CYCLE),          // generational ZGC, JDK 21+
            known("ZGC Minor Pauses", GcKind.PAUSE, PAUSE),
            known("ZGC Major Cycles", GcKind.OLD, CYCLE),
            known("ZGC Major Pauses", GcKind.PAUSE, PAUSE),
            known("Shenandoah Cycles", GcKind.OLD, CYCLE),
            known("Shenandoah Pauses", GcKind.PAUSE, PAUSE),         // its notifications name the phase ("Init Mark")
            known("Epsilon", GcKind.OLD, MAJOR));

    private static Map.Entry<String, Collector> known(String name, GcKind kind, String action) {
        boolean young = kind == GcKind.YOUNG || name.contains("Minor");
        return Map.entry(name, new Collector(name, kind, young, action));
    }

    /** The collector of that MXBean name. */
    public static Collector of(String name) {
        Collector c = KNOWN.get(name);
        if (c != null) return c;
        GcKind kind = GcKind.guess(name);
        String lower = name.toLowerCase(Locale.ROOT);
        boolean young = kind == GcKind.YOUNG || lower.contains("minor") || lower.contains("young");
        String action = switch (kind) {
            case YOUNG -> lower.contains("cycle") ? CYCLE : MINOR;
            case OLD -> lower.contains("cycle") ? CYCLE : MAJOR;
            case CONCURRENT -> "end of concurrent GC pause";
            case PAUSE -> PAUSE;
        };
        return new Collector(name, kind, young, action);
    }

    /** True when its after-GC pool usage is the result of a collection (false for pause beans). */
    public boolean measuresHeap() {
        return kind != GcKind.PAUSE;
    }

    /** True when it collects the old generation or the whole heap (a concurrent cycle's pauses included). */
    public boolean collectsOld() {
        return !young && kind != GcKind.PAUSE;
    }

    /** "young" or "old": which generation it (or the cycle a pause belongs to) works on. */
    public String generation() {
        return young ? "young" : "old";
    }
}
