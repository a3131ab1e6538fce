package io.heapsight.analysis;

import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofFormatException;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dumps written by HprofWriter: 4-byte ids, JNI global roots, and damaged files (truncated, corrupt). */
class SyntheticDumpTest {
    @TempDir
    Path dir;

    /**
     * Holder(items = Object[3] of Item(payload = int[10])) held by a JNI global; a second Item referenced from two
     * holders' arrays is dominated by neither. 32-bit layout: 8-byte header, 4-byte references.
     */
    private HprofWriter.Layout writeSmallHeap(Path file, int idSize, long segmentSize) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(idSize).segmentSize(segmentSize).withStandardClasses();
        HprofWriter.ClassRef item = w.declareClass("com.example.Item").instanceField("payload", Type.OBJECT).define();
        HprofWriter.ClassRef holder = w.declareClass("com.example.Holder").instanceField("items", Type.OBJECT)
                .instanceField("count", Type.INT).define();
        HprofWriter.ClassRef objArray = w.classNamed("java.lang.Object[]");
        long[] items = new long[3];
        for (int i = 0; i < 3; i++) {
            long payload = w.primitiveArray(new int[10]);
            items[i] = w.newInstance(item).set("payload", payload).write();
        }
        long array = w.objectArray(objArray, items);
        long h = w.newInstance(holder).set("items", array).set("count", 3).write();
        long shared = w.newInstance(item).write();
        long a1 = w.objectArray(objArray, shared);
        long a2 = w.objectArray(objArray, shared);
        w.rootJniGlobal(h, 0x99);
        w.rootJniGlobal(a1, 0x9A);
        w.rootJniGlobal(a2, 0x9B);
        for (String name : List.of("java.lang.Object", "com.example.Item", "com.example.Holder", "java.lang.Object[]", "int[]")) {
            w.rootStickyClass(w.classNamed(name).id());
        }
        return w.write(file);
    }

    @Test
    void fourByteIdsAndJniGlobalRoots() throws Exception {
        Path file = dir.resolve("ids4.hprof");
        writeSmallHeap(file, 4, 1 << 20);
        try (HeapSnapshot heap = HeapSnapshot.open(file, Progress.NONE)) {
            assertThat(heap.idSize()).isEqualTo(4);
            assertThat(heap.layout().headerSize()).isEqualTo(8);
            DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
            GcRootPaths paths = GcRootPaths.compute(heap, false);
            int holder = only(heap, "com.example.Holder");
            // Holder: 8 header + 4 ref + 4 int = 16; Object[3]: 8 + 4 length + 12 = 24; Item: 8 + 4 = 12 -> 16;
            // int[10]: 8 + 4 + 40 = 52 -> 56
            assertThat(heap.shallowSize(holder)).isEqualTo(16);
            assertThat(dom.retainedSize(holder)).isEqualTo(16 + 24 + 3 * (16 + 56));
            List<PathStep> path = paths.path(heap.reader().objectArrayElements(heap.reader().fieldObject(holder, "items"), 10)[1]);
            assertThat(path.get(0).via()).isEqualTo("JNI global");
            assertThat(paths.rootKindOf(holder)).isEqualTo(GcRootKind.JNI_GLOBAL);
            assertThat(path).extracting(PathStep::via).containsExactly("JNI global", "com.example.Holder.items", "[1]");
            // the shared item is held by two roots' arrays: only the virtual root dominates it
            int shared = -1;
            for (int i = 0; i < heap.objectCount(); i++) {
                if (heap.classOfObject(i).name().equals("com.example.Item") && heap.reader().fieldObject(i, "payload") < 0) shared = i;
            }
            assertThat(dom.idom(shared)).isEqualTo(DominatorTree.ROOT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void truncatedAtManyCutPointsAnalyzesWhatIsThere(int idSize) throws Exception {
        Path full = dir.resolve("full" + idSize + ".hprof");
        writeSmallHeap(full, idSize, 64);
        long size = Files.size(full);
        int fullObjects;
        try (HeapSnapshot heap = HeapSnapshot.open(full, Progress.NONE)) {
            fullObjects = heap.objectCount();
            assertThat(heap.walk().complete()).isTrue();
        }
        int previous = -1;
        for (long cut = 40; cut < size; cut += Math.max(1, size / 37)) {
            Path cutFile = dir.resolve("cut" + idSize + "-" + cut + ".hprof");
            Files.copy(full, cutFile);
            try (RandomAccessFile raf = new RandomAccessFile(cutFile.toFile(), "rw")) {
                raf.setLength(cut);
            }
            AnalysisReport r = HeapAnalysis.analyze(cutFile, AnalysisOptions.defaults(), Progress.NONE);
            assertThat(r.dump().status()).as("cut at " + cut).isEqualTo(WalkResult.Status.TRUNCATED);
            assertThat(r.dump().bytesRead()).isLessThanOrEqualTo(cut);
            assertThat(r.summary().objects()).isLessThanOrEqualTo(fullObjects).isGreaterThanOrEqualTo(previous);
            previous = (int) r.summary().objects();
        }
        assertThat(previous).as("objects read from the largest cut").isGreaterThan(0);
    }

    @Test
    void corruptSubRecordStopsWithTheObjectsBeforeIt() throws Exception {
        Path file = dir.resolve("corrupt.hprof");
        HprofWriter.Layout layout = writeSmallHeap(file, 8, 1); // every sub-record in a segment of its own
        List<HprofWriter.RecordPosition> segments = layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT);
        HprofWriter.RecordPosition victim = segments.get(segments.size() / 2);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(victim.bodyOffset());
            raf.write(0x77); // not a sub-record tag
        }
        AnalysisReport r = HeapAnalysis.analyze(file, AnalysisOptions.defaults(), Progress.NONE);
        assertThat(r.dump().status()).isEqualTo(WalkResult.Status.CORRUPT);
        assertThat(r.dump().problem()).contains("0x77");
        assertThat(r.dump().bytesRead()).isEqualTo(victim.bodyOffset() - 9);
    }

    @Test
    void corruptLengthFieldIsReportedNotTrusted() throws Exception {
        Path file = dir.resolve("badlength.hprof");
        HprofWriter.Layout layout = writeSmallHeap(file, 8, 1);
        HprofWriter.RecordPosition seg = layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT).get(3);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(seg.lengthOffset());
            raf.writeInt(0x7FFF_FFF0); // a segment claiming 2 GB in a file of a few KB
        }
        HeapSnapshot heap = HeapSnapshot.open(file, Progress.NONE);
        try (heap) {
            WalkResult walk = heap.walk();
            assertThat(walk.complete()).isFalse();
            assertThat(walk.bytesRead()).isLessThan(Files.size(file));
        }
    }

    @Test
    void notAnHprofFile() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a heap dump\n");
        assertThatThrownBy(() -> HeapSnapshot.open(file, Progress.NONE))
                .isInstanceOf(HprofFormatException.class).hasMessageContaining("not an HPROF");
        Path empty = dir.resolve("empty.hprof");
        Files.createFile(empty);
        assertThatThrownBy(() -> HeapSnapshot.open(empty, Progress.NONE)).isInstanceOf(HprofFormatException.class);
    }

    static int only(HeapSnapshot heap, String name) {
        int found = -1;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.classOfObject(i).name().equals(name) && !heap.isClassObject(i)) {
                assertThat(found).as("a single " + name).isEqualTo(-1);
                found = i;
            }
        }
        assertThat(found).as(name).isGreaterThanOrEqualTo(0);
        return found;
    }
}
