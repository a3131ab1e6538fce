package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

/**
 * Predecessor lists of the DFS-numbered object graph in CSR form, for the semi-dominators, without the DFS tree
 * edges (marked during the numbering): each of those becomes the parent array instead.
 *
 * <p>Two threads on two cores, each owning the sources of one half of the preorder and its own counter array, so no
 * counter is shared (no atomics, no cache line bouncing between the cores): a list holds the first half's
 * predecessors, then the second half's. The counting pass reads the sources in object order (the edge arrays and bits
 * sequentially; counts do not depend on order); the filling pass reads them in preorder, so that every list comes out
 * in ascending preorder: that makes the semi-dominators' path compression about three times faster than lists in
 * object order (measured, docs/PERFORMANCE.md).</p>
 *
 * <p>A GC root's list holds only the virtual root: 0 is the smallest preorder number, so it is the root's
 * semi-dominator and immediate dominator whatever else points to it, and no other vertex reads its list. Most class
 * objects are roots (system classes), so this leaves out most of the implicit class edges: one per object.</p>
 */
final class PredecessorLists {
    /** Below this many objects one thread is faster than starting another (tests lower it). */
    static volatile int parallelFrom = Integer.getInteger("heapsight.parallelFrom", 1 << 18);

    private final HeapSnapshot heap;
    private final int[] pre;
    private final int[] vertex;
    private final long[] treeEdge;
    private final long[] treeClassEdge;
    private final int[] rootTargets;
    private final boolean[] treeRoot;
    /** Objects the virtual root points to (GC roots), as bits: their lists hold only the root (see the class comment). */
    private final long[] rootTarget;
    /** Per class: its class object's preorder number, or -1 when it has none. */
    private final int[] classPre;
    /** Per class: whether its instances' class edges go into the class object's list (false for a GC root's). */
    private final boolean[] classListed;

    PredecessorLists(HeapSnapshot heap, int[] pre, int[] vertex, int[] classObject, long[] treeEdge, long[] treeClassEdge,
                     int[] rootTargets, boolean[] treeRoot) {
        this.heap = heap;
        this.pre = pre;
        this.vertex = vertex;
        this.treeEdge = treeEdge;
        this.treeClassEdge = treeClassEdge;
        this.rootTargets = rootTargets;
        this.treeRoot = treeRoot;
        this.rootTarget = new long[(heap.objectCount() + 63) >>> 6];
        for (int o : rootTargets) rootTarget[o >>> 6] |= 1L << o;
        classPre = new int[classObject.length];
        classListed = new boolean[classObject.length];
        for (int ci = 0; ci < classObject.length; ci++) {
            int c = classObject[ci];
            classPre[ci] = c >= 0 ? pre[c] : -1;
            classListed[ci] = c >= 0 && pre[c] >= 0 && !isRootTarget(c);
        }
    }

    private boolean isRootTarget(int o) {
        return (rootTarget[o >>> 6] & (1L << o)) != 0;
    }

    /**
     * Builds the lists of the N numbered vertices (0, the virtual root, included): fills {@code vertex} (preorder to
     * object, but for the root), {@code parent} (preorder to the parent's preorder, for every vertex but the root) and
     * {@code start} (N + 1 offsets: w's list is start[w] .. start[w + 1]) and returns the lists. {@code start} (N + 1
     * entries) and {@code second} (N entries) must be all zero; {@code second} holds the second thread's counters and
     * is garbage afterwards.
     */
    int[] build(int[] start, int[] second, int[] parent, int N) {
        int threads = N >= parallelFrom && Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
        int mid = threads == 1 ? N : (N + 1) / 2;
        int[] first = start;
        run(threads, () -> count(1, mid, first, parent), () -> count(mid, N, second, parent));
        // a GC root's list: the root's edge only (edges from objects were counted, in neither half's list)
        for (int r = 0; r < rootTargets.length; r++) {
            int p = pre[rootTargets[r]];
            if (treeRoot[r]) parent[p] = 0;
            first[p] = treeRoot[r] ? 0 : 1; // preorder 0: the first half's
            second[p] = 0;
        }
        // first[x] becomes the first half's cursor in x's list, second[x] the second half's, right after it
        int total = 0;
        for (int x = 0; x < N; x++) {
            int a = first[x];
            int b = second[x];
            first[x] = total;
            second[x] = total + a;
            total += a + b;
        }
        int[] preds = new int[total];
        for (int r = 0; r < rootTargets.length; r++) {
            if (!treeRoot[r]) preds[first[pre[rootTargets[r]]]++] = 0;
        }
        run(threads, () -> fill(1, mid, first, preds), () -> fill(mid, N, second, preds));
        // second[x] now ends x's list
        for (int x = N; x > 0; x--) start[x] = second[x - 1];
        start[0] = 0;
        return preds;
    }

    /** Writes the sources numbered [from, to), in preorder, into their targets' lists at {@code cursor}. */
    private void fill(int from, int to, int[] cursor, int[] preds) {
        for (int p = from; p < to; p++) {
            int v = vertex[p];
            int ci = heap.classOf(v);
            if (classListed[ci] && (treeClassEdge[v >>> 6] & (1L << v)) == 0) preds[cursor[classPre[ci]]++] = p;
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int o = heap.edgeTarget(k);
                if ((treeEdge[k >>> 6] & (1L << k)) == 0 && !isRootTarget(o)) preds[cursor[pre[o]]++] = p;
            }
        }
    }

    /**
     * Counts into {@code counts} (by target preorder number) the edges other than tree edges from the sources
     * numbered [from, to), in object order, edges into GC roots included (the caller resets theirs); sets those
     * sources' {@code vertex} and, from the tree edges, their children's parents.
     */
    private void count(int from, int to, int[] counts, int[] parent) {
        int n = heap.objectCount();
        for (int v = 0; v < n; v++) {
            int p = pre[v];
            if (p < from || p >= to) continue;
            vertex[p] = v;
            int ci = heap.classOf(v);
            if ((treeClassEdge[v >>> 6] & (1L << v)) != 0) parent[classPre[ci]] = p;
            else if (classListed[ci]) counts[classPre[ci]]++;
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int o = heap.edgeTarget(k);
                if ((treeEdge[k >>> 6] & (1L << k)) != 0) parent[pre[o]] = p;
                else counts[pre[o]]++;
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
