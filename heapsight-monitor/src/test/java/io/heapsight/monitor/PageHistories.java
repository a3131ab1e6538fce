package io.heapsight.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Monitor histories with a known shape for the page's tests: a sample every 2 s for 10 minutes, a young GC every 4 s
 * (promotes 1 MB), a mixed collection every 20 s that brings the old generation back to the live set, and one
 * System.gc() full collection at 310 s. The live set grows 10 MB per minute from 100 MB; the mixed collections
 * see it within +-3 MB.
 */
final class PageHistories {
    static final long MB = 1024 * 1024;
    static final long WALL0 = 1_780_000_000_000L;
    static final long UPTIME0 = 10_000;
    static final int SECONDS = 600;
    static final Duration WARMUP = Duration.ofSeconds(60);

    private PageHistories() {}

    static long live(double seconds) {
        return 100 * MB + (long) (seconds * 10 * MB / 60);
    }

    static long uptime(int seconds) {
        return UPTIME0 + seconds * 1000L;
    }

    /** The leak, its GC kinds counted by the generator: young, mixed, full. */
    /** @param oldCollections uptime and old gen after GC of each mixed or full collection */
    record Leak(MonitorHistory history, int young, int mixed, int full, List<long[]> oldCollections) {}

    static Leak leak(String gcCause) {
        return leak(gcCause, SECONDS);
    }

    static Leak leak(String gcCause, int seconds) {
        List<Sample> samples = new ArrayList<>();
        List<GcEvent> events = new ArrayList<>();
        int young = 0;
        int mixed = 0;
        int full = 0;
        List<long[]> old = new ArrayList<>();
        java.util.Random noise = new java.util.Random(13);
        for (int t = 0; t <= seconds; t += 2) {
            List<GcEvent> now = new ArrayList<>();
            long end = uptime(t) - 10;
            if (t > 0 && t % 20 == 0) {
                long after = live(t) + (long) ((noise.nextDouble() * 2 - 1) * 3 * MB);     // +-3 MB: a band to see
                now.add(new GcEvent(end, "G1 Young Generation", "end of minor GC", gcCause, 8, live(t) + 30 * MB, after,
                        live(t) + 80 * MB, after + 2 * MB));
                mixed++;
                old.add(new long[]{end, after});
            } else if (t > 0 && t % 4 == 0) {
                long garbage = (t % 20) / 4 * MB;
                now.add(new GcEvent(end, "G1 Young Generation", "end of minor GC", gcCause, 4, live(t) + garbage,
                        live(t) + garbage + MB, live(t) + 60 * MB, live(t) + garbage + 3 * MB));
                young++;
            }
            if (t == 310) {
                now.add(new GcEvent(end + 5, "G1 Old Generation", "end of major GC", "System.gc()", 40, live(t) + 10 * MB,
                        live(t), live(t) + 20 * MB, live(t)));
                full++;
                old.add(new long[]{end + 5, live(t)});
            }
            events.addAll(now);
            samples.add(sample(t, live(t) + 40 * MB, now));
        }
        Verdict v = VerdictEngine.evaluate(samples, events, -1, WARMUP);
        return new Leak(new MonitorHistory(samples, events, -1, v), young, mixed, full, old);
    }

    /** Samples only: a target that never collected while watched. */
    static MonitorHistory noGc(int count) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) samples.add(sample(i * 2, 50 * MB, List.of()));
        return new MonitorHistory(samples, List.of(), -1, VerdictEngine.evaluate(samples, List.of(), -1, null));
    }

    static Sample sample(int t, long heapUsed, List<GcEvent> gcs) {
        return new Sample(uptime(t), WALL0 + uptime(t), heapUsed, 512 * MB, 1024 * MB, List.of(), "G1 Old Gen", heapUsed - 20 * MB,
                -1, -1, List.of(), 0, 0, -1, Double.NaN, 600 * MB + t * 1024L, 400 * MB, 0.1, -1, 20, 50, 0, 0, 3000, 20 * MB, 40 * MB, gcs);
    }
}
