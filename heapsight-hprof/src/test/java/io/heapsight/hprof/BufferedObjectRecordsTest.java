package io.heapsight.hprof;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path must deliver exactly what the general walk delivers: the same records, offsets, ids, classes, lengths
 * and bytes, in the same order, and end the same way on a cut file; records cut by the 8 MB buffer's end or a
 * segment's end go to the visitor.
 */
class BufferedObjectRecordsTest {
    @TempDir
    Path dir;

    /** Every record as text: kind, offset, id, class or element type, length, and a hash of the bytes the pass sees. */
    static final class Recorder extends BufferedObjectRecords implements HprofVisitor {
        final List<String> records = new ArrayList<>();
        int fast;

        Recorder(int idSize) {
            super(idSize);
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) throws IOException {
            byte[] b = new byte[length];
            in.readFully(b, 0, length);
            records.add("I " + recordOffset + " " + id + " " + classId + " " + length + " " + Arrays.hashCode(b));
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) throws IOException {
            byte[] b = new byte[length * idSize];
            in.readFully(b, 0, b.length);
            records.add("O " + recordOffset + " " + id + " " + arrayClassId + " " + length + " " + Arrays.hashCode(b));
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            records.add("P " + recordOffset + " " + id + " " + elementType + " " + length);
        }

        @Override
        protected void bufferedInstance(long recordOffset, long id, long classId, byte[] buf, int data, int length) {
            fast++;
            records.add("I " + recordOffset + " " + id + " " + classId + " " + length + " "
                    + Arrays.hashCode(Arrays.copyOfRange(buf, data, data + length)));
        }

        @Override
        protected void bufferedObjectArray(long recordOffset, long id, long arrayClassId, byte[] buf, int data, int length) {
            fast++;
            records.add("O " + recordOffset + " " + id + " " + arrayClassId + " " + length + " "
                    + Arrays.hashCode(Arrays.copyOfRange(buf, data, data + length * idSize)));
        }

        @Override
        protected void bufferedPrimitiveArray(long recordOffset, long id, int elementType, int length) {
            fast++;
            records.add("P " + recordOffset + " " + id + " " + elementType + " " + length);
        }
    }

    /** Every object record's id, in order, as pass 1 sees them; {@link BufferedObjectIds} hands over the buffered ones. */
    static final class IdRecorder extends BufferedObjectIds implements HprofVisitor {
        final List<Long> ids = new ArrayList<>();
        int fast;

        IdRecorder(int idSize) {
            super(idSize);
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        protected void bufferedObject(long id) {
            fast++;
            ids.add(id);
        }
    }

    private Path dump(int idSize, long segmentSize) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(idSize).segmentSize(segmentSize).withStandardClasses();
        HprofWriter.ClassRef node = w.declareClass("Node")
                .instanceField("next", HprofWriter.Type.OBJECT).instanceField("value", HprofWriter.Type.LONG)
                .instanceField("tag", HprofWriter.Type.OBJECT).instanceField("flag", HprofWriter.Type.BYTE).define();
        HprofWriter.ClassRef objects = w.classNamed("java.lang.Object[]");
        Random random = new Random(idSize * 31L + segmentSize);
        long previous = 0;
        // about 12 MB: records cross the 8 MB buffer's end, and segment ends when segments are small
        for (int i = 0; i < 6_000; i++) {
            long tag = w.primitiveArray(new long[random.nextInt(i % 500 == 0 ? 40_000 : 300)]);
            previous = w.newInstance(node).set("next", previous).set("value", (long) i).set("tag", tag)
                    .set("flag", (byte) i).write();
            if (i % 7 == 0) w.objectArray(objects, previous, 0, tag, previous + 1);
            if (i % 11 == 0) w.primitiveArray(new char[random.nextInt(50)]);
        }
        w.rootUnknown(previous);
        return w.write(dir.resolve("d" + idSize + "-" + segmentSize + ".hprof")).file();
    }

    private static List<Object> walk(Path file, long cutAt, boolean fast) throws IOException {
        if (cutAt > 0) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(cutAt);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            HprofHeader header = HprofHeader.read(ch);
            HprofReader reader = new HprofReader(ch, header);
            HprofReader.Scan scan = reader.scan(new HprofVisitor() {}, null);
            Recorder r = new Recorder(header.idSize());
            WalkResult result = reader.walkSegments(scan.segments(), r, fast ? r : null);
            return List.of(r.records, result, r.fast);
        }
    }

    /** As {@link #walk}, through {@link IdRecorder}: the ids, the result, how many came the fast way. */
    private static List<Object> walkIds(Path file, boolean fast) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            HprofHeader header = HprofHeader.read(ch);
            HprofReader reader = new HprofReader(ch, header);
            HprofReader.Scan scan = reader.scan(new HprofVisitor() {}, null);
            IdRecorder r = new IdRecorder(header.idSize());
            WalkResult result = reader.walkSegments(scan.segments(), r, fast ? r : null);
            return List.of(r.ids, result, r.fast);
        }
    }

    /** The ids in the general walk's records (their third field). */
    @SuppressWarnings("unchecked")
    private static List<Long> idsOf(List<Object> walk) {
        return ((List<String>) walk.get(0)).stream().map(r -> Long.parseLong(r.split(" ")[2])).toList();
    }

    @ParameterizedTest
    @CsvSource({"8, 1048576", "4, 1048576", "8, 268435456", "4, 268435456"})
    void deliversWhatTheGeneralWalkDeliversAndEndsTheSameWayOnACutFile(int idSize, long segmentSize) throws IOException {
        Path file = dump(idSize, segmentSize);
        List<Object> general = walk(file, 0, false), buffered = walk(file, 0, true);

        assertThat(buffered.get(0)).isEqualTo(general.get(0));
        assertThat(buffered.get(1)).isEqualTo(general.get(1));
        assertThat(((WalkResult) general.get(1)).complete()).isTrue();
        int records = ((List<?>) general.get(0)).size(), fast = (int) buffered.get(2);
        assertThat(records).isGreaterThan(13_000);
        assertThat(fast).as("most records go the fast way, a few the general one").isBetween(records * 9 / 10, records - 1);

        List<Object> ids = walkIds(file, true);
        assertThat(ids.get(0)).isEqualTo(idsOf(general));
        assertThat(ids.get(1)).isEqualTo(general.get(1));
        assertThat((int) ids.get(2)).as("the ids-only loop takes the records the full one takes").isEqualTo(fast);

        long cut = java.nio.file.Files.size(file) * 2 / 3 + 5; // inside a record, past the first buffer
        Path copy = dir.resolve("cut.hprof");
        java.nio.file.Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Object> generalCut = walk(copy, cut, false);
        List<Object> bufferedCut = walk(copy, 0, true);
        assertThat(bufferedCut.get(0)).isEqualTo(generalCut.get(0));
        assertThat(bufferedCut.get(1)).isEqualTo(generalCut.get(1));
        assertThat(((WalkResult) generalCut.get(1)).complete()).isFalse();
        List<Object> idsCut = walkIds(copy, true);
        assertThat(idsCut.get(0)).isEqualTo(idsOf(generalCut));
        assertThat(idsCut.get(1)).isEqualTo(generalCut.get(1));
    }
}
