package io.heapsight.heap.large;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pieces of the model past 2^31 objects and references (docs/design.md, "Past 2^31 objects"), addressed past
 * 2^31 and 2^32 entries in sparse memory-mapped files: tens of GB of address space, a few pages of memory and disk.
 */
class PastTwoToThe31Test {
    private static final long TWO_31 = 1L << 31;
    private static final long TWO_32 = 1L << 32;

    @TempDir
    Path dir;

    @Test
    void intAndLongColumnsAreAddressedPast2To31EntriesAndUntouchedEntriesAreZero() throws Exception {
        try (LongIndexedInts ints = LongIndexedInts.createMapped(dir.resolve("ints"), TWO_31 + 1024);
             LongIndexedLongs longs = LongIndexedLongs.createMapped(dir.resolve("longs"), TWO_31 + 1024)) {
            long[] at = {0, TWO_31 - 1, TWO_31, TWO_31 + 1023};
            for (long i : at) {
                ints.set(i, (int) (i * 7 + 1));
                longs.set(i, i * 1_000_003L + 5);
            }
            for (long i : at) {
                assertThat(ints.get(i)).isEqualTo((int) (i * 7 + 1));
                assertThat(longs.get(i)).isEqualTo(i * 1_000_003L + 5);
            }
            assertThat(ints.get(TWO_31 + 500)).isZero();
            assertThat(longs.get(TWO_31 - 2)).isZero();
            assertThatThrownBy(() -> ints.get(TWO_31 + 1024)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(ints.length()).isEqualTo(TWO_31 + 1024);
        }
        assertThat(Files.size(dir.resolve("ints"))).isEqualTo((TWO_31 + 1024) * 4);
        // a mapped column is the file: written little-endian at 4 bytes per entry
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("ints"))) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, TWO_31 * 4);
            assertThat(b.getInt(0)).isEqualTo((int) (TWO_31 * 7 + 1));
        }
    }

    @Test
    void objectIndexesUpTo2To32Minus2FitAnUnsignedIntAndNoneStaysMinusOne() {
        for (long obj : new long[] {0, TWO_31 - 1, TWO_31, TWO_31 + 7, TWO_32 - 2}) {
            assertThat(ObjectIndexes.load(ObjectIndexes.store(obj))).isEqualTo(obj);
        }
        assertThat(ObjectIndexes.store(TWO_31)).isNegative(); // the bits an int array holds
        assertThat(ObjectIndexes.load(ObjectIndexes.NONE)).isEqualTo(-1);
        assertThatThrownBy(() -> ObjectIndexes.store(TWO_32 - 1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ObjectIndexes.store(-1)).hasMessageContaining("out of range");
    }

    /**
     * A synthetic model of 2^31 + 8192 objects whose object 4095 is a 3-billion-slot array, so the references of
     * every later object sit past 2^31 and 2^32 in the edge array; a chain through objects past 2^31 is walked
     * (iteratively, as every engine traversal) through the CSR rows and comes out as built.
     */
    @Test
    void aModelPast2To31ObjectsAnd2To32ReferencesIsWalkedThroughItsRows() throws Exception {
        long n = TWO_31 + 8192;
        long wide = 4095;
        long wideSlots = 3_000_000_000L;
        long a = TWO_31 + 7;
        long b = TWO_31 + 4000;
        long c = TWO_31 + 8000;
        try (LongIndexedInts deltas = LongIndexedInts.createMapped(dir.resolve("deltas"), n);
             LongIndexedInts edges = LongIndexedInts.createMapped(dir.resolve("edges"), wideSlots + 16)) {
            EdgeOffsets rows = new EdgeOffsets.Builder(n, deltas)
                    .edges(5, 1)              // 5 -> a
                    .edges(wide, wideSlots)   // the wide array: slot 0 -> 5, last slot -> c, the rest object 0
                    .edges(a, 1)              // a -> b
                    .edges(b, 2)              // b -> c, b -> 5 (a cycle back)
                    .edges(c, 1)              // c -> 6
                    .build();
            // expected positions, counted by hand: 5's edge at 0, the array's slots at 1 .. 3e9, then a, b, c
            assertThat(rows.start(5)).isZero();
            assertThat(rows.start(wide)).isEqualTo(1);
            assertThat(rows.end(wide)).isEqualTo(1 + wideSlots);
            assertThat(rows.start(a)).isEqualTo(1 + wideSlots).isGreaterThan(TWO_31);
            assertThat(rows.start(b)).isEqualTo(2 + wideSlots);
            assertThat(rows.start(c)).isEqualTo(4 + wideSlots);
            assertThat(rows.total()).isEqualTo(5 + wideSlots);
            assertThat(rows.end(n - 1)).isEqualTo(rows.total());
            assertThat(rows.end(6) - rows.start(6)).isZero();
            assertThat(rows.end(TWO_31 + 5000) - rows.start(TWO_31 + 5000)).isZero();

            put(edges, rows, 5, a);
            edges.set(rows.start(wide), ObjectIndexes.store(5));
            edges.set(rows.end(wide) - 1, ObjectIndexes.store(c));
            put(edges, rows, a, b);
            put(edges, rows, b, c, 5);
            put(edges, rows, c, 6);

            assertThat(ObjectIndexes.load(edges.get(rows.end(wide) - 1))).isEqualTo(c);
            assertThat(walk(rows, edges, 5, wide)).containsExactly(5L, a, b, c, 6L);
        }
    }

    @Test
    void aBlockOf4096ObjectsHoldingMoreThan2To32ReferencesIsRefusedClearly() throws Exception {
        try (LongIndexedInts deltas = LongIndexedInts.createMapped(dir.resolve("d"), 10_000)) {
            // 2^32 - 1 references before the block's last object still fit the unsigned delta
            EdgeOffsets ok = new EdgeOffsets.Builder(10_000, deltas).edges(4094, TWO_32 - 1).edges(4095, 1).build();
            assertThat(ok.start(4095)).isEqualTo(TWO_32 - 1);
            assertThat(ok.start(4096)).isEqualTo(TWO_32);
        }
        try (LongIndexedInts deltas = LongIndexedInts.createMapped(dir.resolve("e"), 10_000)) {
            EdgeOffsets.Builder builder = new EdgeOffsets.Builder(10_000, deltas).edges(4094, TWO_32);
            assertThatThrownBy(() -> builder.edges(4095, 1))
                    .hasMessage("more than 2^32 references within the 4096 objects from 0: not supported");
            assertThatThrownBy(() -> new EdgeOffsets.Builder(10_000, deltas).edges(7, 1).edges(3, 1))
                    .hasMessageContaining("in order");
        }
    }

    private static void put(LongIndexedInts edges, EdgeOffsets rows, long from, long... targets) {
        assertThat(rows.end(from) - rows.start(from)).isEqualTo(targets.length);
        for (int k = 0; k < targets.length; k++) edges.set(rows.start(from) + k, ObjectIndexes.store(targets[k]));
    }

    /** Depth-first, with an explicit stack; the wide array's 3e9 rows are not expanded (not reachable anyway). */
    private static List<Long> walk(EdgeOffsets rows, LongIndexedInts edges, long root, long skip) {
        List<Long> order = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            long o = stack.pop();
            if (!seen.add(o)) continue;
            order.add(o);
            assertThat(o).isNotEqualTo(skip);
            for (long k = rows.end(o) - 1; k >= rows.start(o); k--) {
                long t = ObjectIndexes.load(edges.get(k));
                if (!seen.contains(t)) stack.push(t);
            }
        }
        return order;
    }
}
