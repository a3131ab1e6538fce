package io.heapsight.monitor;

/**
 * One garbage collection as reported by its collector's last-GC info. Times are the target's uptime in
 * milliseconds, so they line up with {@link Sample#uptimeMillis()}. Byte values are -1 when unknown.
 *
 * @param oldBefore old-generation occupancy before the collection
 * @param oldAfter  old-generation occupancy right after it: the live-set signal (reported for every GC, unlike
 *                  MemoryPoolMXBean.getCollectionUsage(), which young GCs on G1 and Parallel never update)
 */
public record GcEvent(long endUptimeMillis, String collector, String action, String cause, long durationMillis,
                      long oldBefore, long oldAfter, long heapBefore, long heapAfter) {

    /** Collectors whose every collection is a stop-the-world collection of the whole heap. */
    private static final java.util.Set<String> FULL_COLLECTORS = java.util.Set.of("PS MarkSweep", "MarkSweepCompact");
    /** Causes of a full collection asked for from outside the collector's own policy. */
    private static final java.util.Set<String> REQUESTED_CAUSES = java.util.Set.of("System.gc()", "Heap Dump Initiated GC",
            "Heap Inspection Initiated GC", "Diagnostic Command", "JvmtiEnv ForceGarbageCollection");

    /**
     * True when this collection reclaimed old-generation space (mixed, full or major, a G1 concurrent cycle's
     * cleanup), or was a full collection: its after value is closest to the live set.
     */
    public boolean collectedOldGen() {
        return fullCollection() || oldBefore >= 0 && oldAfter >= 0 && oldAfter < oldBefore;
    }

    /**
     * A full stop-the-world collection (System.gc(), a heap dump's GC, a probe): the old generation after it is the
     * live set, even when it grew because the young survivors were compacted into it. "G1 Old Generation" counts only
     * with a requested cause: before JDK 20 it also reported the remark and cleanup pauses of concurrent cycles, after
     * which the old gen still holds its garbage.
     */
    public boolean fullCollection() {
        if (oldAfter < 0) return false;
        return FULL_COLLECTORS.contains(collector) || collector.equals("G1 Old Generation") && REQUESTED_CAUSES.contains(cause);
    }
}
