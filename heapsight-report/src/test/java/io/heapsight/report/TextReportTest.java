package io.heapsight.report;

import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextReportTest {

    @Test
    void suspectsComeFirstWithTheirSizeShareAndPath() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(text).startsWith("heapsight analyze heap.hprof\n");
        assertThat(text).contains("  JAVA PROFILE 1.0.2, 8-byte ids, 64-bit, compressed oops and class pointers, 64.0 MB\n");
        assertThat(text).contains("  100,000 objects (48.0 MB) in 500 classes, 1,200 GC roots; reachable: 90,000 objects, 48.0 MB\n");
        assertThat(text).contains("  #1  com.example.Cache.ENTRIES  30.0 MB retained (62.5%)\n");
        assertThat(text).contains("GC root [system class] class com.example.Cache\n")
                .contains("└ static com.example.Cache.ENTRIES → java.util.HashMap@0x1000\n");
        assertThat(text.indexOf("LEAK SUSPECTS")).isLessThan(text.indexOf("CLASS HISTOGRAM"));
        assertThat(text).doesNotContain("WARNING");
    }

    @Test
    void histogramRowsAreCutAtTopAndUnreachableObjectsAreCounted() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, false), 2);

        assertThat(text).contains("CLASS HISTOGRAM (top 2 of 500 classes, by shallow size, reachable objects)");
        assertThat(text).contains("com.example.Session").contains("byte[]");
        assertThat(text).doesNotContain("java.lang.String\n");
        assertThat(text).containsPattern("10,000 +1.0 MB +-  <unreachable objects");
        assertThat(text).doesNotContain("INSPECTIONS");
    }

    @Test
    void inspectionsAreSummarised() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(text).contains("  duplicate strings: 30,000 strings, 20,000 distinct, 2.0 MB wasted\n");
        assertThat(text).contains("  direct buffers: 1 buffers owning 4.0 MB native memory (4.0 MB reachable, 0 B waiting for cleanup)\n");
        assertThat(text).contains("analyzed in 2.5 s (parse 1.2 s, dominators 0.3 s)\n");
    }

    @Test
    void aTruncatedDumpIsSaidAtTheTop() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.TRUNCATED, false), 20);

        assertThat(text.lines().skip(2).findFirst().orElseThrow()).isEqualTo(
                "  WARNING: dump is truncated: read 41,943,040 of 67,108,864 bytes (62.5%) — unexpected end of file; results cover what was read");
    }
}
