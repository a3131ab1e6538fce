package io.heapsight.analysis;

import io.heapsight.analysis.result.Result;
import io.heapsight.hprof.WalkResult;

import java.util.List;

/**
 * Everything `heapsight analyze` reports about one dump, as plain data for the presenters (text, JSON, HTML): the
 * dump's facts and summary (the fixed header), then the {@link #sections} in report order, each the result of one
 * {@link io.heapsight.analysis.query.ReportSection}. The typed members (histogram, dominators, suspects, inspections)
 * are the same findings for the JSON report's original keys (docs/json-contract.md) and for tests.
 */
public record AnalysisReport(
        DumpInfo dump,
        Summary summary,
        List<Histogram.Row> histogram,
        long histogramClasses,
        List<Dominator> dominators,
        List<Suspect> suspects,
        Inspections inspections,
        List<Section> sections,
        Timings timings) {

    public AnalysisReport {
        sections = List.copyOf(sections);
    }

    /** One section of the report: which analysis ({@code name}, as in the services file), its result and its time. */
    public record Section(String name, String description, Result result, long millis) {}

    /** The file and how it was read: when not complete, bytesRead tells how far. */
    public record DumpInfo(String file, long sizeBytes, String format, int idSize, long timestampMillis, String layout,
                           WalkResult.Status status, long bytesRead, String problem) {

        public boolean complete() {
            return status == WalkResult.Status.COMPLETE;
        }
    }

    public record Summary(long objects, long classes, long heapBytes, long gcRoots, long references,
                          long reachableObjects, long reachableBytes, long unreachableObjects, long unreachableBytes,
                          boolean histogramIncludesUnreachable) {}

    public record Dominator(String object, String className, long shallowBytes, long retainedBytes, double heapFraction) {}

    /** Null members mean the inspection did not run. */
    public record Inspections(DuplicateStrings.Result duplicateStrings, ClassLoaderInspection.Result classLoaders,
                              FinalizerInspection.Result finalizer, DirectBufferInspection.Result directBuffers) {}

    /**
     * How long the analysis took. {@code fromKeptAnalysis}: this report was rendered from the results kept beside the
     * dump by an earlier run; the phases are that run's, {@code reportMillis} is this run's (when fresh: the total).
     */
    public record Timings(long parseMillis, long dominatorMillis, long pathsMillis, long suspectsMillis, long inspectionsMillis,
                          long totalMillis, boolean fromKeptAnalysis, long reportMillis) {
        /** A fresh analysis. */
        public Timings(long parseMillis, long dominatorMillis, long pathsMillis, long suspectsMillis, long inspectionsMillis, long totalMillis) {
            this(parseMillis, dominatorMillis, pathsMillis, suspectsMillis, inspectionsMillis, totalMillis, false, totalMillis);
        }

        /** These (kept) timings with this run's time to the report. */
        public Timings kept(long reportMillis) {
            return new Timings(parseMillis, dominatorMillis, pathsMillis, suspectsMillis, inspectionsMillis, totalMillis, true, reportMillis);
        }
    }
}
