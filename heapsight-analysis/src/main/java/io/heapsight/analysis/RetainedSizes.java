package io.heapsight.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * Every object's retained size in 8-byte units (shallow sizes are multiples of 8, so are their sums), an unsigned int
 * each: 4 bytes an object instead of a long's 8 (120 MB less at 30M objects, for as long as the tree lives). The rare
 * object retaining 32 GB or more keeps its size in a small map instead.
 */
final class RetainedSizes {
    /** Units value meaning "in the map" (0xFFFFFFFF units would be 32 GB - 8). */
    private static final int BIG = -1;
    private static final long MAX_UNITS = 0xFFFF_FFFEL;

    private final int[] units;
    private final Map<Integer, Long> big = new HashMap<>();

    /** All zero: {@code units} is a new (or zeroed) array of at least n entries. */
    RetainedSizes(int[] units) {
        this.units = units;
    }

    /** From sizes in bytes (a tree read back from its file). */
    static RetainedSizes of(long[] bytes, int n) {
        RetainedSizes r = new RetainedSizes(new int[n]);
        for (int v = 0; v < n; v++) r.set(v, bytes[v]);
        return r;
    }

    long get(int obj) {
        int u = units[obj];
        return u == BIG ? big.get(obj) : (u & 0xFFFF_FFFFL) << 3;
    }

    void set(int obj, long bytes) {
        long u = bytes >>> 3;
        if (u > MAX_UNITS) {
            units[obj] = BIG;
            big.put(obj, bytes);
        } else {
            if (units[obj] == BIG) big.remove(obj);
            units[obj] = (int) u;
        }
    }

    void add(int obj, long bytes) {
        set(obj, get(obj) + bytes);
    }
}
