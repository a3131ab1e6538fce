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

    /** Smallest and largest id, and the OR of the ids' distances from the first (its trailing zeros: the alignment). */
    record Range(long min, long max, long distances) {
        static Range of(long[] ids, int count) {
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE, distances = 0;
            for (int i = 0; i < count; i++) {
                min = Math.min(min, ids[i]);
                max = Math.max(max, ids[i]);
                distances |= ids[i] - ids[0];
            }
            return new Range(min, max, distances);
        }
    }

    static DenseIdLookup of(long[] idsInFileOrder, int count) {
        return build((scratch, block) -> block.accept(idsInFileOrder, count), count, Range.of(idsInFileOrder, count));
    }

    /**
     * The lookup for ids in file order (object index = position), or null when they are too sparse or disordered.
     * One walk over the ids: the range (taken while they were collected) sizes the bits.
     */
    static DenseIdLookup build(Source source, int count, Range range) {
        if (count < 64) return null;
        long min = range.min(), max = range.max();
        // every distance from the first id is a multiple of 2^align, so is every distance from the smallest
        int align = range.distances() == 0 ? 0 : Long.numberOfTrailingZeros(range.distances());
        long units = (max - min) >>> align; // unsigned: a span past 2^63 is huge, never dense
        if (Long.compareUnsigned(units, 64L * count) > 0) return null;
        if ((units >>> 6) + 1 > (Integer.MAX_VALUE - 16) / 2) return null; // past one Java array: the sorted form
        int wordCount = (int) (units >>> 6) + 1;
        long[] words = new long[2 * wordCount];
        // bits, and whether each word's ids come as consecutive objects in id order; the ids of words where they do
        // not (strays) are collected as they come, the earlier ids of such a word when it turns mixed
        long maxStrays = count / 16;
        GrowableLongs strayIds = new GrowableLongs();
        GrowableInts strayObjects = new GrowableInts();
        long[] state = {0, 0}; // next object index, 1 when the ids are not dense after all (duplicates, too many strays)
        source.forEachBlock(new long[BLOCK], (ids, n) -> {
            if (state[1] != 0) return;
            int i = (int) state[0];
            for (int k = 0; k < n; k++, i++) {
                long u = (ids[k] - min) >>> align;
                int w = 2 * (int) (u >>> 6);
                long bits = words[w], bit = 1L << u;
                if ((bits & bit) != 0) {
                    state[1] = 1;
                    return;
                }
                if (bits == 0) {
                    words[w + 1] = i;
                } else if (words[w + 1] == MIXED) {
                    strayIds.add(ids[k]);
                    strayObjects.add(i);
                } else if ((bits & -bit) != 0 || words[w + 1] + Long.bitCount(bits) != i) {
                    int object = (int) words[w + 1];
                    for (long rest = bits; rest != 0; rest &= rest - 1) {
                        strayIds.add(min + (((long) (w >>> 1) << 6 | Long.numberOfTrailingZeros(rest)) << align));
                        strayObjects.add(object++);
                    }
                    strayIds.add(ids[k]);
                    strayObjects.add(i);
                    words[w + 1] = MIXED;
                }
                words[w] = bits | bit;
                if (strayIds.size() > maxStrays) {
                    state[1] = 1;
                    return;
                }
            }
            state[0] = i;
        });
        if (state[1] != 0 || state[0] != count) return null; // duplicate ids (a corrupt dump) or disorder: sorted instead
        long before = 0;
        boolean inFileOrder = strayIds.size() == 0;
        for (int w = 0; w < wordCount; w++) {
            int ids = Long.bitCount(words[2 * w]);
            if (ids == 0) words[2 * w + 1] = before;
            else if (words[2 * w + 1] != before) inFileOrder = false;
            before += ids;
        }
        int strays = (int) strayIds.size();
        LongIntMap strayMap = new LongIntMap(Math.max(16, strays));
        for (int s = 0; s < strays; s++) strayMap.put(strayIds.get(s), strayObjects.get(s));
        return new DenseIdLookup(words, min, max, align, count, strayMap, inFileOrder);
    }

    int size() {
        return count;
    }

    /** The ids' alignment: every difference of two ids is a multiple of 2^this. */
    int align() {
        return align;
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

        /** The next ids and their objects (either array may be null), at most max; returns how many, 0 at the end. */
        int next(long[] ids, int[] objects, int max) {
            int k = 0;
            long b = bits;
            while (k < max) {
                while (b == 0) {
                    if (++w >= words.length / 2) {
                        bits = 0;
                        return k;
                    }
                    b = words[2 * w];
                    first = words[2 * w + 1];
                    rank = 0;
                }
                long unitBase = (long) w << 6;
                // the ids of this word, as far as they fit
                for (; b != 0 && k < max; b &= b - 1, rank++, k++) {
                    long v = min + ((unitBase + Long.numberOfTrailingZeros(b)) << align);
                    if (ids != null) ids[k] = v;
                    if (objects != null) objects[k] = first >= 0 ? (int) first + rank : strays.get(v, -1);
                }
            }
            bits = b;
            return k;
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
