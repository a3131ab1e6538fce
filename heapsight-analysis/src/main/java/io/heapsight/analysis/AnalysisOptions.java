package io.heapsight.analysis;

/**
 * What a full analysis computes.
 *
 * @param top               rows per table (histogram, dominators, suspects, inspections)
 * @param allObjects        count unreachable objects in the histogram too (as jmap -histo without :live does)
 * @param includeWeakPaths  let paths from GC roots go through Reference referents
 * @param inspections       run the inspections (duplicate strings needs one more pass over the file)
 * @param suspectMinFraction smallest share of the reachable heap a suspect must retain
 */
public record AnalysisOptions(int top, boolean allObjects, boolean includeWeakPaths, boolean inspections, double suspectMinFraction) {
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(20, false, false, true, 0.01);
    }

    public AnalysisOptions withTop(int n) {
        return new AnalysisOptions(n, allObjects, includeWeakPaths, inspections, suspectMinFraction);
    }

    public AnalysisOptions withAllObjects(boolean b) {
        return new AnalysisOptions(top, b, includeWeakPaths, inspections, suspectMinFraction);
    }

    public AnalysisOptions withWeakPaths(boolean b) {
        return new AnalysisOptions(top, allObjects, b, inspections, suspectMinFraction);
    }

    public AnalysisOptions withInspections(boolean b) {
        return new AnalysisOptions(top, allObjects, includeWeakPaths, b, suspectMinFraction);
    }
}
