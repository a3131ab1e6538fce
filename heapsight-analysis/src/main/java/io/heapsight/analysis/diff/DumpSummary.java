package io.heapsight.analysis.diff;

import io.heapsight.analysis.AnalysisReport;

import java.util.List;
import java.util.Map;

/**
 * What the diff keeps of one dump once the dump is closed: a class histogram by name and the accumulation points
 * with their path signatures. Small, so many dumps can be compared without holding more than one heap in memory.
 *
 * @param reachableBytes heap bytes reachable from GC roots
 * @param nativeBytes    native memory owned by reachable direct buffers
 */
public record DumpSummary(AnalysisReport.DumpInfo info, long objects, long reachableBytes, long nativeBytes,
                          Map<String, ClassStats> classes, List<HolderObservation> holders) {
    public DumpSummary {
        classes = Map.copyOf(classes);
        holders = List.copyOf(holders);
    }

    /** Heap plus native memory: the size noise is measured against. */
    public long totalBytes() {
        return reachableBytes + nativeBytes;
    }
}
