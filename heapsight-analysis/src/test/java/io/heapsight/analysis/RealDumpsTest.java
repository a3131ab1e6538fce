package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.WalkResult;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.DeepChain;
import io.heapsight.testkit.scenarios.KnownGraph;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Dumps written by real JVMs: other layouts and JDKs, gzip, a 1M-deep chain, a leak, and the shared fixtures. */
class RealDumpsTest {
    static final String KG = "io.heapsight.testkit.scenarios.KnownGraph$";

    @TempDir
    Path dir;

    @Test
    void uncompressedOopsLayoutOnJdk25() throws Exception {
        DumpedHeap d = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:-UseCompressedOops").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.open(d.file(), Progress.NONE)) {
            assertThat(heap.layout().referenceSize()).isEqualTo(8);
            assertThat(heap.layout().headerSize()).isEqualTo(12); // class pointers stay compressed
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            Histogram h = Histogram.compute(heap, dom, true);
            // Triple: 12 + 3 * 8 = 36 -> 40; Leaf: 12 + 4 = 16; ChainNode: 12 + 8 + 8 = 28 -> 32 (long at 16, ref at 24)
            assertThat(h.row(KG + "Triple").shallowBytes()).isEqualTo(40);
            assertThat(h.row(KG + "Leaf").shallowBytes()).isEqualTo(100 * 16);
            assertThat(h.row(KG + "ChainNode").shallowBytes()).isEqualTo(1000 * 32);
            // Leaf[100]: 16 + 800
            assertThat(h.row(KG + "Leaf[]").shallowBytes()).isEqualTo(816);
            // CycleA / CycleB: 12 + 8 = 20 -> 24 each
            assertThat(h.row(KG + "Triple").retainedBytes()).isEqualTo(40 + 816 + 1600 + 32_000 + 24 + 24);
            for (String cls : List.of("Triple", "Leaf", "ChainNode", "Leaf[]", "SoftOnly")) {
                var jvm = d.histogram().byClassName().get(KG + cls);
                assertThat(h.row(KG + cls).shallowBytes()).as(cls).isEqualTo(jvm.bytes());
                assertThat(h.row(KG + cls).count()).as(cls).isEqualTo(jvm.instances());
            }
        }
    }

    @Test
    void jdk17DumpMatchesItsJvm() throws Exception {
        DumpedHeap d = ForkedDump.of(KnownGraph.class).jdk(17).jvmArgs("-Xmx256m", "-XX:+UseParallelGC").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.open(d.file(), Progress.NONE)) {
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            Histogram h = Histogram.compute(heap, dom, true);
            for (String cls : List.of("Triple", "Leaf", "ChainNode", "Leaf[]", "SoftOnly", "ThreadLocalPayload", "FrameLocalPayload")) {
                var jvm = d.histogram().byClassName().get(KG + cls);
                assertThat(h.row(KG + cls).shallowBytes()).as(cls).isEqualTo(jvm.bytes());
                assertThat(h.row(KG + cls).count()).as(cls).isEqualTo(jvm.instances());
            }
            assertThat(h.row(KG + "Triple").retainedBytes()).isEqualTo(24 + 416 + 1600 + 24_000 + 16 + 16);
        }
    }

    @Test
    void gzipDumpFromJcmdReadsLikeThePlainOne() throws Exception {
        DumpedHeap d = ForkedDump.of(KnownGraph.class).gzip(1).run(dir);
        try (var in = Files.newInputStream(d.file())) {
            assertThat(in.read()).isEqualTo(0x1f);
        }
        AnalysisReport r = HeapAnalysis.analyze(d.file(), AnalysisOptions.defaults().withAllObjects(true), Progress.NONE);
        assertThat(r.dump().status()).isEqualTo(WalkResult.Status.COMPLETE);
        var leaf = r.histogram().stream().filter(x -> x.className().equals(KG + "Leaf")).findFirst().orElseThrow();
        assertThat(leaf.count()).isEqualTo(100);
        assertThat(leaf.shallowBytes()).isEqualTo(1600);
    }

    @Test
    void millionDeepChainHasExactRetainedSizesWithoutRecursion() throws Exception {
        DumpedHeap d = ForkedDump.of(DeepChain.class).jvmArgs("-Xmx512m").args("1000000").run(dir);
        try (HeapSnapshot heap = HeapSnapshot.open(d.file(), Progress.NONE)) {
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            int linkClass = -1, chainClass = -1;
            for (int c = 0; c < heap.classCount(); c++) {
                String name = heap.heapClass(c).name();
                if (name.equals("io.heapsight.testkit.scenarios.DeepChain$Link")) linkClass = c;
                if (name.equals("io.heapsight.testkit.scenarios.DeepChain")) chainClass = c;
            }
            var chain = heap.heapClass(chainClass);
            int head = heap.indexOfId(chain.staticValues()[java.util.Arrays.asList(chain.staticNames()).indexOf("HEAD")]);
            assertThat(heap.classOf(head)).isEqualTo(linkClass);
            // 12 header + 4 ref + 8 long = 24 bytes per link; the head retains all of them
            assertThat(dom.retainedSize(head)).isEqualTo(24L * 1_000_000);
            // follow next a million times to the tail
            int tail = head, steps = 0;
            while (heap.edgeEnd(tail) > heap.edgeStart(tail)) {
                tail = heap.edgeTarget(heap.edgeStart(tail));
                steps++;
            }
            assertThat(steps).isEqualTo(999_999);
            assertThat(dom.retainedSize(tail)).isEqualTo(24);
            GcRootPaths paths = GcRootPaths.compute(heap, false);
            // root, ..., class DeepChain, static HEAD, then a million links
            assertThat(paths.objectsOnPath(tail).size()).isGreaterThan(1_000_000);
            List<Suspect> suspects = LeakSuspects.find(heap, dom, paths, 0.05, 5);
            assertThat(suspects.get(0).holder()).isEqualTo("io.heapsight.testkit.scenarios.DeepChain.HEAD");
            assertThat(suspects.get(0).accumulatedClass()).isEqualTo("io.heapsight.testkit.scenarios.DeepChain$Link");
            assertThat(suspects.get(0).count()).isEqualTo(1_000_000);
        }
    }

    @Test
    void leakyStaticCacheIsTheFirstSuspectNamedByItsField() throws Exception {
        // 20,000 documents of 1 KB in a static HashMap, beside a lookup table that is not a leak
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx512m").args("20000", "1024", "0").run(dir);
        AnalysisReport r = HeapAnalysis.analyze(d.file(), AnalysisOptions.defaults(), Progress.NONE);
        Suspect top = r.suspects().get(0);
        assertThat(top.holder()).isEqualTo("io.heapsight.testkit.scenarios.LeakCache.ENTRIES");
        assertThat(top.accumulatedClass()).isEqualTo("io.heapsight.testkit.scenarios.LeakCache$Document");
        assertThat(top.accumulationPointClass()).isEqualTo("java.util.HashMap");
        assertThat(top.count()).isEqualTo(20_000);
        // each entry: HashMap$Node 32 + Document 24 + byte[1024] 1040 + String "doc-N" 24 + its byte[] 16..24
        assertThat(top.retainedBytes()).isBetween(20_000L * (32 + 24 + 1040 + 24 + 16), 20_000L * (32 + 24 + 1040 + 24 + 24) + 300_000);
        assertThat(top.path().get(top.path().size() - 1).via()).isEqualTo("static io.heapsight.testkit.scenarios.LeakCache.ENTRIES");
    }

    @Test
    void everySharedFixtureDumpParses() throws Exception {
        Path fixtures = Paths.get("..", "..", "shared", "fixtures", "mat-dumps").toAbsolutePath().normalize();
        if (!Files.isDirectory(fixtures)) fixtures = Paths.get("..", "shared", "fixtures", "mat-dumps").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(fixtures), "no ../shared/fixtures/mat-dumps beside the checkout: skipped");
        List<Path> dumps;
        try (Stream<Path> s = Files.list(fixtures)) {
            dumps = s.filter(p -> p.getFileName().toString().matches(".*\\.hprof(\\.gz)?")).sorted().toList();
        }
        assertThat(dumps).isNotEmpty();
        for (Path original : dumps) {
            Path copy = dir.resolve(original.getFileName()); // the fixtures folder is read-only
            Files.copy(original, copy);
            AnalysisReport r = HeapAnalysis.analyze(copy, AnalysisOptions.defaults().withAllObjects(true), Progress.NONE);
            assertThat(r.dump().status()).as(original.toString()).isEqualTo(WalkResult.Status.COMPLETE);
            assertThat(r.summary().objects()).as(original.toString()).isGreaterThan(1000);
            assertThat(r.suspects()).as(original.toString()).isNotEmpty();
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir.resolve(original.getFileName().toString().replace(".gz", "")));
        }
    }
}
