package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Predecessor lists of the DFS-numbered object graph in CSR form, for the semi-dominators, without the DFS tree
 * edges (marked during the numbering): each of those becomes the parent array instead. Built in two passes over the
 * edges in preorder; on two cores each half of the preorder is done by its own thread with atomic counters (the
 * order inside a list then varies, which the semi-dominators, a minimum, do not see). Preorder, not the object
 * order that would read the edge arrays sequentially: lists in ascending preorder make the semi-dominators' path
 * compression about three times faster (measured, docs/PERFORMANCE.md).
 *
 * <p>A GC root's list holds only the virtual root: 0 is the smallest preorder number, so it is the root's
 * semi-dominator and immediate dominator whatever else points to it, and no other vertex reads its list. Most class
 * objects are roots (system classes), so this leaves out most of the implicit class edges: one per object.</p>
 *
 * <p>The implicit edges from each object to its class are counted per thread and class, and each thread fills its
 * own slice at the end of the class object's list: every instance of byte[] would otherwise hit one shared counter
 * from both threads (a cache line bouncing between the cores for millions of edges).
 */
final class PredecessorLists {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    /** Below this many objects one thread is faster than starting another (tests lower it). */
    static volatile int parallelFrom = Integer.getInteger("heapsight.parallelFrom", 1 << 18);

    private final HeapSnapshot heap;
    private final int[] pre;
    private final int[] vertex;
    private final int[] classObject;
    private final long[] treeEdge;
    private final long[] treeClassEdge;
    /** Objects the virtual root points to (GC roots), as bits: their lists hold only the root (see the class comment). */
    private final long[] rootTarget;
    /** Per class: the class edges of the first and of the second half of the preorder, then each half's cursor. */
    private int[] classFirst;
    private int[] classSecond;
    private int[] classTotal;

    PredecessorLists(HeapSnapshot heap, int[] pre, int[] vertex, int[] classObject, long[] treeEdge, long[] treeClassEdge,
                     int[] rootTargets) {
        this.heap = heap;
        this.pre = pre;
        this.vertex = vertex;
        this.classObject = classObject;
        this.treeEdge = treeEdge;
        this.treeClassEdge = treeClassEdge;
        this.rootTarget = new long[(heap.objectCount() + 63) >>> 6];
        for (int o : rootTargets) rootTarget[o >>> 6] |= 1L << o;
    }

    private boolean isRootTarget(int o) {
        return (rootTarget[o >>> 6] & (1L << o)) != 0;
    }

    /**
     * First pass: fills {@code parent} (preorder to the parent's preorder, for every reachable vertex but the root) and
     * {@code start} (N + 1 offsets, root edges already counted in by the caller), and returns the lists to fill.
     */
    int[] count(int[] start, int[] parent, int N) {
        int threads = threads(N);
        int mid = threads == 1 ? N : (N + 1) / 2;
        classFirst = new int[classObject.length];
        classSecond = new int[classObject.length];
        classTotal = new int[classObject.length];
        // a class object that is a GC root (a system class) gets no list of its instances: -1 says skip
        for (int ci = 0; ci < classObject.length; ci++) {
            if (classObject[ci] >= 0 && isRootTarget(classObject[ci])) classFirst[ci] = classSecond[ci] = -1;
        }
        run(threads, () -> pass(1, mid, start, parent, null, threads > 1, classFirst),
                () -> pass(mid, N, start, parent, null, true, classSecond));
        for (int ci = 0; ci < classObject.length; ci++) {
            if (classFirst[ci] < 0) {
                classTotal[ci] = 0;
                continue;
            }
            classTotal[ci] = classFirst[ci] + classSecond[ci];
            if (classTotal[ci] > 0) start[pre[classObject[ci]] + 1] += classTotal[ci];
        }
        for (int i = 0; i < N; i++) start[i + 1] += start[i];
        for (int ci = 0; ci < classObject.length; ci++) {
            if (classTotal[ci] == 0) continue; // none, or a GC root's (its -1 also skips it in the fill)
            int first = start[pre[classObject[ci]] + 1] - classTotal[ci]; // the class edges close the class object's list
            classSecond[ci] = first + classFirst[ci];
            classFirst[ci] = first;
        }
        return new int[start[N]];
    }

    /** Second pass: each list filled with start[x] as a cursor (it ends at the next start), then the starts shifted back. */
    void fill(int[] start, int[] preds, int N) {
        int threads = threads(N);
        int mid = threads == 1 ? N : (N + 1) / 2;
        run(threads, () -> pass(1, mid, start, null, preds, threads > 1, classFirst),
                () -> pass(mid, N, start, null, preds, true, classSecond));
        // the shared cursors stopped before the class slices: move them to the end of each class object's list
        for (int ci = 0; ci < classObject.length; ci++) if (classTotal[ci] > 0) start[pre[classObject[ci]]] += classTotal[ci];
        classFirst = classSecond = classTotal = null;
        for (int i = N; i > 0; i--) start[i] = start[i - 1];
        start[0] = 0;
    }

    private static int threads(int N) {
        return N >= parallelFrom && Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    /**
     * Counts (preds == null, also setting parents) or fills the lists for the vertices numbered [from, to); class edges
     * go to this thread's own per-class counts or cursors.
     */
    private void pass(int from, int to, int[] start, int[] parent, int[] preds, boolean atomic, int[] perClass) {
        for (int p = from; p < to; p++) {
            int v = vertex[p];
            int ci = heap.classOf(v);
            int c = classObject[ci];
            if (c >= 0) {
                if ((treeClassEdge[v >>> 6] & (1L << v)) == 0) {
                    if (perClass[ci] >= 0) {
                        if (preds == null) perClass[ci]++;
                        else preds[perClass[ci]++] = p;
                    }
                } else if (parent != null) {
                    parent[pre[c]] = p;
                }
            }
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) {
                int o = heap.edgeTarget(k);
                if ((treeEdge[k >>> 6] & (1L << k)) == 0) {
                    if (!isRootTarget(o)) add(pre[o], p, start, preds, atomic);
                } else if (parent != null) {
                    parent[pre[o]] = p;
                }
            }
        }
    }

    private static void add(int target, int source, int[] start, int[] preds, boolean atomic) {
        if (preds == null) {
            if (atomic) INTS.getAndAdd(start, target + 1, 1);
            else start[target + 1]++;
        } else {
            int at = atomic ? (int) INTS.getAndAdd(start, target, 1) : start[target]++;
            preds[at] = source;
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
