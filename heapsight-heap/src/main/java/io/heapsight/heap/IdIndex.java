package io.heapsight.heap;

import java.util.Arrays;

/**
 * Maps HPROF object ids (addresses) to object indexes. Objects are numbered in file order. Dense ids (a HotSpot heap's
 * addresses) are held by a {@link DenseIdLookup}, built from the ids in file order with no sorted copy. Other ids are
 * sorted (HotSpot writes them mostly in address order, so often no permutation is kept), and a bucket table over the
 * id range narrows each lookup to a few entries: one or two cache misses instead of a 25-step binary search.
 */
public final class IdIndex {
    /** The dense form, or null for the sorted form (the fields below). */
    private final DenseIdLookup dense;
    private final long[] sortedIds;
    /** sorted position -> object index; null when ids were already in file order. */
    private final IdPermutation permutation;
    private final int count;
    private final long min;
    private final long max;
    private final int bucketShift;
    private final int[] bucketStart;

    private IdIndex(DenseIdLookup dense) {
        this.dense = dense;
        this.sortedIds = null;
        this.permutation = null;
        this.count = dense.size();
        this.min = 0;
        this.max = -1;
        this.bucketShift = 0;
        this.bucketStart = null;
    }

    private IdIndex(long[] sortedIds, int[] permutation, int count) {
        this.dense = null;
        this.sortedIds = sortedIds;
        this.permutation = permutation == null ? null : IdPermutation.of(permutation, count);
        this.count = count;
        this.min = count == 0 ? 0 : sortedIds[0];
        this.max = count == 0 ? -1 : sortedIds[count - 1];
        // max - min as an unsigned 64-bit number: ids may span more than 2^63 (a hostile or odd dump), and no
        // signed "span" may decide an allocation. About one bucket per 8 objects, at most 2^24 buckets.
        long spanMinus1 = count == 0 ? 0 : max - min;
        long target = Math.max(1, Math.min(count / 8, 1 << 24));
        int shift = 0;
        while (shift < 63 && Long.compareUnsigned(spanMinus1 >>> shift, target - 1) > 0) shift++;
        this.bucketShift = shift;
        int buckets = (int) (spanMinus1 >>> shift) + 1;
        this.bucketStart = new int[buckets + 1];
        int pos = 0;
        for (int b = 0; b < buckets; b++) {
            long bucketMin = min + ((long) b << shift);
            while (pos < count && sortedIds[pos] < bucketMin) pos++;
            bucketStart[b] = pos;
        }
        bucketStart[buckets] = count;
    }

    /** The dense form for ids in file order, or null when they are not dense (then {@link #build} sorts them). */
    static IdIndex dense(DenseIdLookup.Source idsInFileOrder, int count, DenseIdLookup.Range range) {
        DenseIdLookup d = DenseIdLookup.build(idsInFileOrder, count, range);
        return d == null ? null : new IdIndex(d);
    }

    /**
     * Builds the index from ids in file order. The array is reused (sorted in place) when needed, so the caller must
     * not use it afterwards except through this index. Duplicate ids (a corrupt dump) keep their first occurrence.
     */
    public static IdIndex build(long[] idsInFileOrder, int count) {
        IdIndex dense = dense((scratch, block) -> block.accept(idsInFileOrder, count), count,
                DenseIdLookup.Range.of(idsInFileOrder, count));
        return dense != null ? dense : sorted(idsInFileOrder, count);
    }

    /** The sorted form, whatever the ids (the array is sorted in place when needed). */
    static IdIndex sorted(long[] idsInFileOrder, int count) {
        long[] ids = idsInFileOrder;
        MostlySorted ms = MostlySorted.of(ids, count);
        if (ms == null) {
            return new IdIndex(ids, sortWithPermutation(ids, count), count);
        }
        if (ms.sorted()) {
            return new IdIndex(ids, null, count);
        }
        long[] out = ms.runsInFileOrder() ? ids : new long[count];
        int[] perm = ms.merge(ids, out);
        return new IdIndex(out, perm, count);
    }

    /** Sorts ids[0..count) in place and returns the permutation (sorted position -> original index). */
    private static int[] sortWithPermutation(long[] ids, int count) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE, or = 0;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, ids[i]);
            max = Math.max(max, ids[i]);
        }
        for (int i = 0; i < count; i++) or |= ids[i] - min;
        int align = or == 0 ? 0 : Long.numberOfTrailingZeros(or);
        int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, count - 1));
        long spanUnits = (max - min) >>> align;
        int[] perm = new int[count];
        if (64 - Long.numberOfLeadingZeros(spanUnits) + indexBits <= 63) {
            // pack (id offset, index) into one long and sort primitives: fast and no boxing
            long[] packed = new long[count];
            for (int i = 0; i < count; i++) {
                packed[i] = (((ids[i] - min) >>> align) << indexBits) | i;
            }
            Arrays.parallelSort(packed, 0, count);
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < count; i++) {
                int idx = (int) (packed[i] & mask);
                perm[i] = idx;
                ids[i] = ((packed[i] >>> indexBits) << align) + min;
            }
        } else {
            // ids too spread out to pack: sort an index array by id (rare, slower)
            Integer[] boxed = new Integer[count];
            for (int i = 0; i < count; i++) boxed[i] = i;
            long[] copy = Arrays.copyOf(ids, count);
            Arrays.parallelSort(boxed, (a, b) -> Long.compare(copy[a], copy[b]));
            for (int i = 0; i < count; i++) {
                perm[i] = boxed[i];
                ids[i] = copy[boxed[i]];
            }
        }
        return perm;
    }

    /** Object index for an id, or -1 when the dump has no object with that id. */
    public int indexOf(long id) {
        if (dense != null) return dense.indexOf(id);
        if (id < min || id > max) return -1;
        int b = (int) ((id - min) >>> bucketShift);
        int lo = bucketStart[b], hi = bucketStart[b + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = sortedIds[mid];
            if (v < id) lo = mid + 1;
            else if (v > id) hi = mid - 1;
            else return permutation == null ? mid : permutation.at(mid);
        }
        return -1;
    }

    public int size() {
        return count;
    }

    /** True when the ids do not ascend in file order (then an object's id is read from the dump). */
    boolean hasPermutation() {
        return dense != null ? !dense.inFileOrder() : permutation != null;
    }

    /** The id of an object when the ids ascend in file order ({@link #hasPermutation()} false). */
    long idInFileOrder(int obj) {
        return dense != null ? dense.idInFileOrder(obj) : sortedIds[obj];
    }

    boolean isDense() {
        return dense != null;
    }

    /** The sorted form's ids (null in the dense form). */
    long[] sortedIds() {
        return sortedIds;
    }

    /**
     * The trailing zero bits every difference of two ids shares (0 for fewer than two distinct ids): the sorted ids'
     * successive differences are multiples of 2^this. The dense form knows it already (its alignment: the differences
     * from any one id share the same trailing zeros as the successive ones), the sorted form is one pass over its array.
     */
    int deltaShift() {
        if (dense != null) return dense.align();
        long or = 0;
        for (int i = 1; i < count; i++) or |= sortedIds[i] - sortedIds[i - 1];
        return or == 0 ? 0 : Long.numberOfTrailingZeros(or);
    }

    /** The ids in ascending order, each with its object. */
    Cursor ascending() {
        return new Cursor();
    }

    /** Walks the ids in ascending order: {@link #next()} then {@link #id} and {@link #object}. */
    final class Cursor {
        private final DenseIdLookup.Cursor d = dense == null ? null : dense.new Cursor();
        private final IdPermutation.Cursor perm = permutation == null ? null : permutation.cursor();
        private int pos = -1;
        long id;
        int object;

        boolean next() {
            if (d != null) {
                if (!d.next()) return false;
                id = d.id;
                object = d.object;
                return true;
            }
            if (++pos >= count) return false;
            id = sortedIds[pos];
            object = perm == null ? pos : perm.at(pos);
            return true;
        }

        /**
         * The next ids and their objects into {@code ids} and {@code objects} (either may be null when not wanted), at
         * most {@code max}; returns how many (0 at the end). The bulk form of {@link #next()}, which it must not be
         * mixed with.
         */
        int next(long[] ids, int[] objects, int max) {
            if (d != null) return d.next(ids, objects, max);
            int from = pos + 1, k = Math.max(0, Math.min(max, count - from));
            if (ids != null) System.arraycopy(sortedIds, from, ids, 0, k);
            if (objects != null) for (int j = 0; j < k; j++) objects[j] = perm == null ? from + j : perm.at(from + j);
            pos += k;
            return k;
        }

        /** Passes over the next k ids without visiting them. */
        void skip(int k) {
            if (d != null) d.skip(k);
            else pos = (int) Math.min(count, (long) pos + k);
        }
    }
}
