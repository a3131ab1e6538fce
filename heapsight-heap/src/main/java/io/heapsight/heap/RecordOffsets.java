package io.heapsight.heap;

import java.util.Arrays;
import java.util.List;

/**
 * Where each object's record starts in the dump, in 4 bytes an object instead of 8 (120 MB less at 30M objects, 400 MB
 * at 100M): offsets grow with the object index (objects are numbered in file order), so their high 32 bits change only
 * where the file crosses a 4 GB boundary. Only the low bits are kept per object; the high bits are kept as runs, one
 * entry where they change (at most a few per dump, plus one per pass-2 worker).
 */
final class RecordOffsets {
    private final int[] low;
    /** Object index where each run of equal high bits starts, ascending, the first 0; and those high bits. */
    private int[] runStart = {0};
    private int[] runHigh = {0};

    RecordOffsets(int n) {
        this.low = new int[n];
    }

    int size() {
        return low.length;
    }

    long get(int obj) {
        int[] starts = runStart;
        int k = starts.length == 1 ? 0 : lastAtOrBefore(starts, obj);
        return ((long) runHigh[k] << 32) | (low[obj] & 0xFFFF_FFFFL);
    }

    /** The offsets of objects {@code from, from + len)} into {@code out}: the bulk form of {@link #get(int)}. */
    void get(int from, long[] out, int len) {
        int[] starts = runStart;
        for (int j = 0; j < len; ) {
            int obj = from + j;
            int k = starts.length == 1 ? 0 : lastAtOrBefore(starts, obj);
            int runEnd = k + 1 < starts.length ? starts[k + 1] : Integer.MAX_VALUE;
            int stop = (int) Math.min(len, (long) runEnd - from);
            long high = (long) runHigh[k] << 32;
            for (; j < stop; j++) out[j] = high | (low[from + j] & 0xFFFF_FFFFL);
        }
    }

    private static int lastAtOrBefore(int[] starts, int obj) {
        int k = Arrays.binarySearch(starts, obj);
        return k >= 0 ? k : -k - 2;
    }

    /**
     * One pass-2 worker's view: it sets the offsets of its own range of objects in increasing index order (so a run of
     * high bits can only begin where they change, or at the worker's first object).
     */
    final class Writer {
        private final GrowableInts starts = new GrowableInts();
        private final GrowableInts highs = new GrowableInts();
        private long lastHigh = -1;

        void set(int obj, long offset) {
            low[obj] = (int) offset;
            long high = offset >>> 32;
            if (high != lastHigh) {
                starts.add(obj);
                highs.add((int) high); // offsets are file positions: below 2^63, so high fits 31 bits
                lastHigh = high;
            }
        }
    }

    Writer writer() {
        return new Writer();
    }

    /** Joins the workers' runs (their ranges do not overlap) once every offset is set. */
    void finish(List<Writer> writers) {
        int total = 0;
        for (Writer w : writers) total += (int) w.starts.size();
        long[] pairs = new long[total];
        int k = 0;
        for (Writer w : writers) {
            int m = (int) w.starts.size();
            int[] s = w.starts.toArrayAndClear(), h = w.highs.toArrayAndClear();
            for (int i = 0; i < m; i++) pairs[k++] = ((long) s[i] << 32) | (h[i] & 0xFFFF_FFFFL);
        }
        Arrays.sort(pairs);
        int[] starts = new int[total + 1], highs = new int[total + 1];
        int runs = 0;
        starts[runs] = 0;
        highs[runs++] = 0;
        for (long p : pairs) {
            int s = (int) (p >>> 32), h = (int) p;
            if (highs[runs - 1] == h) continue;          // the same high bits go on
            if (starts[runs - 1] == s) highs[runs - 1] = h; // replaces the default run at 0
            else {
                starts[runs] = s;
                highs[runs++] = h;
            }
        }
        runStart = Arrays.copyOf(starts, runs);
        runHigh = Arrays.copyOf(highs, runs);
    }
}
