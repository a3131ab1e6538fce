package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.OpenOptions;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.PrivateHeapsightCache;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes' retained sizes kept beside a dump give the same histogram as a walk of the dominator tree (with and
 * without unreachable objects); a file of another version, dump, class count, edited bytes or a size beyond the
 * reachable heap (even under a valid code) is refused with one note and the sizes are computed again.
 */
@ExtendWith(PrivateHeapsightCache.class)
class ClassRetainedFileTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    @Test
    void keptSizesGiveTheHistogramOfAFreshWalkAndBadFilesAreRefused() throws Exception {
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("2000", "256", "0").run(dir);
        Path dump = d.file();
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults().withInspections(false), Progress.NONE);
        Path file = ClassRetainedFile.fileFor(dump);
        assertThat(file).exists();
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE, OpenOptions.DEFAULTS)) {
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            for (boolean all : new boolean[]{false, true}) {
                Histogram fresh = Histogram.compute(heap, dom, all);
                Histogram kept = Histogram.computeOrLoad(heap, dom, dump, all, noting);
                assertThat(kept.rows()).isEqualTo(fresh.rows());
                assertThat(kept.unreachableBytes()).isEqualTo(fresh.unreachableBytes());
            }
            assertThat(notes).isEmpty();
            long[] retained = Histogram.classRetained(heap, dom);
            byte[] good = Files.readAllBytes(file);
            int n = heap.objectCount(), classes = heap.classCount();
            long reachable = dom.reachableBytes();

            for (int at = 0; at < good.length; at += Math.max(1, good.length / 200)) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) 0x11;
                Files.write(file, bad);
                notes.clear();
                assertThat(ClassRetainedFile.load(dump, n, classes, reachable, noting)).as("byte %d", at).isNull();
                assertThat(notes).hasSize(1);
            }
            byte[] old = good.clone();
            old["heapsight-class-retained v".length()] = '0';
            Files.write(file, old);
            notes.clear();
            assertThat(ClassRetainedFile.computeOrLoad(heap, dom, dump, noting)).isEqualTo(retained);
            assertThat(notes).singleElement().asString().contains("an older class-retained file format").contains("computing the classes' retained sizes again");
            assertThat(Files.readAllBytes(file)).isEqualTo(good); // rebuilt

            Path other = dir.resolve("other.hprof");
            Files.copy(dump, other);
            Files.write(ClassRetainedFile.fileFor(other), good);
            notes.clear();
            assertThat(ClassRetainedFile.load(other, n, classes, reachable, noting)).isNull();
            assertThat(notes).singleElement().asString().contains("another dump");

            long[] tooBig = retained.clone();
            tooBig[classes / 2] = reachable + 1;
            long[] negative = retained.clone();
            negative[0] = -1;
            for (long[] hostile : List.of(tooBig, negative)) {
                ClassRetainedFile.save(dump, n, hostile);
                notes.clear();
                assertThat(ClassRetainedFile.load(dump, n, classes, reachable, noting)).isNull();
                assertThat(notes).singleElement().asString().contains("out of range");
            }
            ClassRetainedFile.save(dump, n + 1L, retained);
            notes.clear();
            assertThat(ClassRetainedFile.load(dump, n, classes, reachable, noting)).isNull();
            assertThat(notes).singleElement().asString().contains("count differs");
        }
    }
}
