package io.heapsight.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs must start cold: caches a tool left beside the dump go, the dump and its ForkedDump sidecars stay. */
class ToolCachesTest {
    @TempDir
    Path dir;

    @Test
    void removesOnlyFilesNamedAfterTheDumpFile() throws IOException {
        Path dump = Files.writeString(dir.resolve("realistic-5m.hprof"), "x");
        Path facts = Files.writeString(dir.resolve("realistic-5m.facts.properties"), "x");
        Path histogram = Files.writeString(dir.resolve("realistic-5m.histogram.txt"), "x");
        Path other = Files.writeString(dir.resolve("realistic-30m.hprof"), "x");
        Files.writeString(dir.resolve("realistic-5m.hprof.heapsight-index"), "x");
        Files.createDirectories(dir.resolve("realistic-5m.hprof.cache").resolve("sub"));
        Files.writeString(dir.resolve("realistic-5m.hprof.cache").resolve("sub").resolve("f"), "x");

        assertThat(ChildJvm.clearToolCaches(dump)).extracting(Path::toString)
                .containsExactlyInAnyOrder("realistic-5m.hprof.heapsight-index", "realistic-5m.hprof.cache");
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).containsExactlyInAnyOrder(dump, facts, histogram, other);
        }
    }
}
