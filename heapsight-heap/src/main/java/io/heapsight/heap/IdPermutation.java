package io.heapsight.heap;

import java.util.Arrays;

/**
 * Sorted id position -> object index, when the ids are not in file order. HotSpot's are nearly: a few thousand class
 * mirrors out of order among millions of objects, so the permutation is a few thousand stretches where the object index
 * grows with the position. Kept as those stretches (start position, object index at it) when there are few, a lookup
 * being a binary search over a few KB; as a plain int[] (4 bytes an object) otherwise. Saves the 120 MB array at 30M
 * objects, kept until the index file is written, and a cache miss per lookup.
 */
final class IdPermutation {
    /** Stretches at most this fraction of the positions: a stretch costs 8 bytes, an array entry 4. */
    private static final int MAX_STRETCH_SHARE = 64;

    private final int count;
    /** The plain form, or null. */
    private final int[] array;
    /** The stretch form: position where each stretch starts (ascending, the first 0) and the object index there. */
    private final int[] starts;
    private final int[] objects;

    private IdPermutation(int count, int[] array, int[] starts, int[] objects) {
        this.count = count;
        this.array = array;
        this.starts = starts;
        this.objects = objects;
    }

    /** Stretches of perm[0, count), or the array itself when they would not be much smaller. */
    static IdPermutation of(int[] perm, int count) {
        int stretches = count == 0 ? 0 : 1;
        for (int p = 1; p < count; p++) if (perm[p] != perm[p - 1] + 1) stretches++;
        if (stretches > Math.max(1024, count / MAX_STRETCH_SHARE)) return new IdPermutation(count, perm, null, null);
        int[] starts = new int[stretches], objects = new int[stretches];
        int s = 0;
        for (int p = 0; p < count; p++) {
            if (p == 0 || perm[p] != perm[p - 1] + 1) {
                starts[s] = p;
                objects[s++] = perm[p];
            }
        }
        return new IdPermutation(count, null, starts, objects);
    }

    int size() {
        return count;
    }

    /** The object index at a sorted position. */
    int at(int pos) {
        if (array != null) return array[pos];
        int k = Arrays.binarySearch(starts, pos);
        if (k < 0) k = -k - 2;
        return objects[k] + (pos - starts[k]);
    }

    /** Reads the permutation at ascending positions without a search per position. */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private int k;

        /** The object index at pos; pos must not be below the one of the previous call. */
        int at(int pos) {
            if (array != null) return array[pos];
            while (k + 1 < starts.length && starts[k + 1] <= pos) k++;
            return objects[k] + (pos - starts[k]);
        }

        /** Where the stretch holding pos ends (exclusive): positions up to there map to consecutive objects. */
        int stretchEnd(int pos) {
            if (array != null) return pos + 1;
            at(pos);
            return k + 1 < starts.length ? starts[k + 1] : count;
        }
    }
}
