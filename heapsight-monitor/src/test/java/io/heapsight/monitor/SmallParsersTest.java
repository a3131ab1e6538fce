package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallParsersTest {

    @Test
    void dumpThresholds() {
        assertThat(DumpThreshold.parse("75%")).isEqualTo(new DumpThreshold(75, DumpThreshold.Base.HEAP, 60));
        assertThat(DumpThreshold.parse("90%container")).isEqualTo(new DumpThreshold(90, DumpThreshold.Base.CONTAINER, 60));
        assertThat(DumpThreshold.parse("50%")).isEqualTo(new DumpThreshold(50, DumpThreshold.Base.HEAP, 35));
        assertThatThrownBy(() -> DumpThreshold.parse("150%")).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> DumpThreshold.parse("lots")).hasMessageContaining("not a percentage");
    }

    @Test
    void oldGenPoolForEachCollector() {
        assertThat(OldGenPool.choose(List.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space"))).isEqualTo("G1 Old Gen");
        assertThat(OldGenPool.choose(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen"))).isEqualTo("PS Old Gen");
        assertThat(OldGenPool.choose(List.of("Eden Space", "Survivor Space", "Tenured Gen"))).isEqualTo("Tenured Gen");
        assertThat(OldGenPool.choose(List.of("ZGC Young Generation", "ZGC Old Generation"))).isEqualTo("ZGC Old Generation");
        assertThat(OldGenPool.choose(List.of("Shenandoah"))).isEqualTo("Shenandoah");
    }

    @Test
    void sparkline() {
        assertThat(Sparkline.of(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8)).isEqualTo("▁▂▃▄▅▆▇█");
        assertThat(Sparkline.of(List.of(5, 5, 5), 8)).isEqualTo("▁▁▁");
        assertThat(Sparkline.of(List.of(1, -1, 3), 8)).isEqualTo("▁ █");
    }

    @Test
    void processNamesAreShortened() {
        assertThat(new JvmProcess(1, "jdk.compiler/com.sun.tools.javac.launcher.Main /tmp/x/App.java leak", "25", 0, 0, "").shortName())
                .isEqualTo("App.java leak");
        assertThat(new JvmProcess(1, "/opt/app/service.jar --port 8080", "25", 0, 0, "").shortName())
                .isEqualTo("service.jar --port 8080");
        assertThat(new JvmProcess(1, "com.example.Main a b", "25", 0, 0, "").shortName()).isEqualTo("com.example.Main a b");
        assertThat(new JvmProcess(1, "", "25", 0, 0, "").shortName()).isEmpty();
    }

    @Test
    void thresholdLevelsUsePostGcHeapOrRssAgainstTheContainerLimit() {
        long mb = 1024 * 1024;
        // heap used 900 MB (mostly garbage) but 300 MB after the last GC, of 1000 MB max: 30%, not 90%
        Sample s = new Sample(1, 1, 900 * mb, 1000 * mb, 1000 * mb, List.of(), "G1 Old Gen", 250 * mb, 250 * mb, 300 * mb,
                List.of(), 1, 1, -1, Double.NaN, 1500 * mb, -1, 0, -1, 10, 10, 0, 0, 1000, 10, 10, List.of());
        assertThat(Monitor.thresholdLevel(s, DumpThreshold.parse("75%"), -1)).isEqualTo(30.0);
        assertThat(Monitor.thresholdLevel(s, DumpThreshold.parse("90%container"), 2000 * mb)).isEqualTo(75.0);
        assertThat(Monitor.thresholdLevel(s, DumpThreshold.parse("90%container"), -1)).isNaN();
    }
}
