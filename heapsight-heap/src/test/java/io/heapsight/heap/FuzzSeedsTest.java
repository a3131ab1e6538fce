package io.heapsight.heap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the fuzzers' seed corpora into the source tree: {@code ./mvnw -pl heapsight-heap -am verify
 * -Dtest=FuzzSeedsTest -Dheapsight.fuzz.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}. Run it again when
 * the HPROF writer or the index format changes, and commit the result (each seed is a few KB).
 */
class FuzzSeedsTest {
    @TempDir
    Path scratch;

    @Test
    @EnabledIfSystemProperty(named = "heapsight.fuzz.writeSeeds", matches = "true")
    void writeSeedCorpora() throws IOException {
        Path heapTests = Path.of("src", "test", "resources", "io", "heapsight", "heap");
        Path readerTests = Path.of("..", "heapsight-hprof", "src", "test", "resources", "io", "heapsight", "hprof");
        Map<String, byte[]> dumps = HostileDumps.all(scratch);
        write(readerTests.resolve("HprofReaderFuzzTestInputs"), dumps);
        write(heapTests.resolve("HeapParseFuzzTestInputs"), dumps);

        Path d = IndexLoadFuzzTest.dump();
        Path index;
        try (HeapSnapshot s = HeapSnapshot.parse(d, Progress.NONE)) {
            index = SnapshotIndex.save(s, d);
        }
        if (index == null) throw new IOException("no index written for " + d);
        byte[] seed = IndexLoadFuzzTest.withPlaceholder(Files.readAllBytes(index), d);
        write(heapTests.resolve("IndexLoadFuzzTestInputs"), Map.of("index-ordinary", seed));
    }

    private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(dir);
        for (var e : seeds.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    }
}
