package io.heapsight.monitor;

import io.heapsight.common.ClassHistogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Evidence triggers on a leaking JDK 25 target: threshold dump, periodic dumps with --keep, class histograms. */
class MonitorTriggersTest {

    @Test
    void triggersProduceCompleteDumpsAndAHistogramDiff(@TempDir Path dir) throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        MonitorResult r;
        try (TargetJvm jvm = TargetJvm.start(25, "leak", "-Xmx128m", "-XX:+UseG1GC");
             JvmTarget target = JvmTarget.attach(jvm.pid)) {
            MonitorSettings settings = MonitorSettings.defaults()
                    .withOutDir(dir)
                    // the leak retains ~1 MB/s: a few seconds in, post-GC heap passes 3% of 128 MB
                    .withDumpAt(new DumpThreshold(3, DumpThreshold.Base.HEAP, 1))
                    .withDumpEvery(Duration.ofSeconds(4), 2)
                    .withHistogramEvery(Duration.ofSeconds(5))
                    .withJfrOldObjects(true);
            r = new Monitor(target, settings).run(Duration.ofSeconds(14), new MonitorListener() {
                @Override
                public void onMessage(String message) {
                    messages.add(message);
                }
            });
        }
        // threshold dump once (no re-arm: the leak never falls below 1%), periodic at ~4, 8, 12 s
        List<Path> thresholdDumps = r.dumps().stream().map(DumpResult::path)
                .filter(p -> p.getFileName().toString().contains("-at3pct")).toList();
        List<Path> periodic = r.dumps().stream().map(DumpResult::path)
                .filter(p -> p.getFileName().toString().contains("-periodic")).toList();
        assertThat(thresholdDumps).hasSize(1);
        assertThat(periodic).hasSizeBetween(2, 3);
        for (Path p : thresholdDumps) assertThat(HprofWalker.walk(p).sawHeapDumpEnd()).isTrue();
        // --keep 2: only the two newest periodic dumps remain
        List<Path> kept = periodic.stream().filter(Files::exists).toList();
        assertThat(kept).hasSize(2).isEqualTo(periodic.subList(periodic.size() - 2, periodic.size()));
        for (Path p : kept) {
            HprofWalker.Summary s = HprofWalker.walk(p);
            assertThat(s.bytes()).isEqualTo(Files.size(p));
            assertThat(s.heapDumpRecords()).isPositive();
        }
        assertThat(messages).anyMatch(m -> m.startsWith("dumping live heap") && m.contains("expect ~"));
        // histograms at start, ~5, ~10 and at the end; the leak is byte[1000] arrays
        assertThat(r.histograms()).hasSizeGreaterThanOrEqualTo(3).allMatch(Files::exists);
        assertThat(r.histogramGrowth()).isNotEmpty();
        ClassHistogram.Growth top = r.histogramGrowth().getFirst();
        assertThat(top.className()).isEqualTo("byte[]");
        // 10 arrays per 10 ms step for >= 10 s is > 5,000 arrays even on a slow machine
        assertThat(top.deltaInstances()).isGreaterThan(5_000);
        // JFR OldObjectSample events with reference chains, saved by the target at the end
        assertThat(r.jfrRecording()).isNotNull().exists();
        long oldObjectSamples = 0;
        try (jdk.jfr.consumer.RecordingFile f = new jdk.jfr.consumer.RecordingFile(r.jfrRecording())) {
            while (f.hasMoreEvents()) {
                if (f.readEvent().getEventType().getName().equals("jdk.OldObjectSample")) oldObjectSamples++;
            }
        }
        assertThat(oldObjectSamples).isPositive();
    }
}
