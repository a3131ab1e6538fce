package io.heapsight.analysis;

import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.MemoryPhases;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.WalkResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The full job on one dump: parse, histogram, dominators and retained sizes, paths, suspects, inspections. */
public final class HeapAnalysis {
    private HeapAnalysis() {}

    public static AnalysisReport analyze(Path dump, AnalysisOptions options, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        try (HeapSnapshot heap = HeapSnapshot.open(dump, progress, options.open())) {
            long t1 = System.nanoTime();
            return analyze(heap, dump, options, progress, (t1 - t0) / 1_000_000);
        }
    }

    public static AnalysisReport analyze(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress, long parseMillis)
            throws IOException {
        long t1 = System.nanoTime();
        // after the DFS numbering, while the index is (being) written on another thread: drop the id lookup and record
        // offsets (the index holds them) and collect, so that the big dominator arrays reuse that memory
        Runnable beforeBigArrays = () -> {
            heap.releaseLookups();
            MemoryPhases.collect();
        };
        DominatorTree dom = DominatorTree.computeOrLoad(heap, source, progress, beforeBigArrays);
        MemoryPhases.collect();
        long t2 = System.nanoTime();
        GcRootPaths paths = GcRootPaths.compute(heap, options.includeWeakPaths());
        long t3 = System.nanoTime();
        return analyze(new AnalysisContext(heap, dom, paths, options, source, progress), parseMillis, ms(t2 - t1), ms(t3 - t2), t1);
    }

    /**
     * The report on a context already built (the explorer keeps one per open dump and asks for the report too).
     * The dominator and path timings are those of whoever built the context.
     */
    public static AnalysisReport analyze(AnalysisContext context, long parseMillis) throws IOException {
        return analyze(context, parseMillis, 0, 0, System.nanoTime());
    }

    private static AnalysisReport analyze(AnalysisContext context, long parseMillis, long dominatorMillis, long pathsMillis,
                                          long t1) throws IOException {
        HeapSnapshot heap = context.heap();
        DominatorTree dom = context.dominators();
        GcRootPaths paths = context.paths();
        AnalysisOptions options = context.options();
        Progress progress = context.progress();
        Path source = context.source();
        long t3 = System.nanoTime();
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        Histogram histogram = context.shared(Histogram.class, c -> Histogram.compute(heap, dom, options.allObjects()));
        timer.lap("histogram");
        List<Suspect> suspects = LeakSuspects.find(heap, dom, paths, options.suspectMinFraction(), options.top());
        timer.lap("suspects");
        long t4 = System.nanoTime();
        AnalysisReport.Inspections inspections = null;
        if (options.inspections()) {
            inspections = new AnalysisReport.Inspections(
                    DuplicateStrings.find(heap, dom, options.top(), progress),
                    ClassLoaderInspection.inspect(heap, dom, paths, options.top()),
                    FinalizerInspection.inspect(heap, options.top()),
                    DirectBufferInspection.inspect(heap, dom, paths, options.top()));
        }
        long t5 = System.nanoTime();

        long heapBytes = 0;
        for (int i = 0; i < heap.objectCount(); i++) heapBytes += heap.shallowSize(i);
        WalkResult walk = heap.walk();
        AnalysisReport.DumpInfo info = new AnalysisReport.DumpInfo(source.toString(), Files.size(source),
                heap.header().format(), heap.idSize(), heap.header().timestampMillis(), heap.layout().name(),
                walk.status(), walk.bytesRead(), walk.problem());
        AnalysisReport.Summary summary = new AnalysisReport.Summary(heap.objectCount(), heap.classCount(), heapBytes,
                heap.rootCount(), heap.edgeCount(), dom.reachableCount(), dom.reachableBytes(),
                histogram.unreachableCount(), histogram.unreachableBytes(), histogram.includesUnreachable());
        List<AnalysisReport.Dominator> dominators = topDominators(heap, dom, options.top());
        List<Histogram.Row> rows = histogram.rows();
        long t6 = System.nanoTime();
        AnalysisReport.Timings timings = new AnalysisReport.Timings(parseMillis, dominatorMillis, pathsMillis, ms(t4 - t3), ms(t5 - t4),
                parseMillis + ms(t6 - t1));
        return new AnalysisReport(info, summary, rows, rows.size(), dominators, suspects, inspections, timings);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static List<AnalysisReport.Dominator> topDominators(HeapSnapshot heap, DominatorTree dom, int top) {
        int[] tops = dom.topLevel();
        Integer[] order = new Integer[tops.length];
        for (int i = 0; i < tops.length; i++) order[i] = tops[i];
        Arrays.sort(order, (a, b) -> Long.compare(dom.retainedSize(b), dom.retainedSize(a)));
        List<AnalysisReport.Dominator> out = new ArrayList<>();
        long total = Math.max(1, dom.reachableBytes());
        for (int i = 0; i < Math.min(top, order.length); i++) {
            int o = order[i];
            out.add(new AnalysisReport.Dominator(heap.describe(o), heap.classOfObject(o).name(), heap.shallowSize(o),
                    dom.retainedSize(o), (double) dom.retainedSize(o) / total));
        }
        return out;
    }
}
