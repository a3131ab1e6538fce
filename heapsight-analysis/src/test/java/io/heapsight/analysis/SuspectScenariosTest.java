package io.heapsight.analysis;

import io.heapsight.analysis.scenarios.DemoAfterLeakyRequests;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.GrowthDirectBuffers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** analyze's suspects on dumps of forked JVMs: the most specific holder first, native memory counted. */
class SuspectScenariosTest {
    static final String SCENARIOS = "io.heapsight.testkit.scenarios.";

    @TempDir
    Path dir;

    static String describe(List<Suspect> suspects) {
        StringBuilder b = new StringBuilder("\n");
        for (Suspect s : suspects) b.append(s.rank()).append(' ').append(s.holder()).append(' ').append(s.retainedBytes())
                .append(" + ").append(s.nativeBytes()).append(" native: ").append(s.description()).append('\n');
        return b.toString();
    }

    @Test
    void demoDumpNamesTheLeakyCacheFirstNotTheApplicationClassLoader() throws Exception {
        // 300 distinct ids into ProductCache (a Product of ~10 KB each), 150 strings of 10 KB into StaticStrings
        DumpedHeap d = ForkedDump.of(DemoAfterLeakyRequests.class).jvmArgs("-Xmx256m").args("300", "150")
                .timeout(Duration.ofSeconds(180)).run(dir);
        AnalysisReport r = HeapAnalysis.analyze(d.file(), AnalysisOptions.defaults(), Progress.NONE);
        List<Suspect> s = r.suspects();
        Suspect top = s.get(0);
        assertThat(top.holder()).as(describe(s)).isEqualTo("io.heapsight.demo.leaks.ProductCache.ENTRIES");
        assertThat(top.count()).isEqualTo(300);
        assertThat(top.accumulatedClass()).isEqualTo("io.heapsight.demo.leaks.Product");
        Suspect strings = s.stream().filter(x -> x.holder().equals("io.heapsight.demo.leaks.StaticStrings.RETAINED")).findFirst()
                .orElseThrow(() -> new AssertionError("no StaticStrings.RETAINED in" + describe(s)));
        assertThat(strings.count()).isEqualTo(150);
        // a class loader's class list contains both fields: it never ranks above them
        for (Suspect x : s) {
            if (x.accumulatedClass().equals("java.lang.Class")) assertThat(x.rank()).as(describe(s)).isGreaterThan(strings.rank());
            assertThat(x.holder() + x.accumulationPointClass()).doesNotContain("picocli");
        }
    }

    @Test
    void directBuffersPinningNativeMemoryBehindASmallHeapAreSuspectOne() throws Exception {
        // 3,200 direct buffers of 64 KiB (200 MiB of native memory, ~100 bytes of heap each) beside 16 x 1 MiB heap arrays
        DumpedHeap d = ForkedDump.of(GrowthDirectBuffers.class).jvmArgs("-Xmx64m", "-XX:MaxDirectMemorySize=256m")
                .args("3200", "65536", "16", "0").run(dir);
        AnalysisReport r = HeapAnalysis.analyze(d.file(), AnalysisOptions.defaults(), Progress.NONE);
        List<Suspect> s = r.suspects();
        Suspect top = s.get(0);
        assertThat(top.holder()).as(describe(s)).isEqualTo(SCENARIOS + "GrowthDirectBuffers.OPEN_CHANNELS");
        assertThat(top.nativeBytes()).isEqualTo(3200L * 65536);
        assertThat(top.count()).isEqualTo(3200);
        assertThat(top.accumulatedClass()).isEqualTo("java.nio.DirectByteBuffer");
        // its heap footprint is far below the 16 MiB of heap arrays: only the native memory puts it first
        assertThat(top.retainedBytes()).isLessThan(1 << 20);
        assertThat(r.summary().reachableBytes()).isGreaterThan(16L << 20);
        assertThat(top.description()).contains("200.0 MB of native memory");
        // the inspection shows the same holder as one row, where its largest-buffers list shows 64 KiB buffers
        var byHolder = r.inspections().directBuffers().byHolder();
        assertThat(byHolder.get(0).holder()).isEqualTo(SCENARIOS + "GrowthDirectBuffers.OPEN_CHANNELS");
        assertThat(byHolder.get(0).buffers()).isEqualTo(3200);
        assertThat(byHolder.get(0).capacity()).isEqualTo(3200L * 65536);
    }
}
