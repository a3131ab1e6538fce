package io.heapsight.heap;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.ClassRef;
import io.heapsight.hprof.HprofWriter.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small dumps for the fuzzers' seed corpus and the parser-bounds tests: one ordinary heap and the hostile shapes of
 * issue 11 (ids spanning more than 2^63, extreme id pairs, a superclass loop, Android arrays without data, a class
 * with many fields, dump text carrying terminal escapes). Each is a few KB at most.
 */
final class HostileDumps {
    private HostileDumps() {}

    /** Every seed by name, as bytes. */
    static Map<String, byte[]> all(Path scratch) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("ordinary-id8", bytes(ordinary(8, HprofWriter.FORMAT_102), scratch));
        out.put("ordinary-id4-101", bytes(ordinary(4, HprofWriter.FORMAT_101), scratch));
        out.put("ids-span-over-2-63", bytes(idsSpanning(Long.MIN_VALUE + 0x1000, Long.MAX_VALUE - 0x1000), scratch));
        out.put("ids-min-max", bytes(idsSpanning(Long.MIN_VALUE, Long.MAX_VALUE), scratch));
        out.put("superclass-loop", bytes(superclassLoop(20, 3), scratch));
        out.put("no-data-arrays", bytes(noDataArrays(Integer.MAX_VALUE - 16), scratch));
        out.put("many-fields", bytes(manyFields(200), scratch));
        out.put("escapes-in-names", bytes(escapesInNames(), scratch));
        return out;
    }

    static byte[] bytes(HprofWriter w, Path scratch) throws IOException {
        Path f = scratch.resolve("seed.hprof");
        Files.deleteIfExists(f);
        w.write(f);
        byte[] b = Files.readAllBytes(f);
        Files.delete(f);
        return b;
    }

    /** Standard classes, a small linked list, arrays, strings, a weak reference, a thread with a frame. */
    static HprofWriter ordinary(int idSize, String format) {
        HprofWriter w = HprofWriter.create().idSize(idSize).format(format).segmentSize(600).withStandardClasses();
        ClassRef node = w.declareClass("com.example.Node").instanceField("next", Type.OBJECT)
                .instanceField("data", Type.OBJECT).instanceField("n", Type.INT).staticField("HEAD", Type.OBJECT, null)
                .define();
        long next = 0;
        for (int i = 0; i < 4; i++) {
            long data = w.primitiveArray(new byte[4 + i]);
            next = w.newInstance(node).set("next", next).set("data", data).set("n", i).write();
        }
        w.objectArray(w.classNamed("java.lang.Object[]"), next, 0, w.string("hello"));
        w.reference(w.classNamed("java.lang.ref.WeakReference"), next);
        w.rootJniGlobal(next, 1);
        w.rootStickyClass(node.id());
        w.thread("main").frame("com.example.Node", "run", "()V", "Node.java", 7).javaFrameRoot(next, 0).start();
        return w;
    }

    /** Two objects whose ids lie at both ends of the signed range: the id span does not fit in a long. */
    static HprofWriter idsSpanning(long low, long high) {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        ClassRef holder = w.declareClass("com.example.Holder").instanceField("other", Type.OBJECT).define();
        w.newInstance(holder).id(high).set("other", low).write();
        w.newInstance(holder).id(low).set("other", high).write();
        w.rootJniGlobal(low, 1);
        return w;
    }

    /**
     * Class A extends B extends A (a loop no JVM can load), each declaring {@code fields} int fields, with
     * {@code subclasses} classes below A; one instance of each subclass.
     */
    static HprofWriter superclassLoop(int fields, int subclasses) {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        long aId = 0x7000_0000L, bId = 0x7000_0008L;
        HprofWriter.ClassBuilder a = w.declareClass("com.example.LoopA").id(aId).superclassId(bId);
        HprofWriter.ClassBuilder b = w.declareClass("com.example.LoopB").id(bId).superclassId(aId);
        for (int f = 0; f < fields; f++) {
            a.instanceField("a" + f, Type.INT);
            b.instanceField("b" + f, Type.INT);
        }
        a.define();
        b.define();
        for (int s = 0; s < subclasses; s++) {
            ClassRef sub = w.declareClass("com.example.Sub" + s).superclassId(aId).instanceField("x", Type.INT).define();
            w.newInstance(sub).set("x", s).write();
        }
        return w;
    }

    /** Android arrays that declare {@code length} elements and carry none, one of each primitive type. */
    static HprofWriter noDataArrays(int length) {
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        for (Type t : Type.values()) {
            if (t != Type.OBJECT) w.primitiveArrayNoData(t, length);
        }
        w.primitiveArray(new int[]{1, 2, 3});
        return w;
    }

    static HprofWriter manyFields(int fields) {
        HprofWriter w = HprofWriter.create().idSize(4).withStandardClasses();
        HprofWriter.ClassBuilder c = w.declareClass("com.example.Wide");
        for (int f = 0; f < fields; f++) c.instanceField("f" + f, f % 3 == 0 ? Type.OBJECT : Type.BYTE);
        ClassRef wide = c.define();
        w.newInstance(wide).write();
        return w;
    }

    /** Class, field, string and thread names carrying OSC 52 (clipboard), OSC 0 (title), CSI 2J and bare CR/LF. */
    static HprofWriter escapesInNames() {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        ClassRef evil = w.declareClass("com.example.Evil\u001b]52;c;ZWNobyBwd25lZA==\u0007")
                .instanceField("x\u001b[2J\rfake", Type.OBJECT).define();
        long s = w.string("\u001b]0;owned\u0007line1\nline2\u2028<!--<script>");
        long e = w.newInstance(evil).set("x\u001b[2J\rfake", s).write();
        w.rootJniGlobal(e, 1);
        w.thread("worker\u001b[31m\r\n").javaFrameRoot(e, 0).start();
        return w;
    }
}
