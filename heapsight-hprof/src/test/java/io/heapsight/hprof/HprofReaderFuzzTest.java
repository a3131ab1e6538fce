package io.heapsight.hprof;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the record walk: any bytes must end in a {@link WalkResult} or a one-line {@link HprofFormatException},
 * never another exception, an allocation sized by a forged count, or a hang. Seeds: FuzzSeeds (small dumps and the
 * hostile cases of issue 11) in src/test/resources/io/heapsight/hprof/HprofReaderFuzzTestInputs (shared by both methods).
 */
class HprofReaderFuzzTest {
    private static Path file;

    // Two entry points on one target: Jazzer fuzzes one @FuzzTest per run, for its maxDuration; the short one is CI's
    // (scripts/fuzz), the long one the documented long run (scripts/fuzz long). No JUnit @Timeout: JUnit would apply it
    // to the whole fuzzing run; scripts/fuzz passes libFuzzer -timeout=10 instead (a hang is an input taking > 10 s).
    @FuzzTest(maxDuration = "60s")
    void walkNeverFailsOtherThanAsAFormatError(byte[] input) throws IOException {
        walk(input);
    }

    @FuzzTest(maxDuration = "12m")
    void walkLongRun(byte[] input) throws IOException {
        walk(input);
    }

    private static void walk(byte[] input) throws IOException {
        Path f = scratch();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(input));
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            HprofHeader header;
            try {
                header = HprofHeader.read(ch);
            } catch (HprofFormatException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                return;
            }
            HprofReader reader = new HprofReader(ch, header);
            ReadingVisitor v = new ReadingVisitor();
            WalkResult whole = reader.walk(v, null);
            assertThat(whole.bytesRead()).isBetween(0L, (long) input.length);
            HprofReader.Scan scan = reader.scan(new ReadingVisitor(), null);
            WalkResult parts = reader.walkSegments(scan.segments(), new ReadingVisitor());
            assertThat(parts.bytesRead()).isBetween(0L, (long) input.length);
        }
    }

    private static synchronized Path scratch() throws IOException {
        if (file == null) {
            file = Files.createTempFile("hprof-fuzz", ".hprof");
            file.toFile().deleteOnExit();
        }
        return file;
    }

    /** Reads what a real pass reads: names, instance data, array elements. */
    static final class ReadingVisitor implements HprofVisitor {
        long sink;

        @Override
        public void utf8(long id, int length, RecordInput in) throws IOException {
            byte[] b = new byte[length];
            in.readFully(b, 0, length);
            sink += b.length;
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) throws IOException {
            in.skip(length);
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) throws IOException {
            for (int i = 0; i < length; i++) sink += in.id();
        }
    }
}
