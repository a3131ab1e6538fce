package io.heapsight.heap;

import java.util.Arrays;

/**
 * Ids that are nearly in order, sorted in linear time. HotSpot writes objects in address order; only the class
 * dumps at the start (and, in dumps written by several threads, the order of whole runs) break it. The ids are cut
 * into ascending runs: long runs that do not overlap form one ascending main sequence, the elements of short runs
 * ("strays", a few thousand class mirrors) are sorted apart and merged in. No packed copy of the ids and no
 * O(n log n) sort; {@link #of} says null when the ids are too disordered for this to pay, and the caller sorts.
 */
final class MostlySorted {
    /** A run at least this long joins the main sequence; shorter ones are strays. */
    static final int LONG_RUN = 64;
    /** More long runs than this (each a boundary to check and copy) is not "mostly sorted". */
    static final int MAX_RUNS = 1 << 16;

    private final int count;
    /** Long runs as [start, end) pairs of file positions, in the order their ids come. */
    private final int[] runs;
    private final int runCount;
    private final int strays;
    private final boolean inFileOrder;

    private MostlySorted(int count, int[] runs, int runCount, int strays, boolean inFileOrder) {
        this.count = count;
        this.runs = runs;
        this.runCount = runCount;
        this.strays = strays;
        this.inFileOrder = inFileOrder;
    }

    /** The runs of ids[0..count), or null when more than 1/16 of them are strays or long runs overlap. */
    static MostlySorted of(long[] ids, int count) {
        int maxStrays = count / 16;
        int[] runs = new int[16];
        int runCount = 0, strays = 0;
        int start = 0;
        for (int i = 1; i <= count; i++) {
            if (i < count && ids[i] > ids[i - 1]) continue;
            int len = i - start;
            if (len >= LONG_RUN || len == count) {
                if (runCount == MAX_RUNS) return null;
                if (2 * runCount + 2 > runs.length) runs = Arrays.copyOf(runs, runs.length * 2);
                runs[2 * runCount] = start;
                runs[2 * runCount + 1] = i;
                runCount++;
            } else {
                strays += len;
                if (strays > maxStrays) return null;
            }
            start = i;
        }
        if (runCount > 1 && !ordered(ids, runs, runCount)) {
            // runs written out of address order (a parallel dump): order them by their middle id
            long[] keyed = new long[runCount];
            Integer[] order = new Integer[runCount];
            for (int r = 0; r < runCount; r++) {
                keyed[r] = ids[(runs[2 * r] + runs[2 * r + 1]) >>> 1];
                order[r] = r;
            }
            Arrays.sort(order, (x, y) -> Long.compare(keyed[x], keyed[y]));
            int[] copy = Arrays.copyOf(runs, 2 * runCount);
            for (int r = 0; r < runCount; r++) {
                runs[2 * r] = copy[2 * order[r]];
                runs[2 * r + 1] = copy[2 * order[r] + 1];
            }
        }
        // Consecutive runs (in id order) must not overlap. A stray next to a run extends it by one (a descent ends a
        // run, an ascent starts one): peel such ends off. A run that still overlaps after that (class mirrors of
        // classes loaded one after another ascend too, inside the range of the objects) is demoted whole to strays,
        // the shorter of the two. Accepted runs are kept as a stack in runs[0, 2 * kept).
        int kept = 0;
        for (int r = 0; r < runCount; r++) {
            int bStart = runs[2 * r], bEnd = runs[2 * r + 1];
            int peeled = 0;
            while (kept > 0 && bStart < bEnd) {
                int aStart = runs[2 * kept - 2], aEnd = runs[2 * kept - 1];
                if (ids[aEnd - 1] < ids[bStart]) break;
                if (peeled < LONG_RUN) {
                    boolean peelA = aEnd - aStart >= 2 && ids[aEnd - 2] < ids[bStart];
                    boolean peelB = !peelA && bEnd - bStart >= 2 && ids[bStart + 1] > ids[aEnd - 1];
                    if (!peelB) runs[2 * kept - 1] = --aEnd;
                    if (!peelA) bStart++;
                    int k = peelA || peelB ? 1 : 2;
                    peeled += k;
                    strays += k;
                    if (aEnd == aStart) {
                        kept--;
                        peeled = 0;
                    }
                } else if (aEnd - aStart < bEnd - bStart) {
                    strays += aEnd - aStart;
                    kept--;
                    peeled = 0;
                } else {
                    strays += bEnd - bStart;
                    bStart = bEnd;
                }
                if (strays > maxStrays) return null;
            }
            if (bStart < bEnd) {
                runs[2 * kept] = bStart;
                runs[2 * kept + 1] = bEnd;
                kept++;
            }
        }
        runCount = kept;
        boolean inFileOrder = true;
        for (int r = 1; r < runCount && inFileOrder; r++) inFileOrder = runs[2 * r] >= runs[2 * r - 1];
        return new MostlySorted(count, runs, runCount, strays, inFileOrder);
    }

    private static boolean ordered(long[] ids, int[] runs, int runCount) {
        for (int r = 1; r < runCount; r++) {
            if (ids[(runs[2 * r] + runs[2 * r + 1]) >>> 1] <= ids[(runs[2 * r - 2] + runs[2 * r - 1]) >>> 1]) return false;
        }
        return true;
    }

    /** True when all ids form one ascending run: object index = sorted position, no permutation needed. */
    boolean sorted() {
        return count == 0 || (runCount == 1 && runs[0] == 0 && runs[1] == count);
    }

    /** True when the main sequence can be compacted within the input array (its runs come in file order). */
    boolean runsInFileOrder() {
        return inFileOrder;
    }

    /**
     * Writes the sorted ids into out (which may be ids itself when {@link #runsInFileOrder()}) and returns the
     * permutation: sorted position -> file position. Equal ids (a corrupt dump) keep file order.
     */
    int[] merge(long[] ids, long[] out) {
        // strays first, before compaction overwrites them: in file order, then sorted by (id, file position)
        int[] byStart = runsByStart();
        long[] strayIds = new long[strays];
        int[] strayAt = new int[strays];
        int s = 0, next = 0;
        for (int q = 0; q <= runCount; q++) {
            int runStart = q < runCount ? byStart[2 * q] : count;
            for (int i = next; i < runStart; i++) {
                strayIds[s] = ids[i];
                strayAt[s++] = i;
            }
            if (q < runCount) next = byStart[2 * q + 1];
        }
        int[] order = sortStrays(strayIds, strays);

        int[] perm = new int[count];
        int m = 0;
        for (int r = 0; r < runCount; r++) {
            int from = runs[2 * r], len = runs[2 * r + 1] - from;
            System.arraycopy(ids, from, out, m, len);
            for (int k = 0; k < len; k++) perm[m + k] = from + k;
            m += len;
        }
        // merge from the back: the main sequence sits in out[0, m), the output fills out[0, count)
        int i = m - 1, j = strays - 1;
        for (int k = count - 1; j >= 0; k--) {
            long sid = strayIds[j];
            int sat = strayAt[order[j]];
            if (i >= 0 && (out[i] > sid || (out[i] == sid && perm[i] > sat))) {
                out[k] = out[i];
                perm[k] = perm[i];
                i--;
            } else {
                out[k] = sid;
                perm[k] = sat;
                j--;
            }
        }
        return perm;
    }

    /** The long runs as [start, end) pairs ordered by file position. */
    private int[] runsByStart() {
        if (inFileOrder) return runs;
        long[] keyed = new long[runCount];
        for (int r = 0; r < runCount; r++) keyed[r] = ((long) runs[2 * r] << 32) | r;
        Arrays.sort(keyed);
        int[] out = new int[2 * runCount];
        for (int q = 0; q < runCount; q++) {
            int r = (int) keyed[q];
            out[2 * q] = runs[2 * r];
            out[2 * q + 1] = runs[2 * r + 1];
        }
        return out;
    }

    /** Sorts strayIds in place; returns for each sorted position the stray's position in the list (file order). */
    private static int[] sortStrays(long[] strayIds, int n) {
        int[] order = new int[n];
        if (n == 0) return order;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, strayIds[k]);
            max = Math.max(max, strayIds[k]);
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        if (((max - min) >>> (63 - indexBits)) == 0) {
            // (id - min, list position) packed into one non-negative long: a primitive sort, ties in file order
            long[] packed = new long[n];
            for (int k = 0; k < n; k++) packed[k] = ((strayIds[k] - min) << indexBits) | k;
            Arrays.sort(packed);
            long mask = (1L << indexBits) - 1;
            for (int k = 0; k < n; k++) {
                order[k] = (int) (packed[k] & mask);
                strayIds[k] = (packed[k] >>> indexBits) + min;
            }
            return order;
        }
        // ids spread over more than 2^(63 - indexBits): rare (odd or hostile dumps), at most count/16 of them
        Integer[] boxed = new Integer[n];
        for (int k = 0; k < n; k++) boxed[k] = k;
        long[] copy = Arrays.copyOf(strayIds, n);
        Arrays.sort(boxed, (a, b) -> copy[a] != copy[b] ? Long.compare(copy[a], copy[b]) : Integer.compare(a, b));
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
            strayIds[k] = copy[boxed[k]];
        }
        return order;
    }
}
