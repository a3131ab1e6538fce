package io.heapsight.analysis.diff;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.common.LeakVerdict;
import io.heapsight.hprof.WalkResult;

import java.util.List;

/**
 * Everything `heapsight diff` reports, as plain data for the presenters.
 *
 * @param dumps      the dumps in the order given (assumed chronological)
 * @param noiseBytes growth a holder must exceed to count (see {@link GrowthRule})
 * @param holders    every holder found in any dump, ranked: growing first (steadier, then bigger growth first)
 * @param classes    every class name, largest shallow growth first
 * @param notes      warnings for the reader (dumps out of time order, incomplete dumps)
 */
public record DiffReport(List<DumpEntry> dumps, long noiseBytes, List<HolderDiff> holders, List<ClassDiff> classes,
                         LeakVerdict verdict, List<String> notes, long totalMillis) {

    /** One input dump and its totals. */
    public record DumpEntry(AnalysisReport.DumpInfo info, long objects, long reachableBytes, long nativeBytes, int holdersFound) {}

    public DiffReport {
        dumps = List.copyOf(dumps);
        holders = List.copyOf(holders);
        classes = List.copyOf(classes);
        notes = List.copyOf(notes);
    }

    public List<HolderDiff> growing() {
        return holders.stream().filter(h -> h.verdict() == HolderVerdict.GROWING).toList();
    }

    /** The worst input status: corrupt over truncated over complete. */
    public WalkResult.Status worstStatus() {
        WalkResult.Status worst = WalkResult.Status.COMPLETE;
        for (DumpEntry d : dumps) worst = worst.worse(d.info().status());
        return worst;
    }
}
