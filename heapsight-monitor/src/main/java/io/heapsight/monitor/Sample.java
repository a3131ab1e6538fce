package io.heapsight.monitor;

import java.util.List;

/**
 * One sample of a target JVM. Values that the target (or the OS) cannot tell are -1 (or NaN for ratios).
 *
 * @param uptimeMillis        target uptime at sampling, the time axis shared with {@link GcEvent}
 * @param oldPoolName         the heap pool whose after-GC occupancy is the live-set signal
 * @param oldGenAfterLastGc   old-generation occupancy right after the most recent GC seen so far
 * @param heapAfterLastGc     whole-heap occupancy right after the most recent GC seen so far
 * @param allocatedBytes      total bytes allocated by all threads so far (getTotalThreadAllocatedBytes)
 * @param allocationRate      bytes allocated per second since the previous sample
 * @param rssBytes            resident set size of the process (local targets only)
 * @param heapResidentBytes   how much of the Java heap's reservation is resident (/proc/pid/smaps over the range
 *                            GC.heap_info names): what "RSS outside the heap" subtracts; -1 when unknown (ZGC, remote
 *                            targets, JDK 8, other systems), and the committed heap stands in for it
 * @param processCpuLoad      recent CPU use of the process, 0..1 of the whole machine
 * @param gcEvents            collections that ended since the previous sample
 */
public record Sample(long uptimeMillis, long wallMillis,
                     long heapUsed, long heapCommitted, long heapMax,
                     List<PoolUsage> pools, String oldPoolName,
                     long oldGenUsed, long oldGenAfterLastGc, long heapAfterLastGc,
                     List<CollectorTotals> collectors, long gcCount, long gcTimeMillis,
                     long allocatedBytes, double allocationRate,
                     long rssBytes, long heapResidentBytes, double processCpuLoad, long processCpuTimeNanos,
                     int threads, long openFds,
                     long directBufferBytes, long mappedBufferBytes,
                     long classesLoaded, long metaspaceUsed, long nonHeapUsed,
                     List<GcEvent> gcEvents) {

    /**
     * RSS less the heap's resident pages when known, else less the committed heap (which counts heap pages never
     * touched yet, so this rises while the collector first uses them). A series uses one or the other throughout:
     * -1 without RSS, or when asked for the resident form and this sample lacks it.
     */
    public long outsideHeapBytes(boolean residentKnown) {
        if (rssBytes < 0 || (residentKnown && heapResidentBytes < 0)) return -1;
        return rssBytes - (residentKnown ? heapResidentBytes : heapCommitted);
    }
}
