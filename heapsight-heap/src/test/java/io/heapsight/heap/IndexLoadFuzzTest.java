package io.heapsight.heap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heapsight.hprof.HprofWriter;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Fuzzes the index loader: whatever the index file beside a dump holds, loading it returns a snapshot or null (then
 * the dump is parsed again); never an exception, a hang or an allocation sized by a forged count.
 * The seeds are real index files of one small dump whose path is written as {@value #PLACEHOLDER}; the target puts
 * the real path back, so the seeds reach past the path check on any machine.
 */
class IndexLoadFuzzTest {
    static final String PLACEHOLDER = "@DUMP@";
    /** Magic, version, dump size and mtime (4 longs), then the metadata blob: a long length, then the path as UTF. */
    static final int BLOB_LENGTH_AT = 32, PATH_LENGTH_AT = 40, PATH_AT = 42;
    static final long DUMP_MTIME = 1_700_000_000_000L;
    private static Path dump;

    @FuzzTest(maxDuration = "60s")
    @Timeout(10)
    void loadReturnsASnapshotOrNull(byte[] input) throws IOException {
        Path d = dump();
        Files.write(SnapshotIndex.fileFor(d), withRealPath(input, d));
        HeapSnapshot s = SnapshotIndex.load(d, Progress.NONE);
        if (s != null) s.close();
    }

    /** The dump every seed indexes: the same bytes and mtime on every run, under target/ of the module. */
    static synchronized Path dump() throws IOException {
        if (dump == null) {
            Path dir = Path.of("target", "fuzz-index").toAbsolutePath();
            Files.createDirectories(dir);
            Path d = dir.resolve("d.hprof");
            Files.write(d, HostileDumps.bytes(HostileDumps.ordinary(8, HprofWriter.FORMAT_102), dir));
            Files.setLastModifiedTime(d, FileTime.fromMillis(DUMP_MTIME));
            dump = d;
        }
        return dump;
    }

    static byte[] withRealPath(byte[] input, Path d) {
        byte[] ph = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
        if (input.length < PATH_AT + ph.length) return input;
        ByteBuffer in = ByteBuffer.wrap(input);
        if (in.getShort(PATH_LENGTH_AT) != ph.length) return input;
        for (int i = 0; i < ph.length; i++) if (input[PATH_AT + i] != ph[i]) return input;
        byte[] real = d.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(input.length - ph.length + real.length);
        out.put(input, 0, PATH_LENGTH_AT).putShort((short) real.length).put(real)
                .put(input, PATH_AT + ph.length, input.length - PATH_AT - ph.length);
        ByteBuffer blobLength = ByteBuffer.wrap(out.array()).order(ByteOrder.LITTLE_ENDIAN);
        blobLength.putLong(BLOB_LENGTH_AT, blobLength.getLong(BLOB_LENGTH_AT) - ph.length + real.length);
        return out.array();
    }

    /** The inverse, for making seeds: a real index file with its path replaced by the placeholder. */
    static byte[] withPlaceholder(byte[] index, Path d) {
        byte[] real = d.toString().getBytes(StandardCharsets.UTF_8);
        byte[] ph = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(index.length - real.length + ph.length);
        out.put(index, 0, PATH_LENGTH_AT).putShort((short) ph.length).put(ph)
                .put(index, PATH_AT + real.length, index.length - PATH_AT - real.length);
        ByteBuffer blobLength = ByteBuffer.wrap(out.array()).order(ByteOrder.LITTLE_ENDIAN);
        blobLength.putLong(BLOB_LENGTH_AT, blobLength.getLong(BLOB_LENGTH_AT) - real.length + ph.length);
        return out.array();
    }
}
