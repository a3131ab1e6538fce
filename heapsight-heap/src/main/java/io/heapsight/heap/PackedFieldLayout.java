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

    /** Occupied end and free holes of a class's instance layout. */
    private record State(int end, List<int[]> holes) {}

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
            for (int[] h : sup.holes) holes.add(h.clone());
            int end = sup.end;
            int rounded = (end + layout.referenceSize() - 1) & -layout.referenceSize();
            if (rounded > end) holes.add(new int[]{end, rounded - end});
            base = new State(rounded, holes);
        } else {
            base = new State(layout.headerSize(), new ArrayList<>());
        }
        List<Integer> prims = new ArrayList<>();
        int refs = 0;
        for (byte t : c.ownFieldTypes) {
            if (t == BasicType.OBJECT) refs++;
            else prims.add(BasicType.primitiveSize(t));
        }
        for (int size : HiddenFields.injected(c, layout)) {
            if (size < 0) refs++;
            else prims.add(size);
        }
        prims.sort((a, b) -> b - a);
        int end = base.end;
        List<int[]> holes = base.holes;
        for (int size : prims) end = place(size, end, holes);
        for (int r = 0; r < refs; r++) end = place(layout.referenceSize(), end, holes);
        s = new State(end, holes);
        states[c.index] = s;
        return s;
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
