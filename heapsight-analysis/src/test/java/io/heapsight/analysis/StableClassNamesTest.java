package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.GrowthHiddenClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The class groups the suspects use, against the names read one by one, on a dump with 30 definitions of one hidden class. */
class StableClassNamesTest {
    static final String HANDLER = "io.heapsight.testkit.scenarios.GrowthHiddenHandler";

    @TempDir
    Path dir;

    @Test
    void classesAreGroupedExactlyWhenTheirNamesWithoutTheHiddenSuffixAreEqual() throws Exception {
        DumpedHeap d = ForkedDump.of(GrowthHiddenClasses.class).jvmArgs("-Xmx128m").args("30").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.parse(d.file(), Progress.NONE)) {
            StableClassNames names = StableClassNames.of(heap);
            List<Integer> handlers = new ArrayList<>();
            for (int c = 0; c < heap.classCount(); c++) {
                String name = heap.heapClass(c).name();
                if (name.startsWith(HANDLER + "/0x")) handlers.add(c);
                // the first class whose name, cut before "/0x", is the same
                String stable = withoutHiddenSuffix(name);
                int first = c;
                for (int e = 0; e < c; e++) {
                    if (withoutHiddenSuffix(heap.heapClass(e).name()).equals(stable)) {
                        first = e;
                        break;
                    }
                }
                assertThat(names.group(c)).as(name).isEqualTo(first);
                assertThat(names.groupNamed(stable)).as(name).isEqualTo(first);
            }
            assertThat(handlers).hasSize(30);
            int first = handlers.get(0);
            for (int c : handlers) {
                assertThat(names.group(c)).isEqualTo(first);
                assertThat(names.sameHidden()[c]).isEqualTo(first);
            }
            assertThat(names.groupNamed(HANDLER)).isEqualTo(first);
            assertThat(names.groupNamed("no.such.Class")).isEqualTo(-1);
            int plain = heap.javaLangClassIndex();
            assertThat(names.sameHidden()[plain]).isEqualTo(plain);
        }
    }

    private static String withoutHiddenSuffix(String name) {
        int at = name.lastIndexOf("/0x");
        return at > 0 ? name.substring(0, at) : name;
    }
}
