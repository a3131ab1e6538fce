package io.heapsight.demo.diag;

import io.heapsight.demo.churn.HumongousAllocations;
import io.heapsight.demo.leaks.LeakHolders;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the platform beans and the GC log into one {@link Diagnostics}. */
public final class DiagnosticsSampler implements AutoCloseable {

    private final GcEventLog gcLog = new GcEventLog();
    private final RateSampler rates = new RateSampler();
    private final String collector = HumongousAllocations.collectorName();

    public GcEventLog gcLog() {
        return gcLog;
    }

    public RateSampler rates() {
        return rates;
    }

    /** @param gcEventsAfterSeq only GC events newer than this sequence number are included (0 for all kept) */
    public Diagnostics sample(long gcEventsAfterSeq) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        List<Diagnostics.Collector> collectors = new ArrayList<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(new Diagnostics.Collector(gc.getName(), gc.getCollectionCount(), gc.getCollectionTime(),
                    gcLog.lastCauseOf(gc.getName())));
        }
        long directBytes = 0;
        long directCount = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                directBytes = pool.getMemoryUsed();
                directCount = pool.getCount();
            }
        }
        return new Diagnostics(
                ProcessHandle.current().pid(),
                System.currentTimeMillis(),
                ManagementFactory.getRuntimeMXBean().getUptime(),
                collector,
                heap.getUsed(), heap.getCommitted(), heap.getMax(),
                gcLog.heapAfterLastGc(), gcLog.heapAfterLastFullGc(), gcLog.lastGcAtMs(), gcLog.lastCause(),
                ProcessStats.rssBytes(),
                rates.cpuPercent(),
                rates.requestsTotal(), rates.rps(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                threadsByName(),
                ProcessStats.openFileDescriptors(),
                directBytes, directCount,
                allocatedBytes(),
                collectors,
                gcLog.eventsAfter(gcEventsAfterSeq),
                LeakHolders.counts());
    }

    /** Forces a full collection and returns the heap in use right after it: the live set. */
    public long collect() {
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        gcLog.recordForcedCollection(live);
        return live;
    }

    /** Live threads per name shape (digits as #), largest first: a growing pool shows as one growing entry. */
    static Map<String, Integer> threadsByName() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 0)) {
            if (t != null) counts.merge(t.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    @Override
    public void close() {
        rates.close();
        gcLog.close();
    }
}
