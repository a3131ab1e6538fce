package io.heapsight.heap;

import io.heapsight.hprof.HprofFormatException;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11, "tiny files, huge work": small hand-made dumps whose ids, hierarchy or array headers once made the parser
 * allocate gigabytes, index past an array or report terabytes. Each must parse within a bound set by its size, or be
 * refused with a one-line error. Allocation is measured over all threads (loosely: far above what the fix needs,
 * far below what the bug took).
 */
class HostileDumpBoundsTest {
    private static final long GENEROUS = 256L << 20;

    @TempDir
    Path dir;

    private Path write(HprofWriter w, String name) throws IOException {
        Path f = dir.resolve(name);
        w.write(f);
        return f;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    @Test
    void idsSpanningMoreThan2To63AreIndexedInLittleMemory() throws IOException {
        long low = Long.MIN_VALUE + 0x1000, high = Long.MAX_VALUE - 0x1000; // high - low overflows a signed long
        Path f = write(HostileDumps.idsSpanning(low, high), "span.hprof");
        long before = allocatedBytes();
        try (HeapSnapshot s = HeapSnapshot.parse(f, Progress.NONE)) {
            assertThat(allocatedBytes() - before).as("bytes allocated for a %,d-byte dump", Files.size(f)).isLessThan(GENEROUS);
            int lowObj = s.indexOfId(low), highObj = s.indexOfId(high);
            assertThat(lowObj).isNotNegative();
            assertThat(highObj).isNotNegative();
            assertThat(s.indexOfId(0x1234)).isEqualTo(-1);
            assertThat(targets(s, lowObj)).contains(highObj);
            assertThat(targets(s, highObj)).contains(lowObj);
        }
    }

    @Test
    void extremeIdPairsAreLookedUpWithoutIndexingPastTheTable() throws IOException {
        Path f = write(HostileDumps.idsSpanning(Long.MIN_VALUE, Long.MAX_VALUE), "minmax.hprof");
        try (HeapSnapshot s = HeapSnapshot.parse(f, Progress.NONE)) {
            int lowObj = s.indexOfId(Long.MIN_VALUE), highObj = s.indexOfId(Long.MAX_VALUE);
            assertThat(lowObj).isNotNegative();
            assertThat(highObj).isNotNegative();
            assertThat(s.indexOfId(Long.MIN_VALUE + 1)).isEqualTo(-1);
            assertThat(s.indexOfId(Long.MAX_VALUE - 1)).isEqualTo(-1);
            assertThat(s.indexOfId(-1)).isEqualTo(-1);
            assertThat(targets(s, lowObj)).contains(highObj);
        }
    }

    @Test
    void aSuperclassLoopIsRefusedAsCorruptInsteadOfFlattenedForEverySubclass() throws IOException {
        // the shape from the issue: 65,535 fields around a loop, 200 subclasses; it took 4 GB before it died
        Path f = write(HostileDumps.superclassLoop(65_535, 200), "loop.hprof");
        long before = allocatedBytes();
        assertThatThrownBy(() -> HeapSnapshot.parse(f, Progress.NONE))
                .isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("loop back")
                .hasMessageNotContaining("\n");
        assertThat(allocatedBytes() - before).as("bytes allocated for a %,d-byte dump", Files.size(f)).isLessThan(GENEROUS);
    }

    @Test
    void anAbsurdlyDeepHierarchyIsRefusedAsCorrupt() throws IOException {
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        HprofWriter.ClassRef c = w.classNamed("java.lang.Object");
        for (int i = 0; i <= ClassTable.MAX_HIERARCHY_DEPTH; i++) c = w.declareClass("com.example.Level" + i).superclass(c).define();
        w.newInstance(c).write();
        Path f = write(w, "deep.hprof");
        assertThatThrownBy(() -> HeapSnapshot.parse(f, Progress.NONE))
                .isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("more than 1000 superclasses");
    }

    @Test
    void aWideClassUnderManySubclassesIsRefusedBeforeFlattening() throws IOException {
        // no loop, but 3,000 subclasses would each copy 65,535 inherited fields: 196 million entries from a 0.8 MB file
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        HprofWriter.ClassBuilder wide = w.declareClass("com.example.Wide");
        for (int i = 0; i < 65_535; i++) wide.instanceField("f" + i, Type.BYTE);
        HprofWriter.ClassRef base = wide.define();
        for (int i = 0; i < 3_000; i++) w.declareClass("com.example.Sub" + i).superclass(base).define();
        Path f = write(w, "wide.hprof");
        long before = allocatedBytes();
        assertThatThrownBy(() -> HeapSnapshot.parse(f, Progress.NONE))
                .isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("inherited fields");
        assertThat(allocatedBytes() - before).as("bytes allocated for a %,d-byte dump", Files.size(f)).isLessThan(GENEROUS);
    }

    @Test
    void anOrdinaryWideHierarchyStillParses() throws IOException {
        // 60 subclasses of a 2,000-field class: 122,000 inherited fields, well inside the budget
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        HprofWriter.ClassBuilder wide = w.declareClass("com.example.Wide");
        for (int i = 0; i < 2_000; i++) wide.instanceField("f" + i, Type.BYTE);
        HprofWriter.ClassRef base = wide.define();
        HprofWriter.ClassRef last = base;
        for (int i = 0; i < 60; i++) last = w.declareClass("com.example.Sub" + i).superclass(base).instanceField("x", Type.INT).define();
        w.newInstance(last).set("x", 7).set("f1999", (byte) 3).write();
        try (HeapSnapshot s = HeapSnapshot.parse(write(w, "ok.hprof"), Progress.NONE)) {
            int obj = s.objectCount() - 1;
            assertThat(s.classOfObject(obj).name()).isEqualTo("com.example.Sub59");
            assertThat(s.classOfObject(obj).fieldNames()).hasSize(2_001);
            assertThat(s.reader().fieldValue(obj, "x")).isEqualTo(7L);
            assertThat(s.reader().fieldValue(obj, "f1999")).isEqualTo(3L);
        }
    }

    @Test
    void androidArraysWithoutDataAreCountedAsEmptyWithANote() throws IOException {
        Path f = write(HostileDumps.noDataArrays(Integer.MAX_VALUE - 16), "nodata.hprof");
        try (HeapSnapshot s = HeapSnapshot.parse(f, Progress.NONE)) {
            long total = 0;
            for (int i = 0; i < s.objectCount(); i++) total += s.shallowSize(i);
            // eight arrays declaring 2^31 elements each once made a "31.2 TB heap"; now: headers, an int[3], classes
            assertThat(total).isLessThan(64 * 1024);
            assertThat(s.walk().complete()).isTrue();
            assertThat(s.walk().problem()).contains("8 Android primitive arrays dumped without data")
                    .contains("size unknown").doesNotContain("\n");
            int intArray = -1;
            for (int i = 0; i < s.objectCount(); i++) if (s.reader().arrayLength(i) == 3) intArray = i;
            assertThat(intArray).as("the array with data is intact").isNotNegative();
        }
    }

    @Test
    void aClassDumpCountBeyondItsSegmentIsCorruptNotAnAllocation() throws IOException {
        HprofWriter w = HprofWriter.create().idSize(8);
        w.declareClass("com.example.Lonely").superclass(null).staticField("s", Type.INT, 1).define();
        w.declareClass("com.example.After").superclass(null).define(); // a record after it, in the same segment
        HprofWriter.Layout layout = w.write(dir.resolve("count.hprof"));
        // CLASS_DUMP: tag, id, u4 stack serial, 6 ids, u4 instance size, u2 constant pool count, u2 static count
        long staticCount = layout.first(HprofWriter.TAG_HEAP_DUMP_SEGMENT).bodyOffset() + 1 + 8 + 4 + 6 * 8 + 4 + 2;
        HprofWriter.overwriteU1(layout.file(), staticCount, 0xFF);
        HprofWriter.overwriteU1(layout.file(), staticCount + 1, 0xFF);
        try (HeapSnapshot s = HeapSnapshot.parse(layout.file(), Progress.NONE)) {
            assertThat(s.walk().complete()).isFalse();
            assertThat(s.walk().problem()).contains("65535 static fields does not fit");
        }
    }

    private static java.util.List<Integer> targets(HeapSnapshot s, int obj) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int k = s.edgeStart(obj); k < s.edgeEnd(obj); k++) out.add(s.edgeTarget(k));
        return out;
    }
}
