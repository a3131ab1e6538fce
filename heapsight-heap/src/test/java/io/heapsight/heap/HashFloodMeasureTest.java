package io.heapsight.heap;

import io.heapsight.hprof.HprofWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The measurement behind docs/PERFORMANCE.md's hash-flood figure (not a pass/fail test): parses a dump of 150,000
 * classes whose ids collide under the id map's former fixed hash, and prints the time. Run with
 * {@code -Dtest=HashFloodMeasureTest -Dheapsight.measure=true}.
 */
class HashFloodMeasureTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "heapsight.measure", matches = "true")
    void parseADumpOfCraftedClassIds() throws Exception {
        long[] ids = LongIntMapTest.keysCollidingUnderTheFormerHash(150_000);
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        for (int i = 0; i < ids.length; i++) w.declareClass("C" + i).id(ids[i]).define();
        Path f = dir.resolve("flood.hprof");
        w.write(f);
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            try (HeapSnapshot s = HeapSnapshot.parse(f, Progress.NONE)) {
                System.out.printf("hash flood: %,d classes, %,d bytes, parsed in %.2f s%n", s.classCount(),
                        java.nio.file.Files.size(f), (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
