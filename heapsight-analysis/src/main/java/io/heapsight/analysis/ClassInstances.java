package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

/**
 * The instances of every class as one CSR (class → its objects in file order), built in two linear passes on first
 * use. With {@code reachableOnly} it lists what the histogram counts by default (objects a GC root reaches).
 */
public final class ClassInstances {
    private final int[] start;
    private final int[] members;

    private ClassInstances(int[] start, int[] members) {
        this.start = start;
        this.members = members;
    }

    public static ClassInstances build(HeapSnapshot heap, DominatorTree dom, boolean reachableOnly) {
        int n = heap.objectCount(), classes = heap.classCount();
        int[] start = new int[classes + 1];
        for (int i = 0; i < n; i++) {
            if (reachableOnly && !dom.isReachable(i)) continue;
            start[heap.classOf(i) + 1]++;
        }
        for (int c = 0; c < classes; c++) start[c + 1] += start[c];
        int[] members = new int[start[classes]];
        int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            if (reachableOnly && !dom.isReachable(i)) continue;
            int c = heap.classOf(i);
            members[start[c] + fill[c]++] = i;
        }
        return new ClassInstances(start, members);
    }

    public int count(int classIndex) {
        return start[classIndex + 1] - start[classIndex];
    }

    /** A copy of the class's instances (object indexes, file order). */
    public int[] instances(int classIndex) {
        return java.util.Arrays.copyOfRange(members, start[classIndex], start[classIndex + 1]);
    }
}
