package io.heapsight.heap;

import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which objects are class objects: every object of a dump asked, against the classes' own object indexes. */
class ClassObjectLookupTest {
    @TempDir
    Path dir;

    @Test
    void anObjectIsAClassObjectExactlyWhenSomeClassNamesItAsItsMirror() throws Exception {
        DumpedHeap d = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.parse(d.file(), Progress.NONE)) {
            Map<Integer, Integer> mirrors = new HashMap<>();
            for (int c = 0; c < heap.classCount(); c++) {
                if (heap.heapClass(c).objectIndex() >= 0) mirrors.put(heap.heapClass(c).objectIndex(), c);
            }
            assertThat(mirrors).hasSizeGreaterThan(1000);
            int found = 0;
            for (int obj = 0; obj < heap.objectCount(); obj++) {
                Integer expected = mirrors.get(obj);
                assertThat(heap.isClassObject(obj)).isEqualTo(expected != null);
                assertThat(heap.classIndexOfClassObject(obj)).isEqualTo(expected == null ? -1 : expected);
                if (expected != null) found++;
            }
            assertThat(found).isEqualTo(mirrors.size());
            assertThat(heap.isClassObject(-1)).isFalse();
            assertThat(heap.isClassObject(heap.objectCount())).isFalse();
        }
    }
}
