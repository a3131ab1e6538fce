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

    /** True when this collection reclaimed old-generation space (mixed, full or major): its after value is closest to the live set. */
    public boolean collectedOldGen() {
        return oldBefore >= 0 && oldAfter >= 0 && oldAfter < oldBefore;
    }
}
