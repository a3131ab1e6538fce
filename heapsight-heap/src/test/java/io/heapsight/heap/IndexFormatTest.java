package io.heapsight.heap;

import io.heapsight.hprof.HprofWriter.ClassRef;
import io.heapsight.hprof.HprofWriter.Type;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.testkit.PrivateHeapsightCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The index format (varint columns, issue 12): every array of the model comes back exactly from the index, on a
 * generated dump built to reach every encoding branch (ids out of file order, far references, more than 128 classes,
 * arrays of many sizes, referents) and on the MAT fixture dumps; a truncated, corrupted, over-long or older index is
 * refused with one note and never throws.
 */
@ExtendWith(PrivateHeapsightCache.class)
class IndexFormatTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    /** 300 classes, objects written with ids going down and jumping, references to far objects, arrays, referents. */
    static Path generated(Path file) throws IOException {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        List<ClassRef> kinds = new ArrayList<>();
        for (int c = 0; c < 300; c++) {
            kinds.add(w.declareClass("com.example.K" + c).instanceField("a", Type.OBJECT).instanceField("b", Type.OBJECT)
                    .instanceField("n", Type.LONG).define());
        }
        List<Long> objects = new ArrayList<>();
        long id = 0x7_0000_0000L;
        for (int i = 0; i < 2000; i++) {
            ClassRef k = kinds.get((i * 7 + (i % 3 == 0 ? 0 : i / 3)) % kinds.size());
            long a = objects.isEmpty() ? 0 : objects.get((int) ((i * 2654435761L) % objects.size()));
            long b = i > 0 ? objects.get(objects.size() - 1) : 0;
            id -= (i % 50 == 0 ? 0x10_0000 : 24 + 8 * (i % 3)); // ids fall: file order is not id order
            objects.add(w.newInstance(k).id(id).set("a", a).set("b", b).set("n", (long) i).write());
            if (i % 10 == 0) objects.add(w.primitiveArray(new byte[i % 700]));
            if (i % 25 == 0) objects.add(w.objectArray(w.classNamed("java.lang.Object[]"), a, b, 0, a));
            if (i % 40 == 0) objects.add(w.reference(w.classNamed("java.lang.ref.WeakReference"), b));
        }
        for (int r = 0; r < objects.size(); r += 97) w.rootJniGlobal(objects.get(r), r);
        w.rootStickyClass(kinds.get(0).id());
        w.thread("main").frame("com.example.K0", "run", "()V", "K0.java", 3).javaFrameRoot(objects.get(5), 0).start();
        w.write(file);
        return file;
    }

    @Test
    void everyArrayOfAGeneratedDumpComesBackFromTheIndex() throws IOException {
        Path dump = generated(dir.resolve("g.hprof"));
        roundTrip(dump, true);
    }

    @Test
    void everyArrayOfTheMatFixtureDumpsComesBackFromTheIndex() throws IOException {
        List<Path> dumps;
        try (Stream<Path> files = Files.list(MatInstanceSizesTest.fixtures())) {
            dumps = files.filter(p -> p.getFileName().toString().contains(".hprof")).sorted().toList();
        }
        assertThat(dumps).isNotEmpty();
        for (Path d : dumps) roundTrip(d, false);
    }

    /** Parses the dump, saves its index, loads it back and compares every array and lookup of the two models. */
    private void roundTrip(Path dump, boolean expectPermutation) throws IOException {
        try (HeapSnapshot parsed = HeapSnapshot.parse(dump, Progress.NONE)) {
            if (expectPermutation) assertThat(parsed.idIndex().hasPermutation()).as("ids out of file order").isTrue();
            assertThat(SnapshotIndex.save(parsed, dump)).as(dump.toString()).isNotNull();
            try (HeapSnapshot loaded = SnapshotIndex.load(dump, noting)) {
                assertThat(loaded).as(dump + " " + notes).isNotNull();
                int n = parsed.objectCount();
                assertThat(loaded.objectCount()).isEqualTo(n);
                assertThat(loaded.classOf).as("classes").isEqualTo(parsed.classOf);
                assertThat(loaded.shallow8).as("sizes").isEqualTo(parsed.shallow8);
                assertThat(loaded.outStart).as("edge starts").isEqualTo(parsed.outStart);
                assertThat(loaded.outEdges).as("edges").isEqualTo(parsed.outEdges);
                assertThat(loaded.referentBits).as("referents").isEqualTo(parsed.referentBits);
                assertThat(loaded.rootObjects).isEqualTo(parsed.rootObjects);
                assertThat(loaded.rootKinds).isEqualTo(parsed.rootKinds);
                assertThat(loaded.rootThreads).isEqualTo(parsed.rootThreads);
                assertThat(loaded.rootFrames).isEqualTo(parsed.rootFrames);
                assertThat(loaded.offsetsArray()).as("offsets live on disk").isNull();
                RecordOffsets offsets = parsed.offsetsArray();
                for (int i = 0; i < n; i++) {
                    assertThat(loaded.recordOffset(i)).as("offset of %d", i).isEqualTo(offsets.get(i));
                    long id = parsed.objectId(i);
                    assertThat(loaded.objectId(i)).isEqualTo(id);
                    // (a few fixture dumps repeat an id: any object with that id is a right answer, as in memory)
                    int found = loaded.indexOfId(id);
                    assertThat(found).as("index of id %x", id).isNotNegative();
                    assertThat(parsed.objectId(found)).isEqualTo(id);
                    int near = loaded.indexOfId(id + 1);
                    if (parsed.indexOfId(id + 1) < 0) assertThat(near).isEqualTo(-1);
                    else assertThat(parsed.objectId(near)).isEqualTo(id + 1);
                }
                assertThat(loaded.indexOfId(Long.MIN_VALUE)).isEqualTo(-1);
                assertThat(loaded.indexOfId(Long.MAX_VALUE)).isEqualTo(parsed.indexOfId(Long.MAX_VALUE));
            }
        }
        assertThat(notes).isEmpty();
    }

    private Path indexed(Path dump) throws IOException {
        try (HeapSnapshot s = HeapSnapshot.open(dump, Progress.NONE)) {
            s.awaitIndex();
        }
        Path index = SnapshotIndex.fileFor(dump);
        assertThat(index).exists();
        return index;
    }

    @Test
    void aTruncatedIndexIsRefusedWithOneNoteAndRebuilt() throws IOException {
        Path dump = generated(dir.resolve("g.hprof"));
        Path index = indexed(dump);
        byte[] whole = Files.readAllBytes(index);
        for (int k = 1; k < 16; k++) {
            notes.clear();
            Files.write(index, java.util.Arrays.copyOf(whole, whole.length * k / 16));
            assertThat(SnapshotIndex.load(dump, noting)).isNull();
            assertThat(notes).hasSize(1);
            assertThat(notes.get(0)).startsWith("ignoring the index").endsWith("parsing the dump again");
        }
        try (HeapSnapshot s = HeapSnapshot.open(dump, noting)) {
            s.awaitIndex();
        }
        assertThat(SnapshotIndex.load(dump, Progress.NONE)).as("rebuilt").isNotNull();
    }

    @Test
    void anOlderFormatIsIgnoredWithOneNote() throws IOException {
        Path dump = generated(dir.resolve("g.hprof"));
        Path index = indexed(dump);
        byte[] b = Files.readAllBytes(index);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 3); // the version after the magic
        Files.write(index, b);
        assertThat(SnapshotIndex.load(dump, noting)).isNull();
        assertThat(notes).singleElement().asString().contains("an older index format");
    }

    @Test
    void everyCorruptedByteOfTheColumnsIsRefusedOrHarmless() throws IOException {
        Path dump = Files.write(dir.resolve("o.hprof"), HostileDumps.bytes(HostileDumps.ordinary(8, HprofWriter.FORMAT_102), dir));
        Path index = indexed(dump);
        byte[] whole = Files.readAllBytes(index);
        int columnsFrom = columnsStart(whole);
        int refused = 0, tried = 0;
        for (int at = columnsFrom; at < whole.length; at++) {
            for (int value : new int[]{0x00, 0x80, 0xFF}) {
                if ((whole[at] & 0xFF) == value) continue;
                byte[] bad = whole.clone();
                bad[at] = (byte) value;
                tried++;
                Files.write(index, bad);
                notes.clear();
                try (HeapSnapshot s = SnapshotIndex.load(dump, noting)) {
                    if (s == null) {
                        assertThat(notes).hasSize(1);
                        refused++;
                        continue;
                    }
                    // accepted: then every value is in range and every lookup answers
                    for (int i = 0; i < s.objectCount(); i++) {
                        assertThat(s.recordOffset(i)).isBetween(1L, Files.size(dump) - 1);
                        assertThat(s.classOf(i)).isBetween(0, s.classCount() - 1);
                        for (int k = s.edgeStart(i); k < s.edgeEnd(i); k++) assertThat(s.edgeTarget(k)).isBetween(0, s.objectCount() - 1);
                        s.indexOfId(s.objectId(i));
                    }
                }
            }
        }
        System.err.printf("corrupted index bytes: %d of %d refused, the rest loaded in range%n", refused, tried);
        assertThat(refused).as("most corruptions are caught").isGreaterThan(tried / 2);
    }

    /** Where the columns start: after magic, version and the two blobs (binding and metadata). */
    private static int columnsStart(byte[] index) {
        ByteBuffer b = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        int at = 16;
        at += 8 + (int) b.getLong(at);
        at += 8 + (int) b.getLong(at);
        return at;
    }

    // ---- the varint column itself ----

    private VarintColumn column(long count, long declaredBytes, int... bytes) throws IOException {
        Path f = dir.resolve("column");
        ByteBuffer b = ByteBuffer.allocate(16 + bytes.length).order(ByteOrder.LITTLE_ENDIAN).putLong(count).putLong(declaredBytes);
        for (int x : bytes) b.put((byte) x);
        Files.write(f, b.array());
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
        return new IndexIO(ch, 0).readColumn(count, false);
    }

    @Test
    void valuesOfEverySizeRoundTrip() throws IOException {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, (1L << 35) - 1, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE,
                VarintColumn.zigzag(Long.MIN_VALUE), VarintColumn.zigzag(-5)};
        Path f = dir.resolve("values");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            IndexIO io = new IndexIO(ch, 0);
            VarintColumn.Writer w = io.column(values.length * 100L, true);
            for (int r = 0; r < 100; r++) for (long v : values) w.put(v);
            w.finish();
            VarintColumn c = new IndexIO(ch, 0).readColumn(values.length * 100L, true);
            VarintColumn.Decoder d = c.decoder();
            long[] all = new long[values.length * 100];
            d.longs(all, 0, all.length);
            d.finish();
            long[] block = new long[VarintColumn.BLOCK];
            for (int i = 0; i < all.length; i++) {
                assertThat(all[i]).isEqualTo(values[i % values.length]);
                if (i % VarintColumn.BLOCK == 0) c.readBlock(i / VarintColumn.BLOCK, block, VarintColumn.blockScratch());
                assertThat(block[i % VarintColumn.BLOCK]).isEqualTo(values[i % values.length]);
            }
            assertThat(VarintColumn.unzigzag(VarintColumn.zigzag(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void overLongAndOverflowingVarintsAreRefused() throws IOException {
        // 1 written as two bytes: a redundant zero byte at the end
        assertThatThrownBy(() -> column(1, 2, 0x81, 0x00).decoder().next()).hasMessageContaining("over-long");
        assertThatThrownBy(() -> {
            var d = column(1, 2, 0x81, 0x00).decoder();
            d.longs(new long[1], 0, 1);
        }).hasMessageContaining("over-long");
        // eleven bytes
        assertThatThrownBy(() -> column(1, 11, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).decoder().next())
                .hasMessageContaining("over-long");
        // ten bytes whose last sets bits past the 64th
        assertThatThrownBy(() -> column(1, 10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02).decoder().next())
                .hasMessageContaining("over-long");
        assertThat(column(1, 10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).decoder().next()).isEqualTo(-1L);
        // an int column: more than 35 bits, or more than the bound
        assertThatThrownBy(() -> column(1, 6, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).decoder().ints(new int[1], 0, 1, Integer.MAX_VALUE))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> column(1, 1, 0x10).decoder().ints(new int[1], 0, 1, 15)).hasMessageContaining("out of range");
        // the bytes end inside a value; more values asked than stored; bytes left over
        assertThatThrownBy(() -> column(1, 1, 0x80).decoder().next()).hasMessageContaining("inside a value");
        assertThatThrownBy(() -> {
            var d = column(1, 1, 0x05).decoder();
            d.next();
            d.next();
        }).hasMessageContaining("more values");
        assertThatThrownBy(() -> {
            var d = column(1, 2, 0x05, 0x05).decoder();
            d.next();
            d.finish();
        }).hasMessageContaining("left over");
    }

    @Test
    void countsAndLengthsAreBoundedByTheFile() {
        // more values than bytes (a value takes at least one byte); more bytes than the file holds
        assertThatThrownBy(() -> column(5, 3, 1, 2, 3)).hasMessageContaining("length");
        assertThatThrownBy(() -> column(1, 1L << 40, 1)).hasMessageContaining("length");
        assertThatThrownBy(() -> column(-1, 1, 1)).hasMessageContaining("count");
    }
}
