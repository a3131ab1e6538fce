package io.heapsight.bench;

import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.ObjectReader;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark shapes at 200k objects, checked through heapsight's own model of the dump (not the generators'
 * facts alone): each has about N objects and the feature that makes it costly.
 */
class BenchShapesTest {
    private static final long N = 200_000;
    private static final String PKG = "io.heapsight.testkit.scenarios.";

    @TempDir
    Path dir;

    private HeapSnapshot generate(Shape shape) throws IOException {
        DumpedHeap d = ForkedDump.of(shape.scenario).args("--objects", Long.toString(N)).jvmArgs("-Xmx512m").run(dir);
        HeapSnapshot heap = HeapSnapshot.parse(d.file(), Progress.NONE);
        // the JDK's own objects (60-70k in a forked test JVM: class objects, the module graph, ...) come on top of N
        assertThat((long) heap.objectCount()).isBetween(N, N + 80_000);
        return heap;
    }

    @Test
    void deepChainHeapHasAChainOfNOver30NodesAndAnObjectArrayOfNOver15Slots() throws IOException {
        try (HeapSnapshot heap = generate(Shape.DEEPCHAIN)) {
            int node = classIndex(heap, PKG + "DeepChainHeap$ChainNode");
            // the head is the one node no other node points to; walk next edges from it
            boolean[] referenced = new boolean[heap.objectCount()];
            int nodes = 0;
            for (int o = 0; o < heap.objectCount(); o++) {
                if (heap.classOf(o) != node) continue;
                nodes++;
                for (int k = heap.edgeStart(o); k < heap.edgeEnd(o); k++) {
                    if (heap.classOf(heap.edgeTarget(k)) == node) referenced[heap.edgeTarget(k)] = true;
                }
            }
            int head = -1;
            for (int o = 0; o < heap.objectCount(); o++) {
                if (heap.classOf(o) == node && !referenced[o]) {
                    assertThat(head).as("a single chain").isEqualTo(-1);
                    head = o;
                }
            }
            ObjectReader reader = heap.reader();
            int depth = 0;
            for (int o = head; o >= 0; o = reader.fieldObject(o, "next")) depth++;
            assertThat(depth).isEqualTo(nodes).isEqualTo((int) (N / 30));

            int longest = 0;
            for (int o = 0; o < heap.objectCount(); o++) {
                if (heap.classOfObject(o).name().equals("java.lang.Object[]")) longest = Math.max(longest, reader.arrayLength(o));
            }
            assertThat(longest).isEqualTo((int) (N / 15));
        }
    }

    @Test
    void stringHeavyHeapIsMostlyStringsAndByteArraysWithJsonBodies() throws IOException {
        try (HeapSnapshot heap = generate(Shape.STRINGS)) {
            ObjectReader reader = heap.reader();
            long strings = 0;
            long byteArrays = 0;
            long jsonBodies = 0;
            byte[] prefix = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
            for (int o = 0; o < heap.objectCount(); o++) {
                String name = heap.classOfObject(o).name();
                if (name.equals("java.lang.String")) strings++;
                if (name.equals("byte[]")) {
                    byteArrays++;
                    if (java.util.Arrays.equals(reader.primitiveArrayBytes(o, prefix.length), prefix)) jsonBodies++;
                }
            }
            assertThat((double) (strings + byteArrays) / heap.objectCount()).isGreaterThan(0.6);
            // 25% of the budget, 4 objects per cached response; one more may be the generator's reused
            // StringBuilder buffer, which still holds the last body's text
            assertThat(jsonBodies).isBetween(N * 25 / 100 / 4, N * 25 / 100 / 4 + 1);
        }
    }

    @Test
    void manyClassesHeapHasNOver1000GeneratedClassesHalfHiddenWithInstancesSpreadOverThem() throws IOException {
        try (HeapSnapshot heap = generate(Shape.CLASSES)) {
            Set<Integer> generated = new HashSet<>();
            Set<Long> loaders = new HashSet<>();
            int hidden = 0;
            for (int c = 0; c < heap.classCount(); c++) {
                HeapClass k = heap.heapClass(c);
                if (!k.name().startsWith(PKG + "GeneratedType")) continue;
                generated.add(c);
                loaders.add(k.loaderId());
                if (k.name().contains("/0x")) hidden++;
            }
            assertThat(generated).hasSize((int) (N / 1000));
            assertThat(hidden).isEqualTo(generated.size() / 2);
            assertThat(loaders).as("the application loader (hidden classes) and one plugin loader").hasSize(2);
            long[] perClass = new long[heap.classCount()];
            long instances = 0;
            for (int o = 0; o < heap.objectCount(); o++) {
                if (generated.contains(heap.classOf(o))) {
                    perClass[heap.classOf(o)]++;
                    instances++;
                }
            }
            assertThat((double) instances).isBetween(N * 0.4, N * 0.6);
            for (int c : generated) assertThat(perClass[c]).as(heap.heapClass(c).name()).isPositive();
        }
    }

    private static int classIndex(HeapSnapshot heap, String name) {
        for (int c = 0; c < heap.classCount(); c++) {
            if (heap.heapClass(c).name().equals(name)) return c;
        }
        throw new AssertionError("no class " + name);
    }
}
