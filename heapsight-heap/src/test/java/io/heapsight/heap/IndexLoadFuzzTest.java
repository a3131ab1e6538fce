package io.heapsight.heap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heapsight.hprof.HprofWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Fuzzes the index loader: whatever the index file beside a dump holds, loading it returns a snapshot or null (then
 * the dump is parsed again); never an exception, a hang or an allocation sized by a forged count. A snapshot that
 * loads must answer every record-offset and id lookup (varint blocks decoded on demand).
 * The seeds are real index files of one small dump whose path is written as {@value #PLACEHOLDER}; the target puts
 * the real path back, so the seeds reach past the path check on any machine.
 */
class IndexLoadFuzzTest {
    static final String PLACEHOLDER = "@DUMP@";
    static final long DUMP_MTIME = 1_700_000_000_000L;
    private static Path dump;

    // Two entry points on one target: Jazzer fuzzes one @FuzzTest per run, for its maxDuration; the short one is CI's
    // (scripts/fuzz), the long one the documented long run (scripts/fuzz long). No JUnit @Timeout: JUnit would apply it
    // to the whole fuzzing run; scripts/fuzz passes libFuzzer -timeout=10 instead (a hang is an input taking > 10 s).
    @FuzzTest(maxDuration = "60s")
    void loadReturnsASnapshotOrNull(byte[] input) throws IOException {
        load(input);
    }

    @FuzzTest(maxDuration = "12m")
    void loadLongRun(byte[] input) throws IOException {
        load(input);
    }

    private static void load(byte[] input) throws IOException {
        Path d = dump();
        Files.write(SnapshotIndex.fileFor(d), withRealPath(input, d));
        HeapSnapshot s = SnapshotIndex.load(d, Progress.NONE);
        if (s == null) return;
        try (s) {
            // an index that loads answers every lookup from its varint blocks (checked at use too)
            for (int i = 0; i < s.objectCount(); i++) {
                s.recordOffset(i);
                s.indexOfId(s.objectId(i));
            }
        }
    }

    /** The dump every seed indexes: the same bytes and mtime on every run, under target/ of the module. */
    static synchronized Path dump() throws IOException {
        if (dump == null) {
            Path dir = Path.of("target", "fuzz-index").toAbsolutePath();
            Files.createDirectories(dir);
            Path d = dir.resolve("d.hprof");
            byte[] bytes = HostileDumps.bytes(HostileDumps.ordinary(8, HprofWriter.FORMAT_102), dir);
            // rewritten only when different: an index may be bound to its dump's inode, and seeds made here stay valid
            if (!Files.isRegularFile(d) || !java.util.Arrays.equals(Files.readAllBytes(d), bytes)) Files.write(d, bytes);
            Files.setLastModifiedTime(d, FileTime.fromMillis(DUMP_MTIME));
            dump = d;
        }
        return dump;
    }

    static byte[] withRealPath(byte[] input, Path d) {
        return replacePath(input, PLACEHOLDER, d.toString());
    }

    /** The inverse, for making seeds: a real index file with its path replaced by the placeholder. */
    static byte[] withPlaceholder(byte[] index, Path d) {
        return replacePath(index, d.toString(), PLACEHOLDER);
    }

    /**
     * Replaces the first UTF string {@code from} (u2 length, bytes) that opens a blob (a little-endian long length
     * right before it: the metadata blob starts with the dump's path) by {@code to}, fixing both lengths.
     */
    static byte[] replacePath(byte[] index, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8), t = to.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(index, f);
        if (at < 10 || ByteBuffer.wrap(index).getShort(at - 2) != f.length) return index;
        ByteBuffer out = ByteBuffer.allocate(index.length - f.length + t.length);
        out.put(index, 0, at - 2).putShort((short) t.length).put(t).put(index, at + f.length, index.length - at - f.length);
        ByteBuffer blobLength = ByteBuffer.wrap(out.array()).order(ByteOrder.LITTLE_ENDIAN);
        blobLength.putLong(at - 10, blobLength.getLong(at - 10) - f.length + t.length);
        return out.array();
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }
}
