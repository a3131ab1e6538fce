package io.heapsight.heap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizes on the fixture dumps that have no histogram (JDK 5 64-bit, JDK 7, 8, 11), checked against the JVM itself:
 * HotSpot's dumper writes addresses as ids and allocates objects side by side, so no object can be larger than the
 * distance to the next object, and for a class with several instances the smallest such distance is its size.
 */
class AddressGapSizesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sun_jdk5_64bit.hprof.gz, JDK 5, false",
            "sun_jdk6_18_x64.hprof.gz, JDK 6, false",
            "oracle_jdk7_21_x64.hprof.gz, JDK 7, true",
            "oracle_jdk8_05_x64.hprof.gz, JDK 8, true",
            "openjdk_jdk11_04_x64.hprof.gz, JDK 11, true",
            "java_pid1884.0001.hprof.gz, JDK 11, true",
    })
    void noObjectOverlapsTheNextAndEachClassIsPackedSomewhere(String dump, String jdk, boolean mirrorsInHeap) throws IOException {
        Path fixtures = MatInstanceSizesTest.fixtures(); // skips the test when ../shared is absent
        Path copy = dir.resolve(dump);
        Files.copy(fixtures.resolve(dump), copy);
        try (HeapSnapshot heap = HeapSnapshot.parse(copy, Progress.NONE)) {
            assertThat(heap.layout().name()).contains(jdk + " field layout");
            IdIndex ids = heap.idIndex();
            IdIndex.Cursor sorted = ids.ascending();
            sorted.next();
            long[] smallestGap = new long[heap.classCount()];
            int[] instances = new int[heap.classCount()];
            java.util.Arrays.fill(smallestGap, Long.MAX_VALUE);
            List<String> overlaps = new ArrayList<>();
            int classObjects = 0, packedClassObjects = 0;
            for (int i = 0; i + 1 < heap.objectCount(); i++) {
                int obj = sorted.object;
                long id = sorted.id;
                sorted.next();
                long gap = sorted.id - id;
                long size = heap.shallowSize(obj);
                if (gap < size && overlaps.size() < 20) overlaps.add(heap.describe(obj) + ": " + size + " bytes, next object " + gap + " bytes on");
                if (heap.isClassObject(obj)) {
                    classObjects++;
                    if (gap == size) packedClassObjects++;
                } else if (!heap.classOfObject(obj).isArray()) {
                    int c = heap.classOf(obj);
                    instances[c]++;
                    smallestGap[c] = Math.min(smallestGap[c], gap);
                }
            }
            List<String> loose = new ArrayList<>();
            int packedClasses = 0;
            for (int c = 0; c < heap.classCount(); c++) {
                if (instances[c] == 0) continue;
                long size = heap.heapClass(c).instanceSize();
                if (smallestGap[c] == size) packedClasses++;
                else if (instances[c] >= 5) loose.add(heap.heapClass(c).name() + ": " + size + " bytes, " + instances[c] + " instances never closer than " + smallestGap[c]);
            }
            System.err.println(dump + ": " + packedClasses + " classes seen packed, class objects " + packedClassObjects + "/" + classObjects);
            assertThat(overlaps).as("objects larger than the room before the next object").isEmpty();
            assertThat(loose).as("classes whose instances are never packed at our size (too small?)").isEmpty();
            assertThat(packedClasses).isGreaterThan(100);
            // from JDK 7 class objects are heap objects holding their statics
            if (mirrorsInHeap) assertThat(packedClassObjects).isGreaterThan(classObjects * 9 / 10);
        }
    }
}
