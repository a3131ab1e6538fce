package io.heapsight.analysis;

import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.ManyClassesHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths' BFS, which reads ahead a batch of queued objects, picks the same parent for every object as a plain
 * one-at-a-time BFS written here: roots of the stable kinds first, then the others; per object its class, then its
 * stored strong references in order. On a dump with hundreds of chains searched side by side (wide levels).
 */
class GcRootPathsOrderTest {
    @TempDir
    Path dir;

    @Test
    void everyObjectHasTheParentAPlainBreadthFirstSearchGivesIt() throws Exception {
        DumpedHeap d = ForkedDump.of(ManyClassesHeap.class).jvmArgs("-Xmx256m").args("--objects", "200000").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.parse(d.file(), Progress.NONE)) {
            GcRootPaths paths = GcRootPaths.compute(heap, false);
            int[] expected = plainBfs(heap);
            int reached = 0;
            for (int v = 0; v < heap.objectCount(); v++) {
                int p = paths.hasPath(v) ? paths.parentOf(v) : -2;
                assertThat(p).as("parent of %d", v).isEqualTo(expected[v]);
                if (p != -2) reached++;
            }
            assertThat(reached).isGreaterThan(150_000);
        }
    }

    private static int[] plainBfs(HeapSnapshot heap) {
        int n = heap.objectCount();
        int[] parent = new int[n];
        Arrays.fill(parent, -2);
        int[] queue = new int[n];
        int head = 0, tail = 0;
        // each distinct root object, explained by its most stable root record
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
                for (int k = heap.strongEdgeStart(v); k < heap.edgeEnd(v); k++) {
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
