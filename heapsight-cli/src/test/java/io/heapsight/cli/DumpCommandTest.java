package io.heapsight.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight dump` against a forked JDK 25 target that retains 20,000 known objects. */
class DumpCommandTest {
    static ForkedJvm jvm;

    @BeforeAll
    static void start() throws Exception {
        jvm = ForkedJvm.start(25, "idle", "-Xmx64m", "-XX:+UseG1GC");
    }

    @AfterAll
    static void stop() {
        if (jvm != null) jvm.close();
    }

    @Test
    void writesACompleteHprofAndRefusesToOverwriteIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("target.hprof");
        Cli.Result r = Cli.run("dump", Long.toString(jvm.pid()), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out().trim()).isEqualTo(out.toAbsolutePath().toString());
        assertThat(r.err()).contains("expect ~").contains("pause");
        long[] walk = walkHprof(out);
        assertThat(walk[0]).isEqualTo(Files.size(out));
        assertThat(walk[1]).as("heap dump records").isPositive();
        // 20,000 retained objects of 100-byte arrays: at least 2 MB of array bodies
        assertThat(Files.size(out)).isGreaterThan(2_000_000L);
        long size = Files.size(out);

        Cli.Result again = Cli.run("dump", Long.toString(jvm.pid()), "--out", out.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err().trim()).contains("will not overwrite").doesNotContain("\n");
        assertThat(Files.size(out)).isEqualTo(size);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("no temp files left").isEqualTo(1);
        }
        assertAnalyzable(out);
    }

    /** What heapsight dump writes, heapsight analyze reads completely. */
    static void assertAnalyzable(Path dump) throws IOException {
        Cli.Result a = Cli.run("analyze", dump.toString(), "--format", "json", "--no-index", "--no-inspections", "--top", "3");
        assertThat(a.code()).as(a.err()).isEqualTo(ExitCodes.OK);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.out());
        assertThat(json.path("dump").path("status").asText()).isEqualTo("complete");
        assertThat(json.path("summary").path("objects").asLong()).isGreaterThan(20_000);
    }

    @Test
    void gzipDump(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("target.hprof.gz");
        Cli.Result r = Cli.run("dump", Long.toString(jvm.pid()), "--out", out.toString(), "--gz", "1");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        long[] walk = walkHprof(out);
        assertThat(walk[1]).isPositive();
        assertThat(Files.size(out)).isLessThan(walk[0]);
        assertAnalyzable(out);
    }

    @Test
    void classHistogramOnly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("histo.txt");
        Cli.Result r = Cli.run("dump", Long.toString(jvm.pid()), "--histogram", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        String payload = Files.readString(out).lines().filter(l -> l.contains("HeapsightTarget$Payload")).findFirst().orElseThrow();
        // "  N:   instances   bytes  class": exactly the 20,000 retained, 16 bytes each (header + compressed reference)
        String[] cols = payload.trim().split("\\s+");
        assertThat(Long.parseLong(cols[1])).isEqualTo(20_000);
        assertThat(Long.parseLong(cols[2])).isEqualTo(20_000 * 16L);

        Cli.Result toStdout = Cli.run("dump", Long.toString(jvm.pid()), "--histogram");
        assertThat(toStdout.out()).contains("HeapsightTarget$Payload").contains("Total");
    }

    @Test
    void clearErrors() {
        Cli.Result noSuch = Cli.run("dump", "4999999");
        assertThat(noSuch.code()).isEqualTo(ExitCodes.ATTACH_FAILED);
        assertThat(noSuch.err().trim()).startsWith("heapsight dump: no process with pid 4999999").doesNotContain("\n");

        Cli.Result badGz = Cli.run("dump", Long.toString(jvm.pid()), "--gz", "12");
        assertThat(badGz.code()).isEqualTo(ExitCodes.USAGE);

        Cli.Result badDir = Cli.run("dump", Long.toString(jvm.pid()), "--out", "/nonexistent-dir/x.hprof");
        assertThat(badDir.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badDir.err()).contains("directory does not exist");
    }

    /**
     * Walks HPROF records (header "JAVA PROFILE 1.0.2", then tag u1, time u4, length u4 + body) to the end;
     * returns {bytes walked, heap-dump records}. Throws if a record runs past the end.
     */
    static long[] walkHprof(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream in = file.toString().endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw;
        try (DataInputStream d = new DataInputStream(in)) {
            byte[] header = d.readNBytes(19);
            assertThat(new String(header, 0, 18, StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
            assertThat(header[18]).isZero();
            d.readInt();
            d.readLong();
            long pos = 31;
            long heapDumps = 0;
            for (int tag; (tag = d.read()) >= 0; ) {
                d.readInt();
                long length = Integer.toUnsignedLong(d.readInt());
                try {
                    d.skipNBytes(length);
                } catch (EOFException e) {
                    throw new IOException("record at " + pos + " runs past the end of " + file);
                }
                pos += 9 + length;
                if (tag == 0x0C || tag == 0x1C) heapDumps++;
            }
            return new long[]{pos, heapDumps};
        }
    }
}
