package io.heapsight.bench;

import io.heapsight.heap.PhaseTimer;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real flight recording of two engine-like phases, cut into those phases by their PhaseTimer events. */
class ProfileSummaryTest {
    @TempDir
    Path dir;

    private static volatile long sink;

    @Test
    void samplesLandInThePhaseTheyRanInWithThatPhasesHotMethodOnTop() throws Exception {
        Path jfr = dir.resolve("run.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("io.heapsight.Phase");
            r.start();
            PhaseTimer timer = new PhaseTimer();
            spinHashing(300);
            timer.lap("hashing");
            spinDividing(300);
            timer.lap("dividing");
            r.stop();
            r.dump(jfr);
        }
        List<ProfileSummary.Phase> phases = ProfileSummary.phases(jdk.jfr.consumer.RecordingFile.readAllEvents(jfr));
        assertThat(phases).extracting(p -> p.name).containsExactly("hashing", "dividing", ProfileSummary.OUTSIDE);
        ProfileSummary.Phase hashing = phases.get(0);
        ProfileSummary.Phase dividing = phases.get(1);
        assertThat(Duration.between(hashing.start, hashing.end).toMillis()).isGreaterThanOrEqualTo(300);
        assertThat(hashing.end).isBeforeOrEqualTo(dividing.start);
        // 300 ms of CPU each at one sample per 10 ms: even on a loaded machine most samples are taken
        assertThat(hashing.samples).isGreaterThan(5);
        assertThat(dividing.samples).isGreaterThan(5);
        assertThat(top(hashing)).isEqualTo("ProfileSummaryTest.spinHashing");
        assertThat(top(dividing)).isEqualTo("ProfileSummaryTest.spinDividing");

        String md = ProfileSummary.summarize(jfr, 5);
        assertThat(md).contains("| hashing |", "| dividing |", "## hashing (", "ProfileSummaryTest.spinDividing");
    }

    private static String top(ProfileSummary.Phase p) {
        return p.ourFrames.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey()
                .replace(" (interpreted)", "");
    }

    private static void spinHashing(long cpuMillis) {
        long end = cpuNow() + cpuMillis * 1_000_000;
        long h = 1;
        while (cpuNow() < end) {
            for (int i = 0; i < 100_000; i++) h = h * 31 + Long.hashCode(h ^ i);
        }
        sink = h;
    }

    private static void spinDividing(long cpuMillis) {
        long end = cpuNow() + cpuMillis * 1_000_000;
        long h = Long.MAX_VALUE;
        while (cpuNow() < end) {
            for (int i = 1; i < 100_000; i++) h = h / 3 + h % (i + 7) + Long.MAX_VALUE / (i + 1);
        }
        sink = h;
    }

    private static long cpuNow() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
