package io.heapsight.heap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heapsight.hprof.HprofFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the model builder: any bytes parse into a snapshot whose arrays are consistent, or fail with a one-line
 * IOException; never another exception, a hang (the timeout is libFuzzer's -timeout while fuzzing) or an allocation
 * beyond what the file can hold (fuzz runs use a small heap: see docs/security.md). Seeds: {@link HostileDumps}.
 */
class HeapParseFuzzTest {
    private static Path file;

    // Two entry points on one target: Jazzer fuzzes one @FuzzTest per run, for its maxDuration; the short one is CI's
    // (scripts/fuzz), the long one the documented long run (scripts/fuzz long). No JUnit @Timeout: JUnit would apply it
    // to the whole fuzzing run; scripts/fuzz passes libFuzzer -timeout=10 instead (a hang is an input taking > 10 s).
    @FuzzTest(maxDuration = "60s")
    void parseYieldsAConsistentModelOrAOneLineError(byte[] input) throws IOException {
        parse(input);
    }

    @FuzzTest(maxDuration = "12m")
    void parseLongRun(byte[] input) throws IOException {
        parse(input);
    }

    private static void parse(byte[] input) throws IOException {
        if (input.length >= 2 && (input[0] & 0xFF) == 0x1f && (input[1] & 0xFF) == 0x8b) return; // gzip: inflation is tested apart
        Path f = scratch();
        Files.write(f, input);
        try (HeapSnapshot s = HeapSnapshot.parse(f, Progress.NONE)) {
            touch(s, input.length);
        } catch (HprofFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
        } catch (IOException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    /** What every analysis relies on: classes, sizes and edges in range; reading objects back does not fail. */
    static void touch(HeapSnapshot s, long fileSize) throws IOException {
        int n = s.objectCount();
        assertThat(s.walk().bytesRead()).isBetween(0L, fileSize);
        for (int i = 0; i < n; i++) {
            HeapClass c = s.classOfObject(i);
            assertThat(c).isNotNull();
            assertThat(s.shallowSize(i)).isNotNegative();
            for (int k = s.edgeStart(i); k < s.edgeEnd(i); k++) {
                assertThat(s.edgeTarget(k)).isBetween(0, n - 1);
            }
            if (i < 64) {
                s.describe(i);
                ObjectReader r = s.reader();
                r.arrayLength(i);
                r.primitiveArrayBytes(i, 64);
                r.objectArrayElements(i, 64);
                r.readString(i, 64);
                if (c.fieldNames() != null && c.fieldNames().length > 0) r.fieldValue(i, c.fieldNames()[0]);
                if (s.edgeEnd(i) > s.edgeStart(i)) r.referenceName(i, s.edgeTarget(s.edgeStart(i)));
            }
        }
        for (int r = 0; r < s.rootCount(); r++) assertThat(s.rootObject(r)).isBetween(0, n - 1);
    }

    private static synchronized Path scratch() throws IOException {
        if (file == null) {
            Path dir = Files.createTempDirectory("heapsight-fuzz");
            dir.toFile().deleteOnExit();
            file = dir.resolve("fuzz.hprof");
            file.toFile().deleteOnExit();
        }
        return file;
    }
}
