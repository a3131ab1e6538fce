package io.heapsight.heap;

import java.util.List;

/**
 * Pass 1's object ids in file order, 4 bytes each while they are 8-byte aligned within ±16 GB of the first one (every
 * HotSpot heap below 32 GB), else 8 (widened once, at the first id that does not fit). Halves the transient memory
 * of pass 1: each byte allocated there is a page the kernel must fault in and zero.
 */
final class IdList {
    private GrowableInts narrow = new GrowableInts();
    private GrowableLongs wide;
    private long base;
    private boolean started;

    /** Smallest and largest id, and the OR of every id's distance from the first (its trailing zeros: the alignment). */
    private long min = Long.MAX_VALUE, max = Long.MIN_VALUE, distances;

    void add(long id) {
        if (!started) {
            base = id;
            started = true;
        }
        min = Math.min(min, id);
        max = Math.max(max, id);
        distances |= id - base;
        if (wide == null) {
            long d = id - base; // wraps for far-apart ids: base + d == id still holds modulo 2^64
            if ((d & 7) == 0 && (d >> 3) == (int) (d >> 3)) {
                narrow.add((int) (d >> 3));
                return;
            }
            widen();
        }
        wide.add(id);
    }

    private void widen() {
        GrowableLongs w = new GrowableLongs();
        long b = base;
        narrow.forEach(v -> w.add(b + ((long) v << 3)));
        narrow = new GrowableInts();
        wide = w;
    }

    /** The range and alignment of the ids of several lists, in their order (see {@link DenseIdLookup.Range}). */
    static DenseIdLookup.Range range(List<IdList> lists) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE, distances = 0, first = 0;
        boolean any = false;
        for (IdList l : lists) {
            if (l.size() == 0) continue;
            if (!any) first = l.base;
            any = true;
            min = Math.min(min, l.min);
            max = Math.max(max, l.max);
            distances |= l.distances | (l.base - first); // from this list's first id, and that one from the first
        }
        return new DenseIdLookup.Range(min, max, distances);
    }

    long size() {
        return wide != null ? wide.size() : narrow.size();
    }

    /** Receives ids in file order, a block at a time: ids[0, count). */
    interface Block {
        void accept(long[] ids, int count);
    }

    /** Hands every id over in file order, in blocks of up to {@code scratch.length}, decoded into scratch. */
    void forEachBlock(long[] scratch, Block block) {
        if (wide != null) {
            wide.forEachBlock(scratch, block);
            return;
        }
        long b = base;
        narrow.forEachBlock(scratch, (values, count) -> {
            for (int k = 0; k < count; k++) values[k] = b + (values[k] << 3);
            block.accept(values, count);
        });
    }

    /** Copies the ids into dst from index at, freeing the chunks as it goes. */
    void copyTo(long[] dst, int at) {
        if (wide != null) {
            wide.copyTo(dst, at);
            return;
        }
        long b = base;
        int[] next = {at};
        narrow.forEach(v -> dst[next[0]++] = b + ((long) v << 3));
        narrow = new GrowableInts();
    }
}
