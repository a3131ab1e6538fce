package io.heapsight.testkit;

import io.heapsight.testkit.scenarios.RealisticHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The benchmark's scenario at a small size: its parts add up to the requested count and the JVM agrees. */
class RealisticHeapTest {
    private static final String P = "io.heapsight.testkit.scenarios.RealisticHeap$";

    @TempDir
    Path dir;

    @Test
    void buildsAboutNObjectsInTheDocumentedParts() throws IOException {
        DumpedHeap heap = ForkedDump.of(RealisticHeap.class).args("--objects", "50k").jvmArgs("-Xmx256m").run(dir);

        long parts = heap.longFact("objects.cache") + heap.longFact("objects.customers") + heap.longFact("objects.events")
                + heap.longFact("objects.numbers") + heap.longFact("objects.tags") + heap.longFact("objects.chain");
        assertThat((double) parts).isCloseTo(50_000, within(50_000 * 0.01));
        // chain: min(300k, N/10) nodes; cache: 6 objects per entry, one CacheEntry each
        assertThat(heap.histogram().instances(P + "ChainNode")).isEqualTo(5_000);
        assertThat(heap.longFact("chain.depth")).isEqualTo(5_000);
        assertThat(heap.histogram().instances(P + "CacheEntry")).isEqualTo(heap.longFact("cache.entries"))
                .isEqualTo(heap.longFact("objects.cache") / 6);
        // events: LinkedList node + Event per event
        assertThat(heap.histogram().instances(P + "Event")).isEqualTo(heap.longFact("objects.events") / 2);
        assertThat(heap.histogram().instances("java.lang.ref.WeakReference")).isGreaterThanOrEqualTo(heap.longFact("weakReferences"));
        assertThat(heap.histogram().totalInstances()).isGreaterThan(50_000);
    }

    @Test
    void parsesCounts() {
        assertThat(RealisticHeap.parseCount("5m")).isEqualTo(5_000_000);
        assertThat(RealisticHeap.parseCount("300k")).isEqualTo(300_000);
        assertThat(RealisticHeap.parseCount("2.5M")).isEqualTo(2_500_000);
        assertThat(RealisticHeap.parseCount("1_000_000")).isEqualTo(1_000_000);
        assertThatThrownBy(() -> RealisticHeap.parseCount("many")).hasMessageContaining("not an object count");
        assertThatThrownBy(() -> RealisticHeap.parseCount("10")).hasMessageContaining("at least 1000");
    }
}
