package io.heapsight.demo.diag;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.heapsight.common.Collector;
import io.heapsight.common.GcKind;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Listens to every GC notification and keeps the last ones plus the heap after the last collection.
 * Notifications rather than {@code getCollectionUsage()}: on G1 and Parallel the old pool's collection usage is
 * not updated by young collections, while the notification's after-GC usage is (every GC).
 */
public final class GcEventLog implements NotificationListener, AutoCloseable {

    private static final int KEPT = 200;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final ArrayDeque<GcEvent> recent = new ArrayDeque<>();
    private final Map<String, String> lastCauseByCollector = new ConcurrentHashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private long seq;
    private volatile long heapAfterLastGc = -1;
    private volatile long heapAfterLastFullGc = -1;
    private volatile long lastGcAtMs = -1;
    private volatile String lastCause;

    public GcEventLog() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        GcInfo gcInfo = info.getGcInfo();
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : gcInfo.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                after += e.getValue().getUsed();
            }
        }
        Collector collector = Collector.of(info.getGcName());
        String kind = GcEvent.kindOf(collector, info.getGcCause());
        lastCauseByCollector.put(info.getGcName(), info.getGcCause());
        // ZGC and Shenandoah report pauses on separate beans whose after-GC usage is not a cycle's result: mark them, do not measure
        boolean measures = collector.measuresHeap();
        synchronized (this) {
            long now = System.currentTimeMillis();
            recent.addLast(new GcEvent(++seq, now, info.getGcName(), kind, info.getGcAction(), info.getGcCause(),
                    gcInfo.getDuration(), after));
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
            if (!"No GC".equals(info.getGcCause())) {   // G1's concurrent-cycle pauses say "No GC": not a reason
                lastCause = info.getGcCause();
            }
            lastGcAtMs = now;
            if (measures) {
                heapAfterLastGc = after;
                if (collector.kind() == GcKind.OLD && !collector.young()) {
                    heapAfterLastFullGc = after;
                }
            }
        }
    }

    /** Records a live set measured right after a forced full collection (more exact than the notification, which arrives later). */
    public void recordForcedCollection(long liveBytes) {
        heapAfterLastGc = liveBytes;
        heapAfterLastFullGc = liveBytes;
    }

    public synchronized List<GcEvent> eventsAfter(long seenSeq) {
        return recent.stream().filter(e -> e.seq() > seenSeq).toList();
    }

    public long heapAfterLastGc() {
        return heapAfterLastGc;
    }

    public long heapAfterLastFullGc() {
        return heapAfterLastFullGc;
    }

    public long lastGcAtMs() {
        return lastGcAtMs;
    }

    public String lastCause() {
        return lastCause;
    }

    public String lastCauseOf(String collector) {
        return lastCauseByCollector.get(collector);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
