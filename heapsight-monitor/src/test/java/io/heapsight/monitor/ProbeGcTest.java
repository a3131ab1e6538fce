package io.heapsight.monitor;

import io.heapsight.common.LeakVerdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quiet targets (a 256 MB G1 heap, ~0.5 MB/s of garbage: young GCs minutes apart, no old collection) get a verdict
 * within two minutes when --probe-gc runs a full GC every 15 s. Both targets are watched side by side.
 */
class ProbeGcTest {
    static final double MB = 1024 * 1024;

    record Watch(MonitorResult result, long firstLeakMillis, List<String> messages) {}

    @Test
    void probesGiveAVerdictWithinTwoMinutesOnTargetsThatRarelyCollect() throws Exception {
        // their own threads: the common pool has one thread on a two-core machine
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Watch> leak = pool.submit(() -> watch("quietleak", Duration.ofSeconds(15), 120));
        Future<Watch> cache = pool.submit(() -> watch("quietcache", Duration.ofSeconds(15), 120));
        // the same leak without probes: after the first minute the monitor says it will not get enough collections
        Future<Watch> unprobed = pool.submit(() -> watch("quietleak", null, 70));
        pool.shutdown();

        Watch l = leak.get();
        Verdict lv = l.result().verdict();
        assertThat(lv.kind()).as(lv.reason()).isEqualTo(LeakVerdict.LEAK);
        assertThat(l.firstLeakMillis()).as("first 'leak' verdict").isBetween(0L, 120_000L);
        // 50 x byte[1000] (1016 B with its header) every >= 100 ms: at most ~29 MB/min, less with sleep overshoot
        assertThat(lv.liveSetSlopeBytesPerMin() / MB).isBetween(15.0, 32.0);
        assertProbed(l);

        Watch c = cache.get();
        Verdict cv = c.result().verdict();
        assertThat(cv.kind()).as(cv.reason()).isEqualTo(LeakVerdict.NO_LEAK);
        assertProbed(c);

        Watch u = unprobed.get();
        assertThat(u.result().verdict().kind()).isEqualTo(LeakVerdict.INCONCLUSIVE);
        assertThat(u.result().probes().count()).isZero();
        assertThat(u.messages()).filteredOn(m -> m.contains("--probe-gc 15s")).hasSize(1)
                .allMatch(m -> m.startsWith("only ") && m.contains("in the first "));
    }

    private static void assertProbed(Watch w) {
        ProbeStats p = w.result().probes();
        // one at the start, then every 15 s over 120 s
        assertThat(p.count()).isBetween(7, 9);
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.maxPauseMillis()).isLessThanOrEqualTo(p.totalPauseMillis());
        assertThat(w.messages()).filteredOn(m -> m.startsWith("probe GC #")).hasSize(p.count())
                .allMatch(m -> m.contains("pause ") && m.contains("old gen after"));
    }

    static Watch watch(String scenario, Duration probe, int seconds) {
        try (TargetJvm jvm = TargetJvm.start(25, scenario, "-Xmx256m", "-XX:+UseG1GC");
             JvmTarget target = JvmTarget.attach(jvm.pid)) {
            long start = System.nanoTime();
            AtomicLong firstLeak = new AtomicLong(-1);
            List<String> messages = new CopyOnWriteArrayList<>();
            MonitorResult r = new Monitor(target, MonitorSettings.defaults().withProbeGc(probe))
                    .run(Duration.ofSeconds(seconds), new MonitorListener() {
                        @Override
                        public void onSample(Sample s, Verdict v) {
                            if (v.kind() == LeakVerdict.LEAK && firstLeak.get() < 0) {
                                firstLeak.set((System.nanoTime() - start) / 1_000_000);
                            }
                        }

                        @Override
                        public void onMessage(String message) {
                            messages.add(message);
                        }
                    });
            System.out.println(scenario + " with --probe-gc " + probe + ": " + VerdictText.summary(r.verdict()) + "  probes " + r.probes());
            return new Watch(r, firstLeak.get(), messages);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
