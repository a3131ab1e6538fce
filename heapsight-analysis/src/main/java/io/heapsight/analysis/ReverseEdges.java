package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

/**
 * Incoming references of every object (who points here), as a CSR over the model's outgoing edges: two int arrays,
 * n + 1 and one slot per edge. Built in two linear passes on first use (the explorer's referrers view); the analyses
 * of a report never need it.
 */
public final class ReverseEdges {
    private final int[] start;
    private final int[] sources;

    private ReverseEdges(int[] start, int[] sources) {
        this.start = start;
        this.sources = sources;
    }

    public static ReverseEdges build(HeapSnapshot heap) {
        int n = heap.objectCount();
        int[] start = new int[n + 1];
        for (int v = 0; v < n; v++) {
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int t = heap.edgeTarget(k);
                if (t >= 0 && t < n) start[t + 1]++;
            }
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        int[] sources = new int[start[n]];
        int[] fill = new int[n];
        for (int v = 0; v < n; v++) {
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int t = heap.edgeTarget(k);
                if (t >= 0 && t < n) sources[start[t] + fill[t]++] = v;
            }
        }
        return new ReverseEdges(start, sources);
    }

    /** How many references point at obj (an object referencing it twice counts twice). */
    public int count(int obj) {
        return start[obj + 1] - start[obj];
    }

    /** The k-th object referencing obj, 0 ≤ k < count(obj), in object order. */
    public int source(int obj, int k) {
        return sources[start[obj] + k];
    }
}
