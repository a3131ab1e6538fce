package io.heapsight.heap;

/**
 * Id -> object index for pass 2's tens of millions of lookups, when the ids are dense addresses: one bit per
 * possible object start (the id range in units of the ids' common alignment) and a running count per 64 bits, so a
 * lookup is one bit test and a population count in one cache line: no binary search, no read of the sorted ids, and
 * (for all but the few words holding ids out of file order, such as HotSpot's class mirrors) no read of the
 * permutation either, as the word's entry is then the object index of its first id. Built only when the id range holds at most 64 possible starts per object (then at most 16
 * bytes an object; 2.4 on the benchmark's HotSpot heap, 72 MB at 30M objects); sparse, odd or hostile id ranges keep
 * {@link IdIndex}'s bucket search. Dropped after pass 2.
 */
final class DenseIdLookup {
    /**
     * Per 64 units: [2w] the bits, [2w + 1] the object index of the word's first id when the word's ids are
     * consecutive objects (always when the ids are in file order), else ~(how many ids lie in words before w), to be
     * mapped through the permutation. Interleaved: one line per lookup.
     */
    private final long[] words;
    private final long min;
    private final long max;
    private final int align;
    private final IdPermutation permutation;

    private DenseIdLookup(long[] words, long min, long max, int align, IdPermutation permutation) {
        this.words = words;
        this.min = min;
        this.max = max;
        this.align = align;
        this.permutation = permutation;
    }

    /** The lookup for an index, or null when its ids are too sparse for a bitmap to pay. */
    static DenseIdLookup of(IdIndex index) {
        int count = index.size();
        if (count < 64) return null;
        long[] sorted = index.sortedIds();
        long min = sorted[0], max = sorted[count - 1];
        long or = 0;
        for (int i = 0; i < count; i++) or |= sorted[i] - min;
        int align = or == 0 ? 0 : Long.numberOfTrailingZeros(or);
        long units = (max - min) >>> align; // unsigned: a span past 2^63 is huge, never dense
        if (Long.compareUnsigned(units, 64L * count) > 0) return null;
        int wordCount = (int) (units >>> 6) + 1;
        long[] words = new long[2 * wordCount];
        for (int i = 0; i < count; i++) {
            long u = (sorted[i] - min) >>> align;
            words[2 * (int) (u >>> 6)] |= 1L << u;
        }
        long before = 0;
        for (int w = 0; w < wordCount; w++) {
            words[2 * w + 1] = before;
            before += Long.bitCount(words[2 * w]);
        }
        if (before != count) return null; // duplicate ids (a corrupt dump): leave them to the bucket search
        IdPermutation permutation = index.permutation();
        if (permutation != null) {
            IdPermutation.Cursor cursor = permutation.cursor();
            for (int w = 0; w < wordCount; w++) {
                int first = (int) words[2 * w + 1], ids = Long.bitCount(words[2 * w]);
                if (ids == 0) continue;
                words[2 * w + 1] = cursor.stretchEnd(first) >= first + ids ? cursor.at(first) : ~(long) first;
            }
        }
        return new DenseIdLookup(words, min, max, align, permutation);
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
        int rank = Long.bitCount(bits & (bit - 1));
        return first >= 0 ? (int) first + rank : permutation.at((int) ~first + rank);
    }
}
