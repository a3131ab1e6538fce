package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.StringHeavyHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate strings read at the value arrays' record offsets (gathered while the parse's offsets are in memory)
 * agree with a walk of every record of the dump and with totals counted here from each String's bytes, whatever the
 * read window (a window smaller than most strings hashes them piecewise).
 */
class DuplicateStringsReadTest {
    @TempDir
    Path dir;

    @Test
    void readingAtRecordOffsetsFindsWhatAWalkOfTheDumpAndAPlainCountFind() throws Exception {
        DumpedHeap d = ForkedDump.of(StringHeavyHeap.class).args("--objects", "60000").jvmArgs("-Xmx256m").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.parse(d.file(), Progress.NONE)) {
            assertThat(heap.recordOffsetsInMemory()).isTrue();
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            DuplicateStrings.Result walked = DuplicateStrings.find(heap, DuplicateStrings.Values.of(heap, dom::isReachable, false), 50, Progress.NONE);
            DuplicateStrings.Result read = DuplicateStrings.find(heap, DuplicateStrings.Values.of(heap, dom::isReachable, true), 50, Progress.NONE);
            assertThat(read).isEqualTo(walked);
            int saved = DuplicateStrings.window;
            try {
                for (int w : new int[]{24, 32, 64, 4096}) { // at least a record header (18 bytes)
                    DuplicateStrings.window = w;
                    assertThat(DuplicateStrings.find(heap, DuplicateStrings.Values.of(heap, dom::isReachable, true), 50, Progress.NONE))
                            .as("window %d", w).isEqualTo(walked);
                }
            } finally {
                DuplicateStrings.window = saved;
            }

            // the totals, counted from each reachable String's value bytes (no hashing)
            int stringClass = -1;
            for (int c = 0; c < heap.classCount(); c++) if (heap.heapClass(c).name().equals("java.lang.String")) stringClass = c;
            long stringSize = heap.heapClass(stringClass).instanceSize();
            long strings = 0;
            BitSet seen = new BitSet(heap.objectCount());
            Map<String, long[]> groups = new HashMap<>(); // content -> count, bytes of one copy
            for (int s = 0; s < heap.objectCount(); s++) {
                if (heap.classOf(s) != stringClass || !dom.isReachable(s)) continue;
                strings++;
                int value = heap.reader().fieldObject(s, "value");
                if (value < 0 || seen.get(value)) continue;
                seen.set(value);
                byte[] bytes = heap.reader().primitiveArrayBytes(value, Integer.MAX_VALUE);
                String key = heap.reader().primitiveArrayType(value) + ":" + Arrays.toString(bytes);
                long[] g = groups.computeIfAbsent(key, k -> new long[]{0, heap.shallowSize(value)});
                g[0]++;
            }
            long wasted = 0;
            for (long[] g : groups.values()) wasted += (g[0] - 1) * (stringSize + g[1]);
            assertThat(read.strings()).isEqualTo(strings);
            assertThat(read.distinct()).isEqualTo(groups.size());
            assertThat(read.wastedBytes()).isEqualTo(wasted).isPositive();
            assertThat(read.top()).isNotEmpty();
        }
    }
}
