package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dominator tree of random graphs against the definition, computed the slow way: v dominates w when w is
 * reachable from the roots but not once v is taken away. Retained size = what v's removal makes unreachable;
 * the immediate dominator is the dominator with the fewest dominated objects. Graphs mix chains, back edges,
 * shared objects, cycles through roots, arrays, weak references and unreachable islands.
 */
class DominatorCrossCheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void dominatorsAndRetainedSizesMatchTheDefinition(long seed) throws Exception {
        check(seed);
    }

    /** The same with the predecessor lists built by two threads, as on big dumps. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void twoThreadedPredecessorListsGiveTheSameTree(long seed) throws Exception {
        int before = PredecessorLists.parallelFrom;
        PredecessorLists.parallelFrom = 0;
        try {
            check(seed);
        } finally {
            PredecessorLists.parallelFrom = before;
        }
    }

    private void check(long seed) throws Exception {
        Path file = dir.resolve("random-" + seed + ".hprof");
        writeRandomGraph(file, new Random(seed));
        try (HeapSnapshot heap = HeapSnapshot.parse(file, Progress.NONE)) {
            ScratchArrays spare = new ScratchArrays();
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE, () -> {}, spare);
            int n = heap.objectCount();
            boolean[] reachable = reach(heap, -1);
            int[][] dominated = new int[n][];
            long reachableBytes = 0;
            int reachableCount = 0;
            for (int v = 0; v < n; v++) {
                if (!reachable[v]) continue;
                reachableCount++;
                reachableBytes += heap.shallowSize(v);
                boolean[] without = reach(heap, v);
                int k = 0;
                int[] d = new int[n];
                for (int w = 0; w < n; w++) if (reachable[w] && !without[w]) d[k++] = w;
                dominated[v] = java.util.Arrays.copyOf(d, k);
            }
            assertThat(dom.reachableCount()).isEqualTo(reachableCount);
            assertThat(dom.reachableBytes()).isEqualTo(reachableBytes);
            for (int w = 0; w < n; w++) {
                if (!reachable[w]) {
                    assertThat(dom.idom(w)).as("idom of unreachable %d", w).isEqualTo(DominatorTree.UNREACHABLE);
                    continue;
                }
                long retained = 0;
                for (int x : dominated[w]) retained += heap.shallowSize(x);
                assertThat(dom.retainedSize(w)).as("retained size of %d", w).isEqualTo(retained);
                int expected = DominatorTree.ROOT;
                for (int v = 0; v < n; v++) {
                    if (v == w || !reachable[v] || java.util.Arrays.binarySearch(dominated[v], w) < 0) continue;
                    if (expected == DominatorTree.ROOT || dominated[v].length < dominated[expected].length) expected = v;
                }
                assertThat(dom.idom(w)).as("idom of %d", w).isEqualTo(expected);
                // children lists agree with idom
                if (expected >= 0) {
                    boolean listed = false;
                    for (int k = dom.childStart(expected); k < dom.childEnd(expected); k++) listed |= dom.child(k) == w;
                    assertThat(listed).as("%d listed under %d", w, expected).isTrue();
                }
            }
            // the arrays handed on are big enough for the paths, and the paths still agree with a plain BFS
            GcRootPaths paths = GcRootPaths.compute(heap, true, spare);
            for (int w = 0; w < n; w++) assertThat(paths.hasPath(w)).isEqualTo(reachable[w]);
        }
    }

    /** Objects reachable from the roots (every reference, the class reference too), not passing through {@code removed}. */
    private static boolean[] reach(HeapSnapshot heap, int removed) {
        int n = heap.objectCount();
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int r = 0; r < heap.rootCount(); r++) {
            int o = heap.rootObject(r);
            if (o != removed && !seen[o]) {
                seen[o] = true;
                queue.add(o);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            int c = heap.classObjectOf(v);
            if (c >= 0 && c != removed && !seen[c]) {
                seen[c] = true;
                queue.add(c);
            }
            for (int k = heap.edgeStart(v); k < heap.edgeEnd(v); k++) {
                int t = heap.edgeTarget(k);
                if (t != removed && !seen[t]) {
                    seen[t] = true;
                    queue.add(t);
                }
            }
        }
        return seen;
    }

    private static void writeRandomGraph(Path file, Random rnd) throws Exception {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        HprofWriter.ClassRef node = w.declareClass("com.example.Node").instanceField("a", Type.OBJECT)
                .instanceField("b", Type.OBJECT).instanceField("c", Type.OBJECT).instanceField("pad", Type.INT).define();
        HprofWriter.ClassRef big = w.declareClass("com.example.Big").superclass(node).instanceField("x", Type.LONG).define();
        HprofWriter.ClassRef objArray = w.classNamed("java.lang.Object[]");
        HprofWriter.ClassRef weak = w.classNamed("java.lang.ref.WeakReference");
        int nodes = 40 + rnd.nextInt(120);
        long base = 0x7000_0000_0000L;
        long[] ids = new long[nodes];
        for (int i = 0; i < nodes; i++) ids[i] = base + 16L * i;
        for (int i = 0; i < nodes; i++) {
            var b = w.newInstance(rnd.nextInt(4) == 0 ? big : node).id(ids[i]);
            for (String f : new String[]{"a", "b", "c"}) {
                int kind = rnd.nextInt(10);
                // mostly chains (next node), some back edges and long jumps, some nulls
                if (kind < 4 && i + 1 < nodes) b.set(f, ids[i + 1]);
                else if (kind < 6) b.set(f, ids[rnd.nextInt(nodes)]);
                else if (kind == 6 && i > 0) b.set(f, ids[i - 1 - rnd.nextInt(Math.min(i, 5))]);
            }
            b.write();
        }
        for (int a = 0; a < 1 + rnd.nextInt(4); a++) {
            long[] elements = new long[rnd.nextInt(6)];
            for (int e = 0; e < elements.length; e++) elements[e] = rnd.nextInt(5) == 0 ? 0 : ids[rnd.nextInt(nodes)];
            long arr = w.objectArray(objArray, elements);
            if (rnd.nextBoolean()) w.rootJniGlobal(arr, 0x500 + a);
        }
        long ref = w.reference(weak, ids[rnd.nextInt(nodes)]);
        w.rootJniGlobal(ref, 0x400);
        for (int r = 0; r < 1 + rnd.nextInt(4); r++) w.rootJniGlobal(ids[rnd.nextInt(nodes)], 0x600 + r);
        if (rnd.nextBoolean()) w.rootStickyClass(node.id());
        w.write(file);
    }
}
