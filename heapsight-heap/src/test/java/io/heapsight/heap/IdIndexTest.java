package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IdIndexTest {

    @Test
    void idsInFileOrderMapToTheirPositionWithoutAPermutation() {
        long[] ids = {0x1000, 0x1010, 0x1028, 0x2000, 0x7fff_0000L};
        IdIndex index = IdIndex.build(ids.clone(), ids.length);

        assertThat(index.hasPermutation()).isFalse();
        assertThat(index.size()).isEqualTo(5);
        for (int i = 0; i < ids.length; i++) assertThat(index.indexOf(ids[i])).isEqualTo(i);
    }

    @Test
    void unknownIdsAreMinusOneInsideAndOutsideTheRange() {
        IdIndex index = IdIndex.build(new long[]{0x1000, 0x1010, 0x1028}, 3);

        assertThat(index.indexOf(0x1008)).isEqualTo(-1);   // between two objects
        assertThat(index.indexOf(0x0fff)).isEqualTo(-1);   // below the smallest
        assertThat(index.indexOf(0x1029)).isEqualTo(-1);   // above the largest
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.indexOf(-1)).isEqualTo(-1);
    }

    @Test
    void idsOutOfOrderAreFoundThroughThePermutation() {
        long[] ids = {0x5000, 0x1000, 0x3000, 0x2000, 0x4000};
        IdIndex index = IdIndex.build(ids.clone(), ids.length);

        assertThat(index.hasPermutation()).isTrue();
        assertThat(index.indexOf(0x5000)).isEqualTo(0);
        assertThat(index.indexOf(0x1000)).isEqualTo(1);
        assertThat(index.indexOf(0x3000)).isEqualTo(2);
        assertThat(index.indexOf(0x2000)).isEqualTo(3);
        assertThat(index.indexOf(0x4000)).isEqualTo(4);
    }

    @Test
    void agreesWithAHashMapOnManyRandomAlignedIds() {
        Random random = new Random(42);
        int n = 200_000;
        long[] ids = new long[n];
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long id;
            do {
                id = 0x7_0000_0000L + ((random.nextLong() >>> 40) << 3); // 8-byte aligned, like addresses
            } while (expected.containsKey(id));
            ids[i] = id;
            expected.put(id, i);
        }
        IdIndex index = IdIndex.build(ids.clone(), n);

        expected.forEach((id, i) -> assertThat(index.indexOf(id)).isEqualTo(i));
        for (int k = 0; k < 10_000; k++) {
            long probe = 0x7_0000_0000L + ((random.nextLong() >>> 40) << 3) + 4; // never aligned: never an object
            assertThat(index.indexOf(probe)).isEqualTo(-1);
        }
    }

    /** Ids spanning the whole long range cannot be packed with their index into one long: the slower sort path. */
    @Test
    void idsTooSpreadToPackStillSort() {
        long[] ids = {Long.MAX_VALUE - 8, 16, Long.MAX_VALUE / 2, 8};
        IdIndex index = IdIndex.build(ids.clone(), ids.length);

        assertThat(index.indexOf(Long.MAX_VALUE - 8)).isEqualTo(0);
        assertThat(index.indexOf(16)).isEqualTo(1);
        assertThat(index.indexOf(Long.MAX_VALUE / 2)).isEqualTo(2);
        assertThat(index.indexOf(8)).isEqualTo(3);
        assertThat(index.indexOf(24)).isEqualTo(-1);
    }

    @Test
    void onlyTheFirstCountIdsAreIndexed() {
        IdIndex index = IdIndex.build(new long[]{30, 10, 20, 99, 98}, 3);

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.indexOf(10)).isEqualTo(1);
        assertThat(index.indexOf(99)).isEqualTo(-1);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        IdIndex index = IdIndex.build(new long[0], 0);

        assertThat(index.size()).isZero();
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.indexOf(0x1000)).isEqualTo(-1);
    }

    /** Heap-like ids (8-byte aligned, 16 to 64 bytes apart) with a few written first, out of order (class mirrors). */
    private static long[] heapLike(Random random, int n, int strays) {
        long[] ids = new long[n];
        long at = 0x7_05a0_0000L;
        for (int i = 0; i < n; i++) ids[i] = at += 8 * (2 + random.nextInt(7));
        for (int s = 0; s < strays; s++) {
            int from = random.nextInt(n);
            long t = ids[from];
            System.arraycopy(ids, 0, ids, 1, from); // moved to the front, as HotSpot writes class dumps first
            ids[0] = t;
        }
        return ids;
    }

    @Test
    void denseAndSortedFormsAgreeOnLookupsAscendingOrderAndIds() {
        Random random = new Random(7);
        for (int strays : new int[]{0, 30, 200}) {
            long[] ids = heapLike(random, 60_000, strays);
            IdIndex dense = IdIndex.build(ids.clone(), ids.length);
            IdIndex sorted = IdIndex.sorted(ids.clone(), ids.length);

            assertThat(dense.isDense()).as("dense with %d strays", strays).isTrue();
            assertThat(sorted.isDense()).isFalse();
            assertThat(dense.hasPermutation()).isEqualTo(strays > 0).isEqualTo(sorted.hasPermutation());
            for (int i = 0; i < ids.length; i++) {
                assertThat(dense.indexOf(ids[i])).isEqualTo(i);
                assertThat(dense.indexOf(ids[i] + 8)).isEqualTo(sorted.indexOf(ids[i] + 8));
                if (strays == 0) assertThat(dense.idInFileOrder(i)).isEqualTo(ids[i]).isEqualTo(sorted.idInFileOrder(i));
            }
            IdIndex.Cursor a = dense.ascending(), b = sorted.ascending();
            int visited = 0;
            while (b.next()) {
                assertThat(a.next()).isTrue();
                assertThat(a.id).isEqualTo(b.id);
                assertThat(a.object).isEqualTo(b.object);
                visited++;
            }
            assertThat(a.next()).isFalse();
            assertThat(visited).isEqualTo(ids.length);
        }
    }

    @Test
    void idsTooDisorderedForTheDenseFormAreSorted() {
        Random random = new Random(3);
        long[] ids = heapLike(random, 60_000, 0);
        for (int i = ids.length - 1; i > 0; i--) { // shuffled: every word holds ids out of file order
            int j = random.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        IdIndex index = IdIndex.build(ids.clone(), ids.length);

        assertThat(index.isDense()).isFalse();
        for (int i = 0; i < ids.length; i++) assertThat(index.indexOf(ids[i])).isEqualTo(i);
    }
}
