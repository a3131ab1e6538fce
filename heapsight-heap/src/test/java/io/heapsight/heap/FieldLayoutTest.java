package io.heapsight.heap;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.ClassRef;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field layouts chosen from the java.version a dump carries in System.props, on small synthetic class hierarchies.
 * Expected sizes are worked out by hand from HotSpot's rules (offsets in the comments). The synthetic ids are not
 * addresses, so the geometry is the release's default: 32-bit for 4-byte ids, compressed oops from 6u23 on.
 */
class FieldLayoutTest {
    @TempDir
    Path dir;

    /** Writes the test classes and a JDK 8-style System.props (Hashtable entries, char[] strings). */
    private Map<String, Long> sizes(int idSize, String javaVersion, String dataModel) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(idSize);
        ClassRef object = w.declareClass("java.lang.Object").superclass(null).define();
        ClassRef string = w.declareClass("java.lang.String").instanceField("value", Type.OBJECT)
                .instanceField("offset", Type.INT).instanceField("count", Type.INT).instanceField("hash", Type.INT).define();
        ClassRef entry = w.declareClass("java.util.Hashtable$Entry").instanceField("hash", Type.INT)
                .instanceField("key", Type.OBJECT).instanceField("value", Type.OBJECT).instanceField("next", Type.OBJECT).define();
        ClassRef hashtable = w.declareClass("java.util.Hashtable").instanceField("table", Type.OBJECT).define();
        ClassRef properties = w.declareClass("java.util.Properties").superclass(hashtable).instanceField("defaults", Type.OBJECT).define();
        ClassRef entries = w.declareClass("java.util.Hashtable$Entry[]").superclass(object).define();
        // JDK 6 ArrayList: AbstractCollection (no fields) <- AbstractList (modCount) <- ArrayList (elementData, size)
        ClassRef collection = w.declareClass("java.util.AbstractCollection").define();
        ClassRef list = w.declareClass("java.util.AbstractList").superclass(collection).instanceField("modCount", Type.INT).define();
        w.declareClass("java.util.ArrayList").superclass(list).instanceField("elementData", Type.OBJECT).instanceField("size", Type.INT).define();
        ClassRef base = w.declareClass("com.example.Base").loader(0x77).instanceField("flag", Type.BYTE).define();
        w.declareClass("com.example.Sub").loader(0x77).superclass(base).instanceField("y", Type.BYTE).define();
        w.declareClass("com.example.LongIntRef").loader(0x77).instanceField("o", Type.OBJECT).instanceField("l", Type.LONG)
                .instanceField("i", Type.INT).define();
        w.declareClass("com.example.LongRef").loader(0x77).instanceField("o", Type.OBJECT).instanceField("l", Type.LONG).define();
        ClassRef intBase = w.declareClass("com.example.IntBase").loader(0x77).instanceField("a", Type.INT).define();
        w.declareClass("com.example.LongShortRef").loader(0x77).superclass(intBase).instanceField("o", Type.OBJECT)
                .instanceField("l", Type.LONG).instanceField("s", Type.SHORT).define();
        // the same fields in a core class whose offsets HotSpot hard-coded (boot loader): references first, no gap filling
        w.declareClass("java.lang.StackTraceElement").instanceField("a", Type.OBJECT).instanceField("b", Type.OBJECT)
                .instanceField("l", Type.LONG).instanceField("i", Type.INT).define();
        w.declareClass("com.example.SameFields").loader(0x77).instanceField("a", Type.OBJECT).instanceField("b", Type.OBJECT)
                .instanceField("l", Type.LONG).instanceField("i", Type.INT).define();
        // JDK 8-18: the ThreadLocalRandom fields of Thread are @Contended("tlr")
        ClassRef thread = w.declareClass("java.lang.Thread").instanceField("name", Type.OBJECT).instanceField("eetop", Type.LONG)
                .instanceField("threadLocalRandomSeed", Type.LONG).instanceField("threadLocalRandomProbe", Type.INT)
                .instanceField("threadLocalRandomSecondarySeed", Type.INT).define();
        w.declareClass("com.example.Worker").loader(0x77).superclass(thread).instanceField("running", Type.BOOLEAN).define();

        Map<String, String> props = new LinkedHashMap<>();
        if (javaVersion != null) props.put("java.version", javaVersion);
        if (dataModel != null) props.put("sun.arch.data.model", dataModel);
        props.put("user.dir", "/tmp");
        long[] slots = new long[7];
        int k = 0;
        for (var e : props.entrySet()) {
            long key = w.newInstance(string).set("value", w.primitiveArray(e.getKey().toCharArray()))
                    .set("count", e.getKey().length()).write();
            // a value cut out of a longer char[] (offset/count), as substring() made them before JDK 7u6
            char[] padded = ("xx" + e.getValue() + "yy").toCharArray();
            long value = w.newInstance(string).set("value", w.primitiveArray(padded)).set("offset", 2)
                    .set("count", e.getValue().length()).write();
            long chained = slots[k % 2]; // chains of two entries in the first buckets
            slots[k % 2] = w.newInstance(entry).set("key", key).set("value", value).set("next", chained).write();
            k++;
        }
        long table = w.objectArray(entries, slots);
        long props0 = w.newInstance(properties).set("table", table).write();
        w.declareClass("java.lang.System").staticField("props", Type.OBJECT, props0).define();
        w.write(dir.resolve("layout.hprof"));
        try (HeapSnapshot heap = HeapSnapshot.parse(dir.resolve("layout.hprof"), Progress.NONE)) {
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (int i = 0; i < heap.classCount(); i++) sizes.put(heap.heapClass(i).name(), heap.heapClass(i).instanceSize());
            sizes.put("layout: " + heap.layout().name(), 0L);
            return sizes;
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("layout.hprof"));
        }
    }

    @Test
    void jdk6Uncompressed64BitBlocksPerClassAlignedToEightBytes() throws IOException {
        Map<String, Long> s = sizes(8, "1.6.0_16", "64"); // before 6u23 compressed oops were off by default
        assertThat(s).containsKey("layout: 64-bit, uncompressed oops and class pointers; JDK 6 field layout");
        // AbstractList.modCount 16-20, block end rounded to 24; ArrayList.size 24-28, elementData 32-40
        assertThat(s.get("java.util.ArrayList")).isEqualTo(40);
        // Base.flag at 16, block end 24; Sub.y at 24: 32
        assertThat(s.get("com.example.Base")).isEqualTo(24);
        assertThat(s.get("com.example.Sub")).isEqualTo(32);
        // the block starts 8-aligned, so no gap: l 16-24, i 24-28, o (8-aligned) 32-40
        assertThat(s.get("com.example.LongIntRef")).isEqualTo(40);
    }

    @Test
    void jdk6CompressedOopsFillTheHeaderGap() throws IOException {
        Map<String, Long> s = sizes(8, "1.6.0_30", "64");
        assertThat(s).containsKey("layout: 64-bit, compressed oops and class pointers; JDK 6 field layout");
        // i in the gap 12-16, l 16-24, o 24-28: 32
        assertThat(s.get("com.example.LongIntRef")).isEqualTo(32);
        // no int, so the reference takes the gap: o 12-16, l 16-24
        assertThat(s.get("com.example.LongRef")).isEqualTo(24);
        // Sub starts at Base's end rounded to 4 (16), not in Base's padding: y at 16, 24 in all
        assertThat(s.get("com.example.Sub")).isEqualTo(24);
        // hard-coded core class: a, b 12-20, l 24-32, i 32-36: 40; the same fields elsewhere: i 12, l 16, a, b 24-32
        assertThat(s.get("java.lang.StackTraceElement")).isEqualTo(40);
        assertThat(s.get("com.example.SameFields")).isEqualTo(32);
        // JDK 6 has no @Contended: probe in the gap 12-16, eetop and seed 16-32, secondary seed 32-36, name 36-40
        assertThat(s.get("java.lang.Thread")).isEqualTo(40);
    }

    @Test
    void thirtyTwoBitJvmHasEightByteHeadersAndFourByteReferences() throws IOException {
        Map<String, Long> s = sizes(4, "1.6.0_18", "32");
        assertThat(s).containsKey("layout: 32-bit; JDK 6 field layout");
        // modCount 8-12; size 12-16, elementData 16-20: 24
        assertThat(s.get("java.util.ArrayList")).isEqualTo(24);
        // IntBase.a 8-12; gap 12-16 takes s (2 bytes), the rest is too small for o; l 16-24, o 24-28: 32
        assertThat(s.get("com.example.LongShortRef")).isEqualTo(32);
        // the block starts 8-aligned (8), no gap: l 8-16, i 16-20, o 20-24
        assertThat(s.get("com.example.LongIntRef")).isEqualTo(24);
    }

    @Test
    void jdk8PadsTheContendedThreadLocalRandomFieldsOfThread() throws IOException {
        Map<String, Long> s = sizes(8, "1.8.0_05", "64");
        assertThat(s).containsKey("layout: 64-bit, compressed oops and class pointers; JDK 8 field layout");
        // name in the gap 12-16, eetop 16-24; 128 bytes of padding; seed 152-160, probes 160-168; 128 more: 296
        assertThat(s.get("java.lang.Thread")).isEqualTo(296);
        // a subclass starts behind the padding: running at 296, 304 in all
        assertThat(s.get("com.example.Worker")).isEqualTo(304);
    }

    @Test
    void jdk17PacksSubclassFieldsIntoTheSuperclassPadding() throws IOException {
        Map<String, Long> s = sizes(8, "17.0.15", "64");
        assertThat(s).containsKey("layout: 64-bit, compressed oops and class pointers; JDK 17 field layout");
        // Base.flag at 12, Sub.y at 13: 16 (the JDK 6 layout needs 24)
        assertThat(s.get("com.example.Sub")).isEqualTo(16);
        // modCount 12-16, size into no hole: size 16-20, elementData 20-24
        assertThat(s.get("java.util.ArrayList")).isEqualTo(24);
    }

    @Test
    void withoutAVersionAStringWithoutCoderMeansJdk8OrOlder() throws IOException {
        Map<String, Long> s = sizes(8, null, null);
        assertThat(s).containsKey("layout: 64-bit, compressed oops and class pointers; JDK 6-14 field layout");
        assertThat(s.get("com.example.Sub")).isEqualTo(24);
    }

    @Test
    void versionsOfBothNumberingSchemes() {
        assertThat(JvmVersion.parse("1.5.0_13")).isEqualTo(new JvmVersion(5, 13, "1.5.0_13"));
        assertThat(JvmVersion.parse("1.8.0_05-b13").feature()).isEqualTo(8);
        assertThat(JvmVersion.parse("1.6")).isEqualTo(new JvmVersion(6, 0, "1.6"));
        assertThat(JvmVersion.parse("11.0.4")).isEqualTo(new JvmVersion(11, 4, "11.0.4"));
        assertThat(JvmVersion.parse("25-ea").feature()).isEqualTo(25);
        assertThat(JvmVersion.parse("17")).isEqualTo(new JvmVersion(17, 0, "17"));
        assertThat(JvmVersion.parse("unknown").known()).isFalse();
        assertThat(JvmVersion.parse(null).known()).isFalse();
        assertThat(JvmVersion.parse("99999999999").known()).isFalse();
    }
}
