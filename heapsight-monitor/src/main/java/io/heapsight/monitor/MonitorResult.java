package io.heapsight.monitor;

import io.heapsight.common.ClassHistogram;

import java.nio.file.Path;
import java.util.List;

/**
 * What a monitor run produced.
 *
 * @param histogramGrowth classes that grew most between the first and last class histogram (empty without --histogram-every)
 * @param nmtSummaryDiff  NMT summary.diff text when the target runs with -XX:NativeMemoryTracking, else ""
 * @param lostReason      why the target stopped answering before the end (it exited, the connection broke); null when it did not
 * @param probes          the full GCs run by --probe-gc and what they cost the target
 */
public record MonitorResult(Verdict verdict, int samples, Sample first, Sample last, List<DumpResult> dumps,
                            List<Path> histograms, List<ClassHistogram.Growth> histogramGrowth, String nmtSummaryDiff,
                            Path jfrRecording, String lostReason, ProbeStats probes) {

    /** True when the target exited or stopped answering before the end. */
    public boolean targetLost() {
        return lostReason != null;
    }
}
