package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.ManyClassesHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
            int[] expected = ReferenceBfs.parents(heap, false);
            int reached = 0;
            for (int v = 0; v < heap.objectCount(); v++) {
                int p = paths.hasPath(v) ? paths.parentOf(v) : -2;
                assertThat(p).as("parent of %d", v).isEqualTo(expected[v]);
                if (p != -2) reached++;
            }
            assertThat(reached).isGreaterThan(150_000);
        }
    }
}
