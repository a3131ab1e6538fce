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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full job on one dump: parse, dominators (from the cache beside the dump when current) and paths, built once
 * into an {@link AnalysisContext}; then every {@link ReportSection} on the class path, in order. `diff` builds its
 * context with {@link #context} too, so both verbs share the index, the dominator cache and the shared results. What
 * the report is built from is kept beside the dump ({@link AnalysisResultsFile}): another question is rendered from it.
 */
public final class HeapAnalysis {
    private HeapAnalysis() {}

    public static AnalysisReport analyze(Path dump, AnalysisOptions options, Progress progress) throws IOException {
        // another question about a dump analyzed before: from the kept results, without the index or the graph
        AnalysisReport kept = AnalysisResultsFile.report(dump, options, progress, System.nanoTime());
        if (kept != null) return kept;
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

    /**
     * The report on an open dump. When the dump keeps derived files, every list is computed to
     * {@link AnalysisResultsFile#DEPTH} rows (or --top, if more) and kept beside the dump, so that another question
     * needs no graph; the report shows --top rows of each.
     */
    public static AnalysisReport analyze(HeapSnapshot heap, Path source, AnalysisOptions options, Progress progress, long parseMillis)
            throws IOException {
        long t1 = System.nanoTime();
        boolean keep = heap.openOptions().useIndex() && AnalysisResultsFile.keeps(source, options);
        AnalysisOptions deep = keep ? options.withTop(Math.max(options.top(), AnalysisResultsFile.DEPTH)) : options;
        Prepared prepared = prepare(heap, source, deep, progress, true);
        AnalysisContext context = prepared.context();
        AnalysisResults results = results(context, parseMillis, prepared.dominatorMillis(), prepared.pathsMillis(), t1);
        AnalysisReport report = report(results, context, options);
        if (keep) {
            heap.awaitIndex(); // the results bind to the index this run wrote, not to one it is replacing
            AnalysisResultsFile.save(source, options, results);
        }
        return report;
    }

    /**
     * The report on a context already built (the explorer keeps one per open dump and asks for the report too).
     * The dominator and path timings are those of whoever built the context.
     */
    public static AnalysisReport analyze(AnalysisContext context, long parseMillis) throws IOException {
        AnalysisResults results = results(context, parseMillis, 0, 0, System.nanoTime());
        return report(results, context, context.options());
    }

    /**
     * The report for {@code options} from results computed on {@code context}. An added section runs here, on a
     * context with these options (its rows are --top's); its time counts with the inspections', as before.
     */
    private static AnalysisReport report(AnalysisResults results, AnalysisContext context, AnalysisOptions options) throws IOException {
        AnalysisContext asked = context.options().equals(options) ? context
                : new AnalysisContext(context.heap(), context.dominators(), context.paths(), options, context.source(), context.progress());
        List<ReportSection> enabled = ReportSections.enabled(options);
        Map<String, AnalysisReport.Section> added = new HashMap<>();
        long addedMillis = 0;
        for (ReportSection s : enabled) {
            if (AnalysisResults.BUILT_IN.contains(s.name())) continue;
            long t = System.nanoTime();
            Result r = run(s, asked);
            long took = ms(System.nanoTime() - t);
            added.put(s.name(), new AnalysisReport.Section(s.name(), s.description(), r, took));
            addedMillis += took;
        }
        AnalysisReport.Timings t = results.timings();
        AnalysisReport.Timings timings = new AnalysisReport.Timings(t.parseMillis(), t.dominatorMillis(), t.pathsMillis(),
                t.suspectsMillis(), t.inspectionsMillis() + addedMillis, t.totalMillis() + addedMillis);
        return results.report(options, enabled, s -> added.get(s.name()), timings);
    }

    /**
     * What the report is built from, to the context's --top: each built-in section's findings in report order (their
     * times are the sections' times), then the summary. An added section is left to {@link #report}.
     */
    private static AnalysisResults results(AnalysisContext context, long parseMillis, long dominatorMillis, long pathsMillis,
                                           long t1) throws IOException {
        HeapSnapshot heap = context.heap();
        AnalysisOptions options = context.options();
        Map<String, Long> millis = new LinkedHashMap<>();
        long suspectsMillis = 0, otherMillis = 0;
        PhaseTimer timer = new PhaseTimer();
        for (ReportSection section : ReportSections.enabled(options)) {
            if (!AnalysisResults.BUILT_IN.contains(section.name())) continue;
            long t = System.nanoTime();
            switch (section.name()) {
                case "suspects" -> LeakSuspectsSection.suspects(context);
                case "class-histogram" -> ClassHistogramSection.histogram(context);
                case "dominators" -> DominatorsSection.biggest(context);
                case "duplicate-strings" -> DuplicateStringsSection.result(context);
                case "class-loaders" -> ClassLoadersSection.result(context);
                case "finalizer" -> FinalizerSection.result(context);
                case "direct-buffers" -> DirectBuffersSection.result(context);
                default -> { }
            }
            timer.lap("section: " + section.name());
            long took = ms(System.nanoTime() - t);
            millis.put(section.name(), took);
            if (section instanceof LeakSuspectsSection) suspectsMillis += took;
            else otherMillis += took;
        }

        Histogram histogram = ClassHistogramSection.histogram(context);
        AnalysisResults.Inspected inspections = null;
        if (options.inspections()) {
            inspections = new AnalysisResults.Inspected(DuplicateStringsSection.result(context), ClassLoadersSection.collect(context),
                    FinalizerSection.result(context), DirectBuffersSection.collect(context));
        }
        DominatorTree dom = context.dominators();
        long heapBytes = 0;
        for (int i = 0; i < heap.objectCount(); i++) heapBytes += heap.shallowSize(i);
        AnalysisReport.Summary summary = new AnalysisReport.Summary(heap.objectCount(), heap.classCount(), heapBytes,
                heap.rootCount(), heap.edgeCount(), dom.reachableCount(), dom.reachableBytes(),
                histogram.unreachableCount(), histogram.unreachableBytes(), histogram.includesUnreachable());
        List<LeakSuspectsSection.Shown> suspects = LeakSuspectsSection.collect(context);
        DominatorsSection.Shown dominators = DominatorsSection.collect(context);
        timer.lap("report: summary");
        long t6 = System.nanoTime();
        AnalysisReport.Timings timings = new AnalysisReport.Timings(parseMillis, dominatorMillis, pathsMillis, suspectsMillis,
                otherMillis, parseMillis + ms(t6 - t1));
        return new AnalysisResults(options.top(), dumpInfo(heap, context.source()), summary, histogram, dominators, suspects,
                inspections, millis, timings);
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
}
