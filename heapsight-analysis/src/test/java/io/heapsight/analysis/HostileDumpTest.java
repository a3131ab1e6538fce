package io.heapsight.analysis;

import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofFormatException;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random damage to a valid dump (flipped bytes, forged lengths and counts) must end in a report that says how much
 * was read, or a one-line format error: never another exception, an allocation sized by a forged field, or a hang.
 */
class HostileDumpTest {
    @TempDir
    Path dir;

    @Test
    void randomlyDamagedDumpsNeverCrashTheAnalyzer() throws Exception {
        HprofWriter w = HprofWriter.create().idSize(8).segmentSize(300).withStandardClasses();
        HprofWriter.ClassRef node = w.declareClass("com.example.Node").instanceField("next", Type.OBJECT)
                .instanceField("data", Type.OBJECT).instanceField("n", Type.INT).define();
        long next = 0;
        for (int i = 0; i < 40; i++) {
            long data = w.primitiveArray(new byte[16 + i]);
            next = w.newInstance(node).set("next", next).set("data", data).set("n", i).write();
        }
        w.rootJniGlobal(next, 1);
        w.string("hello");
        w.objectArray(w.classNamed("java.lang.Object[]"), next, 0, next);
        Path good = dir.resolve("good.hprof");
        w.write(good);
        byte[] original = Files.readAllBytes(good);

        Random random = new Random(42);
        int reports = 0, formatErrors = 0;
        for (int round = 0; round < 300; round++) {
            byte[] damaged = original.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 20 + random.nextInt(damaged.length - 20);
                // half the time forge a big 32-bit value (a length or a count), else flip one byte
                if (random.nextBoolean() && at + 4 < damaged.length) {
                    int v = random.nextBoolean() ? 0x7FFF_FFF0 : random.nextInt();
                    damaged[at] = (byte) (v >>> 24);
                    damaged[at + 1] = (byte) (v >>> 16);
                    damaged[at + 2] = (byte) (v >>> 8);
                    damaged[at + 3] = (byte) v;
                } else {
                    damaged[at] ^= (byte) (1 + random.nextInt(255));
                }
            }
            Path file = dir.resolve("damaged-" + round + ".hprof");
            Files.write(file, damaged);
            long start = System.nanoTime();
            try {
                AnalysisReport r = HeapAnalysis.analyze(file, AnalysisOptions.defaults(), Progress.NONE);
                assertThat(r.dump().bytesRead()).isLessThanOrEqualTo(damaged.length);
                reports++;
            } catch (HprofFormatException e) {
                formatErrors++;
                assertThat(e.getMessage()).doesNotContain("\n");
            } catch (Throwable t) {
                fail("round " + round + ": " + t, t);
            }
            assertThat((System.nanoTime() - start) / 1_000_000).as("round " + round + " time (ms)").isLessThan(10_000);
            Files.delete(file);
        }
        assertThat(reports).isGreaterThan(100);
        System.out.println("reports=" + reports + " formatErrors=" + formatErrors);
    }
}
