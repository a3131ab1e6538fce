package io.heapsight.analysis;

import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.query.ReportSections;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.sections.ClassHistogramSection;
import io.heapsight.analysis.sections.ClassLoadersSection;
import io.heapsight.analysis.sections.DirectBuffersSection;
import io.heapsight.analysis.sections.DominatorsSection;
import io.heapsight.analysis.sections.DuplicateStringsSection;
import io.heapsight.analysis.sections.FinalizerSection;
import io.heapsight.analysis.sections.LeakSuspectsSection;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.MemoryPhases;
import io.heapsight.heap.PhaseTimer;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.WalkResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The full job on one dump: parse, dominators (from the cache beside the dump when current) and paths, built once
 * into an {@link AnalysisContext}; then every {@link ReportSection} on the class path, in order. `diff` builds its
 * context with {@link #context} too, so both verbs share the index, the dominator cache and the shared results.
 */
public final class HeapAnalysis {
    private HeapAnalysis() {}

    public static AnalysisReport analyze(Path dump, AnalysisOptions options, Progress progress) throws IOException {
        MemoryPhases.returnFreedMemory();
        long t0 = System.nanoTime();
        try (HeapSnapshot heap = HeapSnapshot.open(dump, progress, options.open())) {
            long t1 = System.nanoTime();
            return analyze(heap, dump, options, progress, (t1 - t0) / 1_000_000);
        }
    }

    /** The context every query runs on: dominators (cached beside {@code source}) and paths from the GC roots. */
    public static AnalysisContext context(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress) {
        return prepare(heap, source, options, progress).context();
    }

    private record Prepared(AnalysisContext context, long dominatorMillis, long pathsMillis) {}

    private static Prepared prepare(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress) {
        return prepare(heap, source, options, progress, false);
    }

    /**
     * Dominators, then the paths; for a report ({@code report}), the suspects' candidates, the histogram and the
     * duplicate strings, which need no paths, are built on a second thread meanwhile (the second core is idle during
     * the BFS).
     */
    private static Prepared prepare(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress, boolean report) {
        MemoryPhases.returnFreedMemory();
        long t0 = System.nanoTime();
        // after the DFS numbering, while the index is (being) written on another thread: drop the id lookup and record
        // offsets (the index holds them) and collect, so that the big dominator arrays reuse that memory
        // for a report with inspections, the duplicate strings' value arrays and their record offsets are gathered
        // first (while the index writer finishes on the other core; the offsets are about to leave memory)
        DuplicateStrings.Values[] stringValues = new DuplicateStrings.Values[1];
        java.util.function.Consumer<java.util.function.IntPredicate> beforeBigArrays = reachable -> {
            if (report && options.inspections()) {
                PhaseTimer gather = new PhaseTimer();
                stringValues[0] = DuplicateStrings.Values.of(heap, reachable);
                gather.lap("duplicate strings: value offsets");
            }
            heap.releaseLookups();
            MemoryPhases.collect();
        };
        // the dominators' dead DFS-order and preorder-dominator arrays become the BFS's parent array and queue
        ScratchArrays spare = new ScratchArrays();
        DominatorTree dom = DominatorTree.computeOrLoad(heap, source, progress, beforeBigArrays, spare);
        long t1 = System.nanoTime();
        PhaseTimer timer = new PhaseTimer();
        ClaimableResult<LeakSuspects.Candidates> candidates = null;
        ClaimableResult<Histogram> histogram = null;
        ClaimableResult<DuplicateStrings.Result> strings = null;
        if (report) {
            // the second thread takes the longest first and the one the main thread needs first (the suspects'
            // candidates) last; the main thread, done with the paths, computes itself any that the second has not
            // started when a section asks for it (join)
            DuplicateStrings.Values values = stringValues[0];
            stringValues[0] = null;
            candidates = new ClaimableResult<>("suspect candidates",
                    () -> LeakSuspects.candidates(heap, dom, options.suspectMinFraction()));
            histogram = new ClaimableResult<>("histogram",
                    () -> Histogram.computeOrLoad(heap, dom, source, options.allObjects(), Progress.NONE));
            strings = !options.inspections() ? null : new ClaimableResult<>("duplicate strings", () -> {
                try {
                    return DuplicateStrings.findOrLoad(heap, dom, source, options.top(), values, Progress.NONE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<ClaimableResult<?>> order = new ArrayList<>();
            if (strings != null) order.add(strings);
            order.add(histogram);
            order.add(candidates);
            io.heapsight.heap.Background.thread("heapsight-inspections", true, () -> order.forEach(ClaimableResult::runIfUnclaimed));
        }
        GcRootPaths paths = PathsFile.computeOrLoad(heap, dom, source, options.includeWeakPaths(), progress, spare);
        timer.lap("paths");
        long t2 = System.nanoTime();
        AnalysisContext context = new AnalysisContext(heap, dom, paths, options, source, progress);
        if (candidates != null) context.sharedLater(LeakSuspects.Candidates.class, candidates);
        if (histogram != null) context.sharedLater(Histogram.class, histogram);
        if (strings != null) context.sharedLater(DuplicateStrings.Result.class, strings);
        return new Prepared(context, ms(t1 - t0), ms(t2 - t1));
    }

    public static AnalysisReport analyze(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress, long parseMillis)
            throws IOException {
        long t1 = System.nanoTime();
        Prepared prepared = prepare(heap, source, options, progress, true);
        return analyze(prepared.context(), parseMillis, prepared.dominatorMillis(), prepared.pathsMillis(), t1);
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
        AnalysisOptions options = context.options();

        List<AnalysisReport.Section> sections = new ArrayList<>();
        long suspectsMillis = 0, otherMillis = 0;
        PhaseTimer timer = new PhaseTimer();
        for (ReportSection section : ReportSections.enabled(options)) {
            long t = System.nanoTime();
            Result result = run(section, context);
            timer.lap("section: " + section.name());
            long took = ms(System.nanoTime() - t);
            sections.add(new AnalysisReport.Section(section.name(), section.description(), result, took));
            if (section instanceof LeakSuspectsSection) suspectsMillis += took;
            else otherMillis += took;
        }

        // the typed findings behind the JSON report's original keys: shared with the sections above, not recomputed
        Histogram histogram = ClassHistogramSection.histogram(context);
        List<Suspect> suspects = LeakSuspectsSection.suspects(context);
        AnalysisReport.Inspections inspections = null;
        if (options.inspections()) {
            inspections = new AnalysisReport.Inspections(DuplicateStringsSection.result(context),
                    ClassLoadersSection.result(context), FinalizerSection.result(context), DirectBuffersSection.result(context));
        }
        DominatorTree dom = context.dominators();
        long heapBytes = 0;
        for (int i = 0; i < heap.objectCount(); i++) heapBytes += heap.shallowSize(i);
        AnalysisReport.Summary summary = new AnalysisReport.Summary(heap.objectCount(), heap.classCount(), heapBytes,
                heap.rootCount(), heap.edgeCount(), dom.reachableCount(), dom.reachableBytes(),
                histogram.unreachableCount(), histogram.unreachableBytes(), histogram.includesUnreachable());
        List<AnalysisReport.Dominator> dominators = topDominators(heap, dom, DominatorsSection.biggest(context));
        List<Histogram.Row> rows = histogram.rows();
        timer.lap("report: summary");
        long t6 = System.nanoTime();
        AnalysisReport.Timings timings = new AnalysisReport.Timings(parseMillis, dominatorMillis, pathsMillis, suspectsMillis,
                otherMillis, parseMillis + ms(t6 - t1));
        return new AnalysisReport(dumpInfo(heap, context.source()), summary, rows, rows.size(), dominators, suspects, inspections,
                sections, timings);
    }

    /**
     * Runs one section. A section that fails on this dump (a bug, a dump it did not expect) becomes a note in its
     * place: the rest of the report is still worth having. Reading the dump failing is not such a case.
     */
    static Result run(ReportSection section, AnalysisContext context) throws IOException {
        try {
            return section.run(context, QueryArgs.NONE);
        } catch (RuntimeException e) {
            return new Note(section.description(), "this analysis failed on this dump: " + e);
        }
    }

    /** The file and how it was read; {@code source} is the file the user named (its size, even when gzip). */
    public static AnalysisReport.DumpInfo dumpInfo(HeapSnapshot heap, Path source) throws IOException {
        WalkResult walk = heap.walk();
        Path file = Files.isRegularFile(source) || heap.dumpFile() == null ? source : heap.dumpFile();
        return new AnalysisReport.DumpInfo(source.toString(), Files.size(file),
                heap.header().format(), heap.idSize(), heap.header().timestampMillis(), heap.layout().name(),
                walk.status(), walk.bytesRead(), walk.problem());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    static List<AnalysisReport.Dominator> topDominators(HeapSnapshot heap, DominatorTree dom, int[] biggest) {
        List<AnalysisReport.Dominator> out = new ArrayList<>();
        long total = Math.max(1, dom.reachableBytes());
        for (int o : biggest) {
            out.add(new AnalysisReport.Dominator(heap.describe(o), heap.classOfObject(o).name(), heap.shallowSize(o),
                    dom.retainedSize(o), (double) dom.retainedSize(o) / total));
        }
        return out;
    }
}
