package io.heapsight.analysis;

import io.heapsight.heap.DumpFiles;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.OpenOptions;
import io.heapsight.heap.Progress;
import io.heapsight.heap.SnapshotIndex;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files heapsight derives from a dump (index, dominator tree, inflated gzip copy) against a hostile neighbour: links
 * planted at their temporary names, another dump's index, forged counts and edges, permissions, colliding cache keys,
 * and a gzip dump beside a plain one of the same name. Each case reproduces what issue #11 found.
 */
class DerivedFilesTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void privateCacheAndCapturedStderr() throws IOException {
        System.setProperty("heapsight.cache", dir.resolve("cache").toString());
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.clearProperty("heapsight.cache");
    }

    /** A JNI global holding an Object[] of {@code items} instances of {@code className}, each with a 64-byte payload. */
    static Path dump(Path file, String className, int items) throws IOException {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        HprofWriter.ClassRef item = w.declareClass(className).instanceField("payload", Type.OBJECT).define();
        long[] ids = new long[items];
        for (int i = 0; i < items; i++) {
            ids[i] = w.newInstance(item).set("payload", w.primitiveArray(new byte[64])).write();
        }
        w.rootJniGlobal(w.objectArray(w.classNamed("java.lang.Object[]"), ids), 0x99);
        for (String name : List.of("java.lang.Object", className, "java.lang.Object[]", "byte[]")) {
            w.rootStickyClass(w.classNamed(name).id());
        }
        w.write(file);
        return file;
    }

    /** The report from the graph's files: the kept analysis results, which would answer without them, are removed first. */
    private static AnalysisReport analyze(Path dump) throws IOException {
        Files.deleteIfExists(AnalysisResultsFile.file(AnalysisOptions.defaults()).fileFor(dump));
        return HeapAnalysis.analyze(dump, AnalysisOptions.defaults().withInspections(false), Progress.NONE);
    }

    private static Path gzip(Path plain, Path gz) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        return gz;
    }

    @Test
    void linksPlantedAtTheOldTemporaryNamesAreNeverWrittenThrough() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 50);
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        for (String part : List.of("d.hprof.heapsight-index.part", "d.hprof.heapsight-dominators.part")) {
            Files.createSymbolicLink(dir.resolve(part), victim);
        }
        analyze(dump);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(SnapshotIndex.load(dump, Progress.NONE)).as("the index was still written, under its own name").isNotNull();
    }

    @Test
    void anotherDumpsIndexWithTheSameSizeAndTimeIsRefusedWithANote() throws Exception {
        Path a = dump(dir.resolve("a.hprof"), "com.example.Alpha", 40);
        Path b = dump(dir.resolve("b.hprof"), "com.example.Bravo", 40);
        assertThat(Files.size(a)).isEqualTo(Files.size(b));
        Files.setLastModifiedTime(b, Files.getLastModifiedTime(a));
        analyze(a);
        Files.copy(SnapshotIndex.fileFor(a), SnapshotIndex.fileFor(b));
        Files.copy(dir.resolve("a.hprof.heapsight-dominators"), dir.resolve("b.hprof.heapsight-dominators"));
        Files.setLastModifiedTime(b, Files.getLastModifiedTime(a));

        AnalysisReport report = analyze(b);
        assertThat(String.valueOf(report.histogram())).contains("com.example.Bravo").doesNotContain("com.example.Alpha");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ignoring the index").contains(SnapshotIndex.fileFor(b).toString());
    }

    @Test
    void aForgedClassCountIsRefusedWithoutAllocatingForIt() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 30);
        AnalysisReport first = analyze(dump);
        Path index = SnapshotIndex.fileFor(dump);
        byte[] pattern;
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            // the class table: count, then the first class's id and name (as DataOutputStream writes them)
            byte[] name = heap.heapClass(0).name().getBytes(StandardCharsets.UTF_8);
            pattern = ByteBuffer.allocate(4 + 8 + 2 + name.length).putInt(heap.classCount()).putLong(heap.heapClass(0).id())
                    .putShort((short) name.length).put(name).array();
        }
        patch(index, pattern, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 64).array());

        long before = usedHeap();
        assertThat(SnapshotIndex.load(dump, Progress.NONE)).isNull();
        assertThat(usedHeap() - before).as("no allocation sized by the forged count").isLessThan(256L << 20);
        assertThat(analyze(dump).histogram()).isEqualTo(first.histogram());
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("ignoring the index"))).isNotEmpty()
                .allMatch(l -> l.length() < 400);
    }

    @Test
    void anOutOfRangeEdgeIsRefusedAndTheDumpParsedAgain() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 30);
        AnalysisReport first = analyze(dump);
        ByteArrayOutputStream column = new ByteArrayOutputStream();
        int firstSource = -1, n;
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            // the edge column as the index stores it: each target as zigzag(target - previous target), the first of an
            // object's targets relative to the object, unsigned LEB128
            n = heap.objectCount();
            for (int v = 0; v < n; v++) {
                long prev = v;
                for (int k = heap.edgeStart(v); k < heap.edgeEnd(v); k++) {
                    if (firstSource < 0) firstSource = v;
                    leb128(column, zigzag(heap.edgeTarget(k) - prev));
                    prev = heap.edgeTarget(k);
                }
            }
            byte[] stream = column.toByteArray();
            ByteBuffer pattern = ByteBuffer.allocate(16 + stream.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(heap.edgeCount()).putLong(stream.length).put(stream);
            assertThat(stream[0]).as("the first target takes one byte").isNotNegative();
            // one byte that sends the first target before object 0, or past the last object
            long outside = firstSource < 64 ? zigzag(-firstSource - 1) : zigzag(n - firstSource);
            assertThat(outside).isLessThan(128);
            patch(SnapshotIndex.fileFor(dump), pattern.array(), ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(heap.edgeCount()).putLong(stream.length).put((byte) outside).array());
        }
        for (int run = 0; run < 2; run++) {
            assertThat(analyze(dump).suspects()).isEqualTo(first.suspects()); // no crash, now or on the next run
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ignoring the index").contains("edge target out of range");
    }

    @Test
    void anOutOfRangeDominatorIsRefusedAndTheTreeComputedAgain() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 30);
        AnalysisReport first = analyze(dump);
        int n;
        byte[] stream;
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            DominatorTree tree = DominatorTree.compute(heap, Progress.NONE);
            n = heap.objectCount();
            // the dominator column as the file stores it: 0 unreachable, 1 the virtual root, else 1 + zigzag(idom - object)
            stream = idomColumn(tree);
        }
        ByteBuffer pattern = ByteBuffer.allocate(16 + stream.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).putLong(stream.length).put(stream);
        byte[] forged = stream.clone();
        forged[0] = (byte) (1 + zigzag(-1)); // object 0 dominated by object -1
        assertThat(forged[0]).isNotNegative();
        assertThat(stream[0]).isNotNegative();
        patch(dir.resolve("d.hprof.heapsight-dominators"), pattern.array(), ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(n).putLong(stream.length).put(forged[0]).array());
        for (int run = 0; run < 2; run++) {
            assertThat(analyze(dump).dominators()).isEqualTo(first.dominators());
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("computing the dominator tree again");
    }

    @Test
    void anOverLongVarintOrALoopInTheDominatorFileIsRefused() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 30);
        AnalysisReport first = analyze(dump);
        byte[] stream;
        int n;
        try (HeapSnapshot heap = HeapSnapshot.parse(dump, Progress.NONE)) {
            n = heap.objectCount();
            stream = idomColumn(DominatorTree.compute(heap, Progress.NONE));
        }
        Path file = dir.resolve("d.hprof.heapsight-dominators");
        byte[] good = Files.readAllBytes(file);
        ByteBuffer pattern = ByteBuffer.allocate(16 + stream.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).putLong(stream.length).put(stream);
        int at = indexOf(good, pattern.array());
        assertThat(at).isNotNegative();
        assertThat(stream[0]).isNotNegative();

        // the first value in a redundant two-byte form (value | 0x80, 0x00): one byte longer, lengths fixed up
        ByteArrayOutputStream overLong = new ByteArrayOutputStream();
        overLong.write(good, 0, at + 8);
        overLong.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(stream.length + 1L).array(), 0, 8);
        overLong.write(stream[0] | 0x80);
        overLong.write(0);
        overLong.write(good, at + 17, good.length - at - 17);
        Files.write(file, overLong.toByteArray());
        assertThat(analyze(dump).dominators()).isEqualTo(first.dominators());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("over-long value").contains("computing the dominator tree again");

        // objects 0 and 1 dominating each other (each a one-byte value): in range, but a loop
        err.reset();
        byte[] loop = Files.readAllBytes(file);
        at = indexOf(loop, pattern.array());
        assertThat(stream[1]).isNotNegative();
        loop[at + 16] = (byte) (1 + zigzag(1));
        loop[at + 17] = (byte) (1 + zigzag(-1));
        Files.write(file, loop);
        assertThat(analyze(dump).dominators()).isEqualTo(first.dominators());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dominator chain loops");
    }

    private static byte[] idomColumn(DominatorTree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v = 0; v < tree.objectCount(); v++) {
            int d = tree.idom(v);
            leb128(out, d == DominatorTree.UNREACHABLE ? 0 : d == DominatorTree.ROOT ? 1 : 1 + zigzag(d - v));
        }
        return out.toByteArray();
    }

    private static long zigzag(long v) {
        return v >= 0 ? 2 * v : -2 * v - 1;
    }

    private static void leb128(ByteArrayOutputStream out, long v) {
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static int indexOf(byte[] all, byte[] pattern) {
        for (int i = 0; i + pattern.length <= all.length; i++) {
            if (java.util.Arrays.equals(all, i, i + pattern.length, pattern, 0, pattern.length)) return i;
        }
        return -1;
    }

    @Test
    void aDominatorChainThatLoopsIsDetected() {
        assertThat(DominatorTree.acyclic(new int[]{DominatorTree.ROOT, 0, 1, DominatorTree.UNREACHABLE})).isTrue();
        assertThat(DominatorTree.acyclic(new int[]{DominatorTree.ROOT, 2, 1})).isFalse();
        assertThat(DominatorTree.acyclic(new int[]{0})).isFalse();
        assertThat(DominatorTree.acyclic(new int[]{DominatorTree.ROOT, 0, 3, 4, 2})).isFalse();
    }

    @Test
    void derivedFilesOfAPrivateDumpArePrivate() throws Exception {
        Path dump = dump(dir.resolve("d.hprof"), "com.example.Item", 30);
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-------"));
        Path gz = gzip(dump, dir.resolve("g.hprof.gz"));
        Files.setPosixFilePermissions(gz, PosixFilePermissions.fromString("rw-------"));
        analyze(dump);
        analyze(gz);
        List<Path> derived = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).filter(p -> !p.equals(dump) && !p.equals(gz)).forEach(derived::add);
        }
        assertThat(derived).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.endsWith("d.hprof.heapsight-index")).anyMatch(n -> n.endsWith("g.hprof.gz.heapsight-dominators"))
                .anyMatch(n -> n.endsWith(".hprof") && !n.equals("d.hprof")); // the inflated copy
        for (Path p : derived) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            assertThat(PosixFilePermissions.toString(perms)).as(p.toString()).endsWith("------");
        }
    }

    @Test
    void gzipDumpNeverOverwritesNorReadsAPlainDumpBesideIt() throws Exception {
        Path other = dump(dir.resolve("app.hprof"), "com.example.Newer", 10);
        Path source = dump(dir.resolve("source.hprof"), "com.example.Inside", 10);
        Path gz = gzip(source, dir.resolve("app.hprof.gz"));
        Files.delete(source);
        byte[] before = Files.readAllBytes(other);
        // the plain file is newer than the gzip: it used to be taken for the gzip's inflated copy
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(gz).toMillis() + 60_000));

        AnalysisReport report = analyze(gz);
        assertThat(String.valueOf(report.histogram())).contains("com.example.Inside").doesNotContain("com.example.Newer");
        assertThat(Files.readAllBytes(other)).isEqualTo(before);

        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(0)); // older: used to be replaced
        HeapAnalysis.analyze(gz, AnalysisOptions.defaults().withInspections(false).withOpen(OpenOptions.NO_INDEX), Progress.NONE);
        assertThat(Files.readAllBytes(other)).isEqualTo(before);
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part") || n.endsWith(".tmp"));
        }
    }

    @Test
    void readOnlyFoldersWhoseHashCodesCollideGetTheirOwnCacheFilesInAPrivateFolder() throws Exception {
        // "Aa" and "BB" have the same String.hashCode, so these two paths do too
        Path a = dump(Files.createDirectories(dir.resolve("Aa")).resolve("d.hprof"), "com.example.Alpha", 10);
        Path b = dump(Files.createDirectories(dir.resolve("BB")).resolve("d.hprof"), "com.example.Bravo", 10);
        assertThat(a.toAbsolutePath().toString().hashCode()).isEqualTo(b.toAbsolutePath().toString().hashCode());
        for (Path p : List.of(a, b)) Files.setPosixFilePermissions(p.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path ia = DumpFiles.derivedFile(a, "d.hprof.heapsight-index");
            Path ib = DumpFiles.derivedFile(b, "d.hprof.heapsight-index");
            assertThat(ia).isNotEqualTo(ib);
            assertThat(ia.getParent()).isEqualTo(dir.resolve("cache"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ia.getParent()))).isEqualTo("rwx------");
            assertThat(String.valueOf(analyze(a).histogram())).contains("Alpha");
            assertThat(String.valueOf(analyze(b).histogram())).contains("Bravo").doesNotContain("Alpha");
        } finally {
            for (Path p : List.of(a, b)) Files.setPosixFilePermissions(p.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Replaces the bytes right after the one occurrence of {@code pattern}'s start with {@code replacement}. */
    private static void patch(Path file, byte[] pattern, byte[] replacement) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int at = -1;
        for (int i = 0; i + pattern.length <= all.length; i++) {
            if (java.util.Arrays.equals(all, i, i + pattern.length, pattern, 0, pattern.length)) {
                assertThat(at).as("pattern occurs once").isEqualTo(-1);
                at = i;
            }
        }
        assertThat(at).as("pattern found in " + file).isNotNegative();
        System.arraycopy(replacement, 0, all, at, replacement.length);
        Files.write(file, all);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
