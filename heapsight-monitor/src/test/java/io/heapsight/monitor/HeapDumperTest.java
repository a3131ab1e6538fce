package io.heapsight.monitor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dumps of a forked JDK 25 target that retains 10 MB: complete HPROF files, atomic names, refusals. */
class HeapDumperTest {
    static TargetJvm jvm;
    static JvmTarget target;

    @BeforeAll
    static void start() throws Exception {
        jvm = TargetJvm.start(25, "churn", "-Xmx128m", "-XX:+UseG1GC");
        target = JvmTarget.attach(jvm.pid);
    }

    @AfterAll
    static void stop() {
        if (target != null) target.close();
        if (jvm != null) jvm.close();
    }

    @Test
    void plainLiveDumpIsACompleteHprofAndNoTempFileStays(@TempDir Path dir) throws Exception {
        target.forceGc();
        long live = target.liveSetAfterGcBytes();
        // the target retains 10,000 x byte[1000] = ~10 MB
        assertThat(live).isGreaterThan(10_000_000L);
        HeapDumper.Plan plan = HeapDumper.plan(target, dir.resolve("a.hprof"), true, 0);
        assertThat(plan.announcement()).contains("a.hprof").contains("expect ~");
        assertThat(plan.expectedBytes()).isBetween((long) (live * 1.0), (long) (target.heapUsedBytes() * 1.5));
        DumpResult r = HeapDumper.execute(target, plan);
        assertThat(r.path()).isEqualTo(dir.resolve("a.hprof").toAbsolutePath());
        HprofWalker.Summary s = HprofWalker.walk(r.path());
        assertThat(s.bytes()).isEqualTo(Files.size(r.path())).isEqualTo(r.sizeBytes());
        assertThat(s.heapDumpRecords()).isPositive();
        assertThat(s.sawHeapDumpEnd()).isTrue();
        // the byte[] payloads alone are 10 MB
        assertThat(r.sizeBytes()).isGreaterThan(10_000_000L);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.hprof");
        }
        // the walker notices a cut-off file (so the checks above can fail)
        Path cut = dir.resolve("cut.hprof");
        try (var in = Files.newInputStream(r.path())) {
            Files.write(cut, in.readNBytes((int) Math.min(r.sizeBytes() - 1000, 5_000_000)));
        }
        assertThatThrownBy(() -> HprofWalker.walk(cut)).isInstanceOf(java.io.IOException.class).hasMessageContaining("past the end");
    }

    @Test
    void gzipDumpGoesThroughJcmdAndIsSmaller(@TempDir Path dir) throws Exception {
        DumpResult r = HeapDumper.dump(target, dir.resolve("b.hprof.gz"), true, 1);
        HprofWalker.Summary s = HprofWalker.walk(r.path());
        assertThat(s.heapDumpRecords()).isPositive();
        // zero-filled byte[] compress far below the uncompressed record bytes
        assertThat(r.sizeBytes()).isLessThan(s.bytes() / 3);
    }

    @Test
    void neverOverwritesAndChecksTheDestination(@TempDir Path dir) throws Exception {
        Path existing = Files.writeString(dir.resolve("keep.hprof"), "precious");
        assertThatThrownBy(() -> HeapDumper.dump(target, existing, true, 0))
                .isInstanceOf(DumpException.class).hasMessageContaining("will not overwrite");
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThatThrownBy(() -> HeapDumper.dump(target, dir.resolve("missing/x.hprof"), true, 0))
                .isInstanceOf(DumpException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> HeapDumper.dump(target, dir.resolve("x.bin"), true, 0))
                .isInstanceOf(DumpException.class).hasMessageContaining("must end in .hprof");
        assertThat(HeapDumper.uniquePath(dir, "keep", ".hprof")).isEqualTo(dir.resolve("keep-2.hprof"));
    }
}
