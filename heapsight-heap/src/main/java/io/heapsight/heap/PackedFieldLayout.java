package io.heapsight.heap;

import io.heapsight.hprof.BasicType;

import java.util.ArrayList;
import java.util.List;

/**
 * HotSpot's field layout from JDK 15 on (FieldLayoutBuilder): a class's fields go after its superclass's, biggest
 * first, filling holes the superclass left (including the padding up to its reference-size-aligned end); reference
 * fields come after primitives. Hidden fields HotSpot injects ({@link HiddenFields}) count like declared ones.
 */
final class PackedFieldLayout extends FieldLayout {
    private final HeapClass[] classes;
    private final State[] states;

    /**
     * Occupied end and free holes of a class's instance layout; sealed when the class or a superclass has
     * {@code @Contended} padding, after which HotSpot lets no subclass field into earlier holes.
     */
    private record State(int end, List<int[]> holes, boolean sealed) {}

    PackedFieldLayout(ObjectLayout layout, HeapClass[] classes, int count) {
        super(layout);
        this.classes = classes;
        this.states = new State[count];
    }

    @Override
    long instanceSize(HeapClass c) {
        return layout.align(state(c, 0).end);
    }

    private State state(HeapClass c, int depth) {
        State s = states[c.index];
        if (s != null) return s;
        State base;
        if (c.superIndex >= 0 && depth < 256) {
            State sup = state(classes[c.superIndex], depth + 1);
            List<int[]> holes = new ArrayList<>();
            if (!sup.sealed) for (int[] h : sup.holes) holes.add(h.clone());
            int end = sup.end;
            int rounded = (end + layout.referenceSize() - 1) & -layout.referenceSize();
            if (rounded > end) holes.add(new int[]{end, rounded - end});
            base = new State(rounded, holes, sup.sealed);
        } else {
            base = new State(layout.headerSize(), new ArrayList<>(), false);
        }
        int jdk = HiddenFields.effectiveJdk(layout);
        List<Integer> prims = new ArrayList<>();
        List<Integer> contended = new ArrayList<>(); // one group at most (Thread's "tlr")
        int refs = 0;
        for (int f = 0; f < c.ownFieldTypes.length; f++) {
            byte t = c.ownFieldTypes[f];
            int size = t == BasicType.OBJECT ? layout.referenceSize() : BasicType.primitiveSize(t);
            if (HiddenFields.contendedGroup(c.name, c.ownFieldNames[f], jdk) != null) contended.add(size);
            else if (t == BasicType.OBJECT) refs++;
            else prims.add(size);
        }
        for (int size : HiddenFields.injected(c, layout)) {
            if (size < 0) refs++;
            else prims.add(size);
        }
        prims.sort((a, b) -> b - a);
        int end = base.end;
        List<int[]> holes = base.holes;
        boolean wholeClass = HiddenFields.contendedClass(c.name, jdk);
        if (wholeClass) end += HiddenFields.CONTENDED_PADDING; // the class starts behind 128 bytes of padding
        // behind a superclass with padding, or behind the class's own, HotSpot only appends (holes stay empty)
        boolean append = base.sealed || wholeClass;
        for (int size : prims) end = append ? appended(size, end) : place(size, end, holes);
        for (int r = 0; r < refs; r++) end = append ? appended(layout.referenceSize(), end) : place(layout.referenceSize(), end, holes);
        if (!contended.isEmpty()) {
            end += HiddenFields.CONTENDED_PADDING;
            contended.sort((a, b) -> b - a);
            for (int size : contended) end = appended(size, end);
        }
        boolean padded = wholeClass || !contended.isEmpty();
        if (padded) end += HiddenFields.CONTENDED_PADDING;
        s = new State(end, holes, base.sealed || padded);
        states[c.index] = s;
        return s;
    }

    /** At the end, naturally aligned; returns the new end. */
    private static int appended(int size, int end) {
        return ((end + size - 1) & -size) + size;
    }

    /** First-fit into a hole respecting natural alignment, else at the aligned end; returns the new end. */
    private static int place(int size, int end, List<int[]> holes) {
        for (int i = 0; i < holes.size(); i++) {
            int[] h = holes.get(i);
            int off = (h[0] + size - 1) & -size;
            if (off + size <= h[0] + h[1]) {
                int before = off - h[0];
                int after = h[0] + h[1] - (off + size);
                holes.remove(i);
                if (after > 0) holes.add(i, new int[]{off + size, after});
                if (before > 0) holes.add(i, new int[]{h[0], before});
                return end;
            }
        }
        int off = (end + size - 1) & -size;
        if (off > end) holes.add(new int[]{end, off - end});
        return off + size;
    }
}
