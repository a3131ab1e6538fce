package io.heapsight.heap;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Object ids are addresses: packed objects of a two-reference class, placed {@code gap} bytes apart, tell the layout.
 * Such an object takes 16 + 2x8 = 32 bytes uncompressed, 12 + 2x8 = 28 -> 32 with compressed class pointers only,
 * 12 + 2x4 = 20 -> 24 with compressed oops, 8 + 2x4 = 16 with compact headers.
 */
class LayoutDetectorTest {
    @TempDir
    Path dir;

    @Test
    void objectsThirtyTwoBytesApartAreUncompressed() throws IOException {
        assertGeometry(layoutOfPairsPacked(32), ObjectLayout.UNCOMPRESSED);
    }

    @Test
    void objectsTwentyFourBytesApartHaveCompressedOops() throws IOException {
        assertGeometry(layoutOfPairsPacked(24), ObjectLayout.COMPRESSED);
    }

    @Test
    void objectsSixteenBytesApartHaveCompactHeaders() throws IOException {
        assertGeometry(layoutOfPairsPacked(16), ObjectLayout.COMPACT_HEADERS);
    }

    @Test
    void aFewFillerGapsAreTolerated() throws IOException {
        // 10,000 pairs 24 bytes apart, and three squeezed to 16: a stray contradiction does not flip the answer
        HprofWriter w = HprofWriter.create().withStandardClasses();
        HprofWriter.ClassRef pair = pairClass(w);
        long id = 0x7_0000_0000L;
        for (int i = 0; i < 10_000; i++) {
            w.newInstance(pair).id(id).write();
            id += i % 3000 == 1 ? 16 : 24;
        }
        assertGeometry(open(w).layout(), ObjectLayout.COMPRESSED);
    }

    @Test
    void fourByteIdsMeanA32BitJvm() throws IOException {
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        HprofWriter.ClassRef pair = pairClass(w);
        for (int i = 0; i < 100; i++) w.newInstance(pair).write();
        assertThat(open(w).layout().headerSize()).isEqualTo(8);
        assertThat(open(w).layout().referenceSize()).isEqualTo(4);
    }

    /** Header and reference size: what the distances decide (the field scheme comes from the JVM's release). */
    private static void assertGeometry(ObjectLayout actual, ObjectLayout expected) {
        assertThat(actual.headerSize()).as("header size").isEqualTo(expected.headerSize());
        assertThat(actual.referenceSize()).as("reference size").isEqualTo(expected.referenceSize());
    }

    private ObjectLayout layoutOfPairsPacked(int gap) throws IOException {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        HprofWriter.ClassRef pair = pairClass(w);
        for (int i = 0; i < 1000; i++) w.newInstance(pair).id(0x7_0000_0000L + (long) i * gap).write();
        try (HeapSnapshot heap = open(w)) {
            return heap.layout();
        }
    }

    private static HprofWriter.ClassRef pairClass(HprofWriter w) {
        return w.declareClass("com.example.Pair").instanceField("a", Type.OBJECT).instanceField("b", Type.OBJECT).define();
    }

    private int dumps;

    private HeapSnapshot open(HprofWriter w) throws IOException {
        Path file = dir.resolve("layout-" + dumps++ + ".hprof");
        w.write(file);
        return HeapSnapshot.open(file, Progress.NONE, OpenOptions.NO_INDEX);
    }
}
