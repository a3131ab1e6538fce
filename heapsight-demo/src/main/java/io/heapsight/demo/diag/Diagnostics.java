package io.heapsight.demo.diag;

import java.util.List;
import java.util.Map;

/**
 * What /api/diagnostics returns: one sample of the process's memory, GC, CPU and load. Byte values are bytes;
 * -1 means "not known" (no GC yet, no /proc on this platform).
 *
 * @param liveSetBytes            heap in use right after the most recent GC of any kind (young GCs included)
 * @param liveSetAfterFullGcBytes heap in use after the most recent full/old collection: the closest thing to the
 *                                live set; /api/collect refreshes it
 * @param threadsByName           live threads per name with its numbers as {@code #} ("pool-#-thread-#"): which pool grows
 * @param allocatedBytes          bytes allocated by all threads since start (allocation pressure)
 * @param pid                     this JVM's process id, for `heapsight monitor PID` / `dump PID`
 */
public record Diagnostics(
        long pid,
        long timestampMs,
        long uptimeMs,
        String collector,
        long heapUsedBytes,
        long heapCommittedBytes,
        long heapMaxBytes,
        long liveSetBytes,
        long liveSetAfterFullGcBytes,
        long lastGcAtMs,
        String lastGcCause,
        long rssBytes,
        double cpuPercent,
        long requestsTotal,
        double rps,
        int threads,
        Map<String, Integer> threadsByName,
        long openFds,
        long directBufferBytes,
        long directBufferCount,
        long allocatedBytes,
        List<Collector> collectors,
        List<GcEvent> gcEvents,
        Map<String, Integer> holders) {

    /** One garbage collector bean: how often it ran, for how long in total, and why it ran last. */
    public record Collector(String name, long count, long timeMs, String lastCause) {}
}
