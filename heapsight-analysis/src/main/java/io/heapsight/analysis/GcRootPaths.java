package io.heapsight.analysis;

import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.StackFrameInfo;
import io.heapsight.heap.ThreadInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Shortest paths from the GC roots to every object, found by one breadth-first search from all roots at once.
 * By default only strong references are followed: the referent of a java.lang.ref.Reference is not a reason for
 * an object to stay alive, so an object reachable only that way has no strong path.
 */
public final class GcRootPaths {
    private static final int UNREACHED = -2;
    private static final int IS_ROOT = -1;
    /** Queued objects whose loads are issued together (see {@link #compute}); 64 measured best of 16 and 64. */
    private static final int BATCH = 64;
    /** Where the read-ahead sum goes, so that the compiler keeps those reads. */
    @SuppressWarnings("unused")
    private static volatile int sink;

    private final HeapSnapshot heap;
    private final boolean includeWeak;
    /** BFS parent of each object; IS_ROOT for root objects, UNREACHED when no path exists. */
    private final int[] parent;
    /** For root objects: the index of the root record that made them a root (the most telling one). */
    /** Root objects, sorted, and for each the index of the root record that explains it best (a few thousand entries). */
    private final int[] rootObjectsSorted;
    private final int[] bestRootRecord;

    private GcRootPaths(HeapSnapshot heap, boolean includeWeak, int[] parent, int[] rootObjectsSorted, int[] bestRootRecord) {
        this.heap = heap;
        this.includeWeak = includeWeak;
        this.parent = parent;
        this.rootObjectsSorted = rootObjectsSorted;
        this.bestRootRecord = bestRootRecord;
    }

    public static GcRootPaths compute(HeapSnapshot heap, boolean includeWeak) {
        return compute(heap, includeWeak, null);
    }

    /** As above, taking its parent and queue arrays from {@code spare} when it has them (the dominators' dead arrays). */
    public static GcRootPaths compute(HeapSnapshot heap, boolean includeWeak, ScratchArrays spare) {
        int n = heap.objectCount();
        int[] parent = spare != null ? spare.take(n) : new int[n];
        Arrays.fill(parent, 0, n, UNREACHED);
        int[] queue = spare != null ? spare.take(n) : new int[n];
        int head = 0, tail = 0;
        int[] classObject = new int[heap.classCount()]; // the implicit reference to the class, without a HeapClass per object
        for (int c = 0; c < classObject.length; c++) classObject[c] = heap.heapClass(c).objectIndex();
        // classes with an instance whose first edge is a referent: only their instances need the bit looked up (one
        // cache miss less per object in a search bound by cache misses)
        boolean[] referentClass = new boolean[heap.classCount()];
        if (!includeWeak) {
            for (int v = heap.nextWithReferentEdge(0); v >= 0; v = heap.nextWithReferentEdge(v + 1)) referentClass[heap.classOf(v)] = true;
        }
        int[] roots = DominatorTree.distinctRootObjects(heap);
        int[] best = bestRootRecords(heap, roots);
        int[] batchClassObject = new int[BATCH];
        int[] batchStart = new int[BATCH];
        int[] batchEnd = new int[BATCH];
        int readAhead = 0;
        // two tiers: first everything the stable roots reach (system classes, JNI globals, threads), then what only
        // stack frames and the like reach. An object reachable both ways gets the stable explanation, so a path does
        // not start at whatever a thread happened to hold in a local when the dump was taken (e.g. the JMX connection
        // of the tool that took it), and the same collection has the same path in every dump.
        for (int tier = 0; tier < 2; tier++) {
            for (int i = 0; i < roots.length; i++) {
                int o = roots[i];
                boolean stable = rank(heap.rootKind(best[i])) <= 2;
                if (stable == (tier == 0) && parent[o] == UNREACHED) {
                    parent[o] = IS_ROOT;
                    queue[tail++] = o;
                }
            }
            while (head < tail) {
                // a batch of queued objects at a time: first the loads of each one's class and edge range, which do
                // not depend on one another (the core overlaps their cache misses: a wide frontier, e.g. thousands of
                // chains searched side by side, misses on nearly every object), then the visits in queue order as before
                int end = Math.min(tail, head + BATCH);
                for (int i = head, b = 0; i < end; i++, b++) {
                    int v = queue[i];
                    int ci = heap.classOf(v);
                    batchClassObject[b] = classObject[ci];
                    batchStart[b] = referentClass[ci] ? heap.strongEdgeStart(v) : heap.edgeStart(v);
                    batchEnd[b] = heap.edgeEnd(v);
                }
                // and the first target's parent slot, read ahead only (the value is not used here)
                int touched = 0;
                for (int b = 0; b < end - head; b++) {
                    if (batchStart[b] < batchEnd[b]) touched += parent[heap.edgeTarget(batchStart[b])];
                }
                readAhead += touched;
                for (int i = head, b = 0; i < end; i++, b++) {
                    int v = queue[i];
                    int c = batchClassObject[b];
                    if (c >= 0 && parent[c] == UNREACHED) {
                        parent[c] = v;
                        queue[tail++] = c;
                    }
                    for (int k = batchStart[b], e = batchEnd[b]; k < e; k++) {
                        int t = heap.edgeTarget(k);
                        if (parent[t] == UNREACHED) {
                            parent[t] = v;
                            queue[tail++] = t;
                        }
                    }
                }
                head = end;
            }
        }
        sink = readAhead;
        return new GcRootPaths(heap, includeWeak, parent, roots, best);
    }

    /** The paths kept in a file ({@link PathsFile}): {@code parent} as {@link #parents()} gave it, already checked. */
    static GcRootPaths restored(HeapSnapshot heap, boolean includeWeak, int[] parent) {
        int[] roots = DominatorTree.distinctRootObjects(heap);
        return new GcRootPaths(heap, includeWeak, parent, roots, bestRootRecords(heap, roots));
    }

    /** The BFS parent of every object (what {@link #parentOf} answers), for saving. */
    int[] parents() {
        return parent;
    }

    /** For each distinct root object, its most explanatory root record. */
    private static int[] bestRootRecords(HeapSnapshot heap, int[] roots) {
        int[] best = new int[roots.length];
        java.util.Arrays.fill(best, -1);
        for (int r = 0; r < heap.rootCount(); r++) {
            int at = java.util.Arrays.binarySearch(roots, heap.rootObject(r));
            if (best[at] < 0 || rank(heap.rootKind(r)) < rank(heap.rootKind(best[at]))) best[at] = r;
        }
        return best;
    }

    /** How well a root kind explains why an object is alive: lower is better (the BFS's first tier is 0–2). */
    static int rank(GcRootKind k) {
        return switch (k) {
            // the most stable explanation first: a frame local of some thread is the least telling
            case STICKY_CLASS -> 0;
            case JNI_GLOBAL -> 1;
            case THREAD_OBJECT -> 2;
            case JAVA_FRAME -> 3;
            case JNI_LOCAL, NATIVE_STACK, THREAD_BLOCK -> 4;
            case MONITOR_USED -> 5;
            default -> 6;
        };
    }

    private int rootRecord(int rootObject) {
        int at = java.util.Arrays.binarySearch(rootObjectsSorted, rootObject);
        if (at < 0) throw new IllegalArgumentException("object " + rootObject + " is not a GC root");
        return bestRootRecord[at];
    }

    public boolean includesWeak() {
        return includeWeak;
    }

    public boolean hasPath(int obj) {
        return parent[obj] != UNREACHED;
    }

    /** Objects from the root object to obj (inclusive), or an empty list when obj has no such path. */
    public List<Integer> objectsOnPath(int obj) {
        if (parent[obj] == UNREACHED) return List.of();
        List<Integer> out = new ArrayList<>();
        int v = obj;
        while (v >= 0) {
            out.add(v);
            int p = parent[v];
            if (p == IS_ROOT) break;
            v = p;
        }
        Collections.reverse(out);
        return out;
    }

    /** Path steps with names, root first: the root kind, then each reference by the field that holds it. */
    public List<PathStep> path(int obj) {
        List<Integer> objs = objectsOnPath(obj);
        if (objs.isEmpty()) return List.of();
        List<PathStep> steps = new ArrayList<>(objs.size() + 1);
        int root = objs.get(0);
        steps.add(PathStep.root(describeRoot(root), heap.describe(root), root));
        for (int i = 1; i < objs.size(); i++) {
            int from = objs.get(i - 1), to = objs.get(i);
            steps.add(PathStep.reference(heap.reader().referenceName(from, to), heap.describe(to), to));
        }
        return steps;
    }

    /** The root record of a root object, e.g. "Java frame local: thread main at Foo.run(Foo.java:12)". */
    public String describeRoot(int rootObject) {
        int r = rootRecord(rootObject);
        GcRootKind kind = heap.rootKind(r);
        StringBuilder sb = new StringBuilder(kind.label());
        int thread = heap.rootThread(r);
        if (thread >= 0) {
            ThreadInfo t = heap.threads().get(thread);
            sb.append(": thread ").append(threadName(t, thread));
            int frame = heap.rootFrame(r);
            if ((kind == GcRootKind.JAVA_FRAME || kind == GcRootKind.JNI_LOCAL) && t != null
                    && frame >= 0 && frame < t.frames().size()) {
                StackFrameInfo f = t.frames().get(frame);
                sb.append(" at ").append(f);
            }
        }
        return sb.toString();
    }

    public GcRootKind rootKindOf(int rootObject) {
        return heap.rootKind(rootRecord(rootObject));
    }

    private String threadName(ThreadInfo t, int serial) {
        if (t != null && t.objectIndex() >= 0) {
            int name = heap.reader().fieldObject(t.objectIndex(), "name");
            if (name >= 0) {
                String s = heap.reader().readString(name, 200);
                if (s != null) return "\"" + s + "\"";
            }
        }
        return "#" + serial;
    }

    /** The BFS parent of an object on its shortest path, -1 for a root object, -2 when there is no path. */
    public int parentOf(int obj) {
        return parent[obj];
    }
}
