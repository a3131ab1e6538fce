package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.PrivateHeapsightCache;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duplicate strings kept beside a dump answer any --top up to the kept count exactly as a fresh pass over the
 * dump does; a file of another version, another dump, edited bytes or out-of-range values (even under a valid code)
 * is refused with one note and the strings are found again.
 */
@ExtendWith(PrivateHeapsightCache.class)
class DuplicateStringsFileTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    @Test
    void keptStringsAnswerAnyTopAsAFreshPassAndBadFilesAreRefused() throws Exception {
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("2000", "256", "0").run(dir);
        Path dump = d.file();
        HeapAnalysis.analyze(dump, AnalysisOptions.defaults(), Progress.NONE); // writes the files, strings included
        Path file = DuplicateStringsFile.fileFor(dump);
        assertThat(file).exists();
        try (HeapSnapshot heap = HeapSnapshot.open(dump, Progress.NONE, io.heapsight.heap.OpenOptions.DEFAULTS)) {
            assertThat(heap.openOptions().useIndex()).isTrue();
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            for (int top : new int[]{0, 1, 3, 20, 200}) {
                DuplicateStrings.Result fresh = DuplicateStrings.find(heap, dom, top, Progress.NONE);
                assertThat(DuplicateStringsFile.computeOrLoad(heap, dom, dump, top, noting)).as("top %d", top).isEqualTo(fresh);
            }
            assertThat(notes).isEmpty();
            DuplicateStrings.Result kept = DuplicateStringsFile.load(dump, heap.objectCount(), noting);
            assertThat(kept.top().size()).isGreaterThan(3); // the JDK's own heap holds duplicate strings
            byte[] good = Files.readAllBytes(file);

            // an older (or newer) version: refused, found again and rewritten
            byte[] old = good.clone();
            old["heapsight-strings v".length()] = '0';
            Files.write(file, old);
            assertThat(DuplicateStringsFile.computeOrLoad(heap, dom, dump, 5, noting)).isEqualTo(DuplicateStrings.find(heap, dom, 5, Progress.NONE));
            assertThat(notes).singleElement().asString().contains("an older strings file format")
                    .contains("finding the duplicate strings again");
            assertThat(Files.readAllBytes(file)).isEqualTo(good);
            notes.clear();
            old["heapsight-strings v".length()] = '9'; // a newer one: not ours
            Files.write(file, old);
            assertThat(DuplicateStringsFile.computeOrLoad(heap, dom, dump, 5, noting)).isEqualTo(DuplicateStrings.find(heap, dom, 5, Progress.NONE));
            assertThat(notes).singleElement().asString().contains("not a strings file of this heapsight version");

            // every edited byte is refused with one note
            for (int at = 0; at < good.length; at += Math.max(1, good.length / 200)) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) 0x21;
                Files.write(file, bad);
                notes.clear();
                assertThat(DuplicateStringsFile.load(dump, heap.objectCount(), noting)).as("byte %d", at).isNull();
                assertThat(notes).hasSize(1);
            }

            // the file of another dump (a copy is another file: its own binding)
            Path other = dir.resolve("other.hprof");
            Files.copy(dump, other);
            Files.write(DuplicateStringsFile.fileFor(other), good);
            notes.clear();
            assertThat(DuplicateStringsFile.load(other, heap.objectCount(), noting)).isNull();
            assertThat(notes).singleElement().asString().contains("another dump");

            // values out of range under a valid code (a bug in a writer): refused all the same
            DuplicateStrings.Group g = kept.top().get(0);
            List<DuplicateStrings.Result> hostile = List.of(
                    new DuplicateStrings.Result(kept.strings(), kept.distinct(), kept.wastedBytes(),
                            List.of(new DuplicateStrings.Group(g.text(), 1, 0, g.bytesEach()))),
                    new DuplicateStrings.Result(heap.objectCount() + 1L, kept.distinct(), kept.wastedBytes(), kept.top()),
                    new DuplicateStrings.Result(kept.strings(), kept.distinct(), g.wastedBytes() - 1, List.of(g)),
                    new DuplicateStrings.Result(kept.strings(), kept.distinct(), kept.wastedBytes(),
                            List.of(kept.top().get(1), g)),
                    new DuplicateStrings.Result(kept.strings(), kept.distinct(), kept.wastedBytes(),
                            List.of(new DuplicateStrings.Group("x".repeat(600), g.count(), g.wastedBytes(), g.bytesEach()))));
            for (DuplicateStrings.Result h : hostile) {
                if (h.top().size() == 2 && h.top().get(0).wastedBytes() == g.wastedBytes()) continue; // equal waste: in order
                DuplicateStringsFile.save(dump, heap.objectCount(), h);
                notes.clear();
                assertThat(DuplicateStringsFile.load(dump, heap.objectCount(), noting)).as("%s", h).isNull();
                assertThat(notes).singleElement().asString().contains("range");
            }
            // and an index of another size
            DuplicateStringsFile.save(dump, heap.objectCount() + 1L, kept);
            notes.clear();
            assertThat(DuplicateStringsFile.load(dump, heap.objectCount(), noting)).isNull();
            assertThat(notes).singleElement().asString().contains("object count");
            assertThat(new String(good, 0, 18, StandardCharsets.UTF_8)).isEqualTo("heapsight-strings ");
        }
    }
}
