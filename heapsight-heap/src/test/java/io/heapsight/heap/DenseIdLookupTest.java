package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DenseIdLookupTest {

    /** Heap-like ids: 8-byte aligned, 16 to 64 bytes apart, a few written out of order first (class mirrors). */
    private static long[] heapLikeIds(Random random, int n, int strays) {
        long[] ids = new long[n];
        long at = 0x7_05a0_0000L;
        for (int i = 0; i < n; i++) ids[i] = at += 8 * (2 + random.nextInt(7));
        for (int s = 0; s < strays; s++) {
            int a = random.nextInt(n), b = random.nextInt(n);
            long t = ids[a];
            ids[a] = ids[b];
            ids[b] = t;
        }
        return ids;
    }

    @Test
    void findsEveryObjectAndNothingElseLikeAHashMap() {
        Random random = new Random(5);
        for (int strays : new int[]{0, 20, 80}) { // none, or swapped pairs whose words go to the map of strays
            long[] ids = heapLikeIds(random, 50_000, strays);
            Map<Long, Integer> expected = new HashMap<>();
            for (int i = 0; i < ids.length; i++) expected.put(ids[i], i);
            DenseIdLookup dense = DenseIdLookup.of(ids.clone(), ids.length);

            assertThat(dense).isNotNull();
            expected.forEach((id, i) -> assertThat(dense.indexOf(id)).isEqualTo(i));
            long min = expected.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = expected.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            for (long probe = min - 64; probe <= max + 64; probe += 4) {
                assertThat(dense.indexOf(probe)).as("probe %x", probe).isEqualTo(expected.getOrDefault(probe, -1));
            }
            assertThat(dense.indexOf(0)).isEqualTo(-1);
            assertThat(dense.indexOf(-8)).isEqualTo(-1);
            assertThat(dense.indexOf(Long.MAX_VALUE)).isEqualTo(-1);
        }
    }

    @Test
    void sparseIdsDuplicatesAndSmallDumpsKeepTheBucketSearch() {
        long[] sparse = new long[1_000];
        for (int i = 0; i < sparse.length; i++) sparse[i] = 8L * 65 * i; // 65 units apart: more than 64 bits an object
        assertThat(DenseIdLookup.of(sparse, sparse.length)).isNull();

        long[] disordered = heapLikeIds(new Random(1), 50_000, 5_000); // a fifth out of order: more than 1/16 strays
        assertThat(DenseIdLookup.of(disordered, disordered.length)).isNull();

        long[] spread = new long[1_000];
        for (int i = 0; i < spread.length; i++) spread[i] = Long.MIN_VALUE + 8L * i;
        spread[999] = Long.MAX_VALUE - 7; // a span past 2^63
        assertThat(DenseIdLookup.of(spread, spread.length)).isNull();

        long[] duplicates = new long[1_000];
        for (int i = 0; i < duplicates.length; i++) duplicates[i] = 0x1000 + 8L * i;
        duplicates[500] = duplicates[499];
        assertThat(DenseIdLookup.of(duplicates, duplicates.length)).isNull();

        assertThat(DenseIdLookup.of(new long[]{8, 16, 24}, 3)).isNull();
    }
}
