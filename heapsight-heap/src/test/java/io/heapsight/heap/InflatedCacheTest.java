package io.heapsight.heap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache keeps inflated copies of gzip dumps within a size cap, the least recently used deleted first. */
class InflatedCacheTest {
    @TempDir
    Path cache;

    private Path copy(String key, int size, long usedMillis) throws Exception {
        Path p = cache.resolve(key + "-inflated-0123456789abcdef01234567.hprof");
        Files.write(p, new byte[size]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(usedMillis));
        return p;
    }

    @Test
    void theLeastRecentlyUsedCopiesGoUntilTheRestFitsAndTheCurrentOneAlwaysStays() throws Exception {
        Path oldest = copy("a", 100, 1_000_000);
        Path older = copy("b", 200, 2_000_000);
        Path recent = copy("c", 300, 3_000_000);
        // the copy just made is the oldest by time and alone above the cap: it stays all the same
        Path current = copy("d", 600, 500_000);
        Path index = cache.resolve("e-app.hprof.heapsight-index");
        Files.write(index, new byte[1000]);
        Path link = cache.resolve("f-inflated-0123456789abcdef01234567.hprof");
        Files.createSymbolicLink(link, recent);

        DumpFiles.pruneInflated(cache, current, 1000);
        // filled newest first, each copy kept if it still fits: 600 (current) + 300 (recent) = 900; + 200 does not fit;
        // + 100 (the oldest) does
        assertThat(current).exists();
        assertThat(recent).exists();
        assertThat(older).doesNotExist();
        assertThat(oldest).exists();
        // other derived files and links are not the pruner's
        assertThat(index).exists();
        assertThat(Files.isSymbolicLink(link)).isTrue();

        DumpFiles.pruneInflated(cache, current, 600);
        assertThat(current).exists();
        assertThat(recent).doesNotExist();
        assertThat(oldest).doesNotExist();
    }

    @Test
    void theCapIsReadWithAUnitAndFallsBackToTheDefaultWhenItDoesNotParse() {
        try {
            for (String[] c : new String[][]{{"1048576", "1048576"}, {"512m", "536870912"}, {"2G", "2147483648"},
                    {" 3t ", "3298534883328"}, {"lots", Long.toString(DumpFiles.DEFAULT_INFLATED_CAP)},
                    {"-5", Long.toString(DumpFiles.DEFAULT_INFLATED_CAP)},
                    {"99999999999t", Long.toString(DumpFiles.DEFAULT_INFLATED_CAP)}}) {
                System.setProperty("heapsight.cache.max", c[0]);
                assertThat(DumpFiles.inflatedCapBytes()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            }
        } finally {
            System.clearProperty("heapsight.cache.max");
        }
    }
}
