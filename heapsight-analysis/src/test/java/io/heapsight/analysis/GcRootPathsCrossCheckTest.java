package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths' BFS (batched loads, scratch arrays from the dominators) gives every object the parent a plain
 * one-at-a-time queue-order BFS written here gives it, on random graphs: many roots of both tiers, multi-edges,
 * self-loops, unreachable parts, deep chains, wide fan-out, weak references followed or not, object addresses
 * shuffled against the reference order; with fresh arrays, arrays of exactly one slot per object, and longer spare
 * arrays holding stale values.
 */
class GcRootPathsCrossCheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
            26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
    void everyObjectHasTheParentOfAPlainQueueOrderSearch(long seed) throws Exception {
        Path file = dir.resolve("random-" + seed + ".hprof");
        writeRandomGraph(file, new Random(seed));
        try (HeapSnapshot heap = HeapSnapshot.parse(file, Progress.NONE)) {
            int n = heap.objectCount();
            for (boolean weak : new boolean[]{false, true}) {
                int[] expected = ReferenceBfs.parents(heap, weak);
                assertSameParents(GcRootPaths.compute(heap, weak), expected, n, "weak " + weak);
                ScratchArrays exact = new ScratchArrays();
                exact.offer(new int[n]);
                exact.offer(new int[n]);
                assertSameParents(GcRootPaths.compute(heap, weak, exact), expected, n, "n-sized spares, weak " + weak);
                // spare arrays longer than n with stale contents, as the dominators leave them
                ScratchArrays stale = new ScratchArrays();
                int[] a = new int[n + 7], b = new int[3 * n];
                Arrays.fill(a, 12345);
                Arrays.fill(b, -7);
                stale.offer(a);
                stale.offer(b);
                assertSameParents(GcRootPaths.compute(heap, weak, stale), expected, n, "stale spares, weak " + weak);
            }
        }
    }

    private static void assertSameParents(GcRootPaths paths, int[] expected, int n, String how) {
        int reached = 0;
        for (int v = 0; v < n; v++) {
            int p = paths.hasPath(v) ? paths.parentOf(v) : -2;
            assertThat(p).as("parent of %d (%s)", v, how).isEqualTo(expected[v]);
            if (p != -2) reached++;
        }
        assertThat(reached).as("reached (%s)", how).isGreaterThan(0);
    }

    /**
     * Nodes of a few classes at shuffled addresses: chains (deep levels), fan-out arrays (wide levels, repeated and
     * self-referencing elements), random jumps and back edges, weak references, roots of both tiers, islands no root
     * reaches.
     */
    private static void writeRandomGraph(Path file, Random rnd) throws Exception {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        List<HprofWriter.ClassRef> classes = new ArrayList<>();
        for (int c = 0; c < 1 + rnd.nextInt(5); c++) {
            classes.add(w.declareClass("com.example.Node" + c).instanceField("a", Type.OBJECT)
                    .instanceField("b", Type.OBJECT).instanceField("c", Type.OBJECT).define());
        }
        HprofWriter.ClassRef objArray = w.classNamed("java.lang.Object[]");
        HprofWriter.ClassRef weakRef = w.classNamed("java.lang.ref.WeakReference");
        int nodes = 50 + rnd.nextInt(rnd.nextBoolean() ? 300 : 3000);
        int[] perm = new int[nodes];
        for (int i = 0; i < nodes; i++) perm[i] = i;
        for (int i = nodes - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        long[] ids = new long[nodes];
        for (int i = 0; i < nodes; i++) ids[i] = 0x7000_0000_0000L + 16L * perm[i];
        int chainUntil = rnd.nextInt(nodes / 2); // nodes [0, chainUntil) form one deep chain
        int island = nodes - rnd.nextInt(nodes / 5 + 1); // nodes from here on are referenced only among themselves
        for (int i = 0; i < nodes; i++) {
            var b = w.newInstance(classes.get(rnd.nextInt(classes.size()))).id(ids[i]);
            boolean inIsland = i >= island;
            for (String f : new String[]{"a", "b", "c"}) {
                int kind = rnd.nextInt(12);
                int lo = inIsland ? island : 0, span = inIsland ? nodes - island : island;
                if (f.equals("a") && i + 1 < chainUntil) b.set(f, ids[i + 1]);
                else if (kind < 3) b.set(f, ids[lo + rnd.nextInt(span)]);
                else if (kind == 3) b.set(f, ids[i]); // self-loop
                else if (kind == 4 && i > lo) b.set(f, ids[i - 1]);
                else if (kind == 5) b.set(f, ids[Math.min(nodes - 1, i + 1)]);
            }
            b.write();
        }
        // fan-out arrays over the non-island nodes, some with repeated elements and themselves not reachable otherwise
        List<Long> arrays = new ArrayList<>();
        for (int a = 0; a < 1 + rnd.nextInt(8); a++) {
            long[] elements = new long[rnd.nextInt(Math.max(1, island))];
            for (int e = 0; e < elements.length; e++) {
                int kind = rnd.nextInt(10);
                elements[e] = kind == 0 ? 0 : kind == 1 && e > 0 ? elements[e - 1] : ids[rnd.nextInt(Math.max(1, island))];
            }
            arrays.add(w.objectArray(objArray, elements));
        }
        List<Long> refs = new ArrayList<>();
        for (int r = 0; r < rnd.nextInt(20); r++) refs.add(w.reference(weakRef, ids[rnd.nextInt(nodes)]));
        // roots: stable (JNI globals, sticky classes) and others (unknown, monitors), some on the same object twice
        int roots = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 200);
        for (int r = 0; r < roots; r++) {
            long o = switch (rnd.nextInt(4)) {
                case 0 -> arrays.get(rnd.nextInt(arrays.size()));
                case 1 -> refs.isEmpty() ? ids[0] : refs.get(rnd.nextInt(refs.size()));
                default -> ids[rnd.nextInt(Math.max(1, island))];
            };
            switch (rnd.nextInt(4)) {
                case 0 -> w.rootJniGlobal(o, 0x600 + r);
                case 1 -> w.rootUnknown(o);
                case 2 -> w.rootMonitorUsed(o);
                default -> {
                    w.rootJniGlobal(o, 0x600 + r);
                    w.rootUnknown(o);
                }
            }
        }
        w.rootJniGlobal(arrays.get(0), 0x500);
        for (HprofWriter.ClassRef c : classes) if (rnd.nextInt(3) == 0) w.rootStickyClass(c.id());
        w.write(file);
    }
}
