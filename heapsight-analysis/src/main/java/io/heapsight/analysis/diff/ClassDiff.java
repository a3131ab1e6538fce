package io.heapsight.analysis.diff;

import java.util.List;

/** One class name across the dumps (reachable instances); deltas are last minus first. */
public record ClassDiff(String className, List<ClassStats> series, long countDelta, long shallowDelta, long retainedDelta) {
    public ClassDiff {
        series = List.copyOf(series);
    }
}
