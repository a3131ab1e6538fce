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
    static final class Refused extends IOException {
        Refused(String reason) {
            super(reason);
        }
    }

    private static int len(Object a) {
        return a == null ? 0 : java.lang.reflect.Array.getLength(a);
    }

    static String reason(Exception e) {
        if (e instanceof Refused) return e.getMessage();
        String m = e.getMessage();
        return m == null || m.isBlank() ? "unreadable: " + e.getClass().getSimpleName() : "unreadable: " + m;
    }

    static IndexIO.LongSlices offsetsWithin(long fileSize) {
        return (a, k) -> {
            for (int j = 0; j < k; j++) if (a[j] <= 0 || a[j] >= fileSize) return false;
            return true;
        };
    }

    /** Strictly increasing across slices. */
    static IndexIO.LongSlices increasing() {
        long[] last = {Long.MIN_VALUE};
        boolean[] first = {true};
        return (a, k) -> {
            long prev = last[0];
            for (int j = 0; j < k; j++) {
                if (!first[0] && a[j] <= prev) return false;
                first[0] = false;
                prev = a[j];
            }
            last[0] = prev;
            return true;
        };
    }

    /**
     * Every entry an object index. (A repeated entry would only make a lookup answer the wrong object, as any
     * well-formed but wrong array would; checking uniqueness costs a random-access pass and is not done.)
     */
    static IndexIO.IntSlices objectIndexes(int n) {
        return (a, k) -> {
            for (int j = 0; j < k; j++) if (a[j] < 0 || a[j] >= n) return false;
            return true;
        };
    }

    static void arrays(int n, int classCount, int[] classOf, int[] shallow8, int[] outStart, int[] outEdges, long[] referentBits,
                       int[] rootObjects, int[] rootThreads, int[] rootFrames, byte[] rootKinds) throws Refused {
        if (classOf.length != n || shallow8.length != n || outStart.length != n + 1 || referentBits.length != (n + 63) >>> 6) {
            throw new Refused("array lengths do not match the object count");
        }
        for (int c : classOf) if (c < 0 || c >= classCount) throw new Refused("class index out of range");
        for (int s : shallow8) if (s < 0) throw new Refused("negative object size");
        if (outStart[0] != 0 || outStart[n] != outEdges.length) throw new Refused("edge table does not add up");
        for (int i = 0; i < n; i++) if (outStart[i] > outStart[i + 1]) throw new Refused("edge table out of order");
        for (int e : outEdges) if (e < 0 || e >= n) throw new Refused("edge target out of range");
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
