package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.ClassDump;
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

    public static Result find(HeapSnapshot heap, DominatorTree dom, int topN, Progress progress) throws IOException {
        int stringClass = -1;
        for (int c = 0; c < heap.classCount(); c++) {
            if (heap.heapClass(c).name().equals("java.lang.String")) {
                stringClass = c;
                break;
            }
        }
        if (stringClass < 0) return new Result(0, 0, 0, List.of());
        int n = heap.objectCount();
        // value arrays of reachable strings (an array shared by two strings is counted once: no waste)
        java.util.BitSet isValue = new java.util.BitSet(n);
        final long stringSize = heap.heapClass(stringClass).instanceSize();
        long strings = 0;
        for (int s = 0; s < n; s++) {
            if (heap.classOf(s) != stringClass || !dom.isReachable(s)) continue;
            strings++;
            for (int k = heap.edgeStart(s); k < heap.edgeEnd(s); k++) {
                int t = heap.edgeTarget(k);
                if (heap.classOfObject(t).isArray()) isValue.set(t);
            }
        }
        if (strings == 0) return new Result(0, 0, 0, List.of());
        // hash of contents per value array, in primitive arrays (no map entry per string)
        int values = isValue.cardinality();
        long[] keys = new long[values];
        int[] arrays = new int[values];
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
                int bytes = length * BasicType.primitiveSize(type);
                long h = 0xcbf29ce484222325L ^ ((long) bytes << 8 | type);
                int left = bytes;
                while (left > 0) {
                    int chunk = Math.min(left, in.capacity());
                    in.ensure(chunk);
                    byte[] b = in.array();
                    int p = in.arrayOffset();
                    int i = 0;
                    for (; i + 8 <= chunk; i += 8) h = Long.rotateLeft((h ^ RecordInput.readLong(b, p + i)) * 0x9E3779B97F4A7C15L, 29);
                    for (; i < chunk; i++) h = (h ^ b[p + i]) * 0x100000001b3L;
                    in.advance(chunk);
                    left -= chunk;
                }
                keys[filled[0]] = h ^ (h >>> 31);
                arrays[filled[0]] = obj;
                filled[0]++;
            }
        };
        heap.walkRecords(v, progress, "inspections: duplicate strings");
        int m = filled[0];
        long[] sorted = java.util.Arrays.copyOf(keys, m);
        java.util.Arrays.sort(sorted);
        // runs of equal keys are duplicate groups
        long distinct = 0;
        int dupGroups = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && sorted[j] == sorted[i]) j++;
            distinct++;
            if (j - i > 1) dupGroups++;
            i = j;
        }
        long[] dupKey = new long[dupGroups];
        long[] dupCount = new long[dupGroups];
        int g = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && sorted[j] == sorted[i]) j++;
            if (j - i > 1) {
                dupKey[g] = sorted[i];
                dupCount[g] = j - i;
                g++;
            }
            i = j;
        }
        sorted = null;
        int[] sample = new int[dupGroups];
        java.util.Arrays.fill(sample, -1);
        for (int i = 0; i < m; i++) {
            int p = java.util.Arrays.binarySearch(dupKey, keys[i]);
            if (p >= 0 && sample[p] < 0) sample[p] = arrays[i];
        }
        long wasted = 0;
        long[] groupWaste = new long[dupGroups];
        for (int i = 0; i < dupGroups; i++) {
            groupWaste[i] = (dupCount[i] - 1) * (stringSize + heap.shallowSize(sample[i]));
            wasted += groupWaste[i];
        }
        int[] order = largest(groupWaste, topN);
        int shown = order.length;
        Map<Integer, Integer> ownerOfSample = new HashMap<>();
        for (int i = 0; i < shown; i++) ownerOfSample.put(sample[order[i]], -1);
        for (int s = 0; s < n && shown > 0; s++) {
            if (heap.classOf(s) != stringClass) continue;
            for (int k = heap.edgeStart(s); k < heap.edgeEnd(s); k++) {
                Integer o = ownerOfSample.get(heap.edgeTarget(k));
                if (o != null && o < 0) ownerOfSample.put(heap.edgeTarget(k), s);
            }
        }
        List<Group> top = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            int gi = order[i];
            int owner = ownerOfSample.getOrDefault(sample[gi], -1);
            String text = owner < 0 ? "?" : heap.reader().readString(owner, 120);
            top.add(new Group(text, dupCount[gi], groupWaste[gi], stringSize + heap.shallowSize(sample[gi])));
        }
        return new Result(strings, distinct, wasted, List.copyOf(top));
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
