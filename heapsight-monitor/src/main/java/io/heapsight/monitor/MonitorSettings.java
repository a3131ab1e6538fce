package io.heapsight.monitor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Monitor} samples and which evidence it collects. Null durations/thresholds switch a trigger off.
 *
 * @param warmup          samples and GCs before this are ignored by the verdict; null = automatic (25%, at most 60 s)
 * @param dumpAt          dump when post-GC heap (or RSS vs container limit) reaches a level
 * @param dumpEvery       periodic dumps, keeping the newest {@code keep}
 * @param histogramEvery  periodic class histograms (a full GC each: live objects only), diffed first vs last
 * @param outDir          where dumps, histograms and recordings go
 * @param gzipLevel       0 = plain .hprof, 1..9 = gzip (needs a local pid)
 * @param jfrOldObjects   run a JFR recording with OldObjectSample in the target and dump its reference chains at the end
 * @param probeGc         run a full GC in the target at this interval (a clean live-set point each, at the cost of a
 *                        stop-the-world pause); null = only the target's own collections
 */
public record MonitorSettings(Duration interval, Duration warmup, DumpThreshold dumpAt, Duration dumpEvery, int keep,
                              Duration histogramEvery, Path outDir, int gzipLevel, boolean jfrOldObjects, Duration probeGc) {

    public MonitorSettings(Duration interval, Duration warmup, DumpThreshold dumpAt, Duration dumpEvery, int keep,
                           Duration histogramEvery, Path outDir, int gzipLevel, boolean jfrOldObjects) {
        this(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, outDir, gzipLevel, jfrOldObjects, null);
    }

    public MonitorSettings {
        if (interval == null || interval.toMillis() < 100) throw new IllegalArgumentException("interval must be at least 100ms");
        if (keep < 1) throw new IllegalArgumentException("--keep must be at least 1");
        if (gzipLevel < 0 || gzipLevel > 9) throw new IllegalArgumentException("gzip level must be 0..9");
        if (dumpEvery != null && dumpEvery.toSeconds() < 1) throw new IllegalArgumentException("--dump-every must be at least 1s");
        if (histogramEvery != null && histogramEvery.toSeconds() < 1) throw new IllegalArgumentException("--histogram-every must be at least 1s");
        if (probeGc != null && probeGc.toSeconds() < 5) throw new IllegalArgumentException("--probe-gc must be at least 5s");
        if (outDir == null) outDir = Path.of(".");
    }

    /** One-second sampling, automatic warm-up, no evidence triggers. */
    public static MonitorSettings defaults() {
        return new MonitorSettings(Duration.ofSeconds(1), null, null, null, 5, null, Path.of("."), 0, false);
    }

    public MonitorSettings withInterval(Duration d) {
        return new MonitorSettings(d, warmup, dumpAt, dumpEvery, keep, histogramEvery, outDir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withWarmup(Duration d) {
        return new MonitorSettings(interval, d, dumpAt, dumpEvery, keep, histogramEvery, outDir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withDumpAt(DumpThreshold t) {
        return new MonitorSettings(interval, warmup, t, dumpEvery, keep, histogramEvery, outDir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withDumpEvery(Duration every, int keepNewest) {
        return new MonitorSettings(interval, warmup, dumpAt, every, keepNewest, histogramEvery, outDir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withHistogramEvery(Duration d) {
        return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, d, outDir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withOutDir(Path dir) {
        return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, dir, gzipLevel, jfrOldObjects, probeGc);
    }

    public MonitorSettings withGzipLevel(int level) {
        return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, outDir, level, jfrOldObjects, probeGc);
    }

    public MonitorSettings withProbeGc(Duration every) {
        return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, outDir, gzipLevel, jfrOldObjects, every);
    }

    public MonitorSettings withJfrOldObjects(boolean on) {
        return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, outDir, gzipLevel, on, probeGc);
    }
}
