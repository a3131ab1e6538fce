package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecordOffsetsTest {
    private static final long G4 = 1L << 32;

    /** n record offsets in file order from 31, each gap 16 bytes plus up to {@code gap}. */
    private static long[] increasing(int n, int gap, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] offsets = new long[n];
        long at = 31;
        for (int i = 0; i < n; i++) {
            offsets[i] = at;
            at += 16 + random.nextInt(gap);
        }
        return offsets;
    }

    @Test
    void offsetsPastFourGigabytesComeBackWhateverTheWorkersAndTheGaps() {
        // file order: increasing; a 12 GB array record between objects 3 and 4 crosses two 4 GB boundaries at once
        long[] expected = {19, 4_000, G4 - 8, G4 + 3, 4 * G4 + 17, 4 * G4 + 40, 5 * G4, 5 * G4 + 1, 9 * G4 - 1};
        for (int split = 0; split <= expected.length; split++) {
            RecordOffsets offsets = new RecordOffsets(expected.length);
            RecordOffsets.Writer first = offsets.writer(), second = offsets.writer();
            // the second worker may well finish first
            for (int i = split; i < expected.length; i++) second.set(i, expected[i]);
            for (int i = 0; i < split; i++) first.set(i, expected[i]);
            offsets.finish(List.of(first, second));
            for (int i = 0; i < expected.length; i++) {
                assertThat(offsets.get(i)).as("object %d, split at %d", i, split).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void aFiveGigabyteDumpsOffsetsRoundTripAcrossManyWorkers() {
        int n = 200_000;
        long[] expected = increasing(n, 80_000, 7); // ~8 GB in all: crosses 4 GB boundaries inside workers
        RecordOffsets offsets = new RecordOffsets(n);
        int workers = 7;
        java.util.ArrayList<RecordOffsets.Writer> writers = new java.util.ArrayList<>();
        for (int w = 0; w < workers; w++) {
            RecordOffsets.Writer writer = offsets.writer();
            writers.add(writer);
            for (int i = (int) ((long) n * w / workers); i < (long) n * (w + 1) / workers; i++) writer.set(i, expected[i]);
        }
        offsets.finish(writers);
        assertThat(expected[n - 1]).isGreaterThan(G4);
        for (int i = 0; i < n; i++) assertThat(offsets.get(i)).isEqualTo(expected[i]);
    }

    @Test
    void bulkRecordOffsetsMatchOneAtATimeAcrossFourGigabyteRuns() {
        int n = 50_000;
        long[] expected = increasing(n, 400_000, 9); // ~10 GB: runs of high bits change every ~20k objects
        RecordOffsets offsets = new RecordOffsets(n);
        RecordOffsets.Writer a = offsets.writer(), b = offsets.writer();
        for (int i = 0; i < n; i++) (i < n / 3 ? a : b).set(i, expected[i]);
        offsets.finish(List.of(a, b));
        for (int len : new int[]{1, 64, 4096, 30_000, n}) {
            long[] out = new long[len];
            for (int from = 0; from < n; from += len) {
                int k = Math.min(len, n - from);
                offsets.get(from, out, k);
                for (int j = 0; j < k; j++) assertThat(out[j]).as("object %d", from + j).isEqualTo(expected[from + j]).isEqualTo(offsets.get(from + j));
            }
        }
    }
}
