package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MostlySortedTest {

    /** Ascending addresses with a block of class mirrors (random addresses) written first, as HotSpot does. */
    @Test
    void classMirrorsWrittenBeforeTheObjectsAreMergedInWithoutAFullSort() {
        Random random = new Random(7);
        int n = 100_000, mirrors = 2_000;
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(0x7_0000_0000L + 16L * i);
        List<Long> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, random);
        List<Long> mirrorIds = shuffled.subList(0, mirrors);
        List<Long> fileOrder = new ArrayList<>(mirrorIds);
        List<Long> rest = new ArrayList<>(all);
        rest.removeAll(new java.util.HashSet<>(mirrorIds));
        fileOrder.addAll(rest);
        long[] ids = fileOrder.stream().mapToLong(Long::longValue).toArray();

        assertThat(MostlySorted.of(ids.clone(), n)).isNotNull();
        IdIndex index = IdIndex.sorted(ids.clone(), n);

        assertThat(index.hasPermutation()).isTrue();
        for (int i = 0; i < n; i++) assertThat(index.indexOf(ids[i])).isEqualTo(i);
        long[] sorted = index.sortedIds();
        for (int p = 1; p < n; p++) assertThat(sorted[p]).isGreaterThan(sorted[p - 1]);
        assertThat(index.indexOf(0x7_0000_0008L)).isEqualTo(-1);
    }

    /**
     * Address ranges written out of address order (each boundary a descent): long runs that do not overlap. Runs
     * that interleave (each thread's regions spread over the heap) are left to the full sort.
     */
    @Test
    void longRunsOutOfAddressOrderAreReordered() {
        int runs = 5, len = 1_000;
        long[] ids = new long[runs * len];
        int[] runOrder = {4, 3, 2, 1, 0};
        for (int r = 0; r < runs; r++) {
            for (int k = 0; k < len; k++) ids[r * len + k] = 0x1000 + 8L * (runOrder[r] * len + k);
        }
        ids[2_500] = 0x10; // one stray below everything
        ids[2_501] = 0x8; // and its descent

        assertThat(MostlySorted.of(ids.clone(), ids.length)).isNotNull();
        IdIndex index = IdIndex.sorted(ids.clone(), ids.length);

        for (int i = 0; i < ids.length; i++) {
            if (i == 2_500 || i == 2_501) continue;
            assertThat(index.indexOf(ids[i])).as("object %d", i).isEqualTo(i);
        }
        assertThat(index.indexOf(0x10)).isEqualTo(2_500);
        assertThat(index.indexOf(0x8)).isEqualTo(2_501);
    }

    /** Mirrors of classes loaded one after another ascend too, inside the objects' range: a long run that overlaps. */
    @Test
    void aShortAscendingRunInsideTheObjectsRangeIsDemotedToStrays() {
        int n = 20_000, mirrors = 300;
        long[] objects = new long[n];
        for (int i = 0; i < n; i++) objects[i] = 0x1000 + 16L * i;
        long[] ids = new long[n];
        // the mirrors: every 40th object's address, ascending, written first; then the rest in address order
        int m = 0, k = mirrors;
        for (int i = 0; i < n; i++) {
            if (i % 40 == 7 && m < mirrors) ids[m++] = objects[i];
            else ids[k++] = objects[i];
        }
        assertThat(m).isEqualTo(mirrors);

        assertThat(MostlySorted.of(ids.clone(), n)).isNotNull();
        IdIndex index = IdIndex.sorted(ids.clone(), n);
        for (int i = 0; i < n; i++) assertThat(index.indexOf(ids[i])).isEqualTo(i);
        assertThat(index.indexOf(0x1008)).isEqualTo(-1);
    }

    @Test
    void overlappingRunsOrTooManyStraysAreLeftToTheFullSort() {
        long[] overlapping = new long[200];
        for (int k = 0; k < 100; k++) {
            overlapping[k] = 16L * k;
            overlapping[100 + k] = 16L * k + 8;
        }
        assertThat(MostlySorted.of(overlapping, 200)).isNull();
        assertThat(IdIndex.sorted(overlapping.clone(), 200).indexOf(8)).isEqualTo(100);

        long[] shuffled = new long[1_000];
        for (int k = 0; k < 1_000; k++) shuffled[k] = 8L * ((k * 7919L) % 1_000);
        assertThat(MostlySorted.of(shuffled, 1_000)).isNull();
    }

    @Test
    void agreesWithTheFullSortOnRandomNearlySortedIds() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(5_000);
            long[] ids = new long[n];
            long at = random.nextLong() >> 8;
            for (int i = 0; i < n; i++) ids[i] = at += 8 * (1 + random.nextInt(4));
            int swaps = random.nextInt(Math.max(1, n / 40));
            for (int s = 0; s < swaps; s++) {
                int a = random.nextInt(n), b = random.nextInt(n);
                long t = ids[a];
                ids[a] = ids[b];
                ids[b] = t;
            }
            IdIndex index = IdIndex.sorted(ids.clone(), n);
            for (int i = 0; i < n; i++) assertThat(index.indexOf(ids[i])).isEqualTo(i);
            assertThat(index.indexOf(ids[0] + 1)).isEqualTo(-1);
        }
    }

    @Test
    void duplicateIdsAreAllStillFoundAsOneOfTheirObjects() {
        long[] ids = new long[300];
        for (int i = 0; i < 300; i++) ids[i] = 0x1000 + 8L * i;
        ids[0] = 0x1000 + 8L * 150; // a duplicate of object 150, written first
        IdIndex index = IdIndex.sorted(ids.clone(), 300);

        assertThat(index.indexOf(0x1000 + 8L * 150)).isIn(0, 150);
        assertThat(index.indexOf(0x1000 + 8L * 151)).isEqualTo(151);
        assertThat(index.sortedIds()).hasSize(300);
    }
}
