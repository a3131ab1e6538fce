package io.heapsight.hprof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.heapsight.hprof.HprofWriter.Type.INT;
import static io.heapsight.hprof.HprofWriter.Type.OBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HprofWriterTest {

    @TempDir
    Path dir;

    /**
     * An independent reader of just enough HPROF to check the writer: walks every record and sub-record by the
     * layouts in HotSpot's heapDumper.cpp, failing on anything that does not add up to the exact file end.
     */
    static final class Walk {
        String format;
        int idSize;
        final Map<Long, String> utf8 = new HashMap<>();
        final Map<Long, String> loadedClassNames = new HashMap<>(); // class id -> name
        final Map<Integer, Integer> topTags = new TreeMap<>();
        final Map<Integer, Integer> subTags = new TreeMap<>();
        final Map<Long, byte[]> instanceFields = new HashMap<>();
        final Map<Long, Long> instanceClass = new HashMap<>();
        final Map<Long, Integer> classInstanceSize = new HashMap<>();
        final List<long[]> roots = new ArrayList<>(); // {tag, id, extra1, extra2}
        final Map<Long, long[]> objectArrays = new HashMap<>();
        final Map<Long, Integer> primitiveArrayLengths = new HashMap<>();
        final List<Integer> stackTraceFrameCounts = new ArrayList<>();
        int segments;
        boolean endSeen;

        static Walk of(Path file) throws IOException {
            Walk w = new Walk();
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)); // big-endian by default
            StringBuilder fmt = new StringBuilder();
            for (byte c = b.get(); c != 0; c = b.get()) fmt.append((char) c);
            w.format = fmt.toString();
            w.idSize = b.getInt();
            b.getLong();
            while (b.hasRemaining()) {
                int tag = b.get() & 0xFF;
                b.getInt();
                long len = Integer.toUnsignedLong(b.getInt());
                int end = Math.toIntExact(b.position() + len);
                w.topTags.merge(tag, 1, Integer::sum);
                switch (tag) {
                    case 0x01 -> {
                        long id = w.id(b);
                        byte[] s = new byte[end - b.position()];
                        b.get(s);
                        w.utf8.put(id, new String(s, StandardCharsets.UTF_8));
                    }
                    case 0x02 -> {
                        b.getInt();
                        long classId = w.id(b);
                        b.getInt();
                        w.loadedClassNames.put(classId, w.utf8.get(w.id(b)));
                    }
                    case 0x05 -> {
                        b.getInt();
                        b.getInt();
                        int frames = b.getInt();
                        w.stackTraceFrameCounts.add(frames);
                        for (int i = 0; i < frames; i++) w.id(b);
                    }
                    case 0x0C, 0x1C -> {
                        w.segments++;
                        while (b.position() < end) w.subRecord(b);
                    }
                    case 0x2C -> w.endSeen = true;
                    default -> b.position(end);
                }
                assertThat(b.position()).as("record 0x%x body length", tag).isEqualTo(end);
            }
            return w;
        }

        private void subRecord(ByteBuffer b) {
            int tag = b.get() & 0xFF;
            subTags.merge(tag, 1, Integer::sum);
            switch (tag) {
                case 0xFF, 0x05, 0x07 -> roots.add(new long[] {tag, id(b), 0, 0});
                case 0x01 -> roots.add(new long[] {tag, id(b), id(b), 0});
                case 0x02, 0x03, 0x08 -> roots.add(new long[] {tag, id(b), b.getInt(), b.getInt()});
                case 0x04, 0x06 -> roots.add(new long[] {tag, id(b), b.getInt(), 0});
                case 0x20 -> {
                    long classId = id(b);
                    b.getInt();
                    for (int i = 0; i < 6; i++) id(b); // super, loader, signers, domain, reserved x2
                    classInstanceSize.put(classId, b.getInt());
                    int cp = b.getShort() & 0xFFFF;
                    for (int i = 0; i < cp; i++) {
                        b.getShort();
                        skipValue(b, b.get());
                    }
                    int statics = b.getShort() & 0xFFFF;
                    for (int i = 0; i < statics; i++) {
                        id(b);
                        skipValue(b, b.get());
                    }
                    int fields = b.getShort() & 0xFFFF;
                    for (int i = 0; i < fields; i++) {
                        id(b);
                        b.get();
                    }
                }
                case 0x21 -> {
                    long id = id(b);
                    b.getInt();
                    instanceClass.put(id, id(b));
                    byte[] data = new byte[b.getInt()];
                    b.get(data);
                    instanceFields.put(id, data);
                }
                case 0x22 -> {
                    long id = id(b);
                    b.getInt();
                    long[] elements = new long[b.getInt()];
                    id(b);
                    for (int i = 0; i < elements.length; i++) elements[i] = id(b);
                    objectArrays.put(id, elements);
                }
                case 0x23 -> {
                    long id = id(b);
                    b.getInt();
                    int n = b.getInt();
                    int type = b.get();
                    primitiveArrayLengths.put(id, n);
                    b.position(b.position() + n * size(type));
                }
                default -> throw new AssertionError("unknown sub-record 0x" + Integer.toHexString(tag));
            }
        }

        private void skipValue(ByteBuffer b, int type) {
            b.position(b.position() + size(type));
        }

        private int size(int type) {
            return switch (type) {
                case 2 -> idSize;
                case 4, 8 -> 1;
                case 5, 9 -> 2;
                case 6, 10 -> 4;
                case 7, 11 -> 8;
                default -> throw new AssertionError("bad basic type " + type);
            };
        }

        long id(ByteBuffer b) {
            return idSize == 4 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
        }

        long classIdNamed(String name) {
            return loadedClassNames.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst()
                    .orElseThrow().getKey();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void roundTripsEveryRecordKind(int idSize) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(idSize).segmentSize(200).withStandardClasses();
        HprofWriter.ClassRef node = w.declareClass("com.example.Node")
                .instanceField("next", OBJECT).instanceField("value", INT)
                .staticField("COUNT", INT, 2).staticField("HEAD", OBJECT, null).define();
        long tail = w.newInstance(node).set("value", 0x0BADCAFE).write();
        long head = w.newInstance(node).set("next", tail).set("value", 7).write();
        long array = w.objectArray(w.classNamed("java.lang.Object[]"), head, 0, tail);
        long ints = w.primitiveArray(new int[] {1, 2, 3});
        long hello = w.string("hello");
        long weak = w.reference(w.classNamed("java.lang.ref.WeakReference"), tail);
        w.rootUnknown(array).rootJniGlobal(head, 0x77).rootJniLocal(ints, 1, 0).rootJavaFrame(hello, 1, 0)
                .rootNativeStack(weak, 1).rootStickyClass(node.id()).rootThreadBlock(head, 1).rootMonitorUsed(tail);
        HprofWriter.ThreadBuilder t = w.thread("main")
                .frame("com.example.Node", "walk", "()V", "Node.java", 42)
                .frame("com.example.Node", "main", "([Ljava/lang/String;)V", "Node.java", 10)
                .javaFrameRoot(head, 1);
        long threadObject = t.start();

        Path file = dir.resolve("all.hprof");
        HprofWriter.Layout layout = w.write(file);
        Walk walk = Walk.of(file);

        assertThat(walk.format).isEqualTo("JAVA PROFILE 1.0.2");
        assertThat(walk.idSize).isEqualTo(idSize);
        assertThat(walk.endSeen).isTrue();
        assertThat(walk.segments).isGreaterThan(3).isEqualTo(layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT).size());
        assertThat(layout.size()).isEqualTo(Files.size(file));
        // HotSpot-style internal class names
        assertThat(walk.loadedClassNames.values()).contains("java/lang/Object", "java/lang/String", "java/lang/Class",
                "java/lang/ref/Reference", "java/lang/ref/WeakReference", "[B", "[I", "[Ljava/lang/Object;",
                "com/example/Node");
        assertThat(walk.loadedClassNames.get(node.id())).isEqualTo("com/example/Node");
        // Node: next (id) + value (u4); instance size = HPROF bytes of its fields
        assertThat(walk.classInstanceSize.get(node.id())).isEqualTo(idSize + 4);
        ByteBuffer headFields = ByteBuffer.wrap(walk.instanceFields.get(head));
        assertThat(walk.id(headFields)).isEqualTo(tail);
        assertThat(headFields.getInt()).isEqualTo(7);
        ByteBuffer tailFields = ByteBuffer.wrap(walk.instanceFields.get(tail));
        assertThat(walk.id(tailFields)).isZero();
        assertThat(tailFields.getInt()).isEqualTo(0x0BADCAFE);
        assertThat(walk.objectArrays.get(array)).containsExactly(head, 0, tail);
        assertThat(walk.primitiveArrayLengths.get(ints)).isEqualTo(3);
        // WeakReference inherits Reference's 4 reference fields: referent first
        assertThat(walk.instanceClass.get(weak)).isEqualTo(walk.classIdNamed("java/lang/ref/WeakReference"));
        ByteBuffer weakFields = ByteBuffer.wrap(walk.instanceFields.get(weak));
        assertThat(weakFields.remaining()).isEqualTo(4 * idSize);
        assertThat(walk.id(weakFields)).isEqualTo(tail);
        // String: value byte[] "hello" (LATIN1)
        ByteBuffer stringFields = ByteBuffer.wrap(walk.instanceFields.get(hello));
        assertThat(walk.primitiveArrayLengths.get(walk.id(stringFields))).isEqualTo(5);
        // every root kind, with its extra fields
        assertThat(walk.roots).anySatisfy(r -> assertThat(r).containsExactly(0xFF, array, 0, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x01, head, 0x77, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x02, ints, 1, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x03, hello, 1, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x04, weak, 1, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x05, node.id(), 0, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x06, head, 1, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x07, tail, 0, 0))
                .anySatisfy(r -> assertThat(r).containsExactly(0x08, threadObject, t.serial(), 2))
                .anySatisfy(r -> assertThat(r).containsExactly(0x03, head, t.serial(), 1));
        // the dummy trace (serial 1, no frames) and the thread's 2-frame trace
        assertThat(walk.stackTraceFrameCounts).containsExactly(0, 2);
        assertThat(walk.topTags.get(HprofWriter.TAG_STACK_FRAME)).isEqualTo(2);
        assertThat(walk.utf8.values()).contains("walk", "Node.java", "next", "value", "COUNT");
    }

    @Test
    void format101WritesOneHeapDumpRecordWithoutEnd() throws IOException {
        HprofWriter w = HprofWriter.create().format(HprofWriter.FORMAT_101).withStandardClasses();
        long s = w.string("x");
        w.rootUnknown(s);
        Path file = dir.resolve("old.hprof");
        w.write(file);
        Walk walk = Walk.of(file);
        assertThat(walk.format).isEqualTo("JAVA PROFILE 1.0.1");
        assertThat(walk.topTags).containsEntry(HprofWriter.TAG_HEAP_DUMP, 1).doesNotContainKey(HprofWriter.TAG_HEAP_DUMP_END)
                .doesNotContainKey(HprofWriter.TAG_HEAP_DUMP_SEGMENT);
        assertThat(walk.subTags).containsEntry(0x21, 1).containsEntry(0x23, 1).containsEntry(0xFF, 1);
    }

    @Test
    void segmentSizeSplitsAtSubRecordBoundaries() throws IOException {
        HprofWriter w = HprofWriter.create().segmentSize(64);
        HprofWriter.ClassRef c = w.declareClass("A").instanceField("x", INT).define();
        for (int i = 0; i < 20; i++) w.newInstance(c).set("x", i).write();
        long big = w.primitiveArray(new byte[500]); // bigger than a segment: alone in its own
        w.rootUnknown(big);
        Path file = dir.resolve("seg.hprof");
        HprofWriter.Layout layout = w.write(file);
        Walk walk = Walk.of(file);
        assertThat(walk.subTags).containsEntry(0x21, 20).containsEntry(0x23, 1).containsEntry(0x20, 1);
        // a sub-record bigger than a segment gets one alone: the CLASS_DUMP of A (1 + 8 + 4 + 6*8 + 4 + 2 + 2 + 2
        // + one field of 8 + 1 = 80 bytes) and the byte[500] (1 + 8 + 4 + 4 + 1 + 500 = 518); all others fit in 64
        assertThat(layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT)).allSatisfy(
                r -> assertThat(r.bodyLength()).matches(n -> n <= 64 || n == 80 || n == 518, "<= 64 or a lone sub-record"));
        assertThat(layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT)).extracting(HprofWriter.RecordPosition::bodyLength)
                .contains(80L, 518L);
        assertThat(layout.all(HprofWriter.TAG_HEAP_DUMP_SEGMENT)).hasSizeGreaterThan(5);
    }

    @Test
    void corruptionHelpers() throws IOException {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        w.rootUnknown(w.string("abc"));
        Path file = dir.resolve("c.hprof");
        HprofWriter.Layout layout = w.write(file);
        HprofWriter.RecordPosition segment = layout.first(HprofWriter.TAG_HEAP_DUMP_SEGMENT);

        HprofWriter.overwriteU4(file, segment.lengthOffset(), 0x7FFF_FFFF);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(b.get((int) segment.offset())).isEqualTo((byte) HprofWriter.TAG_HEAP_DUMP_SEGMENT);
        assertThat(b.getInt((int) segment.lengthOffset())).isEqualTo(0x7FFF_FFFF);
        assertThat(Files.size(file)).isEqualTo(layout.size());

        HprofWriter.overwriteU1(file, segment.bodyOffset(), 0x99);
        assertThat(Files.readAllBytes(file)[(int) segment.bodyOffset()]).isEqualTo((byte) 0x99);

        HprofWriter.truncate(file, segment.bodyOffset() + 3);
        assertThat(Files.size(file)).isEqualTo(segment.bodyOffset() + 3);
        assertThatThrownBy(() -> HprofWriter.truncate(file, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> HprofWriter.create().idSize(2)).hasMessageContaining("4 or 8");
        HprofWriter w = HprofWriter.create().withStandardClasses();
        assertThatThrownBy(() -> w.idSize(4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.declareClass("java.lang.String")).hasMessageContaining("already declared");
        HprofWriter.ClassRef c = w.declareClass("B").instanceField("n", INT).define();
        assertThatThrownBy(() -> w.newInstance(c).set("missing", 1)).hasMessageContaining("no instance field 'missing'");
        assertThatThrownBy(() -> w.newInstance(c).set("n", "text").write()).hasMessageContaining("n: a INT value");
        assertThatThrownBy(() -> HprofWriter.create().string("x")).hasMessageContaining("withStandardClasses");
    }
}
