package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.ClassDump;
import io.heapsight.hprof.HprofTag;
import io.heapsight.hprof.HprofVisitor;
import io.heapsight.hprof.RecordInput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strings with equal text held more than once: the bytes that interning or deduplication would save.
 * One streaming pass hashes the value arrays of reachable java.lang.String objects; equal (hash, length) groups are
 * confirmed by comparing the text of the reported ones.
 */
public final class DuplicateStrings {

    public record Group(String text, long count, long wastedBytes, long bytesEach) {}

    public record Result(long strings, long distinct, long wastedBytes, List<Group> top) {}

    private DuplicateStrings() {}

    /**
     * As {@link #find}, answered from the file kept beside {@code dump} when it is current ({@link DuplicateStringsFile}:
     * a report with another --top needs no pass over the dump), else found and kept.
     */
    public static Result findOrLoad(HeapSnapshot heap, DominatorTree dom, java.nio.file.Path dump, int topN, Progress progress)
            throws IOException {
        return DuplicateStringsFile.computeOrLoad(heap, dom, dump, topN, progress);
    }

    /** As above, from value arrays gathered earlier (null: gathered now). */
    public static Result findOrLoad(HeapSnapshot heap, DominatorTree dom, java.nio.file.Path dump, int topN, Values values,
                                    Progress progress) throws IOException {
        return DuplicateStringsFile.computeOrLoad(heap, dom, dump, topN, values, progress);
    }

    public static Result find(HeapSnapshot heap, DominatorTree dom, int topN, Progress progress) throws IOException {
        return find(heap, Values.of(heap, dom::isReachable), topN, progress);
    }

    /**
     * The value arrays of the reachable strings (an array shared by two strings is counted once: no waste) and, while
     * the record offsets are in memory, where each record starts. Gathered right after the dominators' DFS (reachability
     * is known then, and the parse's record offsets are still in memory), so that the pass over the dump reads only
     * these records in file order instead of walking every record of the dump. The offsets are kept as varint deltas
     * (they ascend with the object index): 2-3 bytes a string.
     */
    public static final class Values {
        final int stringClass;
        final long strings;
        /** Value arrays, by object index; an array found not to be a primitive array is cleared when read. */
        final java.util.BitSet isValue;
        final int count;
        /** Varint deltas of the arrays' record offsets, in object order; null: walk the dump instead. */
        final byte[] offsets;

        private Values(int stringClass, long strings, java.util.BitSet isValue, byte[] offsets) {
            this.stringClass = stringClass;
            this.strings = strings;
            this.isValue = isValue;
            this.count = isValue == null ? 0 : isValue.cardinality();
            this.offsets = offsets;
        }

        public static Values of(HeapSnapshot heap, java.util.function.IntPredicate reachable) {
            return of(heap, reachable, true);
        }

        /** As above; without {@code offsets} (or when they are not in memory) the pass walks every record of the dump. */
        static Values of(HeapSnapshot heap, java.util.function.IntPredicate reachable, boolean offsets) {
            int stringClass = -1;
            for (int c = 0; c < heap.classCount(); c++) {
                if (heap.heapClass(c).name().equals("java.lang.String")) {
                    stringClass = c;
                    break;
                }
            }
            if (stringClass < 0) return new Values(-1, 0, null, null);
            int n = heap.objectCount();
            java.util.BitSet isValue = new java.util.BitSet(n);
            long strings = 0;
            for (int s = 0; s < n; s++) {
                if (heap.classOf(s) != stringClass || !reachable.test(s)) continue;
                strings++;
                for (int k = heap.edgeStart(s); k < heap.edgeEnd(s); k++) {
                    int t = heap.edgeTarget(k);
                    if (heap.classOfObject(t).isArray()) isValue.set(t);
                }
            }
            if (!offsets || !heap.recordOffsetsInMemory() || strings == 0) return new Values(stringClass, strings, isValue, null);
            // sized exactly first: this runs while the parse's lookups are still in memory (a peak)
            long size = 0;
            long previous = 0;
            for (int a = isValue.nextSetBit(0); a >= 0; a = isValue.nextSetBit(a + 1)) {
                long offset = heap.recordOffset(a);
                size += (64 - Long.numberOfLeadingZeros((offset - previous) | 1) + 6) / 7;
                previous = offset;
            }
            if (size > Integer.MAX_VALUE - 16) return new Values(stringClass, strings, isValue, null);
            byte[] out = new byte[(int) size];
            int at = 0;
            previous = 0;
            for (int a = isValue.nextSetBit(0); a >= 0; a = isValue.nextSetBit(a + 1)) {
                long delta = heap.recordOffset(a) - previous;
                previous += delta;
                while ((delta & ~0x7FL) != 0) {
                    out[at++] = (byte) (delta | 0x80);
                    delta >>>= 7;
                }
                out[at++] = (byte) delta;
            }
            return new Values(stringClass, strings, isValue, out);
        }
    }

    /** Start of an array's content hash: its size in bytes and element type. */
    private static long hashStart(long bytes, int type) {
        return 0xcbf29ce484222325L ^ (bytes << 8 | type);
    }

    /** Hashes b[p, p + len): 8-byte words, then the tail byte by byte (so chunks must be multiples of 8 but the last). */
    private static long hash(long h, byte[] b, int p, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) h = Long.rotateLeft((h ^ RecordInput.readLong(b, p + i)) * 0x9E3779B97F4A7C15L, 29);
        for (; i < len; i++) h = (h ^ b[p + i]) * 0x100000001b3L;
        return h;
    }

    private static long hashEnd(long h) {
        return h ^ (h >>> 31);
    }

    /** Read window for the value records; a multiple of 8, so a larger array is hashed in windows as in one piece (tests lower it). */
    static int window = 1 << 17;

    /**
     * Content hashes of the value arrays in object order, read at their record offsets in file order through one
     * window (a record fully inside the current window costs no read). Arrays that are not primitive arrays, or are
     * cut off by the end of the file, are dropped from {@code isValue}. Returns how many hashes were filled.
     */
    private static int hashAtOffsets(HeapSnapshot heap, Values values, long[] keys) throws IOException {
        return new OffsetHashing(heap, values, keys).run();
    }

    /**
     * The pass of {@link #hashAtOffsets}, split in two so that the hot loop holds no I/O: {@link #hashInWindow} hashes
     * the records that lie whole in the window and returns at the first one that needs a read, which {@link #run}
     * does. With the reads in the loop, C2 inlined the whole FileChannel read path into it: two OSR compiles of 85 KB
     * that cost 0.7-0.9 s of CPU at 30M, more than the hashing they compiled.
     */
    private static final class OffsetHashing {
        final HeapSnapshot heap;
        final java.util.BitSet isValue;
        final long[] keys;
        final byte[] deltas;
        final int idSize;
        final int headerLength; // tag, id, stack serial, length, element type
        final int room = window;
        final byte[] buf = new byte[room];
        long windowStart;
        int windowLength;
        /** The value array at hand, its record offset (its delta read), where the next delta starts, hashes filled. */
        int array;
        long offset;
        int at;
        int filled;

        OffsetHashing(HeapSnapshot heap, Values values, long[] keys) {
            this.heap = heap;
            this.isValue = values.isValue;
            this.keys = keys;
            this.deltas = values.offsets;
            this.idSize = heap.idSize();
            this.headerLength = 1 + idSize + 4 + 4 + 1;
        }

        int run() throws IOException {
            array = isValue.nextSetBit(0);
            if (array >= 0) offset = nextDelta();
            while (array >= 0) {
                hashInWindow();
                if (array >= 0) {
                    hashWithReads();
                    array = isValue.nextSetBit(array + 1);
                    if (array >= 0) offset += nextDelta();
                }
            }
            return filled;
        }

        private long nextDelta() {
            long delta = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = deltas[at++];
                delta |= (long) (x & 0x7F) << shift;
                if (x >= 0) return delta;
            }
        }

        /**
         * The hot loop: hashes the arrays at hand while their records lie whole in the window (clearing those that are
         * not primitive arrays); stops at the first that needs a read, or at the end ({@code array} -1). Works on
         * locals, written back on the way out.
         */
        private void hashInWindow() {
            final byte[] buf = this.buf, deltas = this.deltas;
            final long[] keys = this.keys;
            final java.util.BitSet isValue = this.isValue;
            final int idSize = this.idSize, headerLength = this.headerLength;
            final long windowStart = this.windowStart, windowEnd = windowStart + windowLength;
            int a = array, at = this.at, filled = this.filled;
            long offset = this.offset;
            while (true) {
                if (offset < windowStart || offset + headerLength > windowEnd) break;
                int p = (int) (offset - windowStart);
                long bytes = valueBytes(buf, p, idSize);
                if (bytes < 0) {
                    isValue.clear(a);
                } else {
                    long data = offset + headerLength;
                    if (data + bytes > windowEnd) break;
                    long h = hashStart(bytes, buf[p + headerLength - 1] & 0xFF);
                    keys[filled++] = hashEnd(hash(h, buf, (int) (data - windowStart), (int) bytes));
                }
                a = isValue.nextSetBit(a + 1);
                if (a < 0) break;
                long delta = 0;
                for (int shift = 0; ; shift += 7) {
                    byte x = deltas[at++];
                    delta |= (long) (x & 0x7F) << shift;
                    if (x >= 0) break;
                }
                offset += delta;
            }
            this.array = a;
            this.at = at;
            this.filled = filled;
            this.offset = offset;
        }

        /** The array at hand, whose record is not whole in the window: read at its offset, in pieces when larger. */
        private void hashWithReads() throws IOException {
            if (offset < windowStart || offset + headerLength > windowStart + windowLength) {
                windowStart = offset;
                windowLength = heap.readDump(offset, buf, 0, span(deltas, at, room));
            }
            int p = (int) (offset - windowStart);
            long bytes = windowLength - p < headerLength ? -1 : valueBytes(buf, p, idSize);
            if (bytes < 0) {
                isValue.clear(array);
                return;
            }
            int type = buf[p + headerLength - 1] & 0xFF;
            long data = offset + headerLength;
            long h = hashStart(bytes, type);
            if (data + bytes > windowStart + windowLength && headerLength + bytes <= room) {
                windowStart = offset;
                windowLength = heap.readDump(offset, buf, 0, room);
            }
            if (data + bytes <= windowStart + windowLength) {
                h = hash(h, buf, (int) (data - windowStart), (int) bytes);
            } else {
                // larger than the window: hashed through the buffer in window-sized pieces
                long left = bytes, from = data;
                while (left > 0) {
                    int chunk = (int) Math.min(left, room);
                    if (heap.readDump(from, buf, 0, chunk) < chunk) break;
                    h = hash(h, buf, 0, chunk);
                    from += chunk;
                    left -= chunk;
                }
                windowLength = 0;
                if (left > 0) {
                    isValue.clear(array); // cut off by the end of the file
                    return;
                }
            }
            keys[filled++] = hashEnd(h);
        }
    }

    /**
     * The content size in bytes of the primitive array whose (whole) header starts at buf[p], or -1 when the record
     * there is not a primitive array of a known element type.
     */
    private static long valueBytes(byte[] buf, int p, int idSize) {
        if (buf[p] != HprofTag.PRIMITIVE_ARRAY_DUMP) return -1;
        long length = RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL;
        int type = buf[p + 1 + idSize + 4 + 4] & 0xFF;
        int size = type == BasicType.OBJECT ? -1 : BasicType.primitiveSize(type);
        return size <= 0 ? -1 : length * size;
    }

    /** Bytes a value record is read with beyond its start when it is the last of a read (most strings are short). */
    private static final int TAIL = 256;
    /** A gap between value records up to this is read through rather than skipped with another read. */
    private static final int GAP = 1024;

    /**
     * How much to read from a value record on: up to the last of the records that follow it closely (gaps of at most
     * {@link #GAP}), plus {@link #TAIL}; at most {@code most}. The deltas are read from {@code at} (the next record's).
     */
    private static int span(byte[] deltas, int at, int most) {
        long end = 0;
        while (at < deltas.length && end < most) {
            long delta = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = deltas[at++];
                delta |= (long) (x & 0x7F) << shift;
                if (x >= 0) break;
            }
            if (delta > GAP + TAIL) break;
            end += delta;
        }
        return (int) Math.min(most, end + TAIL);
    }

    /** As {@link #hashAtOffsets}, by a walk of every record of the dump (when the record offsets are not in memory). */
    private static int hashByWalk(HeapSnapshot heap, Values values, long[] keys, Progress progress) throws IOException {
        java.util.BitSet isValue = values.isValue;
        java.util.BitSet hashed = new java.util.BitSet(isValue.length());
        int[] filled = new int[1];
        HprofVisitor v = new HprofVisitor() {
            int next;

            @Override
            public void classDump(ClassDump dump) { next++; }

            @Override
            public void instance(long recordOffset, long id, long classId, int length, RecordInput in) { next++; }

            @Override
            public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) { next++; }

            @Override
            public void primitiveArray(long recordOffset, long id, int type, int length, RecordInput in) throws IOException {
                int obj = next++;
                if (!isValue.get(obj) || filled[0] == keys.length) return;
                long bytes = (long) length * BasicType.primitiveSize(type);
                long h = hashStart(bytes, type);
                long left = bytes;
                int most = in.capacity() & ~7;
                while (left > 0) {
                    int chunk = (int) Math.min(left, most);
                    in.ensure(chunk);
                    h = hash(h, in.array(), in.arrayOffset(), chunk);
                    in.advance(chunk);
                    left -= chunk;
                }
                keys[filled[0]++] = hashEnd(h);
                hashed.set(obj);
            }
        };
        heap.walkRecords(v, progress, "inspections: duplicate strings");
        isValue.and(hashed);
        return filled[0];
    }

    /** Duplicate groups from the value arrays gathered by {@link Values#of} (used once: it is changed). */
    static Result find(HeapSnapshot heap, Values values, int topN, Progress progress) throws IOException {
        int stringClass = values.stringClass;
        if (stringClass < 0 || values.strings == 0) return new Result(0, 0, 0, List.of());
        long strings = values.strings;
        int n = heap.objectCount();
        final long stringSize = heap.heapClass(stringClass).instanceSize();
        // hash of contents per value array, in primitive arrays (no map entry per string)
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        long[] keys = new long[values.count];
        int m = values.offsets != null ? hashAtOffsets(heap, values, keys) : hashByWalk(heap, values, keys, progress);
        java.util.BitSet isValue = values.isValue;
        timer.lap("strings: hash");
        long[] sorted = sortedByBuckets(keys, m);
        timer.lap("strings: sort");
        // runs of equal keys are duplicate groups
        long[] runs = countRuns(sorted, m);
        long distinct = runs[0];
        int dupGroups = (int) runs[1];
        long[] dupKey = new long[dupGroups];
        long[] dupCount = new long[dupGroups];
        repeatedKeys(sorted, m, dupKey, dupCount);
        sorted = null;
        int[] sample = firstArrays(keys, m, isValue, dupKey);
        timer.lap("strings: groups");
        long wasted = 0;
        long[] groupWaste = new long[dupGroups];
        for (int i = 0; i < dupGroups; i++) {
            groupWaste[i] = (dupCount[i] - 1) * (stringSize + heap.shallowSize(sample[i]));
            wasted += groupWaste[i];
        }
        int[] order = largest(groupWaste, topN);
        int shown = order.length;
        Map<Integer, Integer> ownerOfSample = new HashMap<>();
        java.util.BitSet isSample = new java.util.BitSet(n);
        for (int i = 0; i < shown; i++) {
            ownerOfSample.put(sample[order[i]], -1);
            isSample.set(sample[order[i]]);
        }
        if (shown > 0) findOwners(heap, stringClass, isSample, ownerOfSample);
        List<Group> top = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            int gi = order[i];
            int owner = ownerOfSample.getOrDefault(sample[gi], -1);
            String text = owner < 0 ? "?" : heap.reader().readString(owner, 120);
            top.add(new Group(text, dupCount[gi], groupWaste[gi], stringSize + heap.shallowSize(sample[gi])));
        }
        timer.lap("strings: owners and text");
        return new Result(strings, distinct, wasted, List.copyOf(top));
    }

    // The loops of find each run once over millions of entries, so the JIT compiles them on stack replacement, each
    // compile taking the rest of its method along: in one method, five loops were compiled eight times over (0.3-0.6 s
    // of CPU at 30M). In methods of their own, each loop is compiled alone.

    /** {distinct keys, keys that repeat} in sorted[0, m). */
    private static long[] countRuns(long[] sorted, int m) {
        long distinct = 0;
        long repeated = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && sorted[j] == sorted[i]) j++;
            distinct++;
            if (j - i > 1) repeated++;
            i = j;
        }
        return new long[]{distinct, repeated};
    }

    /** The keys that repeat in sorted[0, m), ascending, into {@code key}, and how often each occurs into {@code count}. */
    private static void repeatedKeys(long[] sorted, int m, long[] key, long[] count) {
        int g = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && sorted[j] == sorted[i]) j++;
            if (j - i > 1) {
                key[g] = sorted[i];
                count[g] = j - i;
                g++;
            }
            i = j;
        }
    }

    /**
     * Each group's first value array in object order ({@code keys[i]} is the hash of the i-th array set in
     * {@code isValue}); the groups' keys found through their top bits, as sorted.
     */
    private static int[] firstArrays(long[] keys, int m, java.util.BitSet isValue, long[] dupKey) {
        int[] bucketStart = bucketStarts(dupKey, dupKey.length);
        int[] sample = new int[dupKey.length];
        java.util.Arrays.fill(sample, -1);
        for (int i = 0, a = isValue.nextSetBit(0); i < m; i++, a = isValue.nextSetBit(a + 1)) {
            long key = keys[i];
            int b = bucket(key);
            int p = java.util.Arrays.binarySearch(dupKey, bucketStart[b], bucketStart[b + 1], key);
            if (p >= 0 && sample[p] < 0) sample[p] = a;
        }
        return sample;
    }

    /** For each value array in {@code ownerOfSample} (mapped to -1), the first string that holds it. */
    private static void findOwners(HeapSnapshot heap, int stringClass, java.util.BitSet isSample,
                                   Map<Integer, Integer> ownerOfSample) {
        int n = heap.objectCount();
        for (int s = 0; s < n; s++) {
            if (heap.classOf(s) != stringClass) continue;
            for (int k = heap.edgeStart(s); k < heap.edgeEnd(s); k++) {
                int t = heap.edgeTarget(k);
                if (!isSample.get(t)) continue;
                Integer o = ownerOfSample.get(t);
                if (o != null && o < 0) ownerOfSample.put(t, s);
            }
        }
    }

    /** Hashes are spread evenly over their top bits: this many of them pick a bucket. */
    private static final int BUCKET_BITS = 16;

    /** The key's bucket, in signed order (as Arrays.sort orders the keys: the group order breaks ties in the report). */
    private static int bucket(long key) {
        return (int) (key >>> (64 - BUCKET_BITS)) ^ (1 << (BUCKET_BITS - 1));
    }

    /** Where each bucket (top {@link #BUCKET_BITS} bits) starts in a sorted key array, plus the end. */
    private static int[] bucketStarts(long[] sorted, int m) {
        int[] start = new int[(1 << BUCKET_BITS) + 1];
        for (int i = 0; i < m; i++) start[bucket(sorted[i]) + 1]++;
        for (int b = 0; b < 1 << BUCKET_BITS; b++) start[b + 1] += start[b];
        return start;
    }

    /**
     * keys[0, m) sorted, as a new array: scattered into buckets by their top bits (one counting pass, one scatter
     * pass), then each small bucket sorted where it lies; about three times faster than sorting the whole array.
     */
    static long[] sortedByBuckets(long[] keys, int m) {
        int[] start = bucketStarts(keys, m);
        int[] cursor = java.util.Arrays.copyOf(start, start.length - 1);
        long[] sorted = new long[m];
        for (int i = 0; i < m; i++) sorted[cursor[bucket(keys[i])]++] = keys[i];
        for (int b = 0; b < 1 << BUCKET_BITS; b++) {
            if (start[b + 1] - start[b] > 1) java.util.Arrays.sort(sorted, start[b], start[b + 1]);
        }
        return sorted;
    }

    /**
     * Indexes of the {@code k} largest values, largest first (ties: lower index first), without sorting (or boxing)
     * all of them: a string-heavy dump has millions of duplicate groups and shows twenty.
     */
    static int[] largest(long[] values, int k) {
        int[] top = new int[Math.max(0, Math.min(k, values.length))];
        int size = 0;
        for (int i = 0; i < values.length && top.length > 0; i++) {
            if (size == top.length && values[i] <= values[top[size - 1]]) continue;
            int at = size == top.length ? size - 1 : size++;
            while (at > 0 && values[top[at - 1]] < values[i]) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        return top;
    }
}
