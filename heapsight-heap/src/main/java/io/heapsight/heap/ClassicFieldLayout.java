package io.heapsight.heap;

import io.heapsight.hprof.BasicType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HotSpot's field layout up to JDK 14 (ClassFileParser::layout_fields, FieldsAllocationStyle=1, CompactFields).
 * Each class's fields form a block that starts where the superclass's block ended, rounded up to the reference
 * size; nothing of a subclass goes into a superclass's padding. Inside a block: longs/doubles, ints/floats,
 * shorts/chars, bytes/booleans, then references. When the block starts 4 bytes short of 8-alignment and it has
 * longs, the gap takes one int, else shorts and bytes, else one (4-byte) reference. A few core classes whose offsets
 * the JVM hard-coded (String, Integer, Reference...) keep declaration-style order instead: references first, no gap
 * filling. {@code @Contended} fields and classes of the JDK get 128-byte padding.
 */
final class ClassicFieldLayout extends FieldLayout {
    /** Loaded by the boot loader, these keep "references first, no compaction" (javaClasses' hard-coded offsets). */
    private static final Set<String> HARD_CODED = Set.of(
            "java.lang.AssertionStatusDirectives", "java.lang.Class", "java.lang.ClassLoader",
            "java.lang.ref.Reference", "java.lang.ref.SoftReference", "java.lang.StackTraceElement",
            "java.lang.String", "java.lang.Throwable", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Float", "java.lang.Double", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long");
    private static final int UNSET = -1;

    private final HeapClass[] classes;
    /** Per class: end of its field block, unaligned (the instance size before alignment), or UNSET. */
    private final int[] ends;

    ClassicFieldLayout(ObjectLayout layout, HeapClass[] classes, int count) {
        super(layout);
        this.classes = classes;
        this.ends = new int[count];
        java.util.Arrays.fill(ends, UNSET);
    }

    @Override
    long instanceSize(HeapClass c) {
        return layout.align(end(c));
    }

    /** Computes the blocks from the topmost class not yet done down to c, without recursion. */
    private int end(HeapClass c) {
        List<HeapClass> chain = new ArrayList<>();
        HeapClass k = c;
        while (k != null && ends[k.index] == UNSET && chain.size() < 256) {
            chain.add(k);
            k = k.superIndex >= 0 && k.superIndex != k.index ? classes[k.superIndex] : null;
        }
        int start = k != null && ends[k.index] != UNSET ? alignUp(ends[k.index], layout.referenceSize()) : layout.headerSize();
        for (int i = chain.size() - 1; i >= 0; i--) {
            HeapClass cls = chain.get(i);
            ends[cls.index] = block(cls, start);
            start = alignUp(ends[cls.index], layout.referenceSize());
        }
        return ends[c.index];
    }

    /** Lays out the class's own fields from start; returns the unaligned end. */
    private int block(HeapClass c, int start) {
        int ref = layout.referenceSize();
        int jdk = HiddenFields.effectiveJdk(layout);
        int longs = 0, ints = 0, shorts = 0, bytes = 0, oops = 0;
        Map<String, List<Integer>> contended = new LinkedHashMap<>();
        for (int f = 0; f < c.ownFieldTypes.length; f++) {
            int size = c.ownFieldTypes[f] == BasicType.OBJECT ? REF : BasicType.primitiveSize(c.ownFieldTypes[f]);
            String group = HiddenFields.contendedGroup(c.name, c.ownFieldNames[f], jdk);
            if (group != null) {
                contended.computeIfAbsent(group, g -> new ArrayList<>()).add(size == REF ? ref : size);
                continue;
            }
            switch (size) {
                case REF -> oops++;
                case 8 -> longs++;
                case 4 -> ints++;
                case 2 -> shorts++;
                default -> bytes++;
            }
        }
        for (int size : HiddenFields.injected(c, layout)) {
            switch (size) {
                case HiddenFields.REFERENCE -> oops++;
                case 8 -> longs++;
                case 4 -> ints++;
                case 2 -> shorts++;
                default -> bytes++;
            }
        }
        boolean contendedClass = HiddenFields.contendedClass(c.name, jdk);
        boolean oopsFirst = c.loaderId == 0 && HARD_CODED.contains(c.name);
        int next = contendedClass ? start + HiddenFields.CONTENDED_PADDING : start;
        if (oopsFirst) next += oops * ref;
        if (longs > 0) {
            int aligned = alignUp(next, 8);
            if (!oopsFirst && aligned != next) {
                // the 4-byte gap before the longs: one int, else shorts and bytes, else one reference
                int gap = aligned - next;
                if (ints > 0) {
                    ints--;
                    gap -= 4;
                }
                while (gap >= 2 && shorts > 0) {
                    shorts--;
                    gap -= 2;
                }
                while (gap > 0 && bytes > 0) {
                    bytes--;
                    gap--;
                }
                if (gap >= ref && oops > 0) oops--;
            }
            next = aligned;
        }
        int end = next + longs * 8 + ints * 4 + shorts * 2 + bytes;
        if (!oopsFirst && oops > 0) end = alignUp(end, ref) + oops * ref;
        if (!contended.isEmpty()) {
            end += HiddenFields.CONTENDED_PADDING;
            for (List<Integer> group : contended.values()) {
                for (int size : group) end = alignUp(end, size) + size;
                end += HiddenFields.CONTENDED_PADDING;
            }
        }
        if (contendedClass) end += HiddenFields.CONTENDED_PADDING;
        return end;
    }

    /**
     * A class's mirror: a java.lang.Class instance, followed from JDK 7 on by the class's static fields (references,
     * then longs, ints, shorts, bytes). Up to JDK 6 statics lived outside the heap. Pseudo-statics the dumper adds
     * ({@code <resolved_references>}) are not fields.
     */
    static long mirrorSize(long classInstanceSize, HeapClass c, ObjectLayout layout) {
        if (HiddenFields.effectiveJdk(layout) < 7) return classInstanceSize;
        long oops = 0, longs = 0, ints = 0, shorts = 0, bytes = 0;
        for (int i = 0; i < c.staticTypes.length; i++) {
            if (c.staticNames[i].startsWith("<")) continue;
            switch (c.staticTypes[i] == BasicType.OBJECT ? REF : BasicType.primitiveSize(c.staticTypes[i])) {
                case REF -> oops++;
                case 8 -> longs++;
                case 4 -> ints++;
                case 2 -> shorts++;
                default -> bytes++;
            }
        }
        long end = classInstanceSize + oops * layout.referenceSize();
        if (longs > 0) end = (end + 7) & -8L;
        return layout.align(end + longs * 8 + ints * 4 + shorts * 2 + bytes);
    }

    private static final int REF = -1;

    private static int alignUp(int value, int to) {
        return (value + to - 1) & -to;
    }
}
