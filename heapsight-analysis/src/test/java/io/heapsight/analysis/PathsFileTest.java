package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.PrivateHeapsightCache;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shortest-path tree and the dominator tree kept beside a dump come back exactly (every object's BFS parent, idom
 * and retained size), so a reopened dump needs no walk of the graph; a paths file that is corrupt, made with another
 * dominator tree or whose chains loop or do not start at a GC root is refused with one note and computed again.
 */
@ExtendWith(PrivateHeapsightCache.class)
class PathsFileTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    @Test
    void pathsAndDominatorsOfARealDumpComeBackFromTheirFiles() throws Exception {
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("3000", "512", "0").run(dir);
        Path dump = d.file();
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults().withInspections(false), Progress.NONE); // writes the files
        assertThat(PathsFile.fileFor(dump)).exists();
        assertThat(DominatorFile.fileFor(dump)).exists();
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            GcRootPaths paths = GcRootPaths.compute(heap, false);
            DominatorTree savedDom = DominatorFile.load(heap, dump, noting);
            GcRootPaths saved = PathsFile.load(heap, savedDom, dump, noting);
            assertThat(notes).isEmpty();
            assertThat(saved).isNotNull();
            int sameAsIdom = 0;
            for (int v = 0; v < heap.objectCount(); v++) {
                assertThat(savedDom.idom(v)).isEqualTo(dom.idom(v));
                assertThat(savedDom.retainedSize(v)).isEqualTo(dom.retainedSize(v));
                assertThat(saved.parentOf(v)).as("parent of %d", v).isEqualTo(paths.parentOf(v));
                if (paths.parentOf(v) == dom.idom(v)) sameAsIdom++;
            }
            assertThat(savedDom.reachableCount()).isEqualTo(dom.reachableCount());
            assertThat(savedDom.reachableBytes()).isEqualTo(dom.reachableBytes());
            // both branches of the encoding are exercised: most parents are the idom, some are not
            assertThat(sameAsIdom).isGreaterThan(heap.objectCount() / 2).isLessThan(heap.objectCount());
            assertThat(saved.path(heap.rootObject(0))).isEqualTo(paths.path(heap.rootObject(0)));

            // a paths file leaning on another dominator tree is refused
            int[] otherIdom = new int[heap.objectCount()];
            for (int v = 0; v < otherIdom.length; v++) otherIdom[v] = dom.idom(v);
            int moved = 0;
            while (otherIdom[moved] < 0) moved++;
            otherIdom[moved] = DominatorTree.ROOT;
            DominatorTree other = DominatorTree.restored(otherIdom.length, otherIdom, new long[otherIdom.length], 0, 0);
            assertThat(PathsFile.load(heap, other, dump, noting)).isNull();
            assertThat(notes).singleElement().asString().contains("another dominator tree").contains("computing the paths from GC roots again");

            // every corrupted byte after the binding is refused with a note, or loads as a well-formed tree
            Path file = PathsFile.fileFor(dump);
            byte[] good = Files.readAllBytes(file);
            int refused = 0, tried = 0;
            for (int at = 16 + 8 + 32; at < good.length; at += Math.max(1, good.length / 400)) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) 0xA5;
                Files.write(file, bad);
                notes.clear();
                tried++;
                GcRootPaths p = PathsFile.load(heap, savedDom, dump, noting);
                if (p == null) {
                    assertThat(notes).hasSize(1);
                    refused++;
                } else {
                    for (int v = 0; v < heap.objectCount(); v++) p.objectsOnPath(v); // terminates, starts at a root
                }
            }
            assertThat(refused).isGreaterThan(tried / 2);
        }
    }

    @Test
    void chainsMustEndAtARootWithoutLoops() throws IOException {
        int[] roots = {0};
        PathsFile.checkChains(new int[]{-1, 0, 1, -2, 2}, roots);
        assertThatThrownBy(() -> PathsFile.checkChains(new int[]{-1, 2, 1}, roots)).hasMessageContaining("loops");
        assertThatThrownBy(() -> PathsFile.checkChains(new int[]{-1, 3, 0, -2}, roots)).hasMessageContaining("GC root");
        assertThatThrownBy(() -> PathsFile.checkChains(new int[]{-1, -1}, roots)).hasMessageContaining("GC root");
    }

    @Test
    void pathsThroughWeakReferencesAreComputedNotRead() throws Exception {
        Path dump = DerivedFilesTest.dump(dir.resolve("d.hprof"), "com.example.Item", 20);
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults().withInspections(false), Progress.NONE);
        Path file = PathsFile.fileFor(dump);
        assertThat(file).exists();
        Files.write(file, new byte[]{1, 2, 3}); // would be noted if read
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE)) {
            DominatorTree dom = DominatorTree.computeOrLoad(heap, dump, noting);
            GcRootPaths weak = PathsFile.computeOrLoad(heap, dom, dump, true, noting);
            assertThat(weak.includesWeak()).isTrue();
            assertThat(notes).isEmpty();
            GcRootPaths strong = PathsFile.computeOrLoad(heap, dom, dump, false, noting);
            assertThat(strong.includesWeak()).isFalse();
            assertThat(notes).singleElement().asString().contains("computing the paths from GC roots again");
        }
    }
}
