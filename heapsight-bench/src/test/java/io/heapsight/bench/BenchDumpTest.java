package io.heapsight.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** --dump with any file: a plain dump is used as is; a gzip dump is inflated once so every tool reads the same bytes. */
class BenchDumpTest {
    @TempDir
    Path dir;

    @Test
    void plainDumpIsUsedInPlace() throws IOException {
        Path dump = Files.write(dir.resolve("user.hprof"), "JAVA PROFILE 1.0.2\0...".getBytes());
        assertThat(BenchDump.inflatedIfGzip(dump, dir.resolve("dumps"))).isEqualTo(dump);
        assertThat(dir.resolve("dumps")).doesNotExist();
    }

    @Test
    void gzipDumpIsInflatedOnceBesideTheGeneratedDumpsAndReused() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31 >>> 3);
        Path gz = dir.resolve("prod.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content);
        }
        Files.setLastModifiedTime(gz, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path plain = BenchDump.inflatedIfGzip(gz, dir.resolve("dumps"));
        assertThat(plain).isEqualTo(dir.resolve("dumps/prod.inflated.hprof"));
        assertThat(Files.readAllBytes(plain)).isEqualTo(content);

        FileTime made = Files.getLastModifiedTime(plain);
        assertThat(BenchDump.inflatedIfGzip(gz, dir.resolve("dumps"))).isEqualTo(plain);
        assertThat(Files.getLastModifiedTime(plain)).isEqualTo(made);
        try (var files = Files.list(dir.resolve("dumps"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("prod.inflated.hprof"));
        }
    }

    @Test
    void heapsightsObjectCountFillsInForADumpWithoutSidecars() {
        List<RunResult> runs = List.of(
                new RunResult(Tool.HAHA, 1, RunResult.Status.OK, 1, 1, 1, 1, 1, 0, "objects=99"),
                new RunResult(Tool.HEAPSIGHT, 1, RunResult.Status.FAILED, 1, 1, 1, 1, 1, 0, "boom"),
                new RunResult(Tool.HEAPSIGHT, 2, RunResult.Status.OK, 1, 1, 1, 1, 1, 0, "objects=248016 report 10 bytes"));
        assertThat(HeapsightJob.objectsOf(runs)).isEqualTo(248_016);
        assertThat(HeapsightJob.objectsOf(runs.subList(0, 2))).isEqualTo(-1);
        BenchDump unknown = new BenchDump(Path.of("x.hprof"), -1, 10);
        assertThat(unknown.withObjects(-1).objects()).isEqualTo(-1);
        assertThat(unknown.withObjects(248_016).objects()).isEqualTo(248_016);
    }
}
