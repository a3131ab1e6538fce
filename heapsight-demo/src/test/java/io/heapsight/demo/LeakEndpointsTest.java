package io.heapsight.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each leaky endpoint grows the demo's live set (measured after a forced full GC) and its fixed twin does not.
 * Expected growth is worked out from what one call retains (a 10 KB Latin-1 string, one byte per char), with a
 * wide margin for a noisy machine: leaks must show at least 75% of it, fixed twins at most 1.5 MB in total.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakEndpointsTest {

    private static final int CALLS = 600;
    private static final long RETAINED_PER_CALL = 10 * 1024;
    private static final long LEAK_AT_LEAST = (long) (0.75 * CALLS * RETAINED_PER_CALL);   // 4.4 MiB
    private static final long FIXED_AT_MOST = 1536 * 1024;

    private ForkedDemo demo;

    @BeforeAll
    void startDemo() throws Exception {
        demo = ForkedDemo.start();
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    /** Live-set growth over {@code CALLS} calls, after 30 warm-up calls (class loading, JIT, server buffers). */
    private long growth(String path) throws Exception {
        demo.call(path, 30, 2);
        long before = demo.liveSet();
        demo.call(path, CALLS, 2);
        long after = demo.liveSet();
        return after - before;
    }

    @Test
    void staticStringLeaksAndBigStringIsOnlyChurn() throws Exception {
        assertThat(growth("/api/staticstring")).isGreaterThan(LEAK_AT_LEAST);
        assertThat(growth("/api/bigstring")).isLessThan(FIXED_AT_MOST);
    }

    @Test
    void unboundedCacheLeaksAndBoundedCacheDoesNot() throws Exception {
        int before = demo.holder("ProductCache.ENTRIES");
        assertThat(growth("/api/cache/leaky")).isGreaterThan(LEAK_AT_LEAST);
        assertThat(demo.holder("ProductCache.ENTRIES") - before).isEqualTo(CALLS + 30);
        // 100 entries of ~10 KB at most, whatever the number of calls
        assertThat(growth("/api/cache/bounded")).isLessThan(FIXED_AT_MOST);
        assertThat(demo.holder("BoundedProductCache.ENTRIES")).isEqualTo(100);
    }

    @Test
    void forgottenUnsubscribeLeaksAndUnsubscribingDoesNot() throws Exception {
        assertThat(growth("/api/events/fixed")).isLessThan(FIXED_AT_MOST);
        int before = demo.holder("OrderEventBus.INSTANCE.listeners");
        assertThat(growth("/api/events/leaky")).isGreaterThan(LEAK_AT_LEAST);
        assertThat(demo.holder("OrderEventBus.INSTANCE.listeners") - before).isEqualTo(CALLS + 30);
    }

    @Test
    void threadLocalOnPooledThreadsLeaksAndRemovingItDoesNot() throws Exception {
        assertThat(growth("/api/threadlocal/fixed")).isLessThan(FIXED_AT_MOST);
        assertThat(growth("/api/threadlocal")).isGreaterThan(LEAK_AT_LEAST);
    }

    @Test
    void retainedDirectBuffersGrowOffHeapAndDroppedOnesAreFreed() throws Exception {
        int calls = 40;   // 40 x 256 KB = 10 MiB of direct memory
        long expected = calls * 256L * 1024;
        demo.liveSet();
        long before = demo.diagnostics().get("directBufferBytes").asLong();
        demo.call("/api/native/direct", calls, 1);
        demo.liveSet();
        long leaked = demo.diagnostics().get("directBufferBytes").asLong() - before;
        assertThat(leaked).isGreaterThanOrEqualTo(expected);

        long base = demo.diagnostics().get("directBufferBytes").asLong();
        demo.call("/api/native/direct/fixed", calls, 1);
        // the buffers' Cleaners run after the GC that finds them unreachable: give them a moment
        long freed = Long.MAX_VALUE;
        for (int i = 0; i < 50 && freed > base + 1024 * 1024; i++) {
            demo.liveSet();
            Thread.sleep(100);
            freed = demo.diagnostics().get("directBufferBytes").asLong();
        }
        assertThat(freed).isLessThanOrEqualTo(base + 1024 * 1024);
    }

    @Test
    void unclosedWatchServicesKeepThreadsAndDescriptorsAndClosedOnesDoNot() throws Exception {
        int calls = 10;
        JsonNode before = demo.diagnostics();
        demo.call("/api/native/watch/fixed", calls, 1);
        demo.liveSet();
        JsonNode afterFixed = demo.diagnostics();
        assertThat(afterFixed.get("openFds").asLong() - before.get("openFds").asLong()).isLessThanOrEqualTo(2);
        assertThat(afterFixed.get("threads").asInt() - before.get("threads").asInt()).isLessThanOrEqualTo(2);

        demo.call("/api/native/watch", calls, 1);
        demo.liveSet();   // a GC does not give them back: each poller thread keeps its service alive
        JsonNode afterLeak = demo.diagnostics();
        assertThat(afterLeak.get("holders").get("FolderWatchers.WATCHERS").asInt()).isEqualTo(calls);
        // each open WatchService on Linux holds an inotify descriptor and a poller thread
        assertThat(afterLeak.get("openFds").asLong() - afterFixed.get("openFds").asLong()).isGreaterThanOrEqualTo(calls);
        // counted per thread name, not in total: the web server's pool may retire idle threads meanwhile
        assertThat(largestGrowth(afterFixed, afterLeak)).as("a poller thread per service").isGreaterThanOrEqualTo(calls);
        assertThat(largestGrowth(before, afterFixed)).as("closed services keep no thread").isLessThanOrEqualTo(1);
    }

    /** The largest increase of one thread-name entry (e.g. "FileSystemWatcher") between two diagnostics. */
    private static int largestGrowth(JsonNode from, JsonNode to) {
        int most = 0;
        for (var e : to.get("threadsByName").properties()) {
            JsonNode was = from.get("threadsByName").get(e.getKey());
            most = Math.max(most, e.getValue().asInt() - (was == null ? 0 : was.asInt()));
        }
        return most;
    }

    @Test
    void httpClientPerRequestPilesUpThreadsAndSharedClientDoesNot() throws Exception {
        int calls = 20;
        demo.call("/api/httpclient/shared", 5, 1);
        demo.liveSet();   // an empty young generation, so no GC reclaims the unclosed clients while we count
        int before = demo.diagnostics().get("threads").asInt();
        demo.call("/api/httpclient/shared", calls, 1);
        int afterShared = demo.diagnostics().get("threads").asInt();
        assertThat(afterShared - before).isLessThanOrEqualTo(3);

        demo.call("/api/httpclient/perrequest", calls, 1);
        int afterPerRequest = demo.diagnostics().get("threads").asInt();
        // one selector thread per unclosed client, until a GC reclaims the clients (half of them, with margin)
        assertThat(afterPerRequest - afterShared).isGreaterThanOrEqualTo(calls / 2);
    }

    @Test
    void freshArraysAllocateAndPooledArraysDoNot() throws Exception {
        int calls = 50;
        long size = 1024 * 1024;
        demo.call("/api/pooledarray/" + size, 10, 1);
        long a0 = demo.diagnostics().get("allocatedBytes").asLong();
        demo.call("/api/array/" + size, calls, 1);
        long a1 = demo.diagnostics().get("allocatedBytes").asLong();
        demo.call("/api/pooledarray/" + size, calls, 1);
        long a2 = demo.diagnostics().get("allocatedBytes").asLong();
        assertThat(a1 - a0).isGreaterThanOrEqualTo(calls * size);
        assertThat(a2 - a1).isLessThan((a1 - a0) / 5);
        assertThat(growth("/api/array/" + size)).isLessThan(FIXED_AT_MOST);
    }

    @Test
    void humongousArraysChangeTheGcCauseAndJustBelowOnesDoNot() throws Exception {
        long seq = lastSeq();
        demo.call("/api/humongous/below", 40, 1);   // 40 x 8 x ~500 KB of young garbage
        Thread.sleep(300);                           // GC notifications arrive asynchronously
        JsonNode below = demo.json("/api/diagnostics?since=" + seq).get("gcEvents");
        assertThat(kinds(below, "humongous")).isZero();

        seq = lastSeq();
        JsonNode answer = demo.json("/api/humongous/above");
        assertThat(answer.get("humongous").asBoolean()).isTrue();
        assertThat(answer.get("arrayBytes").asLong()).isGreaterThanOrEqualTo(answer.get("regionBytes").asLong() / 2);
        demo.call("/api/humongous/above", 40, 1);
        Thread.sleep(300);
        JsonNode above = demo.json("/api/diagnostics?since=" + seq).get("gcEvents");
        assertThat(kinds(above, "humongous")).isPositive();
        assertThat(above.findValuesAsText("cause")).contains("G1 Humongous Allocation");
    }

    @Test
    void badSizesAreRejectedWithAMessage() throws Exception {
        assertThat(demo.get("/api/array/lots").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/array/lots").body()).contains("size must be a number");
        assertThat(demo.get("/api/array/999999999999").statusCode()).isEqualTo(400);
        assertThat(demo.get("/api/humongous/huge").statusCode()).isEqualTo(400);
    }

    private long lastSeq() throws Exception {
        long max = 0;
        for (JsonNode e : demo.diagnostics().get("gcEvents")) {
            max = Math.max(max, e.get("seq").asLong());
        }
        return max;
    }

    private static long kinds(JsonNode events, String kind) {
        long n = 0;
        for (JsonNode e : events) {
            if (kind.equals(e.get("kind").asText())) n++;
        }
        return n;
    }
}
