package io.heapsight.heap;

import io.heapsight.hprof.BasicType;

/**
 * Infers the object layout of the JVM that wrote a 64-bit dump. Object ids are addresses, so the distance from
 * one object to the next one in memory is at least the object's size. Each candidate layout (largest first) is
 * tested against those distances; the first one that no pair contradicts is the JVM's. A smaller layout never
 * contradicts, a too-large one does as soon as objects are packed: e.g. a String of 24 bytes followed directly by
 * another object rules out the 32-byte uncompressed layout.
 */
final class LayoutDetector {
    private LayoutDetector() {}

    /** Tolerated share of contradicting pairs (filler objects, a non-address id here and there). */
    private static final double TOLERANCE = 0.0005;

    static ObjectLayout detect(int idSize, int n, IdIndex ids, ClassTable table, int[] classOf, int[] rawLength) {
        if (idSize == 4) return ObjectLayout.BITS32;
        HeapClass[] classes = table.classesRaw();
        ObjectLayout[] candidates = ObjectLayout.CANDIDATES_64;
        long[] violations = new long[candidates.length];
        long pairs = 0;
        long[] sorted = ids.sortedIds();
        int[] perm = ids.permutation();
        // a few million pairs decide it; spread the sample over the whole heap (every k-th pair)
        int step = Math.max(1, n / 4_000_000);
        for (int p = 0; p + 1 < n; p += step) {
            int obj = perm == null ? p : perm[p];
            long gap = sorted[p + 1] - sorted[p];
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
            if (violations[h] <= TOLERANCE * pairs) return candidates[h];
        }
        // ids do not behave like addresses (e.g. the old hprof agent): assume the era's default
        return ObjectLayout.UNCOMPRESSED;
    }

    private static long sizeUnder(ObjectLayout layout, HeapClass c, int length) {
        return switch (c.shape) {
            case INSTANCE -> layout.instanceSize(c.referenceFieldCount, c.primitiveFieldBytes);
            case OBJECT_ARRAY -> layout.arraySize(layout.referenceSize(), length & 0xFFFF_FFFFL);
            case PRIMITIVE_ARRAY -> layout.arraySize(BasicType.primitiveSize(c.elementType), length & 0xFFFF_FFFFL);
        };
    }
}
