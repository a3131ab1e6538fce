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
}
