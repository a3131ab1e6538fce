package io.heapsight.heap;

import java.util.Arrays;

/** An append-only list of longs stored in fixed chunks, so growing never copies (no 2.5x peak on 30M entries). */
final class GrowableLongs {
    private static final int SHIFT = 20;
    private static final int CHUNK = 1 << SHIFT;
    private long[][] chunks = new long[16][];
    private long size;

    /** The chunk being filled and how much of it is used: the per-value path touches nothing else. */
    private long[] current;
    private int used = CHUNK;

    void add(long v) {
        if (used == CHUNK) nextChunk();
        current[used++] = v;
        size++;
    }

    private void nextChunk() {
        int c = (int) (size >>> SHIFT);
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        current = chunks[c] = new long[CHUNK];
        used = 0;
    }

    long size() {
        return size;
    }

    long get(long i) {
        return chunks[(int) (i >>> SHIFT)][(int) (i & (CHUNK - 1))];
    }

    /** Hands the values over in order, copied into scratch a block at a time. */
    void forEachBlock(long[] scratch, IdList.Block block) {
        for (long from = 0; from < size; ) {
            int at = (int) (from & (CHUNK - 1));
            int count = (int) Math.min(scratch.length, Math.min(CHUNK - at, size - from));
            System.arraycopy(chunks[(int) (from >>> SHIFT)], at, scratch, 0, count);
            block.accept(scratch, count);
            from += count;
        }
    }

    /** Copies the values into dst from index at, freeing the chunks as it goes. */
    void copyTo(long[] dst, int at) {
        for (int c = 0; (long) c << SHIFT < size; c++) {
            int from = c << SHIFT;
            System.arraycopy(chunks[c], 0, dst, at + from, (int) Math.min(CHUNK, size - from));
            chunks[c] = null;
        }
        size = 0;
        current = null;
        used = CHUNK;
    }

    /** Copies into one exact-size array and frees the chunks as it goes. */
    long[] toArrayAndClear() {
        if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("more than 2^31 entries");
        long[] out = new long[(int) size];
        for (int c = 0; (long) c << SHIFT < size; c++) {
            int from = c << SHIFT;
            System.arraycopy(chunks[c], 0, out, from, (int) Math.min(CHUNK, size - from));
            chunks[c] = null;
        }
        size = 0;
        current = null;
        used = CHUNK;
        return out;
    }
}
