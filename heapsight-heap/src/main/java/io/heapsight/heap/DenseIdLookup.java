package io.heapsight.heap;

/**
 * Id -> object index when the ids are dense addresses, built straight from the ids in file order with no sort and no
 * sorted copy: one bit per possible object start (the id range in units of the ids' common alignment) and, per 64
 * bits, the object index of the word's first id. A lookup is one bit test and a population count in one cache line.
 * HotSpot writes objects in address order, so a word's ids are nearly always consecutive objects; the few words that
 * also hold an id written out of order (the class mirrors at the start of a HotSpot dump) are marked, and their ids
 * kept in a small map. Built only when the id range holds at most 64 possible starts per object (then at most 16 bytes
 * an object; 2.4 on the benchmark's HotSpot heap, 72 MB at 30M objects, where the sorted ids took 240 MB) and at most
 * 1/16 of the ids sit in marked words; sparse, odd or hostile id ranges keep {@link IdIndex}'s sorted ids and buckets.
 */
final class DenseIdLookup {
    /** A word holding ids that are not consecutive objects in id order: its ids are in {@link #strays}. */
    private static final long MIXED = Long.MIN_VALUE;
    private static final int BLOCK = 4096;

    /** Ids in file order, a block at a time (see {@link IdList#forEachBlock}). */
    interface Source {
        void forEachBlock(long[] scratch, IdList.Block block);
    }

    /**
     * Per 64 units: [2w] the bits, [2w + 1] the object index of the word's first id, or {@link #MIXED}; an empty word
     * holds the number of ids before it (so the entries never decrease when the ids are in file order).
     */
    private final long[] words;
    private final long min;
    private final long max;
    private final int align;
    private final int count;
    private final LongIntMap strays;
    private final boolean inFileOrder;

    private DenseIdLookup(long[] words, long min, long max, int align, int count, LongIntMap strays, boolean inFileOrder) {
        this.words = words;
        this.min = min;
        this.max = max;
        this.align = align;
        this.count = count;
        this.strays = strays;
        this.inFileOrder = inFileOrder;
    }

    static DenseIdLookup of(long[] idsInFileOrder, int count) {
        return build((scratch, block) -> block.accept(idsInFileOrder, count), count);
    }

    /** The lookup for ids in file order (object index = position), or null when they are too sparse or disordered. */
    static DenseIdLookup build(Source source, int count) {
        if (count < 64) return null;
        long[] scratch = new long[BLOCK];
        // range, and the common alignment (trailing zeros of every distance from the first id: as from the smallest)
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 0}; // min, max, or, first, seen
        source.forEachBlock(scratch, (ids, n) -> {
            long lo = range[0], hi = range[1], or = range[2];
            if (range[4] == 0 && n > 0) {
                range[3] = ids[0];
                range[4] = 1;
            }
            long first = range[3];
            for (int k = 0; k < n; k++) {
                long id = ids[k];
                lo = Math.min(lo, id);
                hi = Math.max(hi, id);
                or |= id - first;
            }
            range[0] = lo;
            range[1] = hi;
            range[2] = or;
        });
        long min = range[0], max = range[1];
        int align = range[2] == 0 ? 0 : Long.numberOfTrailingZeros(range[2]);
        long units = (max - min) >>> align; // unsigned: a span past 2^63 is huge, never dense
        if (Long.compareUnsigned(units, 64L * count) > 0) return null;
        int wordCount = (int) (units >>> 6) + 1;
        long[] words = new long[2 * wordCount];
        // bits, and whether each word's ids come as consecutive objects in id order
        long[] state = {0, 0}; // next object index, duplicates
        source.forEachBlock(scratch, (ids, n) -> {
            int i = (int) state[0];
            for (int k = 0; k < n; k++, i++) {
                long u = (ids[k] - min) >>> align;
                int w = 2 * (int) (u >>> 6);
                long bits = words[w], bit = 1L << u;
                if ((bits & bit) != 0) {
                    state[1]++;
                    continue;
                }
                if (bits == 0) words[w + 1] = i;
                else if (words[w + 1] != MIXED && ((bits & -bit) != 0 || words[w + 1] + Long.bitCount(bits) != i)) {
                    words[w + 1] = MIXED;
                }
                words[w] = bits | bit;
            }
            state[0] = i;
        });
        if (state[1] != 0 || state[0] != count) return null; // duplicate ids (a corrupt dump): the bucket search
        long mixedIds = 0, before = 0;
        boolean inFileOrder = true;
        for (int w = 0; w < wordCount; w++) {
            int ids = Long.bitCount(words[2 * w]);
            if (ids == 0) words[2 * w + 1] = before;
            else if (words[2 * w + 1] == MIXED) {
                mixedIds += ids;
                inFileOrder = false;
            } else if (words[2 * w + 1] != before) {
                inFileOrder = false;
            }
            before += ids;
        }
        if (mixedIds > count / 16) return null;
        LongIntMap strays = new LongIntMap((int) Math.max(16, mixedIds));
        if (mixedIds > 0) {
            int[] next = {0};
            source.forEachBlock(scratch, (ids, n) -> {
                int i = next[0];
                for (int k = 0; k < n; k++, i++) {
                    long u = (ids[k] - min) >>> align;
                    if (words[2 * (int) (u >>> 6) + 1] == MIXED) strays.put(ids[k], i);
                }
                next[0] = i;
            });
        }
        return new DenseIdLookup(words, min, max, align, count, strays, inFileOrder);
    }

    int size() {
        return count;
    }

    /** True when object index = rank of the id (the ids ascend in file order). */
    boolean inFileOrder() {
        return inFileOrder;
    }

    /** Object index for an id, or -1 when no object has it. */
    int indexOf(long id) {
        if (id < min || id > max) return -1;
        long off = id - min;
        if ((off & ((1L << align) - 1)) != 0) return -1;
        long u = off >>> align;
        int w = 2 * (int) (u >>> 6);
        long bits = words[w];
        long bit = 1L << u;
        if ((bits & bit) == 0) return -1;
        long first = words[w + 1];
        return first >= 0 ? (int) first + Long.bitCount(bits & (bit - 1)) : strays.get(id, -1);
    }

    /** The id of an object when {@link #inFileOrder()}: the obj-th id in ascending order. */
    long idInFileOrder(int obj) {
        int lo = 0, hi = words.length / 2 - 1;
        while (lo < hi) { // the last word whose first object is at or before obj
            int mid = (lo + hi + 1) >>> 1;
            if (words[2 * mid + 1] <= obj) lo = mid;
            else hi = mid - 1;
        }
        long bits = words[2 * lo];
        for (long skip = obj - words[2 * lo + 1]; skip > 0; skip--) bits &= bits - 1;
        return min + ((((long) lo << 6) + Long.numberOfTrailingZeros(bits)) << align);
    }

    /** Ids in ascending order with their objects. */
    final class Cursor {
        private int w = -1;
        private long bits;
        private long first;
        private int rank;
        long id;
        int object;

        boolean next() {
            while (bits == 0) {
                if (++w >= words.length / 2) return false;
                bits = words[2 * w];
                first = words[2 * w + 1];
                rank = 0;
            }
            id = min + ((((long) w << 6) + Long.numberOfTrailingZeros(bits)) << align);
            object = first >= 0 ? (int) first + rank : strays.get(id, -1);
            bits &= bits - 1;
            rank++;
            return true;
        }

        /** Passes over the next k ids without visiting them. */
        void skip(int k) {
            while (k > 0) {
                int here = Long.bitCount(bits);
                if (k < here) {
                    for (int j = 0; j < k; j++) bits &= bits - 1;
                    rank += k;
                    return;
                }
                k -= here;
                bits = 0;
                while (bits == 0) {
                    if (++w >= words.length / 2) return;
                    bits = words[2 * w];
                    first = words[2 * w + 1];
                    rank = 0;
                }
            }
        }
    }
}
