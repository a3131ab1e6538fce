package io.heapsight.analysis;

import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.query.ReportSections;
import io.heapsight.analysis.sections.ClassLoadersSection;
import io.heapsight.analysis.sections.DirectBuffersSection;
import io.heapsight.analysis.sections.DominatorsSection;
import io.heapsight.analysis.sections.LeakSuspectsSection;
import io.heapsight.heap.DerivedFile;
import io.heapsight.heap.DumpBinding;
import io.heapsight.heap.Progress;
import io.heapsight.heap.SnapshotIndex;
import io.heapsight.hprof.WalkResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis results kept beside the dump ({@code DUMP.heapsight-results}, or {@code -results-all-objects},
 * {@code -results-weak-paths}, ...: one file per set of options that change the analysis), so that another question
 * (another --top up to {@link #DEPTH}, another format, --no-inspections) is answered without opening the index or the
 * graph. A keyed file ({@link DerivedFile}): bound to the dump and to its own bytes; inside, bound besides to the
 * dump's index (its keyed code: a rebuilt index makes the results stale), to the build of heapsight that computed
 * them and to the options that change the analysis. Every count is bounded by the bytes left and every model index by
 * the object count. Anything off: one note and the question goes to the index.
 */
final class AnalysisResultsFile {
    /** Rows kept of every list (the first analysis computes them; any --top up to this is a prefix). */
    static final int DEPTH = 1000;
    /** Far above what the results of any dump take (the histogram of 60k classes: ~5 MB). */
    private static final long MAX_BYTES = 512L << 20;
    private static final String REDO = "answering from the index";

    private AnalysisResultsFile() {}

    /** The file for the options that change the analysis. */
    static DerivedFile file(AnalysisOptions options) {
        String kind = "results" + (options.allObjects() ? "-all-objects" : "") + (options.includeWeakPaths() ? "-weak-paths" : "")
                + (options.suspectMinFraction() == AnalysisOptions.defaults().suspectMinFraction() ? "" : "-suspects-" + options.suspectMinFraction());
        return DerivedFile.keyed(kind, "results file", "heapsight-results v1");
    }

    /** The analysis-changing options and the build, as the file records them: results made under others are stale. */
    static String key(AnalysisOptions options) {
        return "build " + Build.ID + "; allObjects " + options.allObjects() + "; weakPaths " + options.includeWeakPaths()
                + "; suspectMinFraction " + options.suspectMinFraction();
    }

    /** Whether a run on this dump keeps its results (as it keeps its index). */
    static boolean keeps(Path dump, AnalysisOptions options) {
        return options.open().useIndex() && dump != null && Files.isRegularFile(dump);
    }

    /**
     * The report rendered from the kept results when they cover this question; else null (after one note when a kept
     * file was refused). {@code startNanos}: when this run started, for the time it took.
     */
    static AnalysisReport report(Path dump, AnalysisOptions options, Progress progress, long startNanos) {
        if (!keeps(dump, options)) return null;
        // laps only when asked for: a PhaseTimer loads JMX and JFR classes, ~0.1 s of CPU in an answer of ~0.3 s
        io.heapsight.heap.PhaseTimer timer = Boolean.getBoolean("heapsight.timings") ? new io.heapsight.heap.PhaseTimer() : null;
        List<ReportSection> enabled = ReportSections.enabled(options);
        AnalysisResults kept = load(dump, options, progress);
        if (timer != null) timer.lap("kept results: read");
        if (kept == null || !kept.covers(options, enabled)) return null;
        AnalysisResults results = kept.named(dump.toString());
        AnalysisReport.Timings timings = results.timings().kept((System.nanoTime() - startNanos) / 1_000_000);
        AnalysisReport report = results.report(options, enabled, s -> {
            throw new IllegalStateException("not covered: " + s.name());
        }, timings);
        if (timer != null) timer.lap("kept results: report");
        return report;
    }

    static void save(Path dump, AnalysisOptions options, AnalysisResults results) {
        byte[] index = SnapshotIndex.storedCode(dump);
        if (index == null) return; // no index to bind to: the next run computes them again
        try {
            file(options).saveKeyed(dump, encode(key(options), index, results));
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run answers from the index
        }
    }

    static AnalysisResults load(Path dump, AnalysisOptions options, Progress progress) {
        byte[] index = SnapshotIndex.storedCode(dump);
        DerivedFile file = file(options);
        if (index == null) return null; // the index is gone: so is what the results were bound to
        return file.loadKeyed(dump, MAX_BYTES, progress, REDO, payload -> decode(payload, key(options), index));
    }

    static byte[] encode(String key, byte[] index, AnalysisResults r) throws IOException {
        ResultsCodec.Out out = new ResultsCodec.Out();
        out.string(key).blob(index).ints(r.depth());
        AnalysisReport.Summary s = r.summary();
        out.longs(s.objects(), s.classes(), s.heapBytes(), s.gcRoots(), s.references(), s.reachableObjects(), s.reachableBytes(),
                s.unreachableObjects(), s.unreachableBytes()).bool(s.histogramIncludesUnreachable());
        AnalysisReport.DumpInfo d = r.dump();
        out.string(d.file()).longs(d.sizeBytes()).string(d.format()).ints(d.idSize()).longs(d.timestampMillis()).string(d.layout())
                .ints(d.status().ordinal()).longs(d.bytesRead()).string(d.problem());
        Histogram h = r.histogram();
        out.bool(h.includesUnreachable()).longs(h.unreachableCount(), h.unreachableBytes()).ints(h.rows().size());
        for (Histogram.Row row : h.rows()) {
            out.ints(row.classIndex()).string(row.className()).longs(row.count(), row.shallowBytes(), row.retainedBytes());
        }
        DominatorsSection.Shown dom = r.dominators();
        out.longs(dom.topLevel(), dom.reachableBytes()).ints(dom.rows().size());
        for (DominatorsSection.Row row : dom.rows()) {
            out.ref(row.ref()).string(row.object()).string(row.className()).longs(row.shallowBytes(), row.retainedBytes());
        }
        out.ints(r.suspects().size());
        for (LeakSuspectsSection.Shown shown : r.suspects()) {
            Suspect x = shown.suspect();
            out.ints(x.rank()).string(x.holder()).string(x.holderPath()).string(x.accumulationPoint()).ints(x.accumulationPointIndex())
                    .string(x.accumulationPointClass()).string(x.accumulatedClass()).longs(x.count(), x.retainedBytes())
                    .real(x.heapFraction()).ints(x.instances()).steps(x.path()).string(x.description()).longs(x.nativeBytes());
            out.ref(shown.point()).path(shown.path());
        }
        out.bool(r.inspections() != null);
        if (r.inspections() != null) InspectionsCodec.write(out, r.inspections());
        out.ints(r.sectionMillis().size());
        for (var e : r.sectionMillis().entrySet()) out.string(e.getKey()).longs(e.getValue());
        AnalysisReport.Timings t = r.timings();
        out.longs(t.parseMillis(), t.dominatorMillis(), t.pathsMillis(), t.suspectsMillis(), t.inspectionsMillis(), t.totalMillis());
        return out.toByteArray();
    }

    static AnalysisResults decode(byte[] payload, String key, byte[] index) throws IOException {
        ResultsCodec.In probe = new ResultsCodec.In(payload, 0);
        if (!key.equals(probe.string())) throw new DerivedFile.Refused("made by another build of heapsight, or with other analysis options");
        if (!DumpBinding.matches(index, probe.blob(DumpBinding.LENGTH))) throw new DerivedFile.Refused("made with another index of this dump");
        int depth = probe.intValue();
        long objects = probe.longValue();
        if (depth < 1 || objects < 0 || objects > Integer.MAX_VALUE) throw new IOException("depth or object count out of range");

        ResultsCodec.In in = new ResultsCodec.In(payload, objects);
        in.string();
        in.blob(DumpBinding.LENGTH);
        in.intValue();
        AnalysisReport.Summary summary = new AnalysisReport.Summary(in.size("objects"), in.size("classes"), in.size("heap bytes"),
                in.size("roots"), in.size("references"), in.size("reachable objects"), in.size("reachable bytes"),
                in.size("unreachable objects"), in.size("unreachable bytes"), in.bool());
        if (summary.classes() > objects || summary.reachableObjects() > objects || summary.unreachableObjects() > objects) {
            throw new IOException("summary out of range");
        }
        String file = in.text("file");
        long size = in.size("dump size");
        String format = in.string("format");
        int idSize = in.intValue();
        long timestamp = in.longValue();
        String layout = in.string("layout");
        int status = in.intValue();
        if (status < 0 || status >= WalkResult.Status.values().length) throw new IOException("dump status out of range");
        AnalysisReport.DumpInfo dump = new AnalysisReport.DumpInfo(file, size, format, idSize, timestamp, layout,
                WalkResult.Status.values()[status], in.size("bytes read"), in.string());

        boolean all = in.bool();
        long unreachableCount = in.size("unreachable count"), unreachableBytes = in.size("unreachable bytes");
        int rows = in.items((int) summary.classes(), 32, "histogram row");
        List<Histogram.Row> histogram = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int c = in.intValue();
            if (c < 0 || c >= summary.classes()) throw new IOException("class index out of range");
            histogram.add(new Histogram.Row(c, in.text("class name"), in.size("count"), in.size("shallow bytes"), in.size("retained bytes")));
        }

        long topLevel = in.size("top-level dominators"), reachable = in.size("reachable bytes");
        int n = in.items(depth, 29, "dominator");
        List<DominatorsSection.Row> doms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            var ref = in.ref();
            if (ref == null) throw new IOException("dominator without an object");
            doms.add(new DominatorsSection.Row(ref, in.string("object"), in.text("class name"), in.size("shallow bytes"), in.size("retained bytes")));
        }
        if (n > topLevel) throw new IOException("more dominators than top-level objects");

        n = in.items(depth, 70, "suspect");
        List<LeakSuspectsSection.Shown> suspects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int rank = in.intValue();
            if (rank != i + 1) throw new IOException("suspect ranks out of order");
            Suspect s = new Suspect(rank, in.string("holder"), in.string("holder path"), in.string("accumulation point"),
                    in.index("accumulation point"), in.string("class"), in.string("class"), in.size("count"), in.size("retained bytes"),
                    in.fraction("heap fraction"), in.intValue(), in.steps(), in.string("description"), in.size("native bytes"));
            suspects.add(new LeakSuspectsSection.Shown(s, in.ref(), in.path()));
        }
        AnalysisResults.Inspected inspected = in.bool() ? InspectionsCodec.read(in, depth) : null;

        n = in.items(64, 12, "section");
        Map<String, Long> millis = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) millis.put(in.text("section"), in.size("millis"));
        AnalysisReport.Timings timings = new AnalysisReport.Timings(in.size("parse millis"), in.size("dominator millis"),
                in.size("paths millis"), in.size("suspects millis"), in.size("inspections millis"), in.size("total millis"));
        if (!in.atEnd()) throw new IOException("trailing bytes");
        return new AnalysisResults(depth, dump, summary, Histogram.restored(histogram, unreachableCount, unreachableBytes, all),
                new DominatorsSection.Shown(doms, topLevel, reachable), suspects, inspected, millis, timings);
    }

    /** The inspections' part of the file. */
    private static final class InspectionsCodec {
        static void write(ResultsCodec.Out out, AnalysisResults.Inspected in) throws IOException {
            DuplicateStrings.Result ds = in.duplicateStrings();
            out.longs(ds.strings(), ds.distinct(), ds.wastedBytes()).ints(ds.top().size());
            for (DuplicateStrings.Group g : ds.top()) out.string(g.text()).longs(g.count(), g.wastedBytes(), g.bytesEach());
            ClassLoadersSection.Shown cl = in.classLoaders();
            out.ints(cl.loaders().size());
            for (ClassLoadersSection.LoaderRow l : cl.loaders()) {
                ClassLoaderInspection.Loader x = l.loader();
                out.string(x.loader()).ints(x.objectIndex(), x.classes()).longs(x.retainedBytes()).steps(x.pinnedBy())
                        .string(l.loaderClass()).ref(l.ref()).path(l.pinnedBy());
            }
            out.ints(cl.duplicateClasses().size());
            for (ClassLoaderInspection.DuplicateClass d : cl.duplicateClasses()) out.string(d.className()).ints(d.loaders());
            out.ints(cl.duplicatedClassCount());
            FinalizerInspection.Result f = in.finalizer();
            out.longs(f.pending(), f.shallowBytes()).ints(f.byClass().size());
            for (FinalizerInspection.Pending p : f.byClass()) out.string(p.className()).longs(p.count(), p.shallowBytes());
            DirectBuffersSection.Shown db = in.directBuffers();
            DirectBufferInspection.Result b = db.result();
            out.longs(b.buffers(), b.ownedCapacity(), b.reachableCapacity(), b.unreachableCapacity()).ints(b.largest().size());
            for (int i = 0; i < b.largest().size(); i++) {
                DirectBufferInspection.Buffer x = b.largest().get(i);
                out.ints(x.objectIndex()).string(x.object()).longs(x.capacity()).bool(x.reachable()).string(x.holder()).ref(db.largest().get(i));
            }
            out.ints(b.byHolder().size());
            for (DirectBufferInspection.Holder x : b.byHolder()) {
                out.string(x.holder()).string(x.accumulationPoint()).longs(x.buffers(), x.capacity(), x.heapRetainedBytes());
            }
        }

        static AnalysisResults.Inspected read(ResultsCodec.In in, int depth) throws IOException {
            long strings = in.size("strings"), distinct = in.size("distinct"), wasted = in.size("wasted bytes");
            int n = in.items(depth, 28, "string group");
            List<DuplicateStrings.Group> groups = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                groups.add(new DuplicateStrings.Group(in.string("text"), in.size("copies"), in.size("wasted bytes"), in.size("bytes each")));
            }
            DuplicateStrings.Result ds = new DuplicateStrings.Result(strings, distinct, wasted, List.copyOf(groups));

            n = in.items(depth, 30, "loader");
            List<ClassLoadersSection.LoaderRow> loaders = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ClassLoaderInspection.Loader x = new ClassLoaderInspection.Loader(in.string("loader"), in.index("loader"), in.intValue(),
                        in.size("retained bytes"), in.steps());
                loaders.add(new ClassLoadersSection.LoaderRow(x, in.string(), in.ref(), in.path()));
            }
            n = in.items(depth, 8, "duplicated class");
            List<ClassLoaderInspection.DuplicateClass> dups = new ArrayList<>(n);
            for (int i = 0; i < n; i++) dups.add(new ClassLoaderInspection.DuplicateClass(in.string("class"), in.intValue()));
            int dupCount = in.intValue();
            if (dupCount < dups.size()) throw new IOException("duplicated class count out of range");
            ClassLoadersSection.Shown cl = new ClassLoadersSection.Shown(loaders, dups, dupCount);

            long pending = in.size("pending"), pendingBytes = in.size("pending bytes");
            n = in.items(depth, 20, "finalizer class");
            List<FinalizerInspection.Pending> byClass = new ArrayList<>(n);
            for (int i = 0; i < n; i++) byClass.add(new FinalizerInspection.Pending(in.string("class"), in.size("count"), in.size("shallow bytes")));
            FinalizerInspection.Result f = new FinalizerInspection.Result(pending, pendingBytes, List.copyOf(byClass));

            long buffers = in.size("buffers"), owned = in.size("owned"), reachable = in.size("reachable"), unreachable = in.size("unreachable");
            n = in.items(depth, 22, "buffer");
            List<DirectBufferInspection.Buffer> largest = new ArrayList<>(n);
            List<io.heapsight.analysis.result.ObjectRef> refs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                largest.add(new DirectBufferInspection.Buffer(in.index("buffer"), in.string("buffer"), in.size("capacity"), in.bool(), in.string("holder")));
                var ref = in.ref();
                if (ref == null) throw new IOException("buffer without an object");
                refs.add(ref);
            }
            n = in.items(depth, 32, "buffer holder");
            List<DirectBufferInspection.Holder> holders = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                holders.add(new DirectBufferInspection.Holder(in.string("holder"), in.string("point"), in.size("buffers"), in.size("capacity"),
                        in.size("heap retained")));
            }
            DirectBuffersSection.Shown db = new DirectBuffersSection.Shown(new DirectBufferInspection.Result(buffers, owned, reachable,
                    unreachable, List.copyOf(largest), List.copyOf(holders)), List.copyOf(refs));
            return new AnalysisResults.Inspected(ds, cl, f, db);
        }
    }

    /** Which build of heapsight this is: the analysis jar's name, size and time (a rebuilt jar: results computed again). */
    static final class Build {
        static final String ID = id();

        private static String id() {
            try {
                Path p = Path.of(AnalysisResultsFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isRegularFile(p)) return "classes " + p;
                return p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
            } catch (Exception e) {
                return "unknown";
            }
        }
    }
}
