package io.heapsight.heap;

import java.io.IOException;
import java.util.Map;

/**
 * Range checks of an index read back from disk: an index is a file anyone with write access to the folder could have
 * edited, so no count, offset or edge in it is used before it is shown to fit the model it claims to describe.
 */
final class IndexChecks {
    private IndexChecks() {}

    /** Why an index was refused, as a short phrase for the one-line note. */
    static final class Refused extends DerivedFile.Refused {
        Refused(String reason) {
            super(reason);
        }
    }

    private static int len(Object a) {
        return a == null ? 0 : java.lang.reflect.Array.getLength(a);
    }

    static String reason(Exception e) {
        if (e instanceof DerivedFile.Refused) return e.getMessage();
        String m = e.getMessage();
        return m == null || m.isBlank() ? "unreadable: " + e.getClass().getSimpleName() : "unreadable: " + m;
    }

    /** The root tables (the per-object arrays are checked as they are decoded: {@link GraphColumns}). */
    static void roots(int n, int[] rootObjects, int[] rootThreads, int[] rootFrames, byte[] rootKinds) throws Refused {
        int roots = rootObjects.length;
        if (rootThreads.length != roots || rootFrames.length != roots || rootKinds.length != roots) {
            throw new Refused("root table lengths differ");
        }
        for (int r : rootObjects) if (r < 0 || r >= n) throw new Refused("root object out of range");
        int kinds = GcRootKind.values().length;
        for (byte k : rootKinds) if (k < 0 || k >= kinds) throw new Refused("unknown root kind");
    }

    static void classes(HeapClass[] classes, int n, int javaLangClass, Map<Integer, ThreadInfo> threads) throws Refused {
        int count = classes.length;
        if (javaLangClass < -1 || javaLangClass >= count) throw new Refused("java.lang.Class index out of range");
        for (HeapClass c : classes) {
            if (c.superIndex < -1 || c.superIndex >= count || c.objectIndex < -1 || c.objectIndex >= n) {
                throw new Refused("class " + c.index + " refers out of range");
            }
            int f = len(c.fieldNames);
            if (c.name == null || len(c.fieldTypes) != f || len(c.fieldDeclaringClass) != f || len(c.fieldOffsets) != f
                    || len(c.ownFieldTypes) != len(c.ownFieldNames) || len(c.staticTypes) != len(c.staticNames)
                    || len(c.staticValues) != len(c.staticNames)) {
                throw new Refused("class " + c.index + " has mismatched field tables");
            }
            int refs = len(c.referenceOffsets);
            if (c.recordDataSize < 0 || c.referenceFieldCount < 0
                    || c.referentSlot < -1 || (c.referentSlot >= 0 && c.referentSlot >= refs) || c.instanceSize < 0) {
                throw new Refused("class " + c.index + " has sizes out of range");
            }
            if (f > 0) {
                for (int d : c.fieldDeclaringClass) if (d < 0 || d >= count) throw new Refused("class " + c.index + " field owner out of range");
                for (int o : c.fieldOffsets) if (o < 0 || o > c.recordDataSize) throw new Refused("class " + c.index + " field offset out of range");
            }
            if (refs > 0) {
                for (int o : c.referenceOffsets) if (o < 0 || o > c.recordDataSize) throw new Refused("class " + c.index + " reference offset out of range");
            }
        }
        for (ThreadInfo t : threads.values()) {
            if (t.objectIndex() < -1 || t.objectIndex() >= n) throw new Refused("thread object out of range");
        }
    }
}
