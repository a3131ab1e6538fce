package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

/**
 * Predecessor lists of the DFS-numbered object graph in CSR form, for the semi-dominators, without the DFS tree
 * edges (marked during the numbering): each of those becomes the parent array instead. Built in two passes over the
 * edges in preorder; on two cores each half of the preorder is done by its own thread, each with its own counts and
 * cursors (the second thread's in an array of its own, later the semi-dominators' forest: no atomic update per
 * edge), so each list holds the first half's sources, then the second's, then its class edges. Preorder, not the object
 * order that would read the edge arrays sequentially: lists in ascending preorder make the semi-dominators' path
 * compression about three times faster (measured, docs/PERFORMANCE.md).
 *
 * <p>The implicit edges from each object to its class are counted per thread and class, and each thread fills its
 * own slice at the end of the class object's list: every instance of byte[] would otherwise hit one shared counter
 * from both threads (a cache line bouncing between the cores for millions of edges).
 */
final class PredecessorLists {
    /** Below this many objects one thread is faster than starting another (tests lower it). */
    static volatile int parallelFrom = Integer.getInteger("heapsight.parallelFrom", 1 << 18);

    private final HeapSnapshot heap;
    private final int[] pre;
    private final int[] vertex;
    private final int[] classObject;
    private final long[] treeEdge;
    private final long[] treeClassEdge;
    /** Per class: the class edges of the first and of the second half of the preorder, then each half's cursor. */
    private int[] classFirst;
    private int[] classSecond;
    private int[] classTotal;
    /** The second thread's counts, then its cursors (null with one thread); handed on by {@link #spare()}. */
    private int[] second;

    PredecessorLists(HeapSnapshot heap, int[] pre, int[] vertex, int[] classObject, long[] treeEdge, long[] treeClassEdge) {
        this.heap = heap;
        this.pre = pre;
        this.vertex = vertex;
        this.classObject = classObject;
        this.treeEdge = treeEdge;
        this.treeClassEdge = treeClassEdge;
    }

    /**
     * First pass: fills {@code parent} (preorder to the parent's preorder, for every reachable vertex but the root) and
     * {@code start} (N + 1 offsets, root edges already counted in by the caller), and returns the lists to fill.
     * {@code size} is the length the second thread's array gets (so that it can serve as an n-sized array afterwards).
     */
    int[] count(int[] start, int[] parent, int N, int size) {
        int threads = threads(N);
        int mid = threads == 1 ? N : (N + 1) / 2;
        classFirst = new int[classObject.length];
        classSecond = new int[classObject.length];
        classTotal = new int[classObject.length];
        second = threads == 1 ? null : new int[Math.max(size, N + 1)];
        run(threads, () -> pass(1, mid, start, parent, null, classFirst), () -> pass(mid, N, second, parent, null, classSecond));
        // the class edges close each class object's list (after the second thread's part)
        int[] last = second == null ? start : second;
        for (int ci = 0; ci < classObject.length; ci++) {
            classTotal[ci] = classFirst[ci] + classSecond[ci];
            if (classTotal[ci] > 0) last[pre[classObject[ci]] + 1] += classTotal[ci];
        }
        if (second == null) {
            for (int i = 0; i < N; i++) start[i + 1] += start[i];
        } else {
            // list t: the first thread's part (the root's edges too), then the second's; the second's cursor starts there
            int at = 0;
            for (int t = 0; t < N; t++) {
                int firstPart = start[t + 1];
                int secondPart = second[t + 1];
                start[t] = at;
                second[t] = at + firstPart;
                at += firstPart + secondPart;
            }
            start[N] = at;
        }
        for (int ci = 0; ci < classObject.length; ci++) {
            if (classTotal[ci] == 0) continue;
            int first = start[pre[classObject[ci]] + 1] - classTotal[ci]; // the class edges close the class object's list
            classSecond[ci] = first + classFirst[ci];
            classFirst[ci] = first;
        }
        return new int[start[N]];
    }

    /** Second pass: each list filled with start[x] as a cursor (it ends at the next start), then the starts shifted back. */
    void fill(int[] start, int[] preds, int N) {
        int threads = second == null ? 1 : 2;
        int mid = threads == 1 ? N : (N + 1) / 2;
        run(threads, () -> pass(1, mid, start, null, preds, classFirst), () -> pass(mid, N, second, null, preds, classSecond));
        // each list's cursors stopped before its class slice (the second's, with two threads): move them to its end
        if (second != null) System.arraycopy(second, 0, start, 0, N);
        for (int ci = 0; ci < classObject.length; ci++) if (classTotal[ci] > 0) start[pre[classObject[ci]]] += classTotal[ci];
        classFirst = classSecond = classTotal = null;
        for (int i = N; i > 0; i--) start[i] = start[i - 1];
        start[0] = 0;
    }

    /** The second thread's array once the lists are filled (contents garbage), or null: for the next phase to reuse. */
    int[] spare() {
        int[] s = second;
        second = null;
        return s;
    }

    private static int threads(int N) {
        return N >= parallelFrom && Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    /**
     * Counts (preds == null, also setting parents) or fills the lists for the vertices numbered [from, to), into this
     * thread's own counts or cursors ({@code start}); class edges go to its own per-class counts or cursors.
     */
    private void pass(int from, int to, int[] start, int[] parent, int[] preds, int[] perClass) {
        for (int p = from; p < to; p++) {
            int v = vertex[p];
            int ci = heap.classOf(v);
            int c = classObject[ci];
            if (c >= 0) {
                if ((treeClassEdge[v >>> 6] & (1L << v)) == 0) {
                    if (preds == null) perClass[ci]++;
                    else preds[perClass[ci]++] = p;
                } else if (parent != null) {
                    parent[pre[c]] = p;
                }
            }
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int t = pre[heap.edgeTarget(k)];
                if ((treeEdge[k >>> 6] & (1L << k)) == 0) {
                    if (preds == null) start[t + 1]++;
                    else preds[start[t]++] = p;
                }
                else if (parent != null) parent[t] = p;
            }
        }
    }

    private static void run(int threads, Runnable first, Runnable second) {
        if (threads == 1) {
            first.run();
            return;
        }
        Throwable[] failed = new Throwable[1];
        Thread other = io.heapsight.heap.Background.thread("heapsight-predecessors", false, () -> {
            try {
                second.run();
            } catch (Throwable t) {
                failed[0] = t;
            }
        });
        first.run();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the predecessor lists", e);
        }
        if (failed[0] instanceof RuntimeException r) throw r;
        if (failed[0] instanceof Error err) throw err;
    }
}
