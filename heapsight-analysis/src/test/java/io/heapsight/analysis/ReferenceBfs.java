package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.util.Arrays;

/**
 * The paths' BFS written the plain way, one object at a time, for the tests that check GcRootPaths picks exactly the
 * same parents (it reads ahead in batches; the reports show these parents).
 */
final class ReferenceBfs {
    private ReferenceBfs() {}

    /**
     * Parent of every object in a queue-order BFS (-1 for a root, -2 unreached): roots of the stable kinds first, then
     * the others, each distinct root object once; per object its class object, then its stored references in order
     * (from the first strong one unless {@code weak}).
     */
    static int[] parents(HeapSnapshot heap, boolean weak) {
        int n = heap.objectCount();
        int[] parent = new int[n];
        Arrays.fill(parent, -2);
        int[] queue = new int[n];
        int head = 0, tail = 0;
        int[] roots = DominatorTree.distinctRootObjects(heap);
        int[] rank = new int[roots.length];
        Arrays.fill(rank, Integer.MAX_VALUE);
        for (int r = 0; r < heap.rootCount(); r++) {
            int at = Arrays.binarySearch(roots, heap.rootObject(r));
            rank[at] = Math.min(rank[at], GcRootPaths.rank(heap.rootKind(r)));
        }
        for (int tier = 0; tier < 2; tier++) {
            for (int i = 0; i < roots.length; i++) {
                if ((rank[i] <= 2) == (tier == 0) && parent[roots[i]] == -2) {
                    parent[roots[i]] = -1;
                    queue[tail++] = roots[i];
                }
            }
            while (head < tail) {
                int v = queue[head++];
                int c = heap.classObjectOf(v);
                if (c >= 0 && parent[c] == -2) {
                    parent[c] = v;
                    queue[tail++] = c;
                }
                for (int k = weak ? heap.edgeStart(v) : heap.strongEdgeStart(v); k < heap.edgeEnd(v); k++) {
                    int t = heap.edgeTarget(k);
                    if (parent[t] == -2) {
                        parent[t] = v;
                        queue[tail++] = t;
                    }
                }
            }
        }
        return parent;
    }
}
