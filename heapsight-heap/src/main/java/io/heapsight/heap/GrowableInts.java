package io.heapsight.heap;

import java.util.Arrays;

/** An append-only list of ints stored in fixed chunks, so growing never copies. */
final class GrowableInts {
    private static final int SHIFT = 20;
    private static final int CHUNK = 1 << SHIFT;
    private int[][] chunks = new int[16][];
    private long size;

    /** The chunk being filled and how much of it is used: the per-value path touches nothing else. */
    private int[] current;
    private int used = CHUNK;

    void add(int v) {
        if (used == CHUNK) nextChunk();
        current[used++] = v;
        size++;
    }

    private void nextChunk() {
        int c = (int) (size >>> SHIFT);
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        current = chunks[c] = new int[CHUNK];
        used = 0;
    }

    int get(long i) {
        return chunks[(int) (i >>> SHIFT)][(int) (i & (CHUNK - 1))];
    }

    long size() {
        return size;
    }

    /** Copies the values into dst from index at, freeing the chunks as it goes. */
    void copyTo(int[] dst, int at) {
        for (int c = 0; (long) c << SHIFT < size; c++) {
            int from = c << SHIFT;
            System.arraycopy(chunks[c], 0, dst, at + from, (int) Math.min(CHUNK, size - from));
            chunks[c] = null;
        }
        size = 0;
        current = null;
        used = CHUNK;
    }

    /** Hands the values over in order, widened into scratch a block at a time. */
    void forEachBlock(long[] scratch, IdList.Block block) {
        for (long from = 0; from < size; ) {
            int[] chunk = chunks[(int) (from >>> SHIFT)];
            int at = (int) (from & (CHUNK - 1));
            int count = (int) Math.min(scratch.length, Math.min(CHUNK - at, size - from));
            for (int k = 0; k < count; k++) scratch[k] = chunk[at + k];
            block.accept(scratch, count);
            from += count;
        }
    }

    void forEach(java.util.function.IntConsumer action) {
        for (long i = 0; i < size; i++) action.accept(chunks[(int) (i >>> SHIFT)][(int) (i & (CHUNK - 1))]);
    }

    int[] toArrayAndClear() {
        if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("more than 2^31 references");
        int[] out = new int[(int) size];
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
