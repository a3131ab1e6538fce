package io.heapsight.bench;

import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The dump a benchmark runs on: a generated shape (RealisticHeap, ...) made once per size under the dump dir, then reused. */
record BenchDump(Path file, long objects, long bytes) {

    static BenchDump prepare(BenchOptions o) throws IOException {
        if (o.dump() != null) {
            if (!Files.isRegularFile(o.dump())) throw new IOException("no such dump: " + o.dump());
            long objects;
            try {
                objects = DumpedHeap.load(o.dump()).histogram().totalInstances();
            } catch (IOException noSidecars) {
                objects = -1; // learnt from heapsight's report after the runs
            }
            Path plain = inflatedIfGzip(o.dump(), o.dumpDir());
            return new BenchDump(plain, objects, Files.size(plain));
        }
        Path target = o.dumpDir().resolve(o.shape().dumpName(o.objectsLabel()));
        DumpedHeap heap;
        try {
            heap = DumpedHeap.load(target);
            System.err.println("reusing " + target);
        } catch (IOException absent) {
            Files.createDirectories(o.dumpDir());
            Files.deleteIfExists(target);
            long heapMb = o.shape().generatorHeapMb(o.objects());
            System.err.printf("generating %s (%,d objects, child -Xmx%dm) ...%n", target, o.objects(), heapMb);
            long start = System.nanoTime();
            heap = ForkedDump.of(o.shape().scenario)
                    .args("--objects", Long.toString(o.objects()))
                    .jvmArgs("-Xmx" + heapMb + "m")
                    .timeout(Duration.ofMinutes(30))
                    .run(o.dumpDir())
                    .renameTo(target);
            System.err.printf("generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        return new BenchDump(heap.file(), heap.histogram().totalInstances(), Files.size(heap.file()));
    }

    /**
     * A gzip dump (jcmd GC.heap_dump -gz) is inflated once into the dump dir ("&lt;name&gt;.inflated.hprof", reused
     * when newer than the dump), so every tool reads the same plain file: HAHA, Shark and MAT do not read gzip.
     */
    static Path inflatedIfGzip(Path dump, Path dumpDir) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(dump)) {
            if (in.readNBytes(magic, 0, 2) < 2 || (magic[0] & 0xFF) != 0x1F || (magic[1] & 0xFF) != 0x8B) return dump;
        }
        String name = dump.getFileName().toString().replaceFirst("(\\.hprof)?\\.gz$", "");
        Path plain = dumpDir.resolve(name + ".inflated.hprof");
        if (Files.isRegularFile(plain, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.getLastModifiedTime(plain).compareTo(Files.getLastModifiedTime(dump)) > 0) {
            System.err.println("reusing " + plain + " (inflated " + dump.getFileName() + ")");
            return plain;
        }
        Files.createDirectories(dumpDir);
        System.err.println("inflating " + dump + " to " + plain + " (HAHA, Shark and MAT read no gzip)");
        io.heapsight.hprof.SafeFiles.save(plain, io.heapsight.hprof.SafeFiles.Options.derivedFrom(dump), ch -> {
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(dump), 1 << 16)) {
                in.transferTo(java.nio.channels.Channels.newOutputStream(ch));
            }
        });
        return plain;
    }

    /** This dump with an object count learnt from a tool's run (-1: still unknown). */
    BenchDump withObjects(long count) {
        return count < 0 ? this : new BenchDump(file, count, bytes);
    }

    /** Reads the file once so every tool starts from the page cache (the runs measure analysis, not the disk). */
    void warmPageCache() throws IOException {
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buf) >= 0) {
                // discard
            }
        }
    }
}
