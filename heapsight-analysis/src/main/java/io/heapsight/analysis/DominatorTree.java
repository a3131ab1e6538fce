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
    private final long[] retained;
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
        this.n = n;
        this.idom = idom;
        this.retained = retained;
        this.reachableCount = reachableCount;
        this.reachableBytes = reachableBytes;
        childStart = startScratch;
        Arrays.fill(childStart, 0, n + 1, 0);
        int tops = 0;
        for (int v = 0; v < n; v++) {
            int d = idom[v];
            if (d >= 0) childStart[d + 1]++;
            else if (d == ROOT) tops++;
        }
        for (int v = 0; v < n; v++) childStart[v + 1] += childStart[v];
        children = childScratch;
        topLevel = new int[tops];
        int t = 0;
        // fill using childStart[d] as a cursor, then shift the starts back by one slot
        for (int v = 0; v < n; v++) {
            int d = idom[v];
            if (d >= 0) children[childStart[d]++] = v;
            else if (d == ROOT) topLevel[t++] = v;
        }
        for (int v = n; v > 0; v--) childStart[v] = childStart[v - 1];
        childStart[0] = 0;
    }

    /** Immediate dominator of obj: an object index, {@link #ROOT} or {@link #UNREACHABLE}. */
    public int idom(int obj) { return idom[obj]; }
    public long retainedSize(int obj) { return retained[obj]; }
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
        final int n = heap.objectCount();
        final int rootNode = n; // the virtual root, numbered 0
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        // ---- 1. depth-first numbering (preorder) from the virtual root ----
        progress.update("dominators: numbering", 0, n);
        int[] pre = new int[n + 1]; // reused for semi-dominators later
        Arrays.fill(pre, -1);
        int[] rootTargets = distinctRootObjects(heap);
        int[] vertex = new int[n + 1];
        int[] parent = new int[n + 1];
        int count = 0;
        vertex[count] = rootNode;
        parent[count] = -1;
        count++;
        int[] stackNode = new int[1024];
        int[] stackCursor = new int[1024];
        int sp = 0;
        stackNode[0] = rootNode;
        stackCursor[0] = 0;
        sp = 1;
        long predTotal = 0;
        while (sp > 0) {
            int v = stackNode[sp - 1];
            int cursor = stackCursor[sp - 1];
            int w = -1;
            int pv = v == rootNode ? 0 : pre[v];
            // successors of v: for the root its GC root objects; else its class object (cursor 0) then stored edges
            if (v == rootNode) {
                while (cursor < rootTargets.length) {
                    int t = rootTargets[cursor++];
                    predTotal++;
                    if (pre[t] < 0) { w = t; break; }
                }
            } else {
                int es = heap.edgeStart(v);
                int ee = heap.edgeEnd(v);
                while (true) {
                    int t;
                    if (cursor == 0) {
                        cursor = 1;
                        t = heap.classObjectOf(v);
                        if (t < 0) continue;
                    } else {
                        int k = es + cursor - 1;
                        if (k >= ee) break;
                        cursor++;
                        t = heap.edgeTarget(k);
                    }
                    predTotal++;
                    if (pre[t] < 0) { w = t; break; }
                }
            }
            stackCursor[sp - 1] = cursor;
            if (w < 0) {
                sp--;
                continue;
            }
            pre[w] = count;
            vertex[count] = w;
            parent[count] = pv;
            count++;
            if (sp == stackNode.length) {
                stackNode = Arrays.copyOf(stackNode, sp * 2);
                stackCursor = Arrays.copyOf(stackCursor, sp * 2);
            }
            stackNode[sp] = w;
            stackCursor[sp] = 0;
            sp++;
        }
        stackNode = null;
        stackCursor = null;
        final int N = count;

        timer.lap("dom: dfs");
        afterNumbering.run();
        // ---- 2. predecessors in preorder numbers (CSR) ----
        progress.update("dominators: predecessors", 0, N);
        if (predTotal > Integer.MAX_VALUE - 16) throw new IllegalStateException("more than 2^31 references");
        int[] predStart = new int[Math.max(N + 1, n + 1)]; // reused for dominator-tree children later
        for (int t : rootTargets) predStart[pre[t] + 1]++;
        for (int i = 1; i < N; i++) {
            int v = vertex[i];
            int c = heap.classObjectOf(v);
            if (c >= 0) predStart[pre[c] + 1]++;
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) predStart[pre[heap.edgeTarget(k)] + 1]++;
        }
        for (int i = 0; i < N; i++) predStart[i + 1] += predStart[i];
        int[] preds = new int[predStart[N]];
        // fill with predStart[x] as a cursor (it ends at the next vertex's start), then shift back
        for (int t : rootTargets) preds[predStart[pre[t]]++] = 0;
        for (int i = 1; i < N; i++) {
            int v = vertex[i];
            int c = heap.classObjectOf(v);
            if (c >= 0) preds[predStart[pre[c]]++] = i;
            for (int k = heap.edgeStart(v), e = heap.edgeEnd(v); k < e; k++) preds[predStart[pre[heap.edgeTarget(k)]]++] = i;
        }
        for (int i = N; i > 0; i--) predStart[i] = predStart[i - 1];
        predStart[0] = 0;
        int[] semi = pre; // pre is not needed any more
        pre = null;

        // ---- 3. semi-dominators, reverse preorder, path compression ----
        progress.update("dominators: semi-dominators", 0, N);
        int[] label = new int[n + 1]; // reused for idom in object space later
        int[] ancestor = new int[N];
        for (int i = 0; i < N; i++) {
            semi[i] = i;
            label[i] = i;
            ancestor[i] = -1;
        }
        int[] path = new int[1024];
        for (int w = N - 1; w >= 1; w--) {
            int best = semi[w];
            for (int k = predStart[w], e = predStart[w + 1]; k < e; k++) {
                int v = preds[k];
                int u;
                if (ancestor[v] < 0) {
                    u = v;
                } else {
                    // eval(v) with iterative path compression
                    int depth = 0;
                    int x = v;
                    while (ancestor[ancestor[x]] >= 0) {
                        if (depth == path.length) path = Arrays.copyOf(path, depth * 2);
                        path[depth++] = x;
                        x = ancestor[x];
                    }
                    while (depth > 0) {
                        int y = path[--depth];
                        int a = ancestor[y];
                        if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
                        ancestor[y] = ancestor[a];
                    }
                    u = label[v];
                }
                if (semi[u] < best) best = semi[u];
            }
            semi[w] = best;
            ancestor[w] = parent[w]; // link
            if ((w & 0xFFFFF) == 0) progress.update("dominators: semi-dominators", N - w, N);
        }
        preds = null;

        timer.lap("dom: semi");
        // ---- 4. immediate dominators: nearest common ancestor of parent and semi ----
        int[] idomPre = ancestor; // reuse
        idomPre[0] = -1;
        for (int w = 1; w < N; w++) {
            int d = parent[w];
            while (d > semi[w]) d = idomPre[d];
            idomPre[w] = d;
        }
        // ---- 5. retained sizes bottom-up (a dominator always has a smaller preorder number) ----
        progress.update("dominators: retained sizes", 0, N);
        long[] retained = new long[n];
        long rootRetained = 0;
        for (int w = N - 1; w >= 1; w--) {
            int v = vertex[w];
            long r = retained[v] + heap.shallowSize(v);
            retained[v] = r;
            int d = idomPre[w];
            if (d == 0) rootRetained += r;
            else retained[vertex[d]] += r;
        }
        int[] idom = label; // object space, reusing label's memory
        Arrays.fill(idom, 0, n, UNREACHABLE);
        for (int w = 1; w < N; w++) {
            int d = idomPre[w];
            idom[vertex[w]] = d == 0 ? ROOT : vertex[d];
        }
        timer.lap("dom: idom+retained");
        int[] childStartScratch = parent.length >= n + 1 ? parent : new int[n + 1];
        DominatorTree tree = new DominatorTree(n, idom, retained, N - 1, rootRetained, childStartScratch, semi);
        timer.lap("dom: children");
        return tree;
    }

    /** The dominator tree from the index beside the dump when it is current, else computed and saved there. */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress) {
        return computeOrLoad(heap, dump, progress, () -> {});
    }

    /** As above; {@code afterNumbering} runs between the DFS and the allocation of the big arrays (a memory hook). */
    public static DominatorTree computeOrLoad(HeapSnapshot heap, java.nio.file.Path dump, Progress progress, Runnable afterNumbering) {
        boolean useIndex = heap.openOptions().useIndex();
        DominatorTree saved = useIndex ? load(heap, dump, progress) : null;
        if (saved != null) return saved;
        DominatorTree tree = compute(heap, progress, afterNumbering);
        if (useIndex) {
            // written beside the analysis; the snapshot's close() waits for it
            heap.runBeforeClose(Thread.ofPlatform().name("heapsight-dominators-writer").start(() -> save(tree, dump)));
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
