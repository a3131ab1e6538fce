package io.heapsight.analysis.diff;

import io.heapsight.common.LeakVerdict;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.GrowthBesideConstant;
import io.heapsight.testkit.scenarios.GrowthBoundedCache;
import io.heapsight.testkit.scenarios.GrowthDirectBuffers;
import io.heapsight.testkit.scenarios.GrowthHiddenClasses;
import io.heapsight.testkit.scenarios.GrowthSessionThreads;
import io.heapsight.testkit.scenarios.GrowthRedeploy;
import io.heapsight.testkit.scenarios.GrowthThreadLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scenario dumped at several sizes by a forked JVM, then diffed; expected values are worked out in comments. */
class HeapDiffScenariosTest {
    static final String SCENARIOS = "io.heapsight.testkit.scenarios.";

    @TempDir
    Path dir;

    private List<Path> dumps(Class<?> scenario, List<String> jvmArgs, String[]... argsPerDump) throws Exception {
        List<Path> out = new ArrayList<>();
        for (String[] args : argsPerDump) {
            DumpedHeap d = ForkedDump.of(scenario).jvmArgs(jvmArgs.toArray(String[]::new)).args(args).run(dir);
            out.add(d.file());
        }
        return out;
    }

    private static HolderDiff holder(DiffReport r, String holder) {
        return r.holders().stream().filter(h -> h.suspect().holder().equals(holder)).findFirst()
                .orElseThrow(() -> new AssertionError("no holder " + holder + " in " + describe(r)));
    }

    static String describe(DiffReport r) {
        StringBuilder b = new StringBuilder("\n");
        for (HolderDiff h : r.holders()) b.append(h.rank()).append(' ').append(h.verdict()).append(' ').append(h.suspect().holder())
                .append(" [").append(h.suspect().holderPath()).append("] ").append(h.suspect().accumulatedClass()).append(' ')
                .append(h.series()).append('\n');
        return b.toString();
    }

    @Test
    void growingMapBesideALargerConstantTable() throws Exception {
        // 2,000 / 5,000 / 8,000 sessions of 1 KB beside 3,000 x int[2500] (30,048,000 bytes of arrays) that never change
        List<Path> files = dumps(GrowthBesideConstant.class, List.of("-Xmx256m"),
                new String[] {"2000", "1024", "3000"}, new String[] {"5000", "1024", "3000"}, new String[] {"8000", "1024", "3000"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);

        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        assertThat(top.suspect().holder()).as(describe(r)).isEqualTo(SCENARIOS + "GrowthBesideConstant.SESSIONS");
        assertThat(top.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(top.growingSteps()).isEqualTo(2);
        assertThat(top.suspect().accumulatedClass()).isEqualTo("byte[]");
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(2000L, 5000L, 8000L);
        // per entry: HashMap$Node 32 + Long 24 (12 header + long aligned to 8) + byte[1024] 1040 = 1096; HashMap 48; table Node[4096|8192|16384] = 16 + 4n
        assertThat(top.series()).extracting(SeriesPoint::retainedBytes)
                .containsExactly(48 + 16_400 + 2_000 * 1096L, 48 + 32_784 + 5_000 * 1096L, 48 + 65_552 + 8_000 * 1096L);
        assertThat(top.growthBytes()).isEqualTo(65_552 - 16_400 + 6_000 * 1096L);
        assertThat(top.growthCount()).isEqualTo(6000);

        HolderDiff constant = holder(r, SCENARIOS + "GrowthBesideConstant.REFERENCE_DATA");
        assertThat(constant.verdict()).isEqualTo(HolderVerdict.STABLE);
        assertThat(constant.growthBytes()).isZero();
        assertThat(constant.series().get(0).retainedBytes()).isGreaterThan(30_048_000L).isGreaterThan(top.series().get(2).retainedBytes());
        assertThat(r.growing()).hasSize(1);

        ClassDiff bytes = r.classes().stream().filter(c -> c.className().equals("byte[]")).findFirst().orElseThrow();
        // 6,000 more payloads; the JVM's own byte[] (strings) may differ by a few between runs
        assertThat(bytes.countDelta()).isBetween(6000L - 16, 6000L + 16);
        assertThat(bytes.shallowDelta()).isBetween(6000 * 1040L - 4096, 6000 * 1040L + 4096);
        ClassDiff nodes = r.classes().stream().filter(c -> c.className().equals("java.util.HashMap$Node")).findFirst().orElseThrow();
        assertThat(nodes.countDelta()).isGreaterThanOrEqualTo(6000);
        ClassDiff ints = r.classes().stream().filter(c -> c.className().equals("int[]")).findFirst().orElseThrow();
        assertThat(ints.shallowDelta()).isBetween(-64 * 1024L, 64 * 1024L);
    }

    @Test
    void boundedCachePlateausAndIsNoLeak() throws Exception {
        // LRU bound 3,000: 1,500 then 3,000 then 3,000 (after 6,000 inserts) entries of 512 bytes
        List<Path> files = dumps(GrowthBoundedCache.class, List.of("-Xmx256m"),
                new String[] {"1500", "3000", "512"}, new String[] {"3000", "3000", "512"}, new String[] {"6000", "3000", "512"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        HolderDiff cache = holder(r, SCENARIOS + "GrowthBoundedCache.RECENT");
        assertThat(cache.verdict()).as(describe(r)).isEqualTo(HolderVerdict.PLATEAUED);
        assertThat(cache.series()).extracting(SeriesPoint::count).containsExactly(1500L, 3000L, 3000L);
        // per entry: LinkedHashMap$Entry 40 + Long 24 + byte[512] 528 = 592; the table never exceeds 4,096 slots
        // (threshold 3,072 > bound + 1), so the last two dumps retain exactly the same
        assertThat(cache.series().get(2).retainedBytes()).isEqualTo(cache.series().get(1).retainedBytes());
        assertThat(cache.series().get(2).retainedBytes() - cache.series().get(0).retainedBytes())
                .isEqualTo(1500 * 592L + (16 + 4 * 4096) - (16 + 4 * 2048));
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.NO_LEAK);

        // the last two dumps alone: nothing grows
        DiffReport lastTwo = HeapDiff.compare(files.subList(1, 3), DiffOptions.defaults(), Progress.NONE);
        assertThat(holder(lastTwo, SCENARIOS + "GrowthBoundedCache.RECENT").verdict()).isEqualTo(HolderVerdict.STABLE);
        assertThat(lastTwo.verdict()).isEqualTo(LeakVerdict.NO_LEAK);
        // the first two alone look like growth (two dumps cannot tell a bound from a leak)
        DiffReport firstTwo = HeapDiff.compare(files.subList(0, 2), DiffOptions.defaults(), Progress.NONE);
        assertThat(firstTwo.verdict()).isEqualTo(LeakVerdict.LEAK);
    }

    @Test
    void threadLocalOfPooledThreadsIsOneGroupedHolder() throws Exception {
        // 4 pool threads, each with 100 / 300 / 500 byte[4096] in its ThreadLocal list
        List<Path> files = dumps(GrowthThreadLocal.class, List.of("-Xmx256m"),
                new String[] {"4", "100", "4096"}, new String[] {"4", "300", "4096"}, new String[] {"4", "500", "4096"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        assertThat(top.suspect().holder()).as(describe(r))
                .isIn("java.lang.Thread.threadLocals", "java.lang.ThreadLocal$ThreadLocalMap$Entry.value");
        assertThat(top.suspect().instances()).isEqualTo(4);
        assertThat(top.suspect().accumulatedClass()).isEqualTo("byte[]");
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(400L, 1200L, 2000L);
        // 1,600 more byte[4096] of 4,112 bytes each, plus the lists' bigger arrays
        assertThat(top.growthBytes()).isBetween(1600 * 4112L, 1600 * 4112L + 4 * 4 * 800L);
        assertThat(top.verdict()).isEqualTo(HolderVerdict.GROWING);
    }

    @Test
    void redeployedClassLoadersAreNamedByTheListThatKeepsThem() throws Exception {
        // 3 / 6 / 9 deployments, each a URLClassLoader whose plugin class holds 256 KB of static state
        List<Path> files = dumps(GrowthRedeploy.class, List.of("-Xmx256m"), new String[] {"3"}, new String[] {"6"}, new String[] {"9"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        assertThat(top.suspect().holder()).as(describe(r)).isEqualTo(SCENARIOS + "GrowthRedeploy.PLUGINS");
        assertThat(top.suspect().accumulatedClass()).isEqualTo(SCENARIOS + "GrowthRedeployPlugin");
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(3L, 6L, 9L);
        // each deployment retains at least its plugin's byte[262144] (262,160 bytes) plus its loader and class
        assertThat(top.growthBytes()).isGreaterThan(6 * 262_160L).isLessThan(6 * 400_000L);
        ClassDiff loaders = r.classes().stream().filter(c -> c.className().equals("java.net.URLClassLoader")).findFirst().orElseThrow();
        assertThat(loaders.countDelta()).isEqualTo(6);
        // the loaders' class-loader leak lies wholly inside that list: one row, the list, says what it keeps
        assertThat(r.holders()).noneMatch(h -> h.suspect().holderPath().startsWith("CLASS_LOADERS:"));
        assertThat(top.suspect().description()).endsWith("; it keeps 9 class loaders (java.net.URLClassLoader) defining "
                + SCENARIOS + "GrowthRedeployPlugin");
        // analyze (1% threshold) does not see the list of 9 big elements as an accumulation point: the class-loader
        // leak is the suspect, named by the static field that pins the loaders
        io.heapsight.analysis.AnalysisReport a = io.heapsight.analysis.HeapAnalysis.analyze(files.get(2),
                io.heapsight.analysis.AnalysisOptions.defaults(), Progress.NONE);
        io.heapsight.analysis.Suspect first = a.suspects().get(0);
        assertThat(first.holder()).isEqualTo(SCENARIOS + "GrowthRedeploy.PLUGINS");
        assertThat(first.description()).startsWith("class-loader leak: " + SCENARIOS + "GrowthRedeployPlugin is defined by 9 class "
                + "loaders (java.net.URLClassLoader); 9 of them pinned by " + SCENARIOS + "GrowthRedeploy.PLUGINS");
        assertThat(first.instances()).isEqualTo(9);
        // each loader with its plugin class and that class's 256 KB of static state
        assertThat(first.retainedBytes()).isBetween(9 * 262_160L, 9 * 400_000L);
    }

    @Test
    void directBuffersRankByTheNativeMemoryTheyPin() throws Exception {
        // 8 / 16 / 24 direct buffers of 1 MiB (each a small heap object) beside 16 MiB of constant heap arrays and a
        // heap log growing by 2,000 byte[1024] per dump (about 2 MB per step, against 8 MiB of native per step)
        List<String> jvm = List.of("-Xmx256m", "-XX:MaxDirectMemorySize=128m");
        List<Path> files = dumps(GrowthDirectBuffers.class, jvm, new String[] {"8", "1048576", "16", "2000"},
                new String[] {"16", "1048576", "16", "4000"}, new String[] {"24", "1048576", "16", "6000"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        assertThat(top.suspect().holder()).as(describe(r)).isEqualTo(SCENARIOS + "GrowthDirectBuffers.OPEN_CHANNELS");
        assertThat(top.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(top.series()).extracting(SeriesPoint::nativeBytes).containsExactly(8L << 20, 16L << 20, 24L << 20);
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(8L, 16L, 24L);
        // the heap objects are tiny: the growth is the 16 MiB of native memory plus under 16 KB of heap
        assertThat(top.growthBytes()).isBetween(16L << 20, (16L << 20) + 16 * 1024);
        assertThat(top.series().get(2).retainedBytes()).isLessThan(16 * 1024);
        assertThat(r.dumps()).extracting(DiffReport.DumpEntry::nativeBytes).containsExactly(8L << 20, 16L << 20, 24L << 20);

        // the heap log grows too, by 4,000 x 1,040 bytes plus its array: second, although its heap growth is far bigger
        HolderDiff log = r.holders().get(1);
        assertThat(log.suspect().holder()).isEqualTo(SCENARIOS + "GrowthDirectBuffers.LOG_LINES");
        assertThat(log.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(log.growthBytes()).isBetween(4000 * 1040L, 4000 * 1040L + 64 * 1024);
        assertThat(log.growthBytes()).isGreaterThan(100 * (top.growthBytes() - (16L << 20)));

        HolderDiff heapCache = holder(r, SCENARIOS + "GrowthDirectBuffers.HEAP_CACHE");
        assertThat(heapCache.verdict()).isEqualTo(HolderVerdict.STABLE);
        assertThat(heapCache.series().get(2).retainedBytes()).isGreaterThan(16L << 20);
    }

    @Test
    void classesDefinedPerRegistrationCountForTheFieldHoldingThem() throws Exception {
        // 200 / 400 / 600 registrations, each a new hidden class (16 KB of static state) and one instance of it in HANDLERS
        List<Path> files = dumps(GrowthHiddenClasses.class, List.of("-Xmx256m"), new String[] {"200"}, new String[] {"400"},
                new String[] {"600"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        assertThat(top.suspect().holder()).as(describe(r)).isEqualTo(SCENARIOS + "GrowthHiddenClasses.HANDLERS");
        assertThat(top.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(200L, 400L, 600L);
        // per registration: the instance (16 B), its class's byte[16384] (16,400 B) and the class object itself
        // (a java.lang.Class of ~100 B plus its static slots): all of it under HANDLERS, none under the class loader
        assertThat(top.growthBytes()).isBetween(400 * (16L + 16_400), 400 * (16L + 16_400 + 1_024) + 4 * 1024);
        // one row per holder
        assertThat(r.holders()).extracting(h -> h.suspect().holder()).as(describe(r)).doesNotHaveDuplicates();
        // the application class loader's class list does not grow with them
        for (HolderDiff h : r.holders()) {
            if (h.suspect().accumulatedClass().equals("java.lang.Class")) assertThat(h.verdict()).as(describe(r)).isNotEqualTo(HolderVerdict.GROWING);
        }
    }

    @Test
    void threadsStartedPerSessionAreOneHolderWhoseCountGrows() throws Exception {
        // 2 / 4 / 6 threads "session-N", each keeping a byte[2 MiB] (2,097,168 bytes) through its Runnable
        List<Path> files = dumps(GrowthSessionThreads.class, List.of("-Xmx256m"), new String[] {"2"}, new String[] {"4"},
                new String[] {"6"});
        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        // the Runnables are the top-level dominators (each is kept by its thread and by that thread's frame)
        assertThat(top.suspect().holder()).as(describe(r)).isEqualTo("GC root: threads \"session-#\" → java.lang.Thread$FieldHolder.task");
        assertThat(top.suspect().accumulatedClass()).isEqualTo(SCENARIOS + "GrowthSessionThreads$Session");
        assertThat(top.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(2L, 4L, 6L);
        // each Runnable: its state (byte[2 MiB], 2,097,168 bytes) and itself (24 bytes)
        assertThat(top.growthBytes()).isEqualTo(4 * (2_097_168L + 24));

        io.heapsight.analysis.AnalysisReport a = io.heapsight.analysis.HeapAnalysis.analyze(files.get(2),
                io.heapsight.analysis.AnalysisOptions.defaults(), Progress.NONE);
        io.heapsight.analysis.Suspect first = a.suspects().get(0);
        assertThat(first.holder()).isEqualTo(top.suspect().holder());
        assertThat(first.instances()).isEqualTo(6);
        assertThat(first.retainedBytes()).isEqualTo(6 * (2_097_168L + 24));
        assertThat(first.description()).startsWith("6 instances of " + SCENARIOS + "GrowthSessionThreads$Session retain 12.0 MB");
    }
}
