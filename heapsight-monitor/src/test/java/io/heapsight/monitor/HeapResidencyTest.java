package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much of the heap is resident: the reserved range from GC.heap_info (outputs copied from JDK 17 and 25 on this
 * machine), the Rss summed from smaps over it, and both on live JVMs, where pre-touching the heap must show.
 */
class HeapResidencyTest {
    static final long MB = 1024 * 1024;
    static final HeapAddressRange SMALL_HEAP = new HeapAddressRange(0xf8000000L, 0x100000000L);

    @Test
    void everyCollectorThatPrintsItsReservationGivesTheWholeRange() {
        String g1Jdk17 = """
                 garbage-first heap   total 131072K, used 6751K [0x00000000f8000000, 0x0000000100000000)
                  region size 1024K, 4 young (4096K), 1 survivors (1024K)
                 Metaspace       used 8908K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        String g1Jdk25 = """
                garbage-first heap   total reserved 131072K, committed 131072K, used 12334K [0x00000000f8000000, 0x0000000100000000)
                 region size 1024K, 10 young (10240K), 2 survivors (2048K)
                """;
        // young and old generations apart: the range covers both
        String parallel = """
                PSYoungGen      total 38400K, used 24296K [0x00000000fd580000, 0x0000000100000000, 0x0000000100000000)
                 eden space 33280K, 73% used [0x00000000fd580000,0x00000000fed3a1d0,0x00000000ff600000)
                 from space 5120K, 0% used [0x00000000ffb00000,0x00000000ffb00000,0x0000000100000000)
                 to   space 5120K, 0% used [0x00000000ff600000,0x00000000ff600000,0x00000000ffb00000)
                ParOldGen       total 87552K, used 1166K [0x00000000f8000000, 0x00000000fd580000, 0x00000000fd580000)
                 object space 87552K, 1% used [0x00000000f8000000,0x00000000f8123ab8,0x00000000fd580000)
                """;
        // four addresses in the tenured space's line
        String serialJdk17 = """
                 def new generation   total 39296K, used 15824K [0x00000000f8000000, 0x00000000faaa0000, 0x00000000faaa0000)
                  eden space 34944K,  45% used [0x00000000f8000000, 0x00000000f8f74398, 0x00000000fa220000)
                 tenured generation   total 87424K, used 0K [0x00000000faaa0000, 0x0000000100000000, 0x0000000100000000)
                   the space 87424K,   0% used [0x00000000faaa0000, 0x00000000faaa0000, 0x00000000faaa0200, 0x0000000100000000)
                 Metaspace       used 8892K, committed 9088K, reserved 1114112K
                """;
        String shenandoah = """
                Shenandoah Heap
                 128M max, 128M soft max, 128M committed, 23552K used
                 512 x 256 K regions
                Status: not cancelled
                Reserved region:
                 - [0x00000000f8000000, 0x0000000100000000)\s
                Collection set:
                 - map (vanilla): 0x0000000000004e00
                """;
        for (String out : List.of(g1Jdk17, g1Jdk25, parallel, serialJdk17, shenandoah)) {
            assertThat(HeapAddressRange.parse(out, 128 * MB)).as(out).contains(SMALL_HEAP);
        }
        assertThat(SMALL_HEAP.size()).isEqualTo(128 * MB);
    }

    @Test
    void noRangeOrAnImplausibleOneIsUnknown() {
        // ZGC maps its heap several times over and prints no addresses
        assertThat(HeapAddressRange.parse("ZHeap            used 30M, capacity 128M, max capacity 128M\n", 128 * MB)).isEmpty();
        assertThat(HeapAddressRange.parse("", 128 * MB)).isEmpty();
        assertThat(HeapAddressRange.parse(null, 128 * MB)).isEmpty();
        // 64 GB of addresses for a 128 MB heap: not the heap's reservation
        assertThat(HeapAddressRange.parse("heap [0x0000000000000000, 0x0000001000000000)", 128 * MB)).isEmpty();
        // reversed, or past what an address can be
        assertThat(HeapAddressRange.parse("heap [0x0000000100000000, 0x00000000f8000000)", 128 * MB)).isEmpty();
        assertThat(HeapAddressRange.parse("heap [0xffffffffffffffff, 0xfffffffffffffff0)", -1)).isEmpty();
        // metaspace lines never count, even with addresses (JDK 8 printed some)
        assertThat(HeapAddressRange.parse(" Metaspace used 1K [0x0000000000001000, 0x0000000000002000)", -1)).isEmpty();
        // max heap unknown: any proper range is taken
        assertThat(HeapAddressRange.parse("heap [0x00000000f8000000, 0x0000000100000000)", -1)).contains(SMALL_HEAP);
    }

    @Test
    void smapsRssIsSummedOverTheMappingsInsideTheRange() {
        String smaps = """
                55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234   /usr/lib/jvm/bin/java
                Size:                  4 kB
                Rss:                   4 kB
                Pss:                   4 kB
                f8000000-fa000000 rw-p 00000000 00:00 0
                Size:              32768 kB
                Rss:               20480 kB
                Pss:               20480 kB
                Swap:                  0 kB
                fa000000-100000000 ---p 00000000 00:00 0
                Size:              98304 kB
                Rss:                1024 kB
                100000000-100100000 rw-p 00000000 00:00 0
                Size:               1024 kB
                Rss:                1024 kB
                7f0000000000-7f0000021000 rw-p 00000000 00:00 0        [heap]
                Size:                132 kB
                Rss:                 132 kB
                VmFlags: rd wr mr mw me ac sd
                """;
        // the two mappings starting in [f8000000, 100000000): 20 MB + 1 MB; the class space at 100000000 is outside
        assertThat(ProcFs.residentBytesIn(smaps.lines().iterator(), SMALL_HEAP)).isEqualTo(21 * MB);
        assertThat(ProcFs.residentBytesIn(List.of("Rss: 4 kB").iterator(), SMALL_HEAP)).isEqualTo(-1);
        assertThat(ProcFs.residentBytesIn(List.of("f8000000-fa000000 rw-p 0 00:00 0", "Rss: lots kB").iterator(), SMALL_HEAP))
                .isEqualTo(-1);
        assertThat(ProcFs.residentBytes(Long.MAX_VALUE, SMALL_HEAP)).isEqualTo(-1);
    }

    @Test
    void aPreTouchedHeapIsResidentAndAnUntouchedOneIsNot() throws Exception {
        // same committed heap (256 MB), pages touched at start or not: RSS - committed cannot tell them apart
        long touched = residentHeap("-XX:+AlwaysPreTouch");
        long untouched = residentHeap();
        assertThat(touched).isGreaterThan(240 * MB).isLessThanOrEqualTo(256 * MB);
        assertThat(untouched).isGreaterThan(0).isLessThan(touched - 100 * MB);
    }

    private static long residentHeap(String... extra) throws Exception {
        String[] args = new String[3 + extra.length];
        args[0] = "-Xms256m";
        args[1] = "-Xmx256m";
        args[2] = "-XX:+UseParallelGC";
        System.arraycopy(extra, 0, args, 3, extra.length);
        try (TargetJvm jvm = TargetJvm.start(25, "idle", args);
             JvmTarget target = JvmTarget.attach(jvm.pid)) {
            assertThat(target.heapRange()).isNotNull();
            assertThat(target.heapRange().size()).isEqualTo(256 * MB);
            Sample s = target.sample();
            assertThat(s.heapResidentBytes()).isLessThan(s.rssBytes());
            assertThat(s.outsideHeapBytes(true)).isEqualTo(s.rssBytes() - s.heapResidentBytes());
            return s.heapResidentBytes();
        }
    }

    @Test
    void smapsIsReadWithinItsBudgetAndTheLastValueCarriedBetween() {
        long[] clock = {0};
        int[] reads = {0};
        long[] cpu = {0};
        // every read costs 10 ms of CPU (and 30 ms of wall time: a busy machine) and finds 1 MB more resident
        HeapResidency residency = new HeapResidency(() -> {
            clock[0] += 30_000_000;
            cpu[0] += 10_000_000;
            return ++reads[0] * MB;
        }, () -> clock[0], () -> cpu[0]);
        assertThat(residency.residentBytes()).isEqualTo(MB);
        // 50 x 10 ms of CPU = 500 ms before the next read
        clock[0] += 400_000_000;
        assertThat(residency.residentBytes()).isEqualTo(MB);
        assertThat(reads[0]).isEqualTo(1);
        clock[0] += 100_000_000;
        assertThat(residency.residentBytes()).isEqualTo(2 * MB);
        assertThat(reads[0]).isEqualTo(2);
        // an unknown answer is not carried: the next sample asks again
        HeapResidency failing = new HeapResidency(() -> {
            reads[0]++;
            return -1;
        }, () -> clock[0], () -> cpu[0]);
        assertThat(failing.residentBytes()).isEqualTo(-1);
        assertThat(failing.residentBytes()).isEqualTo(-1);
        assertThat(reads[0]).isEqualTo(4);
    }

    @Test
    void theLiveViewShowsRssOutsideTheHeapOnlyWhereTheHeapsPagesAreCounted() {
        LiveView counted = new LiveView("t");
        // RSS 600 MB + 1 KB/s, heap resident 400 MB (PageHistories)
        for (int t = 0; t < 3; t++) counted.add(PageHistories.sample(t, 50 * MB, List.of()));
        String text = counted.render(Verdict.inconclusive(3, 0, "x"));
        assertThat(text).containsPattern("RSS outside heap +200\\.0 MB");
        LiveView guessed = new LiveView("t");
        Sample s = PageHistories.sample(0, 50 * MB, List.of());
        guessed.add(new Sample(s.uptimeMillis(), s.wallMillis(), s.heapUsed(), s.heapCommitted(), s.heapMax(), s.pools(),
                s.oldPoolName(), s.oldGenUsed(), s.oldGenAfterLastGc(), s.heapAfterLastGc(), s.collectors(), s.gcCount(),
                s.gcTimeMillis(), s.allocatedBytes(), s.allocationRate(), s.rssBytes(), -1, s.processCpuLoad(),
                s.processCpuTimeNanos(), s.threads(), s.openFds(), s.directBufferBytes(), s.mappedBufferBytes(),
                s.classesLoaded(), s.metaspaceUsed(), s.nonHeapUsed(), s.gcEvents()));
        assertThat(guessed.render(Verdict.inconclusive(1, 0, "x"))).contains("RSS ").doesNotContain("outside heap");
    }
}
