package io.heapsight.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ForkedDumpTest {
    private static final String MARKER = "io.heapsight.testkit.TinyGraphScenario$Marker";

    @TempDir
    Path dir;

    @Test
    void dumpsTheScenarioWithItsHistogramAndFacts() throws IOException {
        DumpedHeap heap = ForkedDump.of(TinyGraphScenario.class).args("dump", "12345").jvmArgs("-Xmx256m").run(dir);

        assertThat(heap.file()).exists().hasParent(dir);
        assertThat(heapHeader(Files.newInputStream(heap.file()))).isEqualTo("JAVA PROFILE 1.0.2");
        assertThat(heap.histogram().instances(MARKER)).isEqualTo(12345);
        assertThat(heap.histogram().bytes(MARKER)).isEqualTo(12345L * 16);
        assertThat(heap.histogram().instances(MARKER + "[]")).isEqualTo(1);
        assertThat(heap.histogram().instances("java.lang.String")).isPositive();
        assertThat(heap.facts()).containsEntry("markers", "12345")
                .containsEntry("note", "a=b: with spaces\nand a newline")
                .containsEntry("jvm.feature", Integer.toString(Runtime.version().feature()));
        assertThat(heap.longFact("markers")).isEqualTo(12345);
        // reopening from the sidecars gives the same thing
        assertThat(DumpedHeap.load(heap.file())).isEqualTo(heap);
    }

    @Test
    void gzipDumpIsConcatenatedGzipOfAnHprof() throws IOException {
        DumpedHeap heap = ForkedDump.of(TinyGraphScenario.class).args("dump", "2000").gzip(1).run(dir);

        assertThat(heap.file().getFileName().toString()).endsWith(".hprof.gz");
        try (InputStream raw = Files.newInputStream(heap.file())) {
            assertThat(raw.read()).isEqualTo(0x1f);
            assertThat(raw.read()).isEqualTo(0x8b);
        }
        assertThat(heapHeader(new GZIPInputStream(Files.newInputStream(heap.file())))).isEqualTo("JAVA PROFILE 1.0.2");
        assertThat(heap.histogram().instances(MARKER)).isEqualTo(2000);
    }

    @Test
    void runsOnJdk17() throws IOException {
        assumeTrue(JdkLocator.find(17).isPresent(), "no JDK 17 installed here");
        DumpedHeap heap = ForkedDump.of(TinyGraphScenario.class).jdk(17).args("dump", "777")
                .jvmArgs("-XX:-UseCompressedOops").run(dir);

        assertThat(heap.facts()).containsEntry("jvm.feature", "17").containsEntry("jvm.compressedOops", "false");
        assertThat(heap.histogram().instances(MARKER)).isEqualTo(777);
        assertThat(heapHeader(Files.newInputStream(heap.file()))).isEqualTo("JAVA PROFILE 1.0.2");
    }

    @Test
    void runsOnJdk25() throws IOException {
        assumeTrue(JdkLocator.find(25).isPresent(), "no JDK 25 installed here");
        DumpedHeap heap = ForkedDump.of(TinyGraphScenario.class).jdk(25).args("dump", "555").run(dir);

        assertThat(heap.facts()).containsEntry("jvm.feature", "25");
        assertThat(heap.histogram().instances(MARKER)).isEqualTo(555);
    }

    @Test
    void childFailureCarriesItsOutput() {
        assertThatThrownBy(() -> ForkedDump.of(TinyGraphScenario.class).args("fail").run(dir))
                .isInstanceOf(ForkedDumpException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("boom: scenario failed on purpose");
    }

    @Test
    void scenarioThatNeverDumpsIsReported() {
        assertThatThrownBy(() -> ForkedDump.of(TinyGraphScenario.class).args("no-dump").run(dir))
                .isInstanceOf(ForkedDumpException.class)
                .hasMessageContaining("without a dump")
                .hasMessageContaining("forgot to dump");
    }

    @Test
    void hangingChildIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ForkedDump.of(TinyGraphScenario.class).args("hang")
                .timeout(Duration.ofSeconds(3)).run(dir))
                .isInstanceOf(ForkedDumpException.class)
                .hasMessageContaining("timed out after 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void missingJdkIsAClearError() {
        assertThatThrownBy(() -> ForkedDump.of(TinyGraphScenario.class).jdk(8).run(dir))
                .isInstanceOf(ForkedDumpException.class)
                .hasMessageContaining("no JDK 8 found");
    }

    @Test
    void rejectsClassesWithoutMain() {
        assertThatThrownBy(() -> ForkedDump.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String heapHeader(InputStream in) throws IOException {
        try (DataInputStream data = new DataInputStream(in)) {
            StringBuilder sb = new StringBuilder();
            for (int b = data.read(); b > 0; b = data.read()) sb.append((char) b);
            return sb.toString();
        }
    }
}
