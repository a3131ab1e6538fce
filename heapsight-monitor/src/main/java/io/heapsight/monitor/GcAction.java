package io.heapsight.monitor;

/** The GC action as GC notifications name it, derived from the collector's name (the MXBean's last-GC info has none). */
final class GcAction {
    private GcAction() {}

    static String of(String collector) {
        String c = collector.toLowerCase(java.util.Locale.ROOT);
        if (c.contains("pauses")) return "end of GC pause";
        if (c.contains("cycles")) return "end of GC cycle";
        if (c.contains("concurrent")) return "end of concurrent GC pause";
        if (c.contains("young") || c.contains("scavenge") || c.equals("copy") || c.contains("parnew") || c.contains("minor")) {
            return "end of minor GC";
        }
        return "end of major GC";
    }
}
