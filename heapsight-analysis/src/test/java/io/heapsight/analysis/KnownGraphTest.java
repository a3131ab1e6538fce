package io.heapsight.analysis;

import io.heapsight.common.ClassHistogram;
import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forked JDK 25 JVM builds {@link KnownGraph} and dumps it; every expected number below is worked out by hand
 * from the JVM's layout with compressed oops and class pointers (12-byte header, 4-byte references, 8-byte alignment).
 */
class KnownGraphTest {
    static final String P = "io.heapsight.testkit.scenarios.KnownGraph$";

    @TempDir
    static Path dir;
    static DumpedHeap dumped;
    static HeapSnapshot heap;
    static DominatorTree dom;
    static GcRootPaths strong;

    @BeforeAll
    static void dump() throws Exception {
        dumped = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:+UseG1GC").run(dir);
        heap = HeapSnapshot.open(dumped.file(), Progress.NONE);
        dom = DominatorTree.compute(heap, Progress.NONE);
        strong = GcRootPaths.compute(heap, false);
    }

    @AfterAll
    static void close() throws Exception {
        if (heap != null) heap.close();
    }

    static int onlyInstanceOf(String className) {
        List<Integer> found = instancesOf(className);
        assertThat(found).as("instances of " + className).hasSize(1);
        return found.get(0);
    }

    static List<Integer> instancesOf(String className) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.classOfObject(i).name().equals(className) && !heap.isClassObject(i)) out.add(i);
        }
        return out;
    }

    @Test
    void detectsCompressedOopsLayout() {
        assertThat(heap.layout().headerSize()).isEqualTo(12);
        assertThat(heap.layout().referenceSize()).isEqualTo(4);
        assertThat(heap.walk().complete()).isTrue();
    }

    @Test
    void shallowSizesMatchTheJvmLayout() {
        // header 12 + 3 refs * 4 = 24 (MAT 1.17 says 24; layouts that ignore compressed oops say 40)
        assertThat(heap.shallowSize(onlyInstanceOf(P + "Triple"))).isEqualTo(24);
        // header 12 + int 4 = 16
        assertThat(heap.shallowSize(instancesOf(P + "Leaf").get(0))).isEqualTo(16);
        // header 12 + ref 4 + long 8 = 24
        assertThat(heap.shallowSize(instancesOf(P + "ChainNode").get(0))).isEqualTo(24);
        // array: header 12 + length 4 + 100 refs * 4 = 416
        int triple = onlyInstanceOf(P + "Triple");
        int leafArray = heap.reader().fieldObject(triple, "a");
        assertThat(heap.classOfObject(leafArray).name()).isEqualTo(P + "Leaf[]");
        assertThat(heap.shallowSize(leafArray)).isEqualTo(416);
        // long[1000]: 16 + 8000
        int soft = onlyInstanceOf(P + "SoftOnly");
        assertThat(heap.shallowSize(heap.reader().fieldObject(soft, "data"))).isEqualTo(8016);
    }

    @Test
    void retainedSizesAreExact() {
        int triple = onlyInstanceOf(P + "Triple");
        // Triple 24 + Leaf[] 416 + 100 Leaf * 16 + 1000 ChainNode * 24 + CycleA 16 + CycleB 16
        assertThat(dom.retainedSize(triple)).isEqualTo(24 + 416 + 1600 + 24_000 + 16 + 16);
        // the chain's head retains the whole chain; the cycle's entry retains both members
        int head = heap.reader().fieldObject(triple, "b");
        assertThat(dom.retainedSize(head)).isEqualTo(24_000);
        int ca = heap.reader().fieldObject(triple, "c");
        assertThat(dom.retainedSize(ca)).isEqualTo(32);
        assertThat(dom.idom(onlyInstanceOf(P + "CycleB"))).isEqualTo(ca);
        // ThreadLocalPayload 16 + byte[5000] (16 + 5000 = 5016) ; FrameLocalPayload 16 + byte[7000] (7016)
        assertThat(dom.retainedSize(onlyInstanceOf(P + "ThreadLocalPayload"))).isEqualTo(16 + 5016);
        assertThat(dom.retainedSize(onlyInstanceOf(P + "FrameLocalPayload"))).isEqualTo(16 + 7016);
    }

    @Test
    void histogramCountsAndRetainedPerClass() {
        Histogram h = Histogram.compute(heap, dom, false);
        assertThat(h.row(P + "Leaf").count()).isEqualTo(100);
        assertThat(h.row(P + "Leaf").shallowBytes()).isEqualTo(1600);
        assertThat(h.row(P + "ChainNode").count()).isEqualTo(1000);
        assertThat(h.row(P + "ChainNode").shallowBytes()).isEqualTo(24_000);
        // nested nodes of the chain are not counted twice: the class retains exactly the chain
        assertThat(h.row(P + "ChainNode").retainedBytes()).isEqualTo(24_000);
        assertThat(h.row(P + "Triple").retainedBytes()).isEqualTo(26_072);
    }

    @Test
    void histogramMatchesTheJvmsOwnClassHistogram() {
        Histogram h = Histogram.compute(heap, dom, true);
        ClassHistogram jvm = dumped.histogram();
        List<String> mismatches = new ArrayList<>();
        int compared = 0, exact = 0;
        boolean fillers = jvm.byClassName().containsKey("jdk.internal.vm.FillerElement[]");
        for (ClassHistogram.Row e : jvm.byClassName().values()) {
            String name = e.className();
            if (name.equals("java.lang.Class")) continue; // mirror size includes fields HPROF does not list
            // G1 fills dead space with FillerElement[] arrays that HPROF writes as int[]
            if (fillers && (name.equals("jdk.internal.vm.FillerElement[]") || name.equals("int[]"))) continue;
            compared++;
            Histogram.Row row = h.row(name);
            if (row != null && row.count() == e.instances() && row.shallowBytes() == e.bytes()) {
                exact++;
                continue;
            }
            mismatches.add(name + " jvm=" + e.instances() + "/" + e.bytes() + " heapsight=" + (row == null ? "none" : row.count() + "/" + row.shallowBytes()));
            // the histogram is taken just before the dump, and taking the dump allocates a few JDK objects:
            // a handful more or fewer instances, each of the size the JVM reports
            assertThat(row).as(name).isNotNull();
            long delta = row.count() - e.instances();
            assertThat(Math.abs(delta)).as(name + " count").isLessThanOrEqualTo(5);
            if (delta == 0) {
                assertThat(row.shallowBytes()).as(name + " bytes").isEqualTo(e.bytes());
            } else if (!h.row(name).className().endsWith("[]")) {
                assertThat(row.shallowBytes() / row.count()).as(name + " size").isEqualTo(e.bytes() / e.instances());
            }
        }
        System.out.println(String.join("\n", mismatches));
        assertThat(compared).isGreaterThan(300);
        assertThat(exact).isGreaterThan(compared * 97 / 100);
        for (String cls : List.of("Triple", "Leaf", "ChainNode", "CycleA", "CycleB", "SoftOnly", "ThreadLocalPayload", "FrameLocalPayload", "Leaf[]")) {
            assertThat(mismatches).noneMatch(m -> m.startsWith(P + cls + " "));
            assertThat(jvm.byClassName()).containsKey(P + cls);
        }
    }

    @Test
    void pathThroughAStaticField() {
        int leaf = instancesOf(P + "Leaf").get(7);
        List<PathStep> path = strong.path(leaf);
        List<String> via = path.stream().map(PathStep::via).toList();
        assertThat(via).contains("static io.heapsight.testkit.scenarios.KnownGraph.ROOT_TRIPLE", P + "Triple.a");
        assertThat(via.get(via.size() - 1)).matches("\\[\\d+]");
        assertThat(path.get(0).isRoot()).isTrue();
        assertThat(path.get(path.size() - 1).objectIndex()).isEqualTo(leaf);
    }

    @Test
    void pathThroughAThreadLocal() {
        int payload = onlyInstanceOf(P + "ThreadLocalPayload");
        List<PathStep> path = strong.path(payload);
        List<String> via = path.stream().map(PathStep::via).toList();
        assertThat(via).contains("java.lang.Thread.threadLocals", "java.lang.ThreadLocal$ThreadLocalMap$Entry.value");
        assertThat(strong.rootKindOf(path.get(0).objectIndex())).isIn(GcRootKind.THREAD_OBJECT, GcRootKind.JAVA_FRAME);
        assertThat(heap.describe(path.get(0).objectIndex())).startsWith("java.lang.Thread@");
    }

    @Test
    void pathFromAThreadsFrameLocal() {
        int payload = onlyInstanceOf(P + "FrameLocalPayload");
        List<PathStep> path = strong.path(payload);
        assertThat(path).hasSize(1);
        assertThat(strong.rootKindOf(payload)).isEqualTo(GcRootKind.JAVA_FRAME);
        assertThat(path.get(0).via()).contains("thread \"frame-holder\"").contains("KnownGraph");
    }

    @Test
    void softlyReachableObjectHasNoStrongPathButAWeakOne() {
        assertThat(dumped.facts()).containsEntry("softAlive", "true");
        int soft = onlyInstanceOf(P + "SoftOnly");
        assertThat(strong.hasPath(soft)).isFalse();
        assertThat(strong.path(soft)).isEmpty();
        GcRootPaths weak = GcRootPaths.compute(heap, true);
        List<String> via = weak.path(soft).stream().map(PathStep::via).toList();
        assertThat(via).contains("java.lang.ref.Reference.referent");
        assertThat(dom.isReachable(soft)).isTrue();
    }
}
