package io.heapsight.analysis.diff;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.Suspect;
import io.heapsight.common.LeakVerdict;
import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Matching and ranking on hand-made summaries (no dumps): ids differ, paths and fields carry the identity. */
class HeapDiffSummariesTest {
    static final long MB = 1 << 20;

    static HolderObservation obs(String holder, String path, String cls, long count, long bytes) {
        return new HolderObservation(new Suspect(0, holder, path, "java.util.HashMap@0x" + Long.toHexString(bytes), (int) count,
                "java.util.HashMap", cls, count, bytes, 0.1, 1, List.of(), "d"), 0, 0);
    }

    static DumpSummary dump(String file, long heap, HolderObservation... holders) {
        var info = new AnalysisReport.DumpInfo(file, 1, "JAVA PROFILE 1.0.2", 8, 0, "x", WalkResult.Status.COMPLETE, 1, null);
        return new DumpSummary(info, 1000, heap, 0, Map.of("byte[]", new ClassStats(1, 2, 3)), List.of(holders));
    }

    static DiffReport compare(DumpSummary... dumps) {
        return HeapDiff.compareSummaries(List.of(dumps), DiffOptions.defaults(), 0);
    }

    @Test
    void holderWhosePathChangedIsMatchedByItsFieldAndElementClass() {
        // noise = max(256 KB, 1% of 100 MB) = 1 MB
        DiffReport r = compare(
                dump("a", 100 * MB, obs("A.cache", "ROOT:A -> static A.cache", "Item", 100, 10 * MB)),
                dump("b", 100 * MB, obs("A.cache", "ROOT:B -> B.a -> static A.cache", "Item", 200, 20 * MB)),
                dump("c", 100 * MB, obs("A.cache", "ROOT:A -> static A.cache", "Item", 300, 30 * MB)));
        assertThat(r.noiseBytes()).isEqualTo(MB);
        assertThat(r.holders()).hasSize(1);
        HolderDiff h = r.holders().get(0);
        assertThat(h.series()).extracting(SeriesPoint::count).containsExactly(100L, 200L, 300L);
        assertThat(h.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(h.growthBytes()).isEqualTo(20 * MB);
        assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
    }

    @Test
    void steadyGrowthRanksAboveABiggerOneOffAndAbsentCountsAsZero() {
        DiffReport r = compare(
                dump("a", 100 * MB, obs("S.steady", "R -> S.steady", "X", 10, 10 * MB), obs("O.oneOff", "R -> O.oneOff", "Y", 1, 5 * MB)),
                dump("b", 100 * MB, obs("S.steady", "R -> S.steady", "X", 20, 14 * MB), obs("O.oneOff", "R -> O.oneOff", "Y", 1, 5 * MB)),
                dump("c", 100 * MB, obs("S.steady", "R -> S.steady", "X", 30, 18 * MB), obs("O.oneOff", "R -> O.oneOff", "Y", 9, 45 * MB),
                        obs("N.fresh", "R -> N.fresh", "Z", 5, 3 * MB)));
        assertThat(r.holders()).extracting(h -> h.suspect().holder()).containsExactly("S.steady", "O.oneOff", "N.fresh");
        assertThat(r.holders()).extracting(HolderDiff::rank).containsExactly(1, 2, 3);
        assertThat(r.holders().get(0).suspect().rank()).isEqualTo(1);
        HolderDiff fresh = r.holders().get(2);
        assertThat(fresh.series()).extracting(SeriesPoint::present).containsExactly(false, false, true);
        assertThat(fresh.growthBytes()).isEqualTo(3 * MB);
    }

    @Test
    void arraySlotHoldersMatchWhateverTheirIndex() {
        DiffReport r = compare(
                dump("a", 100 * MB, obs("java.lang.Object[][6]", "ROOT:A -> static A.maps -> []", "Customer", 10, 5 * MB)),
                dump("b", 100 * MB, obs("java.lang.Object[][2]", "ROOT:B -> static B.registry -> []", "Customer", 20, 9 * MB)));
        assertThat(r.holders()).hasSize(1);
        assertThat(r.holders().get(0).suspect().holder()).isEqualTo("java.lang.Object[][2]");
        assertThat(r.holders().get(0).growthCount()).isEqualTo(10);
    }

    @Test
    void differentHoldersOfTheSameClassStaySeparate() {
        DiffReport r = compare(
                dump("a", 100 * MB, obs("A.items", "R -> A.items", "Item", 10, 5 * MB), obs("B.items", "R -> B.items", "Item", 10, 5 * MB)),
                dump("b", 100 * MB, obs("B.items", "R -> B.items", "Item", 10, 5 * MB), obs("A.items", "R -> A.items", "Item", 90, 25 * MB)));
        assertThat(r.holders()).hasSize(2);
        assertThat(r.growing()).singleElement().extracting(h -> h.suspect().holder()).isEqualTo("A.items");
        assertThat(r.holders().get(1).verdict()).isEqualTo(HolderVerdict.STABLE);
    }

    @Test
    void constantHoldersAndSameDumpTwiceAreNoLeak() {
        DumpSummary a = dump("a", 50 * MB, obs("C.table", "R -> C.table", "Row", 1000, 30 * MB));
        DiffReport r = compare(a, a);
        assertThat(r.verdict()).isEqualTo(LeakVerdict.NO_LEAK);
        assertThat(r.holders().get(0).verdict()).isEqualTo(HolderVerdict.STABLE);
    }

    @Test
    void dumpsOutOfTimeOrderGetANote() {
        var older = new AnalysisReport.DumpInfo("old", 1, "f", 8, 1000, "x", WalkResult.Status.COMPLETE, 1, null);
        var newer = new AnalysisReport.DumpInfo("new", 1, "f", 8, 2000, "x", WalkResult.Status.COMPLETE, 1, null);
        DumpSummary n = new DumpSummary(newer, 1, MB, 0, Map.of(), List.of());
        DumpSummary o = new DumpSummary(older, 1, MB, 0, Map.of(), List.of());
        DiffReport r = HeapDiff.compareSummaries(List.of(n, o), DiffOptions.defaults(), 0);
        assertThat(r.notes()).singleElement().asString().contains("old was written before new");
        assertThat(r.verdict()).isEqualTo(LeakVerdict.NO_LEAK);
    }

    @Test
    void hiddenClassAddressesAreDropped() {
        assertThat(DumpSummarizer.stableName("java.lang.String$$StringConcat/0x000000005b043800")).isEqualTo("java.lang.String$$StringConcat");
        assertThat(DumpSummarizer.stableName("com.example.Foo$$Lambda/0x0000000801001234")).isEqualTo("com.example.Foo$$Lambda");
        assertThat(DumpSummarizer.stableName("byte[]")).isEqualTo("byte[]");
    }

    static HolderObservation containing(HolderObservation o, HolderObservation... inside) {
        return new HolderObservation(o.suspect(), o.nativeBytes(), o.nativeBuffers(),
                java.util.Arrays.stream(inside).map(HolderObservation::pathAndClass).toList());
    }

    @Test
    void aClassLoadersClassListNeverRanksAboveTheFieldWhoseGrowthItContains() {
        // the loader's class list grows by 12 MB, 10 MB of which is the cache field of one of its classes
        HolderObservation cache1 = obs("Shop.CACHE", "J -> L -> class Shop -> static Shop.CACHE", "Item", 100, 2 * MB);
        HolderObservation cache2 = obs("Shop.CACHE", "J -> L -> class Shop -> static Shop.CACHE", "Item", 600, 12 * MB);
        HolderObservation loader1 = obs("GC root: JNI global", "JNI_GLOBAL:AppClassLoader", "java.lang.Class", 900, 5 * MB);
        HolderObservation loader2 = obs("GC root: JNI global", "JNI_GLOBAL:AppClassLoader", "java.lang.Class", 950, 17 * MB);
        DiffReport r = compare(dump("a", 100 * MB, containing(loader1, cache1), cache1),
                dump("b", 100 * MB, containing(loader2, cache2), cache2));
        assertThat(r.holders()).extracting(h -> h.suspect().holder()).containsExactly("Shop.CACHE", "GC root: JNI global");
        assertThat(r.holders()).extracting(HolderDiff::verdict).containsOnly(HolderVerdict.GROWING);
        assertThat(r.holders().get(1).description()).contains("10.0 MB of that growth is in more specific holders (#1 Shop.CACHE)");
    }

    @Test
    void aContainerWhoseGrowthIsMostlyItsOwnKeepsItsRank() {
        // the outer map grows by 20 MB, only 4 MB of it in the nested one (20%): it is the bigger leak and stays first
        HolderObservation inner1 = obs("Inner.map", "R -> Outer.map -> Inner.map", "X", 10, MB);
        HolderObservation inner2 = obs("Inner.map", "R -> Outer.map -> Inner.map", "X", 50, 5 * MB);
        HolderObservation outer1 = obs("Outer.map", "R -> Outer.map", "Y", 10, 10 * MB);
        HolderObservation outer2 = obs("Outer.map", "R -> Outer.map", "Y", 90, 30 * MB);
        DiffReport r = compare(dump("a", 100 * MB, containing(outer1, inner1), inner1),
                dump("b", 100 * MB, containing(outer2, inner2), inner2));
        assertThat(r.holders()).extracting(h -> h.suspect().holder()).containsExactly("Outer.map", "Inner.map");
        assertThat(r.holders().get(0).description()).doesNotContain("more specific");
    }

    @Test
    void aHolderMissingFromTheLastDumpIsDroppedNotStable() {
        // 7 MB in the first two dumps, then below the extraction threshold: max(64 KiB, 0.1% of 100 MiB = 104,857 bytes) = 102.4 KB
        HolderObservation pool = obs("P.pool", "R -> P.pool", "Conn", 70, 7 * MB);
        DiffReport r = compare(dump("a", 100 * MB, pool), dump("b", 100 * MB, pool), dump("c", 100 * MB));
        HolderDiff h = r.holders().get(0);
        assertThat(h.verdict()).isEqualTo(HolderVerdict.DROPPED);
        assertThat(h.verdict().label()).isEqualTo("dropped");
        assertThat(h.growthBytes()).isZero();
        assertThat(h.description()).contains("was 7.0 MB in b").contains("not found above the extraction threshold (102.4 KB) in c");
        assertThat(h.series()).extracting(SeriesPoint::present).containsExactly(true, true, false);
        assertThat(r.verdict()).isEqualTo(LeakVerdict.NO_LEAK);
    }

    @Test
    void aGapInTheMiddleIsNotCountedAsZero() {
        // 10 MB, not extracted, 10 MB: stable, where counting the gap as 0 would make it fluctuate
        HolderObservation c = obs("C.cache", "R -> C.cache", "Row", 100, 10 * MB);
        DiffReport r = compare(dump("a", 100 * MB, c), dump("b", 100 * MB), dump("c", 100 * MB, c));
        assertThat(r.holders().get(0).verdict()).isEqualTo(HolderVerdict.STABLE);
        assertThat(r.holders().get(0).series()).extracting(SeriesPoint::present).containsExactly(true, false, true);
    }
}
