package io.heapsight.analysis.diff;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.Finding;
import io.heapsight.analysis.LeakSuspects;
import io.heapsight.analysis.NativeMemory;
import io.heapsight.analysis.SuspectRanking;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.sections.ClassHistogramSection;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens one dump, extracts its {@link DumpSummary} and closes it again. */
public final class DumpSummarizer {
    private DumpSummarizer() {}

    public static DumpSummary summarize(Path dump, DiffOptions options, Progress progress) throws IOException {
        try (HeapSnapshot heap = HeapSnapshot.open(dump, progress)) {
            return summarize(heap, dump, options, progress);
        }
    }

    public static DumpSummary summarize(HeapSnapshot heap, Path source, DiffOptions options, Progress progress) throws IOException {
        // the pipeline of `analyze`: dominators from the cache beside the dump, the same paths and histogram
        AnalysisContext context = HeapAnalysis.context(heap, source, AnalysisOptions.defaults()
                .withWeakPaths(options.includeWeakPaths()).withAllObjects(false).withInspections(false)
                .withOpen(heap.openOptions()), progress);
        DominatorTree dom = context.dominators();
        GcRootPaths paths = context.paths();
        Histogram histogram = ClassHistogramSection.histogram(context);
        Map<String, ClassStats> classes = new HashMap<>();
        for (Histogram.Row r : histogram.rows()) {
            classes.merge(stableName(r.className()), new ClassStats(r.count(), r.shallowBytes(), r.retainedBytes()), ClassStats::plus);
        }

        long reachable = Math.max(1, dom.reachableBytes());
        long threshold = Math.max(options.holderMinBytes(), (long) (options.holderMinFraction() * reachable));
        NativeMemory nativeMemory = NativeMemory.compute(heap, dom, paths);
        // groups of similar roots (threads, JNI globals, loaders) need a bigger share: a heap has many small ones
        long groupThreshold = Math.max(threshold, reachable / 100);
        List<Finding> found = LeakSuspects.findings(heap, dom, paths, nativeMemory, threshold, groupThreshold, true);
        List<HolderObservation> holders = HolderMerger.merge(heap, dom, paths,
                SuspectRanking.relate(heap, dom, paths, nativeMemory, found), reachable);

        AnalysisReport.DumpInfo info = HeapAnalysis.dumpInfo(heap, source);
        return new DumpSummary(info, heap.objectCount(), dom.reachableBytes(), nativeMemory.reachableNative(), classes, holders);
    }

    /** Hidden classes (lambdas, string concatenation) carry an address suffix that differs between JVM runs: drop it. */
    static String stableName(String className) {
        return LeakSuspects.stableName(className);
    }
}
