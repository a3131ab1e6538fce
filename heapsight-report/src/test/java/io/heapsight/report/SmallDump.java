package io.heapsight.report;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small dump for report tests: com.example.Cache.ENTRIES (a static field) holds an Object[400] of Item(payload =
 * int[64]) — the leak suspect; a com.example.Holder held by a JNI global; the text "dup" held twice by the holder.
 */
final class SmallDump {
    static final int ITEMS = 400;

    private SmallDump() {}

    static Path write(Path file) throws IOException {
        HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
        HprofWriter.ClassRef item = w.declareClass("com.example.Item").instanceField("payload", Type.OBJECT).define();
        HprofWriter.ClassRef holder = w.declareClass("com.example.Holder").instanceField("a", Type.OBJECT)
                .instanceField("b", Type.OBJECT).define();
        long[] items = new long[ITEMS];
        for (int i = 0; i < ITEMS; i++) items[i] = w.newInstance(item).set("payload", w.primitiveArray(new int[64])).write();
        long entries = w.objectArray(w.classNamed("java.lang.Object[]"), items);
        HprofWriter.ClassRef cache = w.declareClass("com.example.Cache").staticField("ENTRIES", Type.OBJECT, entries).define();
        long h = w.newInstance(holder).set("a", w.string("dup")).set("b", w.string("dup")).write();
        w.rootJniGlobal(h, 0x99);
        for (String name : List.of("java.lang.Object", "java.lang.String", "com.example.Item", "com.example.Holder",
                "java.lang.Object[]", "int[]", "byte[]")) {
            w.rootStickyClass(w.classNamed(name).id());
        }
        w.rootStickyClass(cache.id());
        w.write(file);
        return file;
    }
}
