package io.heapsight.analysis;

import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.query.ReportSections;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.sections.LeakSuspectsSection;
import io.heapsight.heap.DumpFiles;
import io.heapsight.heap.OpenOptions;
import io.heapsight.heap.Progress;
import io.heapsight.heap.SnapshotIndex;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.PrivateHeapsightCache;
import io.heapsight.testkit.scenarios.GrowthDirectBuffers;
import io.heapsight.testkit.scenarios.RealisticHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another question about an analyzed dump is answered from the analysis results kept beside it, without the index or
 * the graph, and equals what a fresh analysis with no kept files says; a question they do not cover, and a kept file
 * that is damaged, foreign or stale, goes to the index with no wrong answer (and one note for a refused file).
 */
@ExtendWith(PrivateHeapsightCache.class)
class KeptResultsTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    /** The report without what differs between two runs of the same analysis (times). */
    static AnalysisReport timeless(AnalysisReport r) {
        List<AnalysisReport.Section> sections = r.sections().stream()
                .map(s -> new AnalysisReport.Section(s.name(), s.description(), s.result(), 0)).toList();
        return new AnalysisReport(r.dump(), r.summary(), r.histogram(), r.histogramClasses(), r.dominators(), r.suspects(),
                r.inspections(), sections, null);
    }

    /** An independent answer: a fresh parse and analysis at exactly --top, reading and writing no kept file. */
    static AnalysisReport fresh(Path dump, AnalysisOptions question) throws Exception {
        AnalysisReport r = HeapAnalysis.analyze(dump, question.withOpen(OpenOptions.NO_INDEX), Progress.NONE);
        assertThat(r.timings().fromKeptAnalysis()).isFalse();
        return timeless(r);
    }

    private AnalysisReport ask(Path dump, AnalysisOptions question) throws Exception {
        return HeapAnalysis.analyze(dump, question, noting);
    }

    @Test
    void anotherQuestionIsAnsweredFromTheKeptResultsAsAFreshAnalysisAnswersIt() throws Exception {
        DumpedHeap d = ForkedDump.of(RealisticHeap.class).args("--objects", "60k").jvmArgs("-Xmx256m").run(dir);
        Path dump = d.file();
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults().withTop(3), Progress.NONE); // the first question
        assertThat(AnalysisResultsFile.file(AnalysisOptions.defaults()).fileFor(dump)).exists();
        // the graph is not opened for another question: its files damaged, the answer still comes without a note
        for (String kind : List.of("dominators", "paths")) {
            try (RandomAccessFile f = new RandomAccessFile(DumpFiles.derived(dump, kind).toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
        }
        AnalysisReport before = null;
        for (int top : new int[]{1, 2, 5, 20, 1000}) {
            for (boolean inspections : new boolean[]{true, false}) {
                AnalysisOptions q = AnalysisOptions.defaults().withTop(top).withInspections(inspections);
                AnalysisReport kept = ask(dump, q);
                assertThat(kept.timings().fromKeptAnalysis()).as("top %d", top).isTrue();
                assertThat(timeless(kept)).as("top %d, inspections %s", top, inspections).isEqualTo(fresh(dump, q));
                if (top == 1000 && inspections) before = kept;
            }
        }
        assertThat(notes).isEmpty();
        // the lists were long enough for the cuts to matter
        assertThat(before.suspects().size()).isGreaterThan(2);
        assertThat(before.dominators().size()).isGreaterThan(20);
        assertThat(before.inspections().classLoaders().loaders().size()).isGreaterThan(1);
        assertThat(before.inspections().duplicateStrings().top().size()).isGreaterThan(20);
        // the times are the earlier run's, and say so
        assertThat(before.timings().totalMillis()).isGreaterThan(before.timings().reportMillis());
    }

    @Test
    void directBuffersBeyondTopAreCutAsAFreshAnalysisCutsThem() throws Exception {
        DumpedHeap d = ForkedDump.of(GrowthDirectBuffers.class).jvmArgs("-Xmx64m", "-XX:MaxDirectMemorySize=64m")
                .args("1200", "4096", "4", "0").run(dir);
        Path dump = d.file();
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults(), Progress.NONE);
        for (int top : new int[]{1, 7, 1000}) {
            AnalysisOptions q = AnalysisOptions.defaults().withTop(top);
            AnalysisReport kept = ask(dump, q);
            assertThat(kept.timings().fromKeptAnalysis()).isTrue();
            assertThat(timeless(kept)).as("top %d", top).isEqualTo(fresh(dump, q));
            assertThat(kept.inspections().directBuffers().largest()).hasSize(Math.min(top, 1000));
        }
        assertThat(notes).isEmpty();
    }

    @Test
    void aQuestionTheKeptResultsDoNotCoverGoesToTheIndex() throws Exception {
        DumpedHeap d = ForkedDump.of(RealisticHeap.class).args("--objects", "30k").jvmArgs("-Xmx256m").run(dir);
        Path dump = d.file();
        AnalysisOptions noInspections = AnalysisOptions.defaults().withInspections(false);
        HeapAnalysis.analyze(dump, noInspections, Progress.NONE);
        assertThat(ask(dump, noInspections.withTop(4)).timings().fromKeptAnalysis()).isTrue();

        // inspections were not run: computed now (and kept, with them, for the next question)
        AnalysisReport withInspections = ask(dump, AnalysisOptions.defaults());
        assertThat(withInspections.timings().fromKeptAnalysis()).isFalse();
        assertThat(timeless(withInspections)).isEqualTo(fresh(dump, AnalysisOptions.defaults()));
        assertThat(ask(dump, AnalysisOptions.defaults().withTop(9)).timings().fromKeptAnalysis()).isTrue();

        // more rows than kept, and options that change the analysis itself
        for (AnalysisOptions q : List.of(AnalysisOptions.defaults().withTop(AnalysisResultsFile.DEPTH + 1),
                AnalysisOptions.defaults().withAllObjects(true), AnalysisOptions.defaults().withWeakPaths(true),
                new AnalysisOptions(20, false, false, true, 0.05, OpenOptions.DEFAULTS))) {
            AnalysisReport r = ask(dump, q);
            assertThat(r.timings().fromKeptAnalysis()).as("%s", q).isFalse();
            assertThat(timeless(r)).as("%s", q).isEqualTo(fresh(dump, q));
        }
        // each set of analysis-changing options has its own kept results
        assertThat(ask(dump, AnalysisOptions.defaults().withAllObjects(true).withTop(3)).timings().fromKeptAnalysis()).isTrue();
        assertThat(ask(dump, AnalysisOptions.defaults().withWeakPaths(true).withTop(3)).timings().fromKeptAnalysis()).isTrue();
        assertThat(ask(dump, AnalysisOptions.defaults().withTop(3)).timings().fromKeptAnalysis()).isTrue();
        // --no-index neither reads nor writes them
        assertThat(ask(dump, AnalysisOptions.defaults().withTop(3).withOpen(OpenOptions.NO_INDEX)).timings().fromKeptAnalysis()).isFalse();
        assertThat(notes).isEmpty();
    }

    @Test
    void aSectionAddedOnTheClassPathIsNotTheKeptResultsToRender() throws Exception {
        ReportSection added = new ReportSection() {
            @Override public String name() { return "added"; }
            @Override public String description() { return "An added analysis"; }
            @Override public Result run(AnalysisContext c, QueryArgs a) { return new Note("added", "x"); }
        };
        List<ReportSection> builtIn = ReportSections.enabled(AnalysisOptions.defaults());
        AnalysisResults r = new AnalysisResults(1000, null, null, null, null, List.of(), null, java.util.Map.of(), null);
        assertThat(r.covers(AnalysisOptions.defaults().withInspections(false), builtIn.subList(0, 3))).isTrue();
        List<ReportSection> more = new ArrayList<>(builtIn.subList(0, 3));
        more.add(added);
        assertThat(r.covers(AnalysisOptions.defaults().withInspections(false), more)).isFalse();
        assertThat(r.covers(AnalysisOptions.defaults(), builtIn)).isFalse(); // no inspections kept
    }

    @Test
    void damagedForeignOrStaleKeptResultsAreIgnoredWithOneNote() throws Exception {
        DumpedHeap d = ForkedDump.of(RealisticHeap.class).args("--objects", "30k").jvmArgs("-Xmx256m").run(dir);
        Path dump = d.file();
        AnalysisOptions q = AnalysisOptions.defaults().withTop(4);
        AnalysisReport expected = fresh(dump, q);
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults(), Progress.NONE);
        Path file = AnalysisResultsFile.file(q).fileFor(dump);
        byte[] good = Files.readAllBytes(file);
        int macAt = "heapsight-results v1\n".length();

        List<byte[]> hostile = new ArrayList<>();
        hostile.add(java.util.Arrays.copyOf(good, good.length / 2));                       // truncated
        byte[] flipped = good.clone();
        flipped[good.length - 7] ^= 0x40;                                                   // edited
        hostile.add(flipped);
        byte[] otherKey = good.clone();                                                      // coded under another key
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        System.arraycopy(random, 0, otherKey, macAt, 32);
        hostile.add(otherKey);
        byte[] older = good.clone();
        older["heapsight-results v".length()] = '0';                                         // an older format
        hostile.add(older);
        for (byte[] bad : hostile) {
            Files.write(file, bad);
            notes.clear();
            AnalysisReport r = ask(dump, q);
            assertThat(r.timings().fromKeptAnalysis()).isFalse();
            assertThat(timeless(r)).isEqualTo(expected);
            assertThat(notes).singleElement().asString().startsWith("ignoring " + file).endsWith("answering from the index");
            assertThat(AnalysisResultsFile.load(dump, q, Progress.NONE)).isNotNull(); // kept again by the analysis that answered
        }

        // the file of another dump (a copy of the dump is another file: its own binding)
        Path other = dir.resolve("other.hprof");
        Files.copy(dump, other);
        HeapAnalysis.analyze(other, AnalysisOptions.defaults().withTop(2), Progress.NONE); // its own index
        Files.write(AnalysisResultsFile.file(q).fileFor(other), good);
        notes.clear();
        AnalysisReport r = ask(other, q);
        assertThat(r.timings().fromKeptAnalysis()).isFalse();
        assertThat(notes).singleElement().asString().contains("made from another dump");

        // stale: the index it was bound to was replaced (its keyed code differs), even though the dump is the same
        Files.write(file, good);
        Path index = SnapshotIndex.fileFor(dump);
        byte[] idx = Files.readAllBytes(index);
        idx[16 + 8 + 3] ^= 1; // inside the index's code (magic, version, length, code)
        Files.write(index, idx);
        notes.clear();
        r = ask(dump, q);
        assertThat(r.timings().fromKeptAnalysis()).isFalse();
        assertThat(timeless(r)).isEqualTo(expected);
        assertThat(notes).first().asString().contains(file.toString()).contains("made with another index of this dump");
        assertThat(ask(dump, q).timings().fromKeptAnalysis()).isTrue(); // kept again, bound to the rebuilt index
    }

    @Test
    void valuesOutOfRangeUnderAValidCodeAreRefusedAllTheSame() throws Exception {
        DumpedHeap d = ForkedDump.of(RealisticHeap.class).args("--objects", "30k").jvmArgs("-Xmx256m").run(dir);
        Path dump = d.file();
        AnalysisOptions q = AnalysisOptions.defaults();
        HeapAnalysis.analyze(dump, q, Progress.NONE);
        AnalysisResults good = AnalysisResultsFile.load(dump, q, noting);
        assertThat(good).isNotNull();
        LeakSuspectsSection.Shown first = good.suspects().get(0);
        Suspect s = first.suspect();
        List<AnalysisResults> hostile = List.of(
                withSuspect(good, new Suspect(s.rank(), s.holder(), s.holderPath(), s.accumulationPoint(),
                        (int) good.summary().objects() + 5, s.accumulationPointClass(), s.accumulatedClass(), s.count(),
                        s.retainedBytes(), s.heapFraction(), s.instances(), s.path(), s.description(), s.nativeBytes()), first),
                withSuspect(good, s.withRank(7), first),
                withSuspect(good, new Suspect(s.rank(), s.holder(), s.holderPath(), s.accumulationPoint(), s.accumulationPointIndex(),
                        s.accumulationPointClass(), s.accumulatedClass(), -1, s.retainedBytes(), s.heapFraction(), s.instances(),
                        s.path(), s.description(), s.nativeBytes()), first));
        for (AnalysisResults h : hostile) {
            AnalysisResultsFile.save(dump, q, h);
            notes.clear();
            assertThat(AnalysisResultsFile.load(dump, q, noting)).isNull();
            assertThat(notes).singleElement().asString().contains("out of ");
        }
    }

    private static AnalysisResults withSuspect(AnalysisResults r, Suspect s, LeakSuspectsSection.Shown like) {
        List<LeakSuspectsSection.Shown> suspects = new ArrayList<>(r.suspects());
        suspects.set(0, new LeakSuspectsSection.Shown(s, like.point(), like.path()));
        return new AnalysisResults(r.depth(), r.dump(), r.summary(), r.histogram(), r.dominators(), suspects, r.inspections(),
                r.sectionMillis(), r.timings());
    }
}
