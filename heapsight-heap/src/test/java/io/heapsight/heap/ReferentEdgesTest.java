package io.heapsight.heap;

import io.heapsight.testkit.PrivateHeapsightCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The objects whose first stored edge is a Reference.referent, found word by word ({@link HeapSnapshot#nextWithReferentEdge}). */
@ExtendWith(PrivateHeapsightCache.class)
class ReferentEdgesTest {
    @TempDir
    Path dir;

    @Test
    void nextWithReferentEdgeFindsEveryWeakReferenceWithAReferentAndNothingElse() throws IOException {
        // 50 WeakReferences, the first with a null referent (IndexFormatTest.generated), among ~2,300 objects
        Path dump = IndexFormatTest.generated(dir.resolve("g.hprof"));
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            int n = heap.objectCount();
            List<Integer> expected = new ArrayList<>();
            for (int v = 0; v < n; v++) if (heap.hasReferentEdge(v)) expected.add(v);
            assertThat(expected).hasSize(49);
            List<Integer> listed = new ArrayList<>();
            for (int v = heap.nextWithReferentEdge(0); v >= 0; v = heap.nextWithReferentEdge(v + 1)) listed.add(v);
            assertThat(listed).isEqualTo(expected);
            for (int from = 0, k = 0; from <= n + 64; from++) {
                while (k < expected.size() && expected.get(k) < from) k++;
                int next = k < expected.size() ? expected.get(k) : -1;
                assertThat(heap.nextWithReferentEdge(from)).as("from %d", from).isEqualTo(next);
            }
            for (int v : expected) assertThat(heap.heapClass(heap.classOf(v)).name()).isEqualTo("java.lang.ref.WeakReference");
        }
    }
}
