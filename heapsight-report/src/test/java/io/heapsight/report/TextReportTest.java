package io.heapsight.report;

import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextReportTest {

    @Test
    void theHeaderThenTheSectionsInOrderThenTheTimings() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(text).startsWith("heapsight analyze heap.hprof\n");
        assertThat(text).contains("  JAVA PROFILE 1.0.2, 8-byte ids, 64-bit, compressed oops and class pointers, 64.0 MB\n");
        assertThat(text).contains("  100,000 objects (48.0 MB) in 500 classes, 1,200 GC roots; reachable: 90,000 objects, 48.0 MB\n");
        assertThat(text).contains("\nLEAK SUSPECTS\n  Suspects\n");
        assertThat(text).contains("  #1  com.example.Cache.ENTRIES\n    10,000 × com.example.Session accumulate in java.util.HashMap@0x1000\n");
        assertThat(text).contains("      GC root [system class] class com.example.Cache\n")
                .contains("        └ static com.example.Cache.ENTRIES → java.util.HashMap@0x1000\n");
        assertThat(text.indexOf("LEAK SUSPECTS")).isLessThan(text.indexOf("CLASS HISTOGRAM"));
        assertThat(text.indexOf("CLASS HISTOGRAM")).isLessThan(text.indexOf("DUPLICATE STRINGS"));
        assertThat(text).endsWith("\nanalyzed in 2.5 s (parse 1.2 s, dominators 0.3 s)\n");
        assertThat(text).doesNotContain("WARNING");
    }

    @Test
    void aPageOfTheHistogramSaysWhichRows() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, false), 2);

        // 20.0 MB and 12.0 MB right-aligned under "shallow" (7 wide); the class column last
        assertThat(text).contains("     count  shallow  class\n    10,000  20.0 MB  com.example.Session\n    40,000  12.0 MB  byte[]\n");
        assertThat(text).contains("    rows 1–2 of 500\n");
        assertThat(text).doesNotContain("DUPLICATE STRINGS");
    }

    @Test
    void inspectionsAreSections() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(text).contains("DUPLICATE STRINGS\n  30,000 strings, 20,000 distinct, 2.0 MB wasted\n  Most wasteful\n");
    }

    @Test
    void aTruncatedDumpIsSaidAtTheTop() {
        String text = TextReport.render(SmallReports.analysis(WalkResult.Status.TRUNCATED, false), 20);

        assertThat(text.lines().skip(2).findFirst().orElseThrow()).isEqualTo(
                "  WARNING: dump is truncated: read 41,943,040 of 67,108,864 bytes (62.5%) — unexpected end of file; results cover what was read");
    }
}
