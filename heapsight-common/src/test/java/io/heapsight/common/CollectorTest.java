package io.heapsight.common;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Actions as HotSpot's GC notifications carried them on JDK 17.0.15 and 25.0.3 (Serial, Parallel, G1, ZGC, Shenandoah). */
class CollectorTest {

    @Test
    void hotspotCollectorsWithTheActionsTheirNotificationsCarry() {
        check("Copy", GcKind.YOUNG, "young", "end of minor GC");
        check("MarkSweepCompact", GcKind.OLD, "old", "end of major GC");
        check("PS Scavenge", GcKind.YOUNG, "young", "end of minor GC");
        check("PS MarkSweep", GcKind.OLD, "old", "end of major GC");
        check("G1 Young Generation", GcKind.YOUNG, "young", "end of minor GC");
        check("G1 Old Generation", GcKind.OLD, "old", "end of major GC");
        check("G1 Concurrent GC", GcKind.CONCURRENT, "old", "end of concurrent GC pause");
        check("ZGC Cycles", GcKind.OLD, "old", "end of GC cycle");
        check("ZGC Pauses", GcKind.PAUSE, "old", "end of GC pause");
        check("ZGC Minor Cycles", GcKind.YOUNG, "young", "end of GC cycle");
        check("ZGC Minor Pauses", GcKind.PAUSE, "young", "end of GC pause");
        check("ZGC Major Cycles", GcKind.OLD, "old", "end of GC cycle");
        check("ZGC Major Pauses", GcKind.PAUSE, "old", "end of GC pause");
        check("Shenandoah Cycles", GcKind.OLD, "old", "end of GC cycle");
        check("Shenandoah Pauses", GcKind.PAUSE, "old", "end of GC pause");
    }

    @Test
    void unknownNamesAreClassifiedByTheirWords() {
        check("scavenge", GcKind.YOUNG, "young", "end of minor GC");        // OpenJ9
        check("global", GcKind.OLD, "old", "end of major GC");
        check("Foo Minor Cycles", GcKind.YOUNG, "young", "end of GC cycle");
        check("Foo Pauses", GcKind.PAUSE, "old", "end of GC pause");
    }

    @Test
    void whatEachKindMeansForMeasuring() {
        assertThat(Collector.of("G1 Old Generation").collectsOld()).isTrue();
        assertThat(Collector.of("G1 Young Generation").collectsOld()).isFalse();
        assertThat(Collector.of("ZGC Major Pauses").collectsOld()).isFalse();
        assertThat(Collector.of("ZGC Major Pauses").measuresHeap()).isFalse();
        assertThat(Collector.of("ZGC Major Cycles").measuresHeap()).isTrue();
    }

    @Test
    void everyCollectorOfThisJvmIsKnown() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Collector c = Collector.of(gc.getName());
            assertThat(c.action()).as(gc.getName()).startsWith("end of");
        }
    }

    private static void check(String name, GcKind kind, String generation, String action) {
        Collector c = Collector.of(name);
        assertThat(c.kind()).as(name).isEqualTo(kind);
        assertThat(c.generation()).as(name).isEqualTo(generation);
        assertThat(c.action()).as(name).isEqualTo(action);
    }
}
