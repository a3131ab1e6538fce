package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Objects per class: count, shallow bytes and retained bytes. A class's retained size is the memory freed if all
 * its instances went away: the retained sizes of the instances that no other instance of the same class dominates
 * (so nested instances, e.g. the nodes of a linked list, are not counted twice). Exact, in one walk of the
 * dominator tree.
 */
public final class Histogram {

    /** One class row; {@code retainedBytes} is 0 for classes whose instances are all unreachable. */
    public record Row(int classIndex, String className, long count, long shallowBytes, long retainedBytes) {}

    private final List<Row> rows;
    private final long unreachableCount;
    private final long unreachableBytes;
    private final boolean allObjects;

    private Histogram(List<Row> rows, long unreachableCount, long unreachableBytes, boolean allObjects) {
        this.rows = rows;
        this.unreachableCount = unreachableCount;
        this.unreachableBytes = unreachableBytes;
        this.allObjects = allObjects;
    }

    /** Rows sorted by shallow bytes, largest first. */
    public List<Row> rows() { return rows; }
    /** Objects no GC root reaches (garbage not yet collected when the dump was taken). */
    public long unreachableCount() { return unreachableCount; }
    public long unreachableBytes() { return unreachableBytes; }
    /** True when unreachable objects are counted in the rows (as jmap -histo without :live counts them). */
    public boolean includesUnreachable() { return allObjects; }

    public Row row(String className) {
        for (Row r : rows) if (r.className().equals(className)) return r;
        return null;
    }

    /** A histogram computed earlier (kept analysis results): rows sorted as {@link #compute} sorts them. */
    public static Histogram restored(List<Row> rows, long unreachableCount, long unreachableBytes, boolean allObjects) {
        return new Histogram(List.copyOf(rows), unreachableCount, unreachableBytes, allObjects);
    }

    public static Histogram compute(HeapSnapshot heap, DominatorTree dom, boolean allObjects) {
        return compute(heap, dom, allObjects, Histogram.classRetained(heap, dom));
    }

    /**
     * As above, with the classes' retained sizes from the file kept beside {@code dump} when current
     * ({@link ClassRetainedFile}: no walk of the dominator tree for a report with another --top), else computed and kept.
     */
    public static Histogram computeOrLoad(HeapSnapshot heap, DominatorTree dom, java.nio.file.Path dump, boolean allObjects,
                                          io.heapsight.heap.Progress progress) {
        return compute(heap, dom, allObjects, ClassRetainedFile.computeOrLoad(heap, dom, dump, progress));
    }

    private static Histogram compute(HeapSnapshot heap, DominatorTree dom, boolean allObjects, long[] retained) {
        int classes = heap.classCount();
        long[] count = new long[classes];
        long[] shallow = new long[classes];
        long unreachableCount = 0, unreachableBytes = 0;
        int n = heap.objectCount();
        for (int i = 0; i < n; i++) {
            long size = heap.shallowSize(i);
            if (!dom.isReachable(i)) {
                unreachableCount++;
                unreachableBytes += size;
                if (!allObjects) continue;
            }
            int c = heap.classOf(i);
            count[c]++;
            shallow[c] += size;
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) continue;
            rows.add(new Row(c, heap.heapClass(c).name(), count[c], shallow[c], retained[c]));
        }
        rows.sort(Comparator.comparingLong(Row::shallowBytes).reversed().thenComparing(Row::className));
        return new Histogram(List.copyOf(rows), unreachableCount, unreachableBytes, allObjects);
    }

    /** Depth-first walk of the dominator tree counting, per class, how many ancestors on the current path have it. */
    static long[] classRetained(HeapSnapshot heap, DominatorTree dom) {
        long[] retained = new long[heap.classCount()];
        int[] onPath = new int[heap.classCount()];
        int[] stack = new int[1024];
        int[] cursor = new int[1024];
        for (int top : dom.topLevel()) {
            int sp = 0;
            stack[sp] = top;
            cursor[sp] = dom.childStart(top);
            sp++;
            enter(heap, dom, top, onPath, retained);
            while (sp > 0) {
                int v = stack[sp - 1];
                int k = cursor[sp - 1];
                if (k < dom.childEnd(v)) {
                    cursor[sp - 1] = k + 1;
                    int w = dom.child(k);
                    enter(heap, dom, w, onPath, retained);
                    if (sp == stack.length) {
                        stack = Arrays.copyOf(stack, sp * 2);
                        cursor = Arrays.copyOf(cursor, sp * 2);
                    }
                    stack[sp] = w;
                    cursor[sp] = dom.childStart(w);
                    sp++;
                } else {
                    onPath[heap.classOf(v)]--;
                    sp--;
                }
            }
        }
        return retained;
    }

    private static void enter(HeapSnapshot heap, DominatorTree dom, int v, int[] onPath, long[] retained) {
        int c = heap.classOf(v);
        if (onPath[c] == 0) retained[c] += dom.retainedSize(v);
        onPath[c]++;
    }
}
