package io.heapsight.heap;

/**
 * Emulates how HotSpot placed instance fields, to get the real size of an instance of each class. HPROF lists a
 * class's fields but not their offsets, and the placement rules changed over the JVM's history, so the rules of the
 * JVM that wrote the dump are chosen ({@link ObjectLayout#fieldScheme()}).
 */
abstract sealed class FieldLayout permits ClassicFieldLayout, PackedFieldLayout {
    final ObjectLayout layout;

    FieldLayout(ObjectLayout layout) {
        this.layout = layout;
    }

    static FieldLayout of(ObjectLayout layout, HeapClass[] classes, int count) {
        return layout.fieldScheme() == ObjectLayout.FieldScheme.PER_CLASS
                ? new ClassicFieldLayout(layout, classes, count)
                : new PackedFieldLayout(layout, classes, count);
    }

    /** Bytes of one instance of c, header and alignment included. */
    abstract long instanceSize(HeapClass c);
}
