package io.heapsight.analysis;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateStringsTopTest {
    @Test
    void largestPicksWhatAStableDescendingSortPutsFirst() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200; round++) {
            long[] v = new long[rnd.nextInt(60)];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(12); // many ties
            int k = rnd.nextInt(25);
            int[] expected = IntStream.range(0, v.length).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> v[i]).reversed())
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(DuplicateStrings.largest(v, k)).containsExactly(expected);
        }
    }

    @Test
    void bucketSortOrdersKeysAsASignedSortDoes() {
        Random rnd = new Random(11);
        for (int round = 0; round < 50; round++) {
            int m = rnd.nextInt(5000);
            long[] keys = new long[m + rnd.nextInt(3)]; // entries past m are not keys
            for (int i = 0; i < keys.length; i++) keys[i] = rnd.nextInt(4) == 0 && i > 0 ? keys[rnd.nextInt(i)] : rnd.nextLong();
            if (m > 2) keys[0] = Long.MIN_VALUE;
            if (m > 2) keys[1] = Long.MAX_VALUE;
            long[] expected = java.util.Arrays.copyOf(keys, m);
            java.util.Arrays.sort(expected);
            assertThat(DuplicateStrings.sortedByBuckets(keys, m)).containsExactly(expected);
        }
    }
}
