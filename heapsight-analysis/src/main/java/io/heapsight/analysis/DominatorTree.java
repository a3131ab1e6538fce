package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.util.Arrays;

/**
 * The exact dominator tree of the object graph and every object's retained size.
 *
 * <p>Semi-NCA (Georgiadis, Tarjan): a depth-first numbering from a virtual root whose children are the GC roots,
 * semi-dominators computed in reverse preorder with path-compressed evaluation, then each immediate dominator as
 * the nearest common ancestor of its DFS parent and its semi-dominator. Everything is iterative over int arrays, so
 * a 1M-long linked list costs neither stack depth nor quadratic time. All references count, including
 * java.lang.ref.Reference referents, and every object references its class.</p>
 */
public final class DominatorTree {
    /** Marks an object dominated directly by the virtual root (kept alive by GC roots only). */
    public static final int ROOT = -1;
    /** Marks an object that no GC root reaches. */
    public static final int UNREACHABLE = -2;

    private final int n;
    /** May be longer than n: its memory is reused from a scratch array. */
    private final int[] idom;
    private final RetainedSizes retained;
    private final int reachableCount;
    private final long reachableBytes;
    // dominator-tree children in CSR form, ordered by object index
    private final int[] childStart;
    private final int[] children;
    private final int[] topLevel;

    /**
     * Builds the children lists (CSR) into the two scratch arrays handed over, so that no new n-sized array is
     * allocated: {@code startScratch} needs n + 1 entries, {@code childScratch} n.
     */
    private DominatorTree(int n, int[] idom, long[] retained, int reachableCount, long reachableBytes, int[] startScratch, int[] childScratch) {
        this(n, idom, RetainedSizes.of(retained, n), reachableCount, reachableBytes, startScratch, childScratch);
    }

    private DominatorTree(int n, int[] idom, RetainedSizes retained, int reachableCount, long reachableBytes, int[] startScratch,
                          int[] childScratch) {
        this(n, idom, retained, reachableCount, reachableBytes, Children.of(n, idom, startScratch, childScratch));
    }

    private DominatorTree(int n, int[] idom, RetainedSizes retained, int reachableCount, long reachableBytes, Children c) {
        this.n = n;
        this.idom = idom;
        this.retained = retained;
        this.reachableCount = reachableCount;
        this.reachableBytes = reachableBytes;
        this.childStart = c.start;
        this.children = c.children;
        this.topLevel = c.topLevel;
    }

    /** The children lists (CSR, by object index) and the top-level objects, built from idom into the two scratch arrays. */
    private record Children(int[] start, int[] children, int[] topLevel) {
        static Children of(int n, int[] idom, int[] childStart, int[] children) {
            Arrays.fill(childStart, 0, n + 1, 0);
            int tops = 0;
            for (int v = 0; v < n; v++) {
                int d = idom[v];
                if (d >= 0) childStart[d + 1]++;
                else if (d == ROOT) tops++;
            }
            for (int v = 0; v < n; v++) childStart[v + 1] += childStart[v];
            int[] topLevel = new int[tops];
            int t = 0;
            // fill using childStart[d] as a cursor, then shift the starts back by one slot
            for (int v = 0; v < n; v++) {
                int d = idom[v];
                if (d >= 0) children[childStart[d]++] = v;
                else if (d == ROOT) topLevel[t++] = v;
            }
            for (int v = n; v > 0; v--) childStart[v] = childStart[v - 1];
            childStart[0] = 0;
            return new Children(childStart, children, topLevel);
        }
    }

    /** Immediate dominator of obj: an object index, {@link #ROOT} or {@link #UNREACHABLE}. */
    public int idom(int obj) { return idom[obj]; }
    public long retainedSize(int obj) { return retained.get(obj); }
    public boolean isReachable(int obj) { return idom[obj] != UNREACHABLE; }
    public int reachableCount() { return reachableCount; }
    public long reachableBytes() { return reachableBytes; }
    public int objectCount() { return n; }

    /** Objects that only the GC roots keep alive (children of the virtual root). */
    public int[] topLevel() { return topLevel; }
    public int childCount(int obj) { return childStart[obj + 1] - childStart[obj]; }
    public int childStart(int obj) { return childStart[obj]; }
    public int childEnd(int obj) { return childStart[obj + 1]; }
    public int child(int k) { return children[k]; }

    public static DominatorTree compute(HeapSnapshot heap, Progress progress) {
        return compute(heap, progress, () -> {});
    }

    public static DominatorTree compute(HeapSnapshot heap, Progress progress, Runnable afterNumbering) {
        return compute(heap, progress, afterNumbering, null);
    }

    /**
     * As above; {@code spare}, when given, receives the two n-sized scratch arrays that are dead once the tree is
     * built (the DFS order and the preorder dominators), for the next phase to reuse ({@link GcRootPaths}).
     *
     * <p>Memory: besides the snapshot, one n-sized int array and two bit sets during the numbering (the DFS order is
     * inverted from it and the parent array made from the tree edges marked in the bit sets afterwards, once
     * {@code afterNumbering} has freed the id lookups) and 5 plus the predecessor lists during the semi-dominators (the peak); the semi-dominators live in
     * the predecessor offsets as they are freed.
     * Predecessor lists leave out the DFS tree edges (a vertex's parent is its first candidate anyway): about n fewer
     * entries. The tree keeps idom, retained sizes (an int each, {@link RetainedSizes}) and the children lists; see
     * docs/design.md.</p>
     */
    public static DominatorTree compute(HeapSnapshot heap, Progress progress, Runnable afterNumbering, ScratchArrays spare) {
        return compute(heap, progress, (java.util.function.IntPredicate reachable) -> afterNumbering.run(), spare);
    }

    /**
     * As above; {@code afterNumbering} is told which objects the GC roots reach (valid only during the call): what
     * needs only reachability and the parse's in-memory lookups can be done there, before they are released.
     */
    public static DominatorTree compute(HeapSnapshot heap, Progress progress,
                                        java.util.function.Consumer<java.util.function.IntPredicate> afterNumbering,
                                        ScratchArrays spare) {
        final int n = heap.objectCount();
        final int rootNode = n; // the virtual root, numbered 0
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        int[] classObject = new int[heap.classCount()];
        for (int c = 0; c < classObject.length; c++) classObject[c] = heap.heapClass(c).objectIndex();
        // ---- 1. depth-first numbering (preorder) from the virtual root ----
        progress.update("dominators: numbering", 0, n);
        int[] pre = new int[n + 1]; // object -> preorder; reused for the eval labels, then idom in object space
        Arrays.fill(pre, -1);
        int[] rootTargets = distinctRootObjects(heap);
        // the DFS tree edges: stored edge k, the class reference of object v, or the i-th root. The parent array is
        // made from them after the numbering (when the id lookups are gone), and they are left out of the
        // predecessor lists
        long[] treeEdge = new long[(int) ((heap.edgeCount() + 63) >>> 6)];
        long[] treeClassEdge = new long[(n + 63) >>> 6];
        boolean[] treeRoot = new boolean[rootTargets.length];
        int count = 1; // the virtual root is 0
        // the virtual root's successors are the root objects, in order: each one not yet numbered starts a search. A
        // frame holds a vertex's next stored edge and its end, so returning to it reads nothing of the vertex again;
        // a vertex's class edge (its first successor) is taken as it is entered
        int[] stackNext = new int[1024];
        int[] stackEnd = new int[1024];
        long predTotal = rootTargets.length; // every successor of every numbered vertex is looked at once
        for (int r = 0; r < rootTargets.length; r++) {
            int w = rootTargets[r];
            if (pre[w] >= 0) continue;
            treeRoot[r] = true;
            int sp = 0;
            while (w >= 0) {
                // enter w, then the chain of class objects not yet numbered above it
                while (true) {
                    pre[w] = count++;
                    int es = heap.edgeStart(w), ee = heap.edgeEnd(w);
                    predTotal += ee - es;
                    if (sp == stackNext.length) {
                        stackNext = Arrays.copyOf(stackNext, sp * 2);
                        stackEnd = Arrays.copyOf(stackEnd, sp * 2);
                    }
                    stackNext[sp] = es;
                    stackEnd[sp] = ee;
                    sp++;
                    int c = classObject[heap.classOf(w)];
                    if (c < 0) break;
                    predTotal++;
                    if (pre[c] >= 0) break;
                    treeClassEdge[w >>> 6] |= 1L << w;
                    w = c;
                }
                // the next target not yet numbered of the deepest vertex that has one
                w = -1;
                while (sp > 0) {
                    int k = stackNext[sp - 1], e = stackEnd[sp - 1];
                    while (k < e && pre[heap.edgeTarget(k)] >= 0) k++;
                    if (k < e) {
                        w = heap.edgeTarget(k);
                        treeEdge[k >>> 6] |= 1L << k;
                        stackNext[sp - 1] = k + 1;
                        break;
                    }
                    sp--;
                }
            }
        }
        stackNext = null;
        stackEnd = null;
        final int N = count;

        timer.lap("dom: dfs");
        final int[] numbered = pre;
        afterNumbering.accept(v -> numbered[v] >= 0);
        timer.lap("dom: after-numbering hook"); // e.g. the lookups released and a collection (HeapAnalysis)
        // preorder -> object, inverted from pre only now (while the predecessors are counted): the DFS runs while
        // the id lookups may still be in memory
        int[] vertex = new int[n + 1];
        vertex[0] = rootNode;
        // ---- 2. predecessors in preorder numbers (CSR), without the tree edges ----
        progress.update("dominators: predecessors", 0, N);
        long predCount = predTotal - (N - 1);
        if (predCount > Integer.MAX_VALUE - 16) throw new IllegalStateException("more than 2^31 references");
        // predStart[w] .. predStart[w + 1]: w's predecessors; once w is done, predStart[w + 1] holds semi(w); then
        // it becomes the children list (n entries)
        int[] predStart = new int[Math.max(N + 1, n + 1)];
        int[] parent = new int[n + 1]; // preorder -> parent's preorder; reused for the children offsets
        parent[0] = -1;
        // the second half's counters while the lists are built, then the eval forest (n entries, handed on)
        int[] ancestor = new int[Math.max(N, n)];
        int[] preds = new PredecessorLists(heap, pre, vertex, classObject, treeEdge, treeClassEdge, rootTargets, treeRoot)
                .build(predStart, ancestor, parent, N);
        treeEdge = null;
        treeClassEdge = null;
        timer.lap("dom: predecessors");

        // ---- 3. semi-dominators, reverse preorder, path-compressed eval over the linked forest ----
        // Vertices above w are linked, the others are not: no flag array. ancestor[] is only read for linked
        // vertices (set when linking); label[x] is the smallest semi-dominator on x's compressed forest path (the
        // value, not the vertex: Semi-NCA needs no more), also only read for linked vertices.
        progress.update("dominators: semi-dominators", 0, N);
        int[] label = pre; // object -> preorder is not needed any more
        pre = null;
        int[] path = new int[1024];
        for (int w = N - 1; w >= 1; w--) {
            int best = parent[w]; // the tree edge, left out of the lists: a smaller number than w, so itself
            for (int k = predStart[w], e = predStart[w + 1]; k < e; k++) {
                int v = preds[k];
                int s;
                if (v <= w) {
                    s = v; // not linked: a vertex not yet processed is its own semi-dominator candidate
                } else {
                    int depth = 0;
                    int x = v;
                    while (ancestor[x] > w) {
                        if (depth == path.length) path = Arrays.copyOf(path, depth * 2);
                        path[depth++] = x;
                        x = ancestor[x];
                    }
                    while (depth > 0) {
                        int y = path[--depth];
                        int a = ancestor[y];
                        if (label[a] < label[y]) label[y] = label[a];
                        ancestor[y] = ancestor[a];
                    }
                    s = label[v];
                }
                if (s < best) best = s;
            }
            label[w] = best;
            ancestor[w] = parent[w]; // link
            predStart[w + 1] = best; // semi(w); w's list end is not read again
            if ((w & 0xFFFFF) == 0) progress.update("dominators: semi-dominators", N - w, N);
        }
        preds = null;
        int[] semiAt = predStart; // semi(w) = semiAt[w + 1]
        predStart = null;

        timer.lap("dom: semi");
        // ---- 4. immediate dominators: nearest common ancestor of parent and semi ----
        int[] idomPre = ancestor;
        idomPre[0] = -1;
        for (int w = 1; w < N; w++) {
            int d = parent[w];
            int s = semiAt[w + 1];
            while (d > s) d = idomPre[d];
            idomPre[w] = d;
        }
        int[] idom = label; // object space, n + 1 entries
        Arrays.fill(idom, 0, n, UNREACHABLE);
        for (int w = 1; w < N; w++) {
            int d = idomPre[w];
            idom[vertex[w]] = d == 0 ? ROOT : vertex[d];
        }
        // ---- 5. the children lists (from idom, into the dead parent and semi arrays) on a second thread while the
        // retained sizes are summed bottom-up (a dominator always has a smaller preorder number) ----
        java.util.concurrent.CompletableFuture<Children> children = new java.util.concurrent.CompletableFuture<>();
        final int[] idomObjects = idom, childStartScratch = parent, childScratch = semiAt;
        Runnable buildChildren = () -> {
            try {
                children.complete(Children.of(n, idomObjects, childStartScratch, childScratch));
            } catch (RuntimeException | Error e) {
                children.completeExceptionally(e);
            }
        };
        boolean childrenThread = n >= PredecessorLists.parallelFrom && Runtime.getRuntime().availableProcessors() >= 2;
        if (childrenThread) io.heapsight.heap.Background.thread("heapsight-dominator-children", true, buildChildren);
        progress.update("dominators: retained sizes", 0, N);
        // the predecessor lists and the eval forest died above: collect before the one new n-sized array
        if (n >= 1 << 20) io.heapsight.heap.MemoryPhases.collect();
        RetainedSizes retained = new RetainedSizes(new int[n]); // 8-byte units: half a long[n]
        long rootRetained = 0;
        for (int w = N - 1; w >= 1; w--) {
            int v = vertex[w];
            long r = retained.get(v) + heap.shallowSize(v);
            retained.set(v, r);
            int d = idomPre[w];
            if (d == 0) rootRetained += r;
            else retained.add(vertex[d], r);
        }
        timer.lap("dom: idom+retained");
        if (!childrenThread) buildChildren.run();
        DominatorTree tree;
        try {
            tree = new DominatorTree(n, idom, retained, N - 1, rootRetained, children.join());
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
        if (spare != null) {
            spare.offer(vertex);
            spare.offer(idomPre);
        }
        timer.lap("dom: children");
        return tree;
    }

    /** The dominator tree from the index beside the dump when it is current, else computed and saved there. */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress) {
        return computeOrLoad(heap, dump, progress, () -> {});
    }

    /** As above; {@code afterNumbering} runs between the DFS and the allocation of the big arrays (a memory hook). */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress, Runnable afterNumbering) {
        return computeOrLoad(heap, dump, progress, afterNumbering, null);
    }

    /** As above; when computed, the arrays it no longer needs go to {@code spare} (see {@link #compute}). */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress, Runnable afterNumbering,
                                              ScratchArrays spare) {
        return computeOrLoad(heap, dump, progress, (java.util.function.IntPredicate reachable) -> afterNumbering.run(), spare);
    }

    /** As above, {@code afterNumbering} told which objects are reachable (see {@link #compute}); not called when loaded. */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress,
                                              java.util.function.Consumer<java.util.function.IntPredicate> afterNumbering,
                                              ScratchArrays spare) {
        boolean useIndex = heap.openOptions().useIndex();
        DominatorTree saved = useIndex ? load(heap, dump, progress) : null;
        if (saved != null) return saved;
        DominatorTree tree = compute(heap, progress, afterNumbering, spare);
        if (useIndex) {
            // written beside the analysis; the snapshot's close() waits for it
            Thread writer = new Thread(() -> save(tree, dump), "heapsight-dominators-writer");
            writer.start();
            heap.runBeforeClose(writer);
        }
        return tree;
    }

    static void save(DominatorTree t, java.nio.file.Path dump) {
        DominatorFile.save(t, dump);
    }

    static DominatorTree load(HeapSnapshot heap, java.nio.file.Path dump, Progress progress) {
        return DominatorFile.load(heap, dump, progress);
    }

    /** A tree read back from its file (values already checked). */
    static DominatorTree restored(int n, int[] idom, long[] retained, int reachable, long reachableBytes) {
        return new DominatorTree(n, idom, retained, reachable, reachableBytes, new int[n + 1], new int[n]);
    }

    /** True when walking up from any object ends at ROOT or UNREACHABLE: O(n), one byte per object. */
    static boolean acyclic(int[] idom) {
        byte[] state = new byte[idom.length]; // 0 unseen, 1 on the current walk, 2 known to end
        for (int v = 0; v < idom.length; v++) {
            int u = v;
            while (u >= 0 && state[u] == 0) {
                state[u] = 1;
                u = idom[u];
            }
            if (u >= 0 && state[u] == 1) return false;
            for (int w = v; w >= 0 && state[w] == 1; w = idom[w]) state[w] = 2;
        }
        return true;
    }

    static int[] distinctRootObjects(HeapSnapshot heap) {
        int rc = heap.rootCount();
        int[] r = new int[rc];
        for (int i = 0; i < rc; i++) r[i] = heap.rootObject(i);
        Arrays.sort(r);
        int k = 0;
        for (int i = 0; i < rc; i++) if (k == 0 || r[k - 1] != r[i]) r[k++] = r[i];
        return Arrays.copyOf(r, k);
    }
}
