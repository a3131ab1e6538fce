package io.heapsight.analysis;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DumpSummarizer;
import io.heapsight.analysis.diff.DumpSummary;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.query.ReportSections;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.Result;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `analyze` runs the report sections found on the class path; `diff` summarizes a dump through the same context. */
class OnePipelineTest {
    @TempDir
    Path dir;

    /** com.example.Cache.ENTRIES: Object[300] of Item(payload = int[32]). */
    private Path writeDump(String name) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        HprofWriter.ClassRef item = w.declareClass("com.example.Item").instanceField("payload", Type.OBJECT).define();
        long[] items = new long[300];
        for (int i = 0; i < items.length; i++) items[i] = w.newInstance(item).set("payload", w.primitiveArray(new int[32])).write();
        long entries = w.objectArray(w.classNamed("java.lang.Object[]"), items);
        HprofWriter.ClassRef cache = w.declareClass("com.example.Cache").staticField("ENTRIES", Type.OBJECT, entries).define();
        for (String c : List.of("java.lang.Object", "com.example.Item", "java.lang.Object[]", "int[]")) w.rootStickyClass(w.classNamed(c).id());
        w.rootStickyClass(cache.id());
        Path file = dir.resolve(name);
        w.write(file);
        return file;
    }

    @Test
    void theBuiltInAnalysesAreReportSectionsInReportOrder() {
        assertThat(ReportSections.enabled(AnalysisOptions.defaults())).extracting(ReportSection::name).containsExactly(
                "suspects", "class-histogram", "dominators", "duplicate-strings", "class-loaders", "finalizer", "direct-buffers");
        assertThat(ReportSections.enabled(AnalysisOptions.defaults().withInspections(false))).extracting(ReportSection::name)
                .containsExactly("suspects", "class-histogram", "dominators");
    }

    @Test
    void analyzeReportsEachSectionAndTheTypedFindingsAgree() throws Exception {
        AnalysisReport r = HeapAnalysis.analyze(writeDump("a.hprof"), AnalysisOptions.defaults(), Progress.NONE);
        assertThat(r.sections()).extracting(AnalysisReport.Section::name).containsExactly(
                "suspects", "class-histogram", "dominators", "duplicate-strings", "class-loaders", "finalizer", "direct-buffers");
        assertThat(r.suspects()).hasSize(1);
        assertThat(r.suspects().get(0).holder()).isEqualTo("com.example.Cache.ENTRIES");
        assertThat(r.suspects().get(0).count()).isEqualTo(300);
        assertThat(r.histogram().stream().filter(h -> h.className().equals("int[]")).findFirst().orElseThrow().count())
                .isEqualTo(300);
        assertThat(r.inspections()).isNotNull();
        AnalysisReport quick = HeapAnalysis.analyze(writeDump("b.hprof"), AnalysisOptions.defaults().withInspections(false), Progress.NONE);
        assertThat(quick.sections()).extracting(AnalysisReport.Section::name).containsExactly("suspects", "class-histogram", "dominators");
        assertThat(quick.inspections()).isNull();
    }

    @Test
    void aSectionThatFailsBecomesANoteInItsPlace() throws Exception {
        ReportSection broken = new ReportSection() {
            @Override public String name() { return "broken"; }
            @Override public String description() { return "Broken analysis"; }
            @Override public Result run(AnalysisContext c, QueryArgs a) { throw new IllegalStateException("no such thing"); }
        };
        Path dump = writeDump("c.hprof");
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE)) {
            Result r = HeapAnalysis.run(broken, HeapAnalysis.context(heap, dump, AnalysisOptions.defaults(), Progress.NONE));
            assertThat(r).isInstanceOf(Note.class);
            assertThat(((Note) r).text()).contains("failed", "no such thing");
        }
    }

    @Test
    void diffSummarizesThroughTheSameContextAndDominatorCache() throws Exception {
        Path dump = writeDump("d.hprof");
        Path cache = dir.resolve("d.hprof.heapsight-dominators");
        AnalysisReport analyzed = HeapAnalysis.analyze(dump, AnalysisOptions.defaults(), Progress.NONE);
        assertThat(cache).exists();
        long written = Files.getLastModifiedTime(cache).toMillis();
        DumpSummary summary = DumpSummarizer.summarize(dump, DiffOptions.defaults(), Progress.NONE);
        // the cache was read, not written again
        assertThat(Files.getLastModifiedTime(cache).toMillis()).isEqualTo(written);
        assertThat(summary.info()).isEqualTo(analyzed.dump());
        assertThat(summary.reachableBytes()).isEqualTo(analyzed.summary().reachableBytes());
        for (Histogram.Row row : analyzed.histogram()) {
            assertThat(summary.classes().get(row.className()).retainedBytes()).as(row.className()).isEqualTo(row.retainedBytes());
        }
    }

    @Test
    void diffWritesTheDominatorCacheForTheNextQuestion() throws Exception {
        Path dump = writeDump("e.hprof");
        DumpSummarizer.summarize(dump, DiffOptions.defaults(), Progress.NONE);
        assertThat(dir.resolve("e.hprof.heapsight-dominators")).exists();
    }
}
