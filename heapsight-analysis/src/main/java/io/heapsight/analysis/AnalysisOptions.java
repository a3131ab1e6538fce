package io.heapsight.analysis;

import io.heapsight.heap.OpenOptions;

/**
 * What a full analysis computes.
 *
 * @param top               rows per table (histogram, dominators, suspects, inspections)
 * @param allObjects        count unreachable objects in the histogram too (as jmap -histo without :live does)
 * @param includeWeakPaths  let paths from GC roots go through Reference referents
 * @param inspections       run the inspections (duplicate strings needs one more pass over the file)
 * @param suspectMinFraction smallest share of the reachable heap a suspect must retain
 * @param open              how the dump is opened (index files read and written, or not)
 */
public record AnalysisOptions(int top, boolean allObjects, boolean includeWeakPaths, boolean inspections, double suspectMinFraction,
                              OpenOptions open) {
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(20, false, false, true, 0.01, OpenOptions.DEFAULTS);
    }

    public AnalysisOptions withTop(int n) {
        return new AnalysisOptions(n, allObjects, includeWeakPaths, inspections, suspectMinFraction, open);
    }

    public AnalysisOptions withAllObjects(boolean b) {
        return new AnalysisOptions(top, b, includeWeakPaths, inspections, suspectMinFraction, open);
    }

    public AnalysisOptions withWeakPaths(boolean b) {
        return new AnalysisOptions(top, allObjects, b, inspections, suspectMinFraction, open);
    }

    public AnalysisOptions withInspections(boolean b) {
        return new AnalysisOptions(top, allObjects, includeWeakPaths, b, suspectMinFraction, open);
    }

    public AnalysisOptions withOpen(OpenOptions o) {
        return new AnalysisOptions(top, allObjects, includeWeakPaths, inspections, suspectMinFraction, o);
    }
}
