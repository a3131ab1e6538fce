package io.heapsight.heap;

import io.heapsight.hprof.BasicType;

import java.util.Map;

/**
 * Infers the object layout of the JVM that wrote a dump: its header and reference sizes, then its field layout.
 * <p>
 * Geometry: a dump with 4-byte ids comes from a 32-bit JVM, unless its properties say 64 (the old hprof agent
 * wrote 4-byte serial numbers on any JVM). In a 64-bit dump of HotSpot's dumper object ids are addresses, so the
 * distance from one object to the next one in memory is at least the object's size. Each candidate layout (largest
 * first) is tested against those distances; the first one that no pair contradicts is the JVM's. A smaller layout
 * never contradicts, a too-large one does as soon as objects are packed: e.g. a String of 24 bytes followed directly
 * by another object rules out the 32-byte uncompressed layout. The JVM's release narrows the candidates (compressed
 * class pointers alone exist from JDK 8, compact headers from JDK 24). When ids are not addresses, the release's
 * default is assumed: compressed oops from 6u23 on. The object alignment is the greatest common divisor of the
 * distances (8 unless -XX:ObjectAlignmentInBytes said more).
 * <p>
 * Field layout: HotSpot's per-class scheme up to JDK 14, the packed one from JDK 15 ({@link ObjectLayout.FieldScheme}),
 * by the release in the dump's system properties; without it, by whether String has the JDK 9 {@code coder} field.
 */
final class LayoutDetector {
    private LayoutDetector() {}

    /** Tolerated share of contradicting pairs (filler objects, a non-address id here and there). */
    private static final double TOLERANCE = 0.0005;

    static ObjectLayout detect(int idSize, Map<String, String> props, int n, IdIndex ids, ClassTable table, int[] classOf,
                               int[] rawLength) {
        JvmVersion jvm = JvmProperties.version(props);
        int bits = JvmProperties.addressBits(props);
        ObjectLayout geometry;
        if (bits == 32 || (bits == 0 && idSize == 4)) geometry = ObjectLayout.BITS32;
        else if (idSize == 4) geometry = defaultGeometry64(jvm); // 64-bit JVM, ids are serial numbers
        else geometry = geometry64(jvm, n, ids, table, classOf, rawLength);
        boolean compactHeaders = geometry == ObjectLayout.COMPACT_HEADERS;
        if (idSize == 8) geometry = geometry.withAlignment(alignment(n, ids));
        if (jvm.known()) {
            return geometry.withFields(jvm.feature() < 15 ? ObjectLayout.FieldScheme.PER_CLASS : ObjectLayout.FieldScheme.PACKED, jvm.feature());
        }
        if (compactHeaders || stringHasCoder(table)) return geometry.withFields(ObjectLayout.FieldScheme.PACKED, 0);
        return geometry.withFields(ObjectLayout.FieldScheme.PER_CLASS, 0);
    }

    /** What a 64-bit HotSpot of that release used by default for heaps under 32 GB. */
    private static ObjectLayout defaultGeometry64(JvmVersion jvm) {
        boolean compressed = !jvm.known() || jvm.feature() > 6 || (jvm.feature() == 6 && jvm.update() >= 23);
        return compressed ? ObjectLayout.COMPRESSED : ObjectLayout.UNCOMPRESSED;
    }

    private static boolean stringHasCoder(ClassTable table) {
        for (HeapClass c : table.classesRaw()) {
            if (c != null && c.name.equals("java.lang.String")) {
                for (String f : c.ownFieldNames) if (f.equals("coder")) return true;
            }
        }
        return false;
    }

    /**
     * Object alignment from addresses, as MAT does: every distance between objects is a multiple of it, so their
     * greatest common divisor is it (8 unless the JVM ran with a larger -XX:ObjectAlignmentInBytes).
     */
    static int alignment(int n, IdIndex ids) {
        IdIndex.Cursor sorted = ids.ascending();
        long g = 0;
        int pairs = 0;
        long previous = sorted.next() ? sorted.id : 0;
        while ((g == 0 || g > 8) && sorted.next()) {
            long gap = sorted.id - previous;
            previous = sorted.id;
            if (gap <= 0) continue;
            g = gcd(g, gap);
            pairs++;
        }
        // a handful of objects proves nothing; ids that are not addresses give odd or huge divisors
        if (pairs < 1000 || g <= 8 || g > 256 || Long.bitCount(g) != 1) return 8;
        return (int) g;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static boolean possible(ObjectLayout candidate, JvmVersion jvm) {
        if (!jvm.known()) return true;
        if (candidate == ObjectLayout.COMPRESSED_CLASS_ONLY) return jvm.feature() >= 8;
        if (candidate == ObjectLayout.COMPACT_HEADERS) return jvm.feature() >= 24;
        return true;
    }

    private static ObjectLayout geometry64(JvmVersion jvm, int n, IdIndex ids, ClassTable table, int[] classOf, int[] rawLength) {
        HeapClass[] classes = table.classesRaw();
        ObjectLayout[] candidates = ObjectLayout.CANDIDATES_64;
        long[] violations = new long[candidates.length];
        long pairs = 0;
        IdIndex.Cursor sorted = ids.ascending();
        // a few million pairs decide it; spread the sample over the whole heap (every k-th pair)
        int step = Math.max(1, n / 4_000_000);
        boolean more = sorted.next();
        while (more) {
            int obj = sorted.object;
            long id = sorted.id;
            if (!sorted.next()) break;
            long gap = sorted.id - id;
            if (step > 1) sorted.skip(step - 2); // on to the next sampled pair
            if (step > 1) more = sorted.next();
            if (gap <= 0 || gap > 1 << 20) continue;
            HeapClass c = classes[classOf[obj]];
            if (c.id == 0 && c.shape == HeapClass.Shape.INSTANCE && c.objectIndex < 0 && c.fieldNames.length == 0
                    && c.primitiveFieldBytes > 0) {
                continue; // unknown class: no reliable size
            }
            if (c.index == table.javaLangClass()) continue; // class mirrors: size depends on hidden fields
            pairs++;
            for (int h = 0; h < candidates.length; h++) {
                long size = sizeUnder(candidates[h], c, rawLength[obj]);
                if (size > gap) violations[h]++;
            }
        }
        if (pairs == 0) return ObjectLayout.COMPRESSED;
        for (int h = 0; h < candidates.length; h++) {
            if (possible(candidates[h], jvm) && violations[h] <= TOLERANCE * pairs) return candidates[h];
        }
        // ids do not behave like addresses: assume the release's default
        return defaultGeometry64(jvm);
    }

    private static long sizeUnder(ObjectLayout layout, HeapClass c, int length) {
        return switch (c.shape) {
            case INSTANCE -> layout.instanceSize(c.referenceFieldCount, c.primitiveFieldBytes);
            case OBJECT_ARRAY -> layout.arraySize(layout.referenceSize(), length & 0xFFFF_FFFFL);
            case PRIMITIVE_ARRAY -> layout.arraySize(BasicType.primitiveSize(c.elementType), length & 0xFFFF_FFFFL);
        };
    }
}
