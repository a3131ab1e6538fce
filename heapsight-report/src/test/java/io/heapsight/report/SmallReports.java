package io.heapsight.report;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.ClassLoaderInspection;
import io.heapsight.analysis.DirectBufferInspection;
import io.heapsight.analysis.DuplicateStrings;
import io.heapsight.analysis.FinalizerInspection;
import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.Suspect;
import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;
import io.heapsight.analysis.diff.ClassStats;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.HolderVerdict;
import io.heapsight.analysis.diff.SeriesPoint;
import io.heapsight.common.LeakVerdict;
import io.heapsight.hprof.WalkResult;

import java.util.List;

/** Small reports built by hand, with round numbers, for the presenters' tests. */
final class SmallReports {
    private SmallReports() {}

    static final long MB = 1024 * 1024;

    static final List<PathStep> PATH = List.of(
            new PathStep("system class", "class com.example.Cache", 1, true),
            new PathStep("static com.example.Cache.ENTRIES", "java.util.HashMap@0x1000", 2, false),
            new PathStep("java.util.HashMap.table", "java.util.HashMap$Node[]@0x2000", 3, false));

    static Suspect suspect(int rank, String holder, long retained, double fraction) {
        return new Suspect(rank, holder, "sticky:com.example.Cache.ENTRIES", "java.util.HashMap@0x1000", 2,
                "java.util.HashMap", "com.example.Session", 10_000, retained, fraction, 1, PATH,
                "10,000 × com.example.Session accumulate in java.util.HashMap@0x1000");
    }

    static AnalysisReport.DumpInfo dump(String file, WalkResult.Status status) {
        return new AnalysisReport.DumpInfo(file, 64 * MB, "JAVA PROFILE 1.0.2", 8, 1_700_000_000_000L,
                "64-bit, compressed oops and class pointers", status, status == WalkResult.Status.COMPLETE ? 64 * MB : 40 * MB,
                status == WalkResult.Status.COMPLETE ? null : "unexpected end of file");
    }

    /** 100,000 objects, 48 MB; a cache retains 30 MB (62.5%); one duplicate string; one direct buffer. */
    static AnalysisReport analysis(WalkResult.Status status, boolean inspections) {
        var summary = new AnalysisReport.Summary(100_000, 500, 48 * MB, 1_200, 250_000, 90_000, 48 * MB, 10_000, MB, false);
        var histogram = List.of(
                new Histogram.Row(7, "com.example.Session", 10_000, 20 * MB, 30 * MB),
                new Histogram.Row(3, "byte[]", 40_000, 12 * MB, 12 * MB),
                new Histogram.Row(4, "java.lang.String", 30_000, 720_000, 4 * MB));
        var dominators = List.of(new AnalysisReport.Dominator("java.util.HashMap@0x1000", "java.util.HashMap", 48, 30 * MB, 0.625));
        AnalysisReport.Inspections in = !inspections ? null : new AnalysisReport.Inspections(
                new DuplicateStrings.Result(30_000, 20_000, 2 * MB, List.of(new DuplicateStrings.Group("<b>hello</b>", 1000, 2 * MB, 2048))),
                new ClassLoaderInspection.Result(List.of(), List.of(), 0),
                new FinalizerInspection.Result(0, 0, List.of()),
                new DirectBufferInspection.Result(1, 4 * MB, 4 * MB, 0,
                        List.of(new DirectBufferInspection.Buffer(9, "java.nio.DirectByteBuffer@0x3000", 4 * MB, true, "com.example.Io.BUFFER"))));
        return new AnalysisReport(dump("heap.hprof", status), summary, histogram, 500, dominators,
                List.of(suspect(1, "com.example.Cache.ENTRIES", 30 * MB, 0.625)), in, sections(inspections),
                new AnalysisReport.Timings(1200, 300, 200, 100, 400, 2500));
    }

    /** The sections the report renders, as the built-in ReportSections shape them (by hand, round numbers). */
    static List<AnalysisReport.Section> sections(boolean inspections) {
        ObjectRef map = ObjectRef.object(0x1000, "java.util.HashMap");
        Path path = new Path("system class", "system class", List.of(new Path.Step(null, ObjectRef.ofClass(0x10, "com.example.Cache")),
                new Path.Step("static com.example.Cache.ENTRIES", map)));
        Result suspects = new Sections("Leak suspects", null, List.of(
                Table.of("Suspects", List.of(Column.count("rank", "#"), Column.bytes("retainedBytes", "retained"),
                        Column.fraction("heapFraction", "of heap"), Column.text("holder", "held by"), Column.object("accumulationPoint", "in")),
                        List.of(List.of(1L, 30 * MB, 0.625, "com.example.Cache.ENTRIES", map))),
                new Sections("#1  com.example.Cache.ENTRIES", "10,000 × com.example.Session accumulate in java.util.HashMap@0x1000",
                        List.of(Table.of("Path from a GC root", List.of(Column.path("path", "path")), List.of(List.of(path)))))));
        Result histogram = new Sections("Class histogram", "By shallow size, reachable objects.", List.of(new Table("Classes",
                List.of(Column.count("count", "count"), Column.bytes("shallowBytes", "shallow"), Column.text("className", "class")),
                List.of(List.of(10_000L, 20 * MB, "com.example.Session"), List.of(40_000L, 12 * MB, "byte[]")), 500, 0)));
        List<AnalysisReport.Section> out = new java.util.ArrayList<>(List.of(
                new AnalysisReport.Section("suspects", "Leak suspects", suspects, 100),
                new AnalysisReport.Section("class-histogram", "Class histogram", histogram, 10)));
        if (inspections) {
            out.add(new AnalysisReport.Section("duplicate-strings", "Duplicate strings", new Sections("Duplicate strings",
                    "30,000 strings, 20,000 distinct, 2.0 MB wasted", List.of(Table.of("Most wasteful",
                    List.of(Column.count("count", "copies"), Column.text("text", "text")), List.of(List.of(1000L, "<b>hello</b>"))))), 5));
        }
        return out;
    }

    /** Three dumps; the cache grows 10 → 20 → 30 MB, a pool stays at 5 MB. */
    static DiffReport diff(boolean leak) {
        Suspect cache = suspect(1, "com.example.Cache.ENTRIES", 30 * MB, 0.5);
        Suspect pool = new Suspect(2, "com.example.Pool.ITEMS", "sticky:com.example.Pool.ITEMS", "java.util.ArrayList@0x5000",
                5, "java.util.ArrayList", "com.example.Item", 100, 5 * MB, 0.1, 1, PATH, "100 × com.example.Item");
        List<SeriesPoint> growing = List.of(new SeriesPoint("a.hprof", true, 10 * MB, 0, 3_000, 1),
                new SeriesPoint("b.hprof", true, 20 * MB, 0, 6_000, 1), new SeriesPoint("c.hprof", true, 30 * MB, 0, 10_000, 1));
        List<SeriesPoint> flat = List.of(new SeriesPoint("a.hprof", true, 5 * MB, 0, 100, 1),
                new SeriesPoint("b.hprof", true, 5 * MB, 0, 100, 1), new SeriesPoint("c.hprof", true, 5 * MB, 0, 100, 1));
        List<HolderDiff> holders = leak
                ? List.of(new HolderDiff(1, HolderVerdict.GROWING, cache, 0, growing, 20 * MB, 7_000, 2, "grows"),
                          new HolderDiff(2, HolderVerdict.STABLE, pool, 0, flat, 0, 0, 0, "stable"))
                : List.of(new HolderDiff(1, HolderVerdict.STABLE, pool, 0, flat, 0, 0, 0, "stable"));
        var classes = List.of(new ClassDiff("com.example.Session",
                List.of(new ClassStats(3_000, 6 * MB, 9 * MB), new ClassStats(10_000, 20 * MB, 30 * MB)), 7_000, 14 * MB, 21 * MB));
        var dumps = List.of(
                new DiffReport.DumpEntry(dump("a.hprof", WalkResult.Status.COMPLETE), 50_000, 20 * MB, 0, 2),
                new DiffReport.DumpEntry(dump("b.hprof", WalkResult.Status.COMPLETE), 70_000, 30 * MB, 0, 2),
                new DiffReport.DumpEntry(dump("c.hprof", WalkResult.Status.TRUNCATED), 90_000, 40 * MB, 0, 2));
        return new DiffReport(dumps, 2 * MB, holders, classes, leak ? LeakVerdict.LEAK : LeakVerdict.NO_LEAK,
                List.of("c.hprof is truncated"), 4000);
    }
}
